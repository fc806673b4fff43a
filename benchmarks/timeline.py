"""F4 → the busiest patient's timeline (5,000 entries) on screen, against its limit.

    python -m benchmarks.timeline [--quick] [--opens 15]

Ours: the real desk under Pilot, signed in as the manager with the busy
patient chosen; the clock starts as F4 is pressed and stops when the first
frame of the timeline screen showing the entries is written to the terminal.
The figure that gates is F4 after another desk saved a contact for the
patient (a real save, through a second connection, before each F4): the record
is read again in one snapshot, and the rows and entries already built are kept
(`store/kept.py`: evidence rows are append-only). Reported beside it: a record
this desk has not read (nothing kept: every row fetched and parsed), an
unchanged record, and the first F4 of a desk (which builds the screen too).

The limit, a bare Textual app in the same process and event loop, pressed in
turn with ours: on F4, plain `sqlite3` reads the same rows (contacts, actions
and concern changes with the staff names, ordered) and a new screen paints as
many lines as ours holds (four per entry) with a line-drawn `ScrollView`.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from benchmarks.frames import Frames
from benchmarks.pilot import MANAGER, RECEPTION, choose, sign_in
from benchmarks.report import Figure, Ratio, Result, p50, p95, paired_ratio, tables
from boundary_tui.app import BoundaryApp
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.store import Store
from boundary_tui.store.collector import keep_for_the_day, stop_keeping
from boundary_tui.ui.screens.timeline import TimelineScreen

TARGET = 2.0

_ROWS = """
    SELECT c.occurred_at, c.logged_at, s.name, c.channel, c.severity, c.aimed_at, c.description
    FROM contacts c JOIN staff s ON s.id = c.logged_by WHERE c.patient_id = :p
    UNION ALL
    SELECT a.occurred_at, a.recorded_at, s.name, a.kind, NULL, NULL, a.notes
    FROM actions a JOIN staff s ON s.id = a.recorded_by WHERE a.patient_id = :p
    UNION ALL
    SELECT c.recorded_at, c.recorded_at, s.name, c.change, NULL, NULL, c.detail
    FROM concern_changes c JOIN staff s ON s.id = c.recorded_by WHERE c.patient_id = :p
    ORDER BY 1, 2
