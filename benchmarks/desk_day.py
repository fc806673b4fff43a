"""A desk day, simulated: one desk process driven through a long day's work on the large practice.

    python -m benchmarks.desk_day [--short] [--hours 10] [--quick]

One process runs the real desk under Pilot (120×40, its command line parsed and
`keep_for_the_day()` after start, as `boundary-tui` does) and works through `--hours` "hours", each the same mix:

- 200 searches typed key by key (each key is a lookup), a patient chosen;
- 50 contacts saved through the F3 form (ctrl+s), on patients with a concern;
- 30 timelines opened (F4) and closed, 15 of them the busiest patient's
  5,000 entries read afresh (as after another desk's save), three in a row
  (14 of them timed an hour: a figure of 4 moved 40 % with one fast one);
- 2 locks (F9) and unlocks with the PIN, one of them by someone else (a
  fresh desk for them, the previous one thrown away);
- the timeline of the patient on the desk (F4) and help (F1) opened and
  closed until the hour has 1,000 screen switches.

Ten hours: 10,000 screen switches, 2,000 searches (about 10,000 lookups),
500 saves, 300 timeline opens, 20 locks. `--short`: a tenth of each per hour.

After each hour: resident memory (RSS), and the hour's keystroke → matches
painted and F4 → 5,000 entries on screen (wall clock and CPU time of the
process). Judged: peak RSS ≤ 60 MB; RSS after each desk's last hour at most 5 MB
above after its first; each person's last hour's keystroke and F4 (p50) within
10 % of their first's, each as a ratio to the machine's speed in its hour. Each
person's, because the hours alternate desks (see `worst`): the worse of the two
counts, and the day's plain hour 1 → last is printed beside.

The machine's speed: right after each timed key and F4, the same fixed piece of
the work a key costs (`reference_cpu`: a paragraph laid out in lines and cut to
width, as the match list is drawn) is timed too, and the hour's keystroke and
F4 are judged as CPU time over the hour's p50 of it. CPU time of the process
alone moved ±15 % between the hours of one day with no trend (a shared
machine's other work takes caches and clock speed from it), which is the
machine, not the desk; a desk that slows down over the day moves its ratio. The
raw CPU and wall-clock figures are printed beside.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SEARCHES = ["smith", "jo smith", "obrien", "zoe", "patel", "jones", "busybody", "will", "tay", "brown"]


@dataclass
class Plan:
    searches: int = 200
    saves: int = 50
    timelines: int = 30
    busy_timelines: int = 15
    busy_in_a_row: int = 3
    """The busiest record's F4, read afresh, this many times in a row: more of them timed an hour."""
    locks: int = 2
    switches: int = 1000


@dataclass
class Hour:
    hour: int
    rss_mb: float
    peak_mb: float
    switches: int = 0
    lookups: int = 0
    searches: int = 0
    saves: int = 0
    timelines: int = 0
    locks: int = 0
    key_wall: list[float] = field(default_factory=list)
    key_cpu: list[float] = field(default_factory=list)
    f4_wall: list[float] = field(default_factory=list)
    f4_cpu: list[float] = field(default_factory=list)
    seconds: float = 0.0
    spent: dict[str, float] = field(default_factory=dict)
    """Seconds of the hour per kind of work (for whoever runs the day: where its time goes)."""
    reference: list[float] = field(default_factory=list)
    """CPU ms of `reference_cpu` after each timed key and F4: the machine's speed this hour."""
    objects: int = 0
    """Objects the garbage collector tracks (a leak shows here first)."""
    toasts: int = 0
    worked_by: str = ""
    """Who typed the hour's timed keys and opened its timed F4s (signed in when the hour began)."""
    ended_with: str = ""
    """Whose desk the hour's memory was read on (someone else unlocks the hour's second lock)."""


# -- the child: one desk, driven all day --------------------------------------------------

_REFERENCE_TEXT = " ".join(f"Smith, Jo {n:03d} · 14 Mar 1978 · NHS 999 123 {n:04d} · LS6 2AB." for n in range(40))


def reference_cpu() -> float:
    """CPU ms of a fixed piece of the kind of work a key costs the desk: a paragraph laid out in lines and cut.

    Everything it builds is let go before it returns (no memory of its own kept).
    """
    from rich.console import Console
    from rich.text import Text
    from textual.strip import Strip

    console = Console(width=80, file=io.StringIO(), color_system="truecolor", legacy_windows=False)
    started = time.process_time()
    for line in console.render_lines(Text(_REFERENCE_TEXT, style="bold"), console.options):
        Strip(line).crop(0, 60).simplify()
    return (time.process_time() - started) * 1000


