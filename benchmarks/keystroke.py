"""Keystroke → matches painted, in the real desk, against a bare Textual app doing the same update.

    python -m benchmarks.keystroke [--quick] [--rounds 2]

Ours: the desk under Pilot, signed in; each key typed into `#search`. The
clock starts when the key event is created (its `time`, as for a key from a
terminal) and stops when the app writes the first frame after the new matches
were put in the list (`App._display`), i.e. when they reach the terminal.

The limit: a bare Textual app in the same process and event loop, of the same
terminal size, typed into in turn with ours, key by key: an `Input` and a
line-drawn list; on each change it reads the same rows our lookup found for
that text (plain `sqlite3`, by id) and shows them. Pilot's own waiting between
keys is not counted for either.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from benchmarks.frames import Frames
from benchmarks.pilot import RECEPTION, sign_in
from benchmarks.report import Ratio, Result, p50, p95, paired_ratio, tables
from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.store.collector import keep_for_the_day, stop_keeping
from boundary_tui.store.patients import LookupResult
from boundary_tui.ui.screens.desk import DeskScreen

TYPED = ["obrien", "smith jo", "zoe", "busybody", "14/03/1978", "999 123", "ls6 2", "07700"]
TARGET = 1.5
SIZES = ((120, 40), (80, 24))


class BareList(Widget):
    """A list drawn line by line: one row per line, the first highlighted."""

    DEFAULT_CSS = "BareList { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def show(self, lines: list[str]) -> None:
        self.lines = lines
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if y >= len(self.lines):
            return Strip.blank(width)
        style = Style(reverse=True) if y == 0 else Style()
        return Strip([Segment(f" {self.lines[y]}", style)]).crop_extend(0, width, style)


class BareApp(App[None]):
    """The limit: an Input and a list updated with the same rows, read with plain sqlite3."""

    def __init__(self, path: Path, found: dict[str, list[int]]) -> None:
        super().__init__()
        self.conn = sqlite3.connect(path)
        self.found = found
        self.shown = False

    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield BareList()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        ids = self.found.get(event.value, [])
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT given_name, family_name, date_of_birth, nhs_number, postcode FROM patients WHERE id IN ({marks})",
            ids,
        ).fetchall()
        self.query_one(BareList).show([f"{g} {f:<20} {d}  {n}  {p}" for g, f, d, n, p in rows])
        self.shown = True


class Watch:
    """Marks the moment a key arrives and when its matches were put in the list, per app."""

    def __init__(self, frames: Frames) -> None:
        self.frames = frames
        self.shown: dict[int, bool] = {}
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> Watch:
        watch = self
        original_key, original_show = Input._on_key, DeskScreen.show_results
        self._saved = {"key": original_key, "show": original_show}

        async def on_key(self: Input, event: events.Key) -> None:
            app = self.app
            watch.shown[id(app)] = False
            # The key's own creation time, on the perf_counter clock.
            at = time.perf_counter() - (time.monotonic() - event.time)
            watch.frames.start(app, lambda app, screen: watch.shown.get(id(app), False), at=at)
            await original_key(self, event)
            if isinstance(app, BareApp) and app.shown:
                watch.shown[id(app)], app.shown = True, False

        def show_results(self: DeskScreen, result: LookupResult) -> None:
            original_show(self, result)
            watch.shown[id(self.app)] = True

        Input._on_key = on_key  # type: ignore[method-assign]
        DeskScreen.show_results = show_results  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Input._on_key = self._saved["key"]  # type: ignore[method-assign]
        DeskScreen.show_results = self._saved["show"]  # type: ignore[method-assign]


def found_by_lookup(path: Path, typed: Sequence[str]) -> dict[str, list[int]]:
    """What our lookup finds for every prefix typed: the rows the bare app shows too."""
    found: dict[str, list[int]] = {}
    with Store(path) as store:
        for query in typed:
            for end in range(1, len(query) + 1):
                found[query[:end]] = [p.id for p in store.patients.lookup(query[:end]).patients]
    return found


async def _one_key(app: App[Any], pilot: Any, key: str, frames: Frames) -> float | None:
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(100):
        if (taken := frames.taken(app)) is not None:
            return taken
        await asyncio.sleep(0.002)
    frames.cancel(app)
    return None


async def _run(
    path: Path, rounds: int, size: tuple[int, int], found: dict[str, list[int]]
) -> tuple[list[float], list[float]]:
    ours, bare = BoundaryApp(db_path=path), BareApp(path, found)
    mine: list[float] = []
    limit: list[float] = []
    keep_for_the_day()  # as `boundary-tui` does before the desk runs (commands/desk.py)
    with Frames() as frames, Watch(frames):
        async with ours.run_test(size=size) as pilot, bare.run_test(size=size) as bare_pilot:
            await sign_in(ours, pilot, RECEPTION)
            ours_search = ours.screen.query_one("#search", Input)
            bare_search = bare.query_one("#search", Input)
            bare_search.focus()
            for n, query in enumerate(TYPED * rounds):
                for app, pilot_, search in ((ours, pilot, ours_search), (bare, bare_pilot, bare_search)):
                    search.value = ""
                    await app.workers.wait_for_complete()
                    await pilot_.pause()
                for i, char in enumerate(query):
                    key = char if char != " " else "space"
                    taken: dict[int, float | None] = {}
                    pairs = [(ours, pilot), (bare, bare_pilot)]
                    for app, pilot_ in pairs if (n + i) % 2 == 0 else reversed(pairs):
                        taken[id(app)] = await _one_key(app, pilot_, key, frames)
                    ours_ms, bare_ms = taken[id(ours)], taken[id(bare)]
                    if ours_ms is not None and bare_ms is not None:  # a key whose frame was missed is left out
                        mine.append(ours_ms)
                        limit.append(bare_ms)
    stop_keeping()
    bare.conn.close()
    return mine, limit


def measure(path: Path, *, rounds: int = 2) -> list[Result]:
    found = found_by_lookup(path, TYPED)
    results: list[Result] = []
    for size in SIZES:
        mine, limit = asyncio.run(_run(path, rounds, size, found))
        results.append(
            Ratio(
                f"Keystroke → matches painted ({size[0]}×{size[1]})",
                p50(mine),
                p50(limit),
                TARGET,
                note=f"p95 {p95(mine):.1f} vs {p95(limit):.1f} ms; {len(mine)} keys",
                paired=paired_ratio(mine, limit),
            )
        )
    return results


def main() -> int:
    from benchmarks.practice import FULL, QUICK, big_practice

    parser = argparse.ArgumentParser(prog="python -m benchmarks.keystroke")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        practice = big_practice(QUICK if args.quick else FULL, Path(name) / "practice.db")
        results = measure(practice.path, rounds=args.rounds)
    print(tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
