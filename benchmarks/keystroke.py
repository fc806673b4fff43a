"""Keystroke → matches on screen, in the real app under Pilot.

The clock starts when the key event is created (its `time`, as for a key from a
terminal) and stops when the app writes the first frame after the new matches
were put in the list (`App._display`), i.e. when they reach the terminal.
Pilot's own waiting between keys is not counted (it costs ~85 ms per key even
on a bare Textual app).
"""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input, OptionList

from benchmarks.report import Figure, p50, p95
from boundary_tui.app import BoundaryApp
from boundary_tui.demo.staff import demo_pin
from boundary_tui.store.patients import LookupResult
from boundary_tui.ui.screens.desk import DeskScreen

TYPED = ["obrien", "smith jo", "zoe", "busybody", "14/03/1978", "999 123", "ls6 2", "07700"]


class Stopwatch:
    """Key created → matches shown → next frame written."""

    def __init__(self) -> None:
        self.pressed: float | None = None
        self.shown = False
        self.samples: list[float] = []
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> Stopwatch:
        watch = self
        original_key, original_show, original_display = Input._on_key, DeskScreen.show_results, App._display
        self._saved = {"key": original_key, "show": original_show, "display": original_display}

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
        return self

    def __exit__(self, *exc: object) -> None:
        Input._on_key = self._saved["key"]  # type: ignore[method-assign]
        DeskScreen.show_results = self._saved["show"]  # type: ignore[method-assign]
        App._display = self._saved["display"]  # type: ignore[method-assign]


async def _type_searches(db: Path, rounds: int) -> None:
    app = BoundaryApp(db_path=db)
    gc.freeze()  # as `boundary-tui` does before the desk runs (commands/desk.py)
    async with app.run_test(size=(120, 40)) as pilot:
        staff = app.screen.query_one("#staff-list", OptionList)
        staff.highlighted = 3  # Priya Shah
        await pilot.press("enter", *demo_pin("Priya Shah"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        search = app.screen.query_one("#search", Input)
        for query in TYPED * rounds:
            search.value = ""
            await app.workers.wait_for_complete()
            await pilot.pause()
            for char in query:
                await pilot.press(char if char != " " else "space")
                await app.workers.wait_for_complete()
                await pilot.pause()


def measure(path: Path, *, rounds: int = 3) -> list[Figure]:
    with Stopwatch() as watch:
        asyncio.run(_type_searches(path, rounds))
    return [
        Figure("Keystroke → matches painted p50", p50(watch.samples), "ms", 50.0, f"{len(watch.samples)} keys"),
        Figure("Keystroke → matches painted p95", p95(watch.samples), "ms", 50.0),
    ]