async def _desk_day(path: Path, busy_nhs: str, plan: Plan, hours: int, report: Path) -> None:
    from textual import events
    from textual.widgets import Input, TextArea

    from benchmarks.frames import Frames
    from benchmarks.memory import peak_mb, rss_mb
    from benchmarks.pilot import MANAGER, RECEPTION, choose, demo_pin, sign_in
    from benchmarks.timeline import _ours_shown
    from boundary_tui.app import BoundaryApp
    from boundary_tui.cli import parse
    from boundary_tui.commands import desk as desk_command
    from boundary_tui.store.collector import keep_for_the_day
    from boundary_tui.store.patients import LookupResult
    from boundary_tui.ui.screens.desk import DeskScreen
    from boundary_tui.ui.screens.lock import LockScreen
    from boundary_tui.ui.screens.timeline import TimelineScreen

    desk_command.database(parse(["--db", str(path)]))  # as `boundary-tui --db PATH` starts a desk
    app = BoundaryApp(db_path=path)
    keep_for_the_day()  # as `boundary-tui` does once the desk has started (commands/desk.py)
    frames = Frames().install()
    shown: dict[str, bool] = {"on": False}
    original_key, original_show = Input._on_key, DeskScreen.show_results
    key_started: dict[str, float] = {}

    async def on_key(self: Input, event: events.Key) -> None:
        if isinstance(self.screen, DeskScreen) and self.id == "search" and event.is_printable:
            shown["on"] = False
            key_started["cpu"] = time.process_time()
            at = time.perf_counter() - (time.monotonic() - event.time)
            frames.start(self.app, lambda app, screen: shown["on"], at=at)
        await original_key(self, event)

    def show_results(self: DeskScreen, result: LookupResult) -> None:
        original_show(self, result)
        shown["on"] = True
        hour_now.lookups += 1

    Input._on_key = on_key  # type: ignore[method-assign]
    DeskScreen.show_results = show_results  # type: ignore[method-assign]

    with app.store as store:
        rows = store.db.execute(
            "SELECT DISTINCT p.nhs_number FROM concerns c JOIN patients p ON p.id = c.patient_id ORDER BY c.id LIMIT 60"
        )
        concern_patients = [r[0] for r in rows]
    hours_done: list[Hour] = []
    hour_now = Hour(0, 0, 0)
    async with app.run_test(size=(120, 40)) as pilot:

        async def settle() -> None:
            await app.workers.wait_for_complete()
            await pilot.pause()

        def timed_as(kind: str) -> Any:
            def wrap(step: Any) -> Any:
                async def run(*args: Any, **kwargs: Any) -> None:
                    started = time.perf_counter()
                    await step(*args, **kwargs)
                    hour_now.spent[kind] = hour_now.spent.get(kind, 0.0) + time.perf_counter() - started

                return run

            return wrap

        def switched() -> None:
            hour_now.switches += 1

        async def desk() -> DeskScreen:
            for _ in range(200):
                if isinstance(app.screen, DeskScreen):
                    return app.screen
                await asyncio.sleep(0.01)
            raise RuntimeError(f"expected the desk, found {app.screen!r}")

        @timed_as("search")
        async def search(text: str, timed: bool) -> None:
            screen = await desk()
            box = screen.query_one("#search", Input)
            box.focus()
            box.value = ""
            await settle()
            for end, char in enumerate(text, start=1):
                if not timed:  # typed without Pilot's own wait after each key (~85 ms): each is a lookup still
                    box.value = text[:end]
                    continue
                await pilot.press(char if char != " " else "space")
                await settle()
                for _ in range(50):
                    if (taken := frames.taken(app)) is not None:
                        hour_now.key_wall.append(taken)
                        hour_now.key_cpu.append(frames.last_cpu[id(app)])
                        hour_now.reference.append(reference_cpu())
                        break
                    await asyncio.sleep(0.002)
                else:
                    frames.cancel(app)
            await settle()
            hour_now.searches += 1

        @timed_as("open_timeline")
        async def open_timeline(nhs: str, *, afresh: bool, timed: bool = True) -> None:
            await choose(app, pilot, nhs)
            if afresh:
                app.store.timeline._last = None  # as after another desk's save: the whole record read
            frames.start(app, _ours_shown)
            await pilot.press("f4")
            for _ in range(500):
                if (taken := frames.taken(app)) is not None:
                    break
                await asyncio.sleep(0.002)
            else:
                view = getattr(app.screen, "view", None)
                raise RuntimeError(f"the timeline never showed: {app.screen!r}, {view and view.patient.full_name}")
            if afresh and timed:
                hour_now.f4_wall.append(taken)
                hour_now.f4_cpu.append(frames.last_cpu[id(app)])
                hour_now.reference.append(reference_cpu())
            switched()
            assert isinstance(app.screen, TimelineScreen)
            await pilot.press("escape")
            await settle()
            switched()
            hour_now.timelines += 1

        @timed_as("save_contact")
        async def save_contact(nhs: str, n: int) -> None:
            await choose(app, pilot, nhs)
            await pilot.press("f3")
            await settle()
            switched()
            await pilot.press("enter")
            await settle()
            app.screen.query_one("#description", TextArea).insert(f"Asked at the desk for the doctor again ({n}).")
            await pilot.press("ctrl+s")
            for _ in range(300):
                await settle()
                if isinstance(app.screen, DeskScreen):
                    break
            else:
                raise RuntimeError(f"the contact was not saved: {app.screen!r}")
            switched()
            hour_now.saves += 1

        @timed_as("lock_and_unlock")
        async def lock_and_unlock(by: str) -> None:
            await pilot.press("f9")
            await settle()
            switched()
            assert isinstance(app.screen, LockScreen)
            if by != app.staff.name:  # type: ignore[union-attr]
                await pilot.press("ctrl+o")  # "Someone else: sign in"
                await settle()
                await sign_in(app, pilot, by)
            else:
                await pilot.press(*demo_pin(by), "enter")
                await desk()
            await settle()
            switched()
            hour_now.locks += 1

        @timed_as("help_and_back")
        async def help_and_back() -> None:
            await pilot.press("f1")
            await settle()
            switched()
            await pilot.press("escape")
            await settle()
            switched()

        @timed_as("timeline_and_back")
        async def timeline_and_back() -> None:
            """F4 and Esc on the patient chosen (the kept timeline screen, the record unchanged)."""
            await pilot.press("f4")
            await settle()
            assert isinstance(app.screen, TimelineScreen)
            switched()
            await pilot.press("escape")
            await settle()
            switched()

        await sign_in(app, pilot, RECEPTION)
        started = time.perf_counter()
        saves = 0
        for hour in range(1, hours + 1):
            hour_now = Hour(hour, 0, 0, worked_by=app.staff.name if app.staff else "")
            hour_started = time.perf_counter()
            timed_searches = 0
            for i in range(plan.searches):
                text = SEARCHES[(hour + i) % len(SEARCHES)]
                await search(text, timed=timed_searches < 40)
                timed_searches += 1
                if i % max(1, plan.searches // plan.saves) == 0 and hour_now.saves < plan.saves:
                    saves += 1
                    await save_contact(concern_patients[saves % len(concern_patients)], saves)
                if i % max(1, plan.searches // plan.timelines) == 0 and hour_now.timelines < plan.timelines:
                    busy = hour_now.timelines < plan.busy_timelines
                    nhs = busy_nhs if busy else concern_patients[(hour * 7 + i) % len(concern_patients)]
                    # The first F4 of an hour builds the timeline screen if the desk is new (someone
                    # else unlocked it): timed are the others, as the F4 benchmark times them.
                    for _ in range(plan.busy_in_a_row if busy else 1):
                        await open_timeline(nhs, afresh=busy, timed=hour_now.timelines > 0)
            while hour_now.saves < plan.saves:
                saves += 1
                await save_contact(concern_patients[saves % len(concern_patients)], saves)
            for n in range(plan.locks):
                # The second lock of the hour is unlocked by someone else: a fresh desk for them.
                who = (
                    app.staff.name
                    if n == 0 or app.staff is None
                    else (MANAGER if app.staff.name != MANAGER else RECEPTION)
                )  # type: ignore[union-attr]
                await lock_and_unlock(who)
            await choose(app, pilot, concern_patients[(hour + 1) % len(concern_patients)])
            toggles = 0
            while hour_now.switches < plan.switches:
                # Four times in five the timeline and back, once help (F1 builds its screen each time).
                await (help_and_back() if toggles % 5 == 4 else timeline_and_back())
                toggles += 1
            gc.collect(1)  # a young-generation pass, as would have happened by now: no full collection
            hour_now.rss_mb, hour_now.peak_mb = rss_mb(), peak_mb()
            hour_now.ended_with = app.staff.name if app.staff else ""
            hour_now.objects, hour_now.toasts = len(gc.get_objects()), len(app._notifications)
            hour_now.seconds = time.perf_counter() - hour_started
            hours_done.append(hour_now)
            print(
                f"hour {hour}: RSS {hour_now.rss_mb:.1f} MB (peak {hour_now.peak_mb:.1f}), "
                f"{hour_now.switches} switches, {hour_now.lookups} lookups, {hour_now.saves} saves, "
                f"{hour_now.timelines} timelines, {hour_now.locks} locks, {hour_now.seconds:.0f} s, "
                f"{hour_now.objects:,} objects, {hour_now.toasts} toasts; "
                + ", ".join(f"{k} {v:.0f} s" for k, v in hour_now.spent.items()),
                file=sys.stderr,
                flush=True,
            )
            report.write_text(json.dumps([asdict(h) for h in hours_done]))
        print(f"day done in {time.perf_counter() - started:.0f} s", file=sys.stderr)


CHILD = """
from boundary_tui.commands.system_malloc import run_on_system_malloc
run_on_system_malloc()  # first: a desk runs on the C library's malloc, as `boundary-tui` starts one
from boundary_tui.commands.without_openssl import leave_out_openssl
leave_out_openssl()  # first, as `boundary-tui` does for a desk (before this module imports asyncio)
import sys
from benchmarks.desk_day import child
child(sys.argv[1:])
"""
"""The desk's own process: started as a desk starts, then driven all day."""


def child(args: list[str]) -> None:
    path, busy_nhs, plan_json, hours, report = args
    asyncio.run(_desk_day(Path(path), busy_nhs, Plan(**json.loads(plan_json)), int(hours), Path(report)))


# -- the parent: runs the day in a process of its own, judges it ----------------------------


def against_the_machine(hour: Hour, cpu: list[float]) -> float:
    """An hour's CPU p50 over the machine's speed in that hour (`reference_cpu`'s p50): what hours compare."""
    from benchmarks.report import p50

    return p50(cpu) / p50(hour.reference)


def drift(first: float, last: float) -> float:
    """Per cent change from the first hour's figure to the last's."""
    return (last - first) / first * 100


@dataclass
class Worst:
    """The worst of each desk's first hour against its last: a figure and who it was."""

    value: float
    pairs: list[tuple[str, Hour, Hour]]

    def said(self, describe: Callable[[Hour, Hour], str]) -> str:
        return "; ".join(f"{who} (hours {a.hour} → {b.hour}): {describe(a, b)}" for who, a, b in self.pairs)


def worst(day: list[Hour], by: str, change: Callable[[Hour, Hour], float]) -> Worst:
    """The largest `change(first, last)` over each person's first and last hour (`by`: who the hour counts as).

    The day alternates desks: someone else unlocks each hour's second lock, so odd hours are the
    receptionist's and even hours the manager's, whose desk also shows the queue (more work a key, more
    memory). The day's first hour against its last compares two different desks; each person's own first
    and last hour compare one desk over the day, and the worse of them is judged. A day of one hour, or
    of one person, compares its first and last hour."""
    hours: dict[str, list[Hour]] = {}
    for hour in day:
        hours.setdefault(getattr(hour, by), []).append(hour)
    pairs = [(who, h[0], h[-1]) for who, h in hours.items() if len(h) > 1] or [("the desk", day[0], day[-1])]
    return Worst(max(change(a, b) for _, a, b in pairs), pairs)


def measure(path: Path, busy_nhs: str, *, short: bool = False, hours: int = 10) -> tuple[list[Any], list[Hour]]:
    from benchmarks.report import Figure, p50, p95
    from benchmarks.startup import installed_env

    plan = Plan(20, 5, 8, 6, 2, 100) if short else Plan()
    with tempfile.TemporaryDirectory() as name:
        report = Path(name) / "day.json"
        subprocess.run(
            [sys.executable, "-c", CHILD, str(path), busy_nhs, json.dumps(asdict(plan)), str(hours), str(report)],
            check=True,
            cwd=ROOT,
            env=installed_env(),
        )  # fmt: skip
        day = [Hour(**h) for h in json.loads(report.read_text())]
    first, last = day[0], day[-1]
    totals = {
        k: sum(getattr(h, k) for h in day) for k in ("switches", "lookups", "searches", "saves", "timelines", "locks")
    }

    speed = against_the_machine
    work = (
        f"{totals['switches']:,} screen switches, {totals['searches']:,} searches ({totals['lookups']:,} lookups), "
        f"{totals['saves']:,} saves, {totals['timelines']:,} timelines, {totals['locks']} locks, "
        f"{sum(h.seconds for h in day) / 60:.0f} min"
    )

    def key(h: Hour) -> float:
        return speed(h, h.key_cpu)

    def f4(h: Hour) -> float:
        return speed(h, h.f4_cpu)

    growth = worst(day, "ended_with", lambda a, b: b.rss_mb - a.rss_mb)
    keys = worst(day, "worked_by", lambda a, b: drift(key(a), key(b)))
    f4s = worst(day, "worked_by", lambda a, b: drift(f4(a), f4(b)))
    figures = [
        Figure("Desk day: peak RSS", max(h.peak_mb for h in day), "MB", 60.0, work),
        Figure("Desk day: RSS growth, each desk's first hour to its last", growth.value, "MB", 5.0,
               growth.said(lambda a, b: f"{a.rss_mb:.1f} → {b.rss_mb:.1f} MB ({b.rss_mb - a.rss_mb:+.1f})")
               + f"; the day's hour 1 → {last.hour}: {first.rss_mb:.1f} → {last.rss_mb:.1f} MB"),
        Figure("Desk day: keystroke, each person's last hour vs their first (CPU over the hour's reference)",
               keys.value, "%", 10.0,
               keys.said(lambda a, b: f"{key(a):.2f} → {key(b):.2f}× the reference ({drift(key(a), key(b)):+.1f} %), "
                         f"raw CPU p50 {p50(a.key_cpu):.2f} → {p50(b.key_cpu):.2f} ms")
               + f"; wall p50 {p50(first.key_wall):.1f} → {p50(last.key_wall):.1f} ms, p95 "
               f"{p95(first.key_wall):.1f} → {p95(last.key_wall):.1f} ms (hour 1 → {last.hour})"),
        Figure("Desk day: F4 (5,000 entries), each person's last hour vs their first (CPU over the hour's reference)",
               f4s.value, "%", 10.0,
               f4s.said(lambda a, b: f"{f4(a):.1f} → {f4(b):.1f}× the reference ({drift(f4(a), f4(b)):+.1f} %), "
                        f"raw CPU p50 {p50(a.f4_cpu):.0f} → {p50(b.f4_cpu):.0f} ms")
               + f"; wall p50 {p50(first.f4_wall):.0f} → {p50(last.f4_wall):.0f} ms (hour 1 → {last.hour})"),
    ]  # fmt: skip
    return figures, day


def main() -> int:
    from benchmarks.practice import FULL, QUICK, big_practice
    from benchmarks.report import load, machine, tables

    parser = argparse.ArgumentParser(prog="python -m benchmarks.desk_day")
    parser.add_argument("--short", action="store_true", help="a tenth of each hour's work (a few minutes)")
    parser.add_argument("--hours", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="the 20,000-patient practice")
    args = parser.parse_args()
    load_before = load()
    with tempfile.TemporaryDirectory() as name:
        practice = big_practice(QUICK if args.quick else FULL, Path(name) / "practice.db")
        figures, day = measure(practice.path, practice.busy_patient_nhs, short=args.short, hours=args.hours)
    print(f"\n{machine()}\nLoad average (1/5/15 min): {load_before} at the start, {load()} at the end\n")
    print("| Hour | RSS MB | Peak MB | Keystroke p50 ms (CPU) | F4 5,000 p50 ms (CPU) | Reference ms (CPU) |")
    print("| --- | --- | --- | --- | --- | --- |")
    from benchmarks.report import p50

    for h in day:
        print(
            f"| {h.hour} | {h.rss_mb:.1f} | {h.peak_mb:.1f} | {p50(h.key_wall):.1f} ({p50(h.key_cpu):.2f}) | "
            f"{p50(h.f4_wall):.0f} ({p50(h.f4_cpu):.0f}) | {p50(h.reference):.2f} |"
        )
    print()
    print(tables(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
