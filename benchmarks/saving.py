"""Saving a contact, commit (and fsync) included: how long the desk waits for "Saved"."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from benchmarks.practice import NOW
from benchmarks.report import Figure, p50, p95
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.store import Store


def measure(path: Path, *, saves: int = 200) -> list[Figure]:
    samples: list[float] = []
    with Store(path, clock=FixedClock(NOW)) as store:
        reception = store.staff.by_name("Priya Shah")
        patient_ids = [r[0] for r in store.db.execute("SELECT patient_id FROM concerns LIMIT 20").fetchall()]
        hart = store.staff.by_name("Dr Amelia Hart")
        assert reception and hart
        for index in range(saves):
            draft = ContactDraft(
                occurred_at=NOW - timedelta(minutes=5),
                channel="in_person",
                aimed_at=(hart.id,),
                description=f"Asked at the desk to see Dr Hart ({index}).",
            )
            started = time.perf_counter()
            store.contacts.log(patient_ids[index % len(patient_ids)], draft, by=reception.id)
            samples.append((time.perf_counter() - started) * 1000)
    return [
        Figure("Contact save p95 (commit included)", p95(samples), "ms", 100.0, f"p50 {p50(samples):.1f} ms"),
    ]
