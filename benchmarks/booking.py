"""The booking guard: how long the desk waits to learn whether a booking is allowed."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.practice import NOW
from benchmarks.report import Figure, p50, p95
from boundary_tui.core import booking_guard
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import Refused
from boundary_tui.store import Store


def measure(path: Path, *, repeat: int = 300) -> list[Figure]:
    """Time gathering the facts (patient, open concerns, clinicians) and asking the guard."""
    samples: list[float] = []
    with Store(path, clock=FixedClock(NOW)) as store:
        patient_ids = [r[0] for r in store.db.execute("SELECT patient_id FROM concerns LIMIT 50").fetchall()]
        clinicians = store.clinicians.all()
        for index in range(repeat):
            started = time.perf_counter()
            patient = store.patients.get(patient_ids[index % len(patient_ids)])
            assert patient is not None
            restriction = store.concerns.restriction_for(patient)
            bookable = store.clinicians.all()
            try:
                booking_guard.check(
                    patient=patient,
                    clinician=clinicians[index % len(clinicians)],
                    restriction=restriction,
                    clinicians=bookable,
                    chaperone_name="Grace O'Neill",
                )
            except Refused:
                pass
            samples.append((time.perf_counter() - started) * 1000)
    return [Figure("Booking guard check p95 (facts + rules)", p95(samples), "ms", 10.0, f"p50 {p50(samples):.2f} ms")]
