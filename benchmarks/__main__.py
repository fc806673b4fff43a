"""Every figure as a ratio to its limit, measured side by side: `python -m benchmarks [--quick] [--check]`.

Prints the machine and its load (at the start and the end), the ratios (each
ours over its limit, measured in the same run with their samples interleaved),
then the absolute figures. `--check` exits non-zero if a ratio misses its
target; absolute figures never fail the run (they measure the machine as much
as the app).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    affected,
    booking,
    evidence,
    exporting,
    importing,
    keystroke,
    lookup,
    saving,
    startup,
    timeline,
    verifying,
)
from benchmarks.practice import FULL, QUICK, big_practice
from benchmarks.report import Result, gating_failures, load, machine, tables
from boundary_tui.commands.system_malloc import run_on_system_malloc


def main() -> int:
    # The desk's figures on the allocator a desk runs on (`boundary_tui/commands/system_malloc.py`): ours and
    # each limit measured in this process (or its children) alike. `PYTHONMALLOC=pymalloc` runs them on Python's.
    run_on_system_malloc()
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="20,000 patients and fewer samples")
    parser.add_argument("--check", action="store_true", help="exit 1 if any ratio misses its target")
    parser.add_argument("--only", metavar="NAME", action="append", help="run only these steps (repeatable)")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    quick = args.quick
    started = time.perf_counter()
    load_before = load()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"Preparing a practice of {size.patients:,} patients…", file=sys.stderr, flush=True)
        practice = big_practice(size, Path(folder) / "practice.db")
        steps: list[tuple[str, Callable[[], list[Result]]]] = [
            ("keystroke", lambda: keystroke.measure(practice.path, rounds=1 if quick else 2)),
            (
                "timeline",
                lambda: timeline.measure(
                    practice.path, practice.busy_patient_nhs, practice.busy_patient_id, opens=6 if quick else 15
                ),
            ),
            ("export", lambda: exporting.measure(practice.path, practice.busy_patient_id, runs=3 if quick else 15)),
            ("lookup", lambda: lookup.measure(practice.path, repeat=20 if quick else 60)),
            ("start-up", lambda: startup.measure(practice.path, runs=5 if quick else 21)),
            ("verify", lambda: verifying.measure(practice.path, folder=Path(folder), runs=1 if quick else 9)),
            ("booking", lambda: booking.measure(practice.path)),
            ("saving", lambda: saving.measure(practice.path, saves=50 if quick else 200)),
            ("import", lambda: importing.measure(size.patients)),
            ("affected", lambda: affected.measure(practice.path, samples=10 if quick else 20)),
            ("evidence", lambda: evidence.measure(quick=quick)),
        ]
        for name, step in steps:
            if args.only and name not in args.only:
                continue
            print(f"Measuring {name}… (load {load()})", file=sys.stderr, flush=True)
            results += step()
    print(
        f"\n{size.patients:,} patients · {machine()} · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
        f"{time.perf_counter() - started:.0f} s\n"
        f"Load average (1/5/15 min): {load_before} at the start, {load()} at the end\n"
    )
    print(tables(results))
    failed = gating_failures(results)
    if failed:
        print(f"\n{len(failed)} ratio(s) over target: " + "; ".join(r.name for r in failed))
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
