"""Keystroke → matches on screen, in the real app under Pilot, on the 5,000-patient demo.

    .venv/bin/python benchmarks/keystroke_demo.py

Each sample types one more character of a typical search. The clock starts when
the key event is created (its `time`, as for a key from a terminal) and stops
when the app writes the first frame after the new matches were put in the list
(`App._display`), i.e. when they reach the terminal. Pilot's own waiting between
keys is not counted (it costs ~85 ms per key even on a bare Textual app).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input, OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.demo import build_demo
from boundary_tui.store.patients import LookupResult
from boundary_tui.ui.screens.desk import DeskScreen

QUERIES = ["obrien", "smith jo", "zoe", "14/03/1978", "999 123", "ls6 2", "07700"]


class Stopwatch:
    """Key created → matches shown → next frame written."""

    def __init__(self) -> None:
        self.pressed: float | None = None
        self.shown = False
        self.samples: list[float] = []

    def install(self) -> None:
        original_key = Input._on_key
        original_show = DeskScreen.show_results
        original_display = App._display
        watch = self

        async def on_key(self: Input, event: events.Key) -> None:
            watch.pressed, watch.shown = event.time, False
            await original_key(self, event)

        def show_results(self: DeskScreen, result: LookupResult) -> None:
            original_show(self, result)
            watch.shown = watch.pressed is not None

        def display(self: App[Any], screen: Any, renderable: Any) -> None:
            original_display(self, screen, renderable)
            if watch.shown and watch.pressed is not None:
                watch.samples.append((time.monotonic() - watch.pressed) * 1000)
                watch.pressed, watch.shown = None, False

        Input._on_key = on_key  # type: ignore[method-assign]
        DeskScreen.show_results = show_results  # type: ignore[method-assign]
        App._display = display  # type: ignore[method-assign]


async def measure(db: Path, watch: Stopwatch) -> None:
    app = BoundaryApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        staff = app.screen.query_one("#staff-list", OptionList)
        staff.highlighted = 3  # Priya Shah
        await pilot.press("enter", *"2222", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        search = app.screen.query_one("#search", Input)
        for query in QUERIES * 3:
            search.value = ""
            await app.workers.wait_for_complete()
            await pilot.pause()
            for char in query:
                await pilot.press(char if char != " " else "space")
                await app.workers.wait_for_complete()
                await pilot.pause()


def main() -> None:
    watch = Stopwatch()
    watch.install()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db)
        asyncio.run(measure(db, watch))
    samples = sorted(watch.samples)
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{len(samples)} keystrokes on 5,000 patients: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms")


if __name__ == "__main__":
    main()
