"""A big practice's desks on one database: saving at once, another desk's change on every screen, memory.

`python -m benchmarks.desks [--desks 50] [--saves 500] [--samples 10] [--idle 30] [--small]`

On the 100,000-patient practice (`--small`: the tests' small practice):

* **saving at once**: N desk processes (`tests/helpers/desks.py`), each with
  its own `Store`, log contacts through `store.contacts.log` (what the desk's
  form runs) as fast as they can, started together; wall time, commits per
  second, errors, saves lost, then `verify`.
* **every screen**: N real desks (the app headless under Pilot in processes
  of their own, the real 1 s poll) signed in and showing the same patient;
  another desk books that patient in at random moments; for each desk and
  each booking, the time until its screen's appointment list showed it
  (written to its terminal). While they are up, the memory the N desks
  take: the sum of their proportional set sizes (shared pages counted once,
  what the server must hold) beside the sum of their RSS.
* **idle CPU**: a desk signed in with a patient on screen (then the timeline,
  F4) sits still; CPU time used as a share of one core.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.report import Figure, load, machine, p50, p95, table
from benchmarks.startup import DESK_FIRST
from boundary_tui.core.times import london, london_wall_time
from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from tests.helpers.desks import desks, go, wait_ready

ROOT = Path(__file__).resolve().parent.parent


def saving_at_once(path: Path, patient: int, staff: int, *, desk_count: int, saves: int) -> list[Figure]:
    command = ("save", path, patient, staff, saves)
    with desks(*[command] * desk_count) as running:
        for desk in running:
            wait_ready(desk)
        started = time.perf_counter()
        for desk in running:
            go(desk)
        outcomes = [json.loads(desk.communicate(timeout=1800)[0]) for desk in running]
        seconds = time.perf_counter() - started
    errors = sum(len(o["errors"]) for o in outcomes)
    ids = [i for o in outcomes for i in o["ids"]]
    with Store(path) as store:
        stored = {r[0] for r in store.db.execute("SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
                                                  [json.dumps(ids)])}  # fmt: skip
    lost = desk_count * saves - len(stored)
    report = verify(path)
    note = (
        f"{desk_count} desks x {saves} saves; {len(stored):,} saved and read back, "
        f"{len(ids) / seconds:,.0f} commits/s; verify {'ok' if report.ok else 'FAILED'} ({report.entries:,} entries)"
    )
    return [
        Figure(f"{desk_count} desks saving at once: wall time", seconds, "s", 120, note),
        Figure(f"{desk_count} desks saving at once: errors seen", errors, "", 0),
        Figure(f"{desk_count} desks saving at once: saves lost", lost, "", 0),
        Figure(f"{desk_count} desks saving at once: verify problems", len(report.problems), "", 0),
    ]


# -- every screen: N real desks showing one patient, another desk books it -----------------

SCREEN = (
    DESK_FIRST
    + """
import asyncio, json, sys, time
from textual.app import App
from textual.widgets import Static
from benchmarks.pilot import choose, sign_in
from boundary_tui.app import BoundaryApp

async def desk(path, search):
    app = BoundaryApp(db_path=path)
    from boundary_tui.store.collector import keep_for_the_day; keep_for_the_day()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot)
        await choose(app, pilot, search)
        shown = app.screen.query_one("#appointments", Static)
        last = [str(shown.render())]
        original = App._display
        def display(self, screen, renderable):
            original(self, screen, renderable)
            text = str(shown.render())
            if text != last[0]:  # on the terminal now: say when
                last[0] = text
                print(json.dumps({"at": time.time(), "text": text}), flush=True)
        App._display = display
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)

