"""Run every benchmark and print one table with PASS/FAIL: `python -m benchmarks [--quick]`."""

from __future__ import annotations

import argparse
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import booking, importing, keystroke, lookup, saving, startup, timeline, verifying
from benchmarks.practice import FULL, QUICK, big_practice
from benchmarks.report import Figure, table


def machine() -> str:
    import os

    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="20,000 patients and fewer samples")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    started = time.perf_counter()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"Preparing a practice of {size.patients:,} patients…", file=sys.stderr, flush=True)
        practice = big_practice(size, Path(folder) / "practice.db")
        steps = [
            ("lookup", lambda: lookup.measure(practice.path)),
            ("keystroke", lambda: keystroke.measure(practice.path, rounds=1 if args.quick else 3)),
            ("start-up", lambda: startup.measure(practice.path, runs=5 if args.quick else 11)),
            ("booking", lambda: booking.measure(practice.path)),
            ("timeline", lambda: timeline.measure(practice, opens=8 if args.quick else 15)),
            ("saving", lambda: saving.measure(practice.path, saves=50 if args.quick else 200)),
            ("import", lambda: importing.measure(size.patients)),
            ("verify and sign-in", lambda: verifying.measure(practice.path, folder=Path(folder))),
        ]
        for name, step in steps:
            print(f"Measuring {name}…", file=sys.stderr, flush=True)
            figures += step()
    print(f"\n{size.patients:,} patients · {machine()} · {time.perf_counter() - started:.0f} s\n")
    print(table(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
