"""F4 → a 5,000-entry timeline on screen, in the real app under Pilot, on the demo practice.

    .venv/bin/python benchmarks/timeline_open.py

Martin O'Brien gets 5,000 entries (contacts, with actions among them). Each
sample starts when the desk handles F4 (`DeskScreen.action_timeline`) and
stops when the app writes the first frame of the timeline screen with its
entries (`App._display`), i.e. when they reach the terminal. Also reported:
reading and assembling the timeline alone (`store.timeline.for_patient`).
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input, OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.core.times import to_db
from boundary_tui.demo import build_demo
from boundary_tui.demo.staff import demo_pin
from boundary_tui.store import Store, evidence
from boundary_tui.store.connection import immediate
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen

ENTRIES = 5000
SAMPLES = 15


def add_entries(db: Path) -> int:
    """5,000 entries for Martin O'Brien over two years; returns his patient id."""
    with Store(db) as store:
        [patient] = store.patients.lookup("martin o'brien").patients
        staff = {s.name: s.id for s in store.staff.all()}
        aimed = json.dumps([{"staff_id": staff["Dr Amelia Hart"], "name": "Dr Amelia Hart"}])
        now = store.now()
        before = store.timeline.for_patient(patient.id)
        existing = len(before.entries) if before else 0
        with immediate(store.db):
            for i in range(ENTRIES - existing):
                moment = now - timedelta(minutes=200 * (i + 1))
                if i % 40 == 0:
                    evidence.append(
                        store.db,
                        "actions",
                        {
                            "patient_id": patient.id,
                            "kind": "spoke_to_patient",
                            "occurred_at": to_db(moment),
                            "recorded_at": to_db(moment + timedelta(hours=2)),
                            "recorded_by": staff["Margaret Lewis"],
                            "notes": f"Spoke to him again ({i}).",
                        },
                    )
                    continue
                evidence.append(
                    store.db,
                    "contacts",
                    {
                        "patient_id": patient.id,
                        "occurred_at": to_db(moment),
                        "logged_at": to_db(moment + timedelta(minutes=15)),
                        "logged_by": staff["Priya Shah"],
                        "channel": ("text_message", "phone_call", "email", "in_person")[i % 4],
                        "aimed_at": aimed,
                        "description": f"Message {i} asking Dr Hart to reply, the {i % 7 + 1}th today.",
                        "severity": ("note", "concerning", "note", "threatening")[i % 4],
                    },
                )
        timeline = store.timeline.for_patient(patient.id)
        assert timeline is not None
        print(f"{len(timeline.entries):,} entries on Martin O'Brien's timeline")
        return patient.id


def time_assembly(db: Path, patient_id: int) -> list[float]:
    samples = []
    with Store(db) as store:
        for _ in range(SAMPLES):
            start = time.perf_counter()
            store.timeline.for_patient(patient_id)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


class Stopwatch:
    """F4 handled → first frame of the timeline written."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.samples: list[float] = []

    def install(self) -> None:
        original_open = DeskScreen.action_timeline
        original_display = App._display
        watch = self

        def action_timeline(self: DeskScreen) -> None:
            watch.started = time.perf_counter()
            original_open(self)

        def display(self: App[Any], screen: Any, renderable: Any) -> None:
            original_display(self, screen, renderable)
            shown = isinstance(screen, TimelineScreen) and screen.timeline is not None and not screen._stale
            if watch.started is not None and shown:
                watch.samples.append((time.perf_counter() - watch.started) * 1000)
                watch.started = None

        DeskScreen.action_timeline = action_timeline  # type: ignore[method-assign]
        App._display = display  # type: ignore[method-assign]


async def measure(db: Path, watch: Stopwatch) -> None:
    app = BoundaryApp(db_path=db)
    gc.freeze()  # as `boundary-tui` does before the desk runs (commands/desk.py)
    async with app.run_test(size=(120, 40)) as pilot:
        staff = app.screen.query_one("#staff-list", OptionList)
        labels = [str(staff.get_option_at_index(i).prompt) for i in range(staff.option_count)]
        staff.highlighted = next(i for i, label in enumerate(labels) if label.startswith("Margaret Lewis"))
        await pilot.press("enter", *demo_pin("Margaret Lewis"), "enter")
        while not isinstance(app.screen, DeskScreen):  # PIN hashing is deliberately slow
            await pilot.pause(0.05)
        search = app.screen.query_one("#search", Input)
        search.value = "martin o'brien"
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(SAMPLES):
            await pilot.press("f4")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, TimelineScreen)
            await pilot.press("escape")
            await pilot.pause()


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{name}: median {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"


def main() -> None:
    watch = Stopwatch()
    watch.install()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db)
        patient_id = add_entries(db)
        assembly = time_assembly(db, patient_id)
        asyncio.run(measure(db, watch))
    print(summary("read + assemble (store.timeline.for_patient)", assembly))
    print(summary(f"F4 → timeline on screen ({len(watch.samples)} opens)", watch.samples))


if __name__ == "__main__":
    main()
