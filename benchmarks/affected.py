"""Rule 12: a concern opened or changed for a patient with 50 future appointments lists the affected ones.

The bar: opening (or changing) the concern and listing every appointment it now
forbids, as the desk does right after the save, within 100 ms of store time,
on the 100,000-patient practice. Each sample is a different patient with 50
future appointments (booked first, not timed) across the practice's clinicians.

Runnable alone: `python -m benchmarks.affected [--quick]` (not yet part of
`python -m benchmarks`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.practice import FULL, NOW, QUICK, big_practice
from benchmarks.report import Figure, p50, p95, table
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.times import london_today, london_wall_time
from boundary_tui.store import Store

APPOINTMENTS = 50
TARGET_MS = 100.0


def _book_fifty(store: Store, patient_id: int, n: int, clinicians: list[int], by: int) -> list[int]:
    """50 future appointments on the next 50 working days, the `n`th patient at 08:00 + n × 10 minutes
    (so no two patients meet), round the clinicians. Returns the clinician of each."""
    day = london_today(NOW) + timedelta(days=1)
    booked: list[int] = []
    while len(booked) < APPOINTMENTS:
        if day.weekday() < 5:
            clinician = clinicians[len(booked) % len(clinicians)]
            store.appointments.book(
                patient_id=patient_id,
                clinician_id=clinician,
                starts_at=london_wall_time(day, 8 + n // 6, (n % 6) * 10),
                by=by,
                chaperone_name="Grace O'Neill",
            )
            booked.append(clinician)
        day += timedelta(days=1)
    return booked


def measure(path: Path, *, samples: int = 20) -> list[Figure]:
    """Time open + list and change + list, each on a fresh patient with 50 future appointments."""
    opened: list[float] = []
    changed: list[float] = []
    with Store(path, clock=FixedClock(NOW)) as store:
        manager = next(s for s in store.staff.all() if s.is_manager).id
        clinicians = store.clinicians.all()
        ids = [c.id for c in clinicians]
        target = clinicians[0]
        allowed = [c.staff_id for c in clinicians[1:3]]
        patients = [
            r[0]
            for r in store.db.execute(
                """SELECT id FROM patients WHERE status = 'registered'
                   AND id NOT IN (SELECT patient_id FROM concerns) ORDER BY id DESC LIMIT ?""",
                [min(samples, 60)],
            )
        ]
        for n, patient_id in enumerate(patients):
            booked = _book_fifty(store, patient_id, n, ids, manager)
            started = time.perf_counter()
            concern = store.concerns.open(
                patient_id,
                kind="harassment",
                targets=[target.staff_id],
                chaperone_scope="targets",
                review_on=london_today(NOW) + timedelta(days=90),
                by=manager,
            )
            found = store.appointments.affected(patient_id)
            opened.append((time.perf_counter() - started) * 1000)
            assert len(found) == booked.count(target.id), len(found)
            started = time.perf_counter()
            store.concerns.change(concern.id, reason="Only with two colleagues", allowed=allowed, by=manager)
            found = store.appointments.affected(patient_id)
            changed.append((time.perf_counter() - started) * 1000)
            assert len(found) == sum(1 for c in booked if c not in ids[1:3]), len(found)
    note = f"{len(opened)} patients × {APPOINTMENTS} future appointments"
    return [
        Figure(
            "Concern opened + affected listed, p95", p95(opened), "ms", TARGET_MS, f"p50 {p50(opened):.1f} ms; {note}"
        ),
        Figure(
            "Concern changed + affected listed, p95",
            p95(changed),
            "ms",
            TARGET_MS,
            f"p50 {p50(changed):.1f} ms; {note}",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.affected")
    parser.add_argument("--quick", action="store_true", help="20,000 patients")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory() as folder:
        print(f"Preparing a practice of {size.patients:,} patients…", file=sys.stderr, flush=True)
        practice = big_practice(size, Path(folder) / "practice.db")
        figures = measure(practice.path)
    print(table(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
