"""The busiest patient's timeline (5,000 entries): F4 → on screen, and reading + assembling it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input, OptionList

from benchmarks.practice import BigPractice
from benchmarks.report import Figure, p50, p95
from benchmarks.timeline_open import Stopwatch, time_assembly
from boundary_tui.app import BoundaryApp
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen


async def _open_timeline(db: Path, nhs_number: str, opens: int) -> None:
    app = BoundaryApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        staff = app.screen.query_one("#staff-list", OptionList)
        labels = [str(staff.get_option_at_index(i).prompt) for i in range(staff.option_count)]
        staff.highlighted = next(i for i, label in enumerate(labels) if label.startswith("Margaret Lewis"))
        await pilot.press("enter", *"1111", "enter")
        while not isinstance(app.screen, DeskScreen):  # PIN hashing is deliberately slow
            await pilot.pause(0.05)
        app.screen.query_one("#search", Input).value = nhs_number
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(opens):
            await pilot.press("f4")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, TimelineScreen)
            await pilot.press("escape")
            await pilot.pause()


def measure(practice: BigPractice, *, opens: int = 15) -> list[Figure]:
    assembly = time_assembly(practice.path, practice.busy_patient_id)
    watch = Stopwatch()
    watch.install()
    asyncio.run(_open_timeline(practice.path, practice.busy_patient_nhs, opens))
    entries = practice.size.busy_patient_entries
    return [
        Figure(f"Timeline of {entries:,} entries: F4 → on screen p50", p50(watch.samples), "ms", 200.0),
        Figure(f"Timeline of {entries:,} entries: F4 → on screen p95", p95(watch.samples), "ms", 200.0,
               f"{len(watch.samples)} opens"),
        Figure("Timeline read + assemble p50", p50(assembly), "ms", 200.0, f"p95 {p95(assembly):.0f} ms"),
    ]  # fmt: skip