asyncio.run(desk(sys.argv[1], sys.argv[2]))
"""
)


def memory_of(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process in MB: PSS shares each shared page among the processes that map it."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            name, _, rest = line.partition(":")
            if name in ("Pss", "Rss"):
                values[name] = int(rest.split()[0]) / 1024
    return values["Pss"], values["Rss"]


def every_screen(path: Path, search: str, *, desk_count: int, samples: int) -> list[Figure]:
    from benchmarks.startup import installed_env

    env = installed_env()
    started = time.perf_counter()
    screens = [
        subprocess.Popen([sys.executable, "-c", SCREEN, str(path), search], cwd=ROOT, env=env, text=True,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(desk_count)
    ]  # fmt: skip
    try:
        for screen in screens:
            wait_ready(screen)
        up = time.perf_counter() - started
        time.sleep(3)  # every desk settled into its poll
        memory = [memory_of(screen.pid) for screen in screens]
        booked = _book(path, search, samples)
        time.sleep(3)  # the last booking reaches every desk
    finally:
        for screen in screens:
            if screen.poll() is None and screen.stdin is not None:
                screen.stdin.write("stop\n")
                screen.stdin.flush()
    latencies: list[float] = []
    missed = 0
    for screen in screens:
        out, err = screen.communicate(timeout=120)
        seen = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        for at, label in booked:
            first = next((s["at"] for s in seen if label in s["text"] and s["at"] >= at - 0.001), None)
            if first is None:
                missed += 1
            else:
                latencies.append((first - at) * 1000)
    pss = sum(m[0] for m in memory)
    rss = sum(m[1] for m in memory)
    note = f"{desk_count} desks x {samples} bookings by another desk; max {max(latencies):,.0f} ms; {missed} not shown"
    return [
        Figure(f"{desk_count} desks: another desk's booking on every screen, p50", p50(latencies), "ms", 2000, note),
        Figure(f"{desk_count} desks: another desk's booking on every screen, p95", p95(latencies), "ms", 2000),
        Figure(f"{desk_count} desks: bookings never shown", missed, "", 0),
        Figure(f"{desk_count} desks: server memory (sum of PSS)", pss, "MB", 60.0 * desk_count,
               f"{pss / desk_count:.1f} MB a desk; sum of RSS {rss:,.0f} MB ({rss / desk_count:.1f} a desk, "
               f"shared pages counted at every desk); all {desk_count} up in {up:.0f} s"),
    ]  # fmt: skip


def _book(path: Path, search: str, samples: int) -> list[tuple[float, str]]:
    """Bookings by another desk at random moments: (when committed, as time.time(), and the line each desk shows)."""
    booked: list[tuple[float, str]] = []
    with Store(path) as other:
        patient = other.patients.lookup(search).patients[0]
        barred = {t.staff_id for t in other.concerns.restriction_for(patient).do_not_book}
        clinician = next(c for c in other.clinicians.all() if c.staff_id not in barred)
        by = other.staff.by_name("Margaret Lewis")
        assert by is not None
        day = other.appointments.first_bookable_day() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        rng = random.Random(6)
        for n in range(samples):
            time.sleep(rng.uniform(0.5, 1.5))  # land anywhere in the desks' poll cycle
            # Latest first, each earlier than the last: the desk lists the first five upcoming.
            starts: datetime = london_wall_time(day, 17, 50) - timedelta(minutes=10 * n)
            other.appointments.book(patient_id=patient.id, clinician_id=clinician.id, starts_at=starts, by=by.id)
            booked.append((time.time(), f"{london(starts):%H:%M} with {clinician.name}"))
    return booked


IDLE = (
    DESK_FIRST
    + """
import asyncio, resource, sys, time
from boundary_tui.app import BoundaryApp
from benchmarks.pilot import choose, sign_in

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

async def main():
    app = BoundaryApp(db_path=sys.argv[1])
    idle = float(sys.argv[2])
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot)
        await choose(app, pilot, sys.argv[3])
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
)


def idle_cpu(path: Path, search: str, seconds: float) -> list[Figure]:
    out = subprocess.run(
        [sys.executable, "-c", IDLE, str(path), str(seconds), search],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    desk, timeline = (float(v) for v in out)
    note = f"headless, {seconds:.0f} s still"
    return [
        Figure("idle CPU, desk showing a patient", desk, "%", 1.0, note),
        Figure("idle CPU, timeline open (F4)", timeline, "%", 1.0, note),
    ]


def main() -> int:
    from benchmarks.practice import FULL, big_practice
    from tests.helpers.practice import build_practice

    parser = argparse.ArgumentParser(prog="python -m benchmarks.desks")
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--idle", type=float, default=30.0)
    parser.add_argument("--small", action="store_true", help="the tests' small practice, not the 100,000 patients")
    parser.add_argument("--only", choices=["saving", "screens", "idle"], action="append")
    args = parser.parse_args()
    load_before = load()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.small:
            small = build_practice(folder / "practice.db")
            path, patient, staff, search = small.path, small.obrien, small.reception, "siobhan"
        else:
            practice = big_practice(FULL, folder / "practice.db")
            path = practice.path
            with Store(path) as store:
                row = store.db.execute(
                    "SELECT p.id FROM concerns c JOIN patients p ON p.id = c.patient_id WHERE p.id != ? LIMIT 1",
                    [practice.busy_patient_id],
                ).fetchone()
                patient, staff = row[0], store.staff.by_name("Priya Shah").id  # type: ignore[union-attr]
                # The screens show someone with no concern: any clinician may be booked.
                search = store.db.execute(
                    "SELECT nhs_number FROM patients WHERE id NOT IN (SELECT patient_id FROM concerns)"
                    " LIMIT 1 OFFSET 4241"
                ).fetchone()[0]
        if not args.only or "saving" in args.only:
            print(f"{args.desks} desks saving at once… (load {load()})", file=sys.stderr, flush=True)
            figures += saving_at_once(path, patient, staff, desk_count=args.desks, saves=args.saves)
        if not args.only or "screens" in args.only:
            print(f"{args.desks} desks on screen… (load {load()})", file=sys.stderr, flush=True)
            figures += every_screen(path, search, desk_count=args.desks, samples=args.samples)
        if not args.only or "idle" in args.only:
            print(f"Idle CPU… (load {load()})", file=sys.stderr, flush=True)
            figures += idle_cpu(path, search, args.idle)
    print(f"\n{machine()}\nLoad average (1/5/15 min): {load_before} at the start, {load()} at the end\n")
    print(table(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
