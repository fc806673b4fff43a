"""Several desks on one database: saving at once, live refresh latency, idle CPU.

`python -m benchmarks.desks [--desks 20] [--saves 500] [--samples 10] [--idle 30]`

* **saving at once**: N desk processes (`tests/desks.py`), each with its own
  `Store`, log contacts through `store.contacts.log` as fast as they can,
  started together; wall time, commits per second, errors, then `verify`.
* **live refresh**: a desk (the real app under Pilot, the real 1 s poll)
  shows a patient; another `Store` books that patient in at a random moment;
  the time until the desk's appointment list shows it.
* **idle CPU**: a child process runs the desk headless, signed in with a
  patient on screen (then the timeline, F4), and sits still; CPU time used
  over the idle period as a share of one core.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from benchmarks.report import Figure, p50, p95, table
from boundary_tui.app import BoundaryApp
from boundary_tui.core.times import london, london_wall_time
from boundary_tui.demo import build_demo
from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from tests.helpers.desks import desks, go, wait_ready
from tests.helpers.practice import RECEPTION_PIN, build_practice


def saving_at_once(folder: Path, *, desk_count: int, saves: int) -> list[Figure]:
    practice = build_practice(folder / "stress.db")
    command = ("save", practice.path, practice.obrien, practice.reception, saves)
    with desks(*[command] * desk_count) as running:
        for desk in running:
            wait_ready(desk)
        started = time.perf_counter()
        for desk in running:
            go(desk)
        outcomes = [json.loads(desk.communicate(timeout=600)[0]) for desk in running]
        seconds = time.perf_counter() - started
    errors = sum(len(o["errors"]) for o in outcomes)
    ids = [i for o in outcomes for i in o["ids"]]
    lost = desk_count * saves - len(set(ids))
    report = verify(practice.path)
    note = (
        f"{desk_count} x {saves}; {len(set(ids)):,} saved, {len(ids) / seconds:,.0f} commits/s; "
        f"verify {'ok' if report.ok else 'FAILED'}"
    )
    return [
        Figure("desks saving at once: wall time", seconds, "s", 60, note),
        Figure("desks saving at once: errors seen", errors, "", 0),
        Figure("desks saving at once: saves lost", lost, "", 0),
    ]


async def _sign_in_and_choose(app: BoundaryApp, pilot: Pilot[None], search_text: str) -> None:
    press = pilot.press
    staff = app.screen.query_one("#staff-list", OptionList)
    staff.highlighted = next(
        i for i in range(staff.option_count) if str(staff.get_option_at_index(i).prompt).startswith("Priya Shah")
    )
    await press("enter", *RECEPTION_PIN, "enter")
    await app.workers.wait_for_complete()
    await asyncio.sleep(0.2)
    app.screen.query_one("#search", Input).value = search_text
    await asyncio.sleep(0.3)
    await app.workers.wait_for_complete()
    await press("enter")
    await app.workers.wait_for_complete()


async def _refresh_latency(path: Path, samples: int) -> list[float]:
    app = BoundaryApp(db_path=path)
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _sign_in_and_choose(app, pilot, "martin o'brien")
        other = Store(path)  # another desk
        patient = next(p for p in other.patients.lookup("martin o'brien").patients)
        clinician = next(c for c in other.clinicians.all() if c.name == "Dr Rajesh Patel")
        day = other.appointments.first_bookable_day() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        shown = app.screen.query_one("#appointments", Static)
        rng = random.Random(6)
        for n in range(samples):
            await asyncio.sleep(rng.uniform(0, 1.0))  # land anywhere in the poll cycle
            # Latest first, each earlier than the last: the desk lists the first five upcoming.
            starts: datetime = london_wall_time(day, 17, 50) - timedelta(minutes=10 * n)
            await asyncio.to_thread(
                other.appointments.book,
                patient_id=patient.id,
                clinician_id=clinician.id,
                starts_at=starts,
                by=other.staff.by_name("Ben Clarke").id,  # type: ignore[union-attr]
            )
            booked_at = time.perf_counter()
            want = f"{london(starts):%H:%M} with Dr Rajesh Patel"
            while want not in str(shown.render()):
                await asyncio.sleep(0.005)
                if time.perf_counter() - booked_at > 10:
                    raise RuntimeError("the desk never showed the booking")
            latencies.append((time.perf_counter() - booked_at) * 1000)
        other.close()
    return latencies


def refresh_latency(path: Path, samples: int) -> list[Figure]:
    latencies = asyncio.run(_refresh_latency(path, samples))
    note = f"{samples} bookings by another desk; max {max(latencies):,.0f} ms"
    return [
        Figure("live refresh p50", p50(latencies), "ms", 2000, note),
        Figure("live refresh p95", p95(latencies), "ms", 2000),
    ]


IDLE = """
import asyncio, resource, sys, time
from boundary_tui.app import BoundaryApp
from benchmarks.desks import _sign_in_and_choose

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

async def main():
    app = BoundaryApp(db_path=sys.argv[1])
    idle = float(sys.argv[2])
    async with app.run_test(size=(120, 40)) as pilot:
        await _sign_in_and_choose(app, pilot, "martin o'brien")
        for key in ("", "f4"):
            if key:
                await pilot.press(key)
                await app.workers.wait_for_complete()
            await asyncio.sleep(1)
            used, started = cpu(), time.perf_counter()
            await asyncio.sleep(idle)
            print((cpu() - used) / (time.perf_counter() - started) * 100, flush=True)

asyncio.run(main())
"""


def idle_cpu(path: Path, seconds: float) -> list[Figure]:
    out = subprocess.run(
        [sys.executable, "-c", IDLE, str(path), str(seconds)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout.split()
    desk, timeline = (float(v) for v in out)
    note = f"headless, {seconds:.0f} s still"
    return [
        Figure("idle CPU, desk showing a patient", desk, "%", 1.0, note),
        Figure("idle CPU, timeline open (F4)", timeline, "%", 1.0, note),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.desks")
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--idle", type=float, default=30.0)
    args = parser.parse_args()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print("Desks saving at once…", file=sys.stderr, flush=True)
        figures += saving_at_once(folder, desk_count=args.desks, saves=args.saves)
        demo = folder / "demo.db"
        build_demo(demo)
        print("Live refresh…", file=sys.stderr, flush=True)
        figures += refresh_latency(demo, args.samples)
        print("Idle CPU…", file=sys.stderr, flush=True)
        figures += idle_cpu(demo, args.idle)
    print(table(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