"""


class BareLines(ScrollView):
    """Four lines per row, drawn line by line, the last rows on screen."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows
        self.virtual_size = Size(0, 4 * len(rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        top = max(0, self.virtual_size.height - self.scrollable_content_region.height)
        index, kind = divmod(top + y, 4)
        if index >= len(self.rows) or kind == 3:
            return Strip.blank(width)
        occurred, recorded, by, what, severity, aimed, text = self.rows[index]
        if kind == 0:
            line = f" ● {occurred} · {what} · {severity or ''} · aimed at {aimed or ''}"
        elif kind == 1:
            line = f"     {text}"
        else:
            line = f"     logged {recorded} by {by}"
        return Strip([Segment(line[:width])]).extend_cell_length(width)


class BareTimeline(Screen[None]):
    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield BareLines(self.rows)


class BareApp(App[None]):
    """The limit: plain sqlite3 read + a bare screen painting the same number of lines."""

    BINDINGS = [("f4", "timeline", "Timeline")]

    def __init__(self, path: Path, patient_id: int) -> None:
        super().__init__()
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.patient_id = patient_id

    def action_timeline(self) -> None:
        rows = self.conn.execute(_ROWS, {"p": self.patient_id}).fetchall()
        self.push_screen(BareTimeline(rows))


def another_desk_saves(store: Store, patient_id: int, index: int) -> None:
    """A contact logged for the patient by another desk (its own process in real life; its own connection here)."""
    reception, hart = store.staff.by_name(RECEPTION), store.staff.by_name("Dr Amelia Hart")
    assert reception is not None and hart is not None
    draft = ContactDraft(
        occurred_at=store.now() - timedelta(minutes=5),
        channel="phone_call",
        aimed_at=(hart.id,),
        description=f"Rang again asking for the doctor's home address ({index}).",
    )
    store.contacts.log(patient_id, draft, by=reception.id)


def _ours_shown(app: App[Any], screen: Any) -> bool:
    return isinstance(screen, TimelineScreen) and screen.timeline is not None and not screen._stale


def _bare_shown(app: App[Any], screen: Any) -> bool:
    return isinstance(screen, BareTimeline)


async def _press_and_time(frames: Frames, app: App[Any], pilot: Pilot[None], check: Any) -> float:
    frames.start(app, check)
    await pilot.press("f4")
    for _ in range(500):
        if (taken := frames.taken(app)) is not None:
            return taken
        await asyncio.sleep(0.002)
    raise RuntimeError("the timeline never showed")


async def _back(app: App[Any], pilot: Pilot[None]) -> None:
    await pilot.press("escape")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _run(
    path: Path, nhs_number: str, patient_id: int, opens: int, size: tuple[int, int]
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"first": [], "changed": [], "cold": [], "unchanged": [], "bare": []}
    ours, bare, other = BoundaryApp(db_path=path), BareApp(path, patient_id), Store(path)
    keep_for_the_day()  # as `boundary-tui` does before the desk runs (commands/desk.py)
    try:
        with Frames() as frames:
            async with ours.run_test(size=size) as pilot, bare.run_test(size=size) as bare_pilot:
                await sign_in(ours, pilot, MANAGER)
                await choose(ours, pilot, nhs_number)
                samples["first"].append(await _press_and_time(frames, ours, pilot, _ours_shown))
                await _back(ours, pilot)
                samples["bare"].append(await _press_and_time(frames, bare, bare_pilot, _bare_shown))  # warm-up
                samples["bare"].clear()
                await _back(bare, bare_pilot)
                for i in range(opens):

                    async def changed(i: int = i) -> None:
                        another_desk_saves(other, patient_id, i)
                        samples["changed"].append(await _press_and_time(frames, ours, pilot, _ours_shown))
                        await _back(ours, pilot)

                    async def cold() -> None:
                        ours.store.timeline.forget()  # as for a record this desk has not read: nothing kept
                        samples["cold"].append(await _press_and_time(frames, ours, pilot, _ours_shown))
                        await _back(ours, pilot)

                    async def limit() -> None:
                        samples["bare"].append(await _press_and_time(frames, bare, bare_pilot, _bare_shown))
                        await _back(bare, bare_pilot)

                    for step in (changed, limit, cold) if i % 2 == 0 else (limit, cold, changed):
                        await step()
                    samples["unchanged"].append(await _press_and_time(frames, ours, pilot, _ours_shown))
                    await _back(ours, pilot)
    finally:
        stop_keeping()
        other.close()
    bare.conn.close()
    return samples


def measure(path: Path, nhs_number: str, patient_id: int, *, opens: int = 15, entries: int = 5000) -> list[Result]:
    s = asyncio.run(_run(path, nhs_number, patient_id, opens, (120, 40)))
    return [
        Ratio(
            f"F4 → timeline of {entries:,} on screen (120×40)",
            p50(s["changed"]),
            p50(s["bare"]),
            TARGET,
            note=f"after another desk saved a contact; p95 {p95(s['changed']):.0f} vs {p95(s['bare']):.0f} ms; "
            f"{opens} opens each",
            paired=paired_ratio(s["changed"], s["bare"]),
        ),
        Figure(
            f"F4 → timeline of {entries:,}, a record this desk has not read",
            p50(s["cold"]),
            "ms",
            p50(s["bare"]) * TARGET,
            note=f"{p50(s['cold']) / p50(s['bare']):.2f}× the limit: nothing kept, every row fetched and parsed; "
            f"p95 {p95(s['cold']):.0f} ms; bar: the gating ratio",
        ),
        Figure(
            f"F4 → timeline of {entries:,}, unchanged record p50",
            p50(s["unchanged"]),
            "ms",
            p50(s["bare"]) * TARGET,
            note="a version check instead of a read; bar: the same ratio to the limit",
        ),
        Figure(
            f"F4 → timeline of {entries:,}, first of a desk",
            s["first"][0],
            "ms",
            p50(s["bare"]) * TARGET * 2,
            note="builds the screen too; bar: twice the gating bar",
        ),
    ]


def main() -> int:
    from benchmarks.practice import FULL, QUICK, big_practice

    parser = argparse.ArgumentParser(prog="python -m benchmarks.timeline")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--opens", type=int, default=15)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        practice = big_practice(QUICK if args.quick else FULL, Path(name) / "practice.db")
        results = measure(practice.path, practice.busy_patient_nhs, practice.busy_patient_id, opens=args.opens)
    print(tables(results))
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
