"""Copies of evidence and the evidence bundle, against their bars (issue 17).

    .venv/bin/python -m benchmarks.evidence

* attaching a 10 MB file from the evidence inbox: ≤ 1 s;
* the evidence bundle of a 5,000-entry timeline with 200 copies (100 MB): ≤ 10 s;
* `verify-export` of that bundle: ≤ 5 s;
* the PDF report of 5,000 entries: ≤ 5 s.

Wall-clock medians are the verdict; CPU time is printed beside them because the
benchmark machine is shared (other processes stretch the wall clock, not the
CPU time). A step of `python -m benchmarks` (`--only evidence`), or on its own.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from benchmarks.report import Figure, table
from boundary_tui.core.times import to_db
from boundary_tui.demo import build_demo
from boundary_tui.store import Store, evidence, signing_key
from boundary_tui.store.attachments import inbox_path
from boundary_tui.store.connection import immediate

ENTRIES = 5000
COPIES = 200
COPY_BYTES = 500_000
"""200 copies of 0.5 MB: 100 MB of evidence in the bundle."""

BARS_MS = {"attach 10 MB": 1000.0, "bundle": 10_000.0, "verify-export": 5000.0, "pdf": 5000.0}

MAGIC = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"%PDF-1.4\n")
"""The first bytes of a PNG, a JPEG and a PDF: what the store tells a file's kind by."""


def timed(work: Callable[[], object], samples: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `samples` runs."""
    wall, cpu = [], []
    for _ in range(samples):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


LABELS = {
    "attach 10 MB": "Attach a 10 MB file from the evidence inbox (p50)",
    "bundle": "Evidence bundle: 5,000 entries, 200 copies (100 MB) (p50)",
    "verify-export": "verify-export of that bundle (p50)",
    "pdf": "PDF report of 5,000 entries (p50)",
}


def line(name: str, wall: list[float], cpu: list[float], note: str = "") -> Figure:
    """The median wall-clock time beside its bar; the max and the CPU time in the note."""
    extra = f"max {max(wall):,.0f} ms, CPU p50 {statistics.median(cpu):,.0f} ms" + (f"; {note}" if note else "")
    return Figure(LABELS[name], statistics.median(wall), "ms", BARS_MS[name], extra)


def copy_bytes(rng: random.Random, size: int, index: int) -> bytes:
    """`size` bytes that start like a PNG, a JPEG or a PDF, and differ from every other copy."""
    head = MAGIC[index % len(MAGIC)]
    return head + rng.randbytes(size - len(head))


def add_entries(store: Store, patient_id: int) -> list[int]:
    """Contacts and actions up to `ENTRIES` on the patient's timeline (as `benchmarks/timeline.py`);
    returns the contact ids."""
    staff = {s.name: s.id for s in store.staff.all()}
    aimed = json.dumps([{"staff_id": staff["Dr Amelia Hart"], "name": "Dr Amelia Hart"}])
    now = store.now()
    before = store.timeline.for_patient(patient_id)
    existing = len(before.entries) if before else 0
    contacts = []
    with immediate(store.db):
        for i in range(ENTRIES - existing):
            moment = now - timedelta(minutes=200 * (i + 1))
            if i % 40 == 0:
                evidence.append(
                    store.db,
                    "actions",
                    {
                        "patient_id": patient_id,
                        "kind": "spoke_to_patient",
                        "occurred_at": to_db(moment),
                        "recorded_at": to_db(moment + timedelta(hours=2)),
                        "recorded_by": staff["Margaret Lewis"],
                        "notes": f"Spoke to him again ({i}).",
                    },
                )
                continue
            contacts.append(
                evidence.append(
                    store.db,
                    "contacts",
                    {
                        "patient_id": patient_id,
                        "occurred_at": to_db(moment),
                        "logged_at": to_db(moment + timedelta(minutes=15)),
                        "logged_by": staff["Priya Shah"],
                        "channel": ("text_message", "phone_call", "email", "in_person")[i % 4],
                        "aimed_at": aimed,
                        "description": f"Message {i} asking Dr Hart to reply, the {i % 7 + 1}th today.",
                        "severity": ("note", "concerning", "note", "threatening")[i % 4],
                    },
                )
            )
    return contacts


def main() -> None:
    print(table(measure()))


def measure(*, quick: bool = False) -> list[Figure]:
    """Attach, bundle, verify-export and PDF on a demo practice with O'Brien's timeline grown to 5,000 entries."""
    from boundary_tui.export import document
    from boundary_tui.export.bundle import prepare
    from boundary_tui.export.check import check_bundle
    from boundary_tui.export.files import write_file
    from boundary_tui.export.pdf import render as render_pdf

    rng = random.Random(17)
    results: list[Figure] = []
    runs = 2 if quick else 3
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db)
        with Store(db) as store:
            [patient] = store.patients.lookup("martin o'brien").patients
            [other] = store.patients.lookup("zoe fairbairn").patients
            staff = {s.name: s.id for s in store.staff.all()}
            contacts = add_entries(store, patient.id)
            elsewhere = [c.id for c in store.contacts.for_patient(other.id)]
            inbox = inbox_path(db)
            inbox.mkdir(exist_ok=True)
            signing_key.create(db)  # a signed checkpoint, as a practice that set up `key init` has

            # 1. Attaching a 10 MB file (new content each time: the same bytes would be kept once).
            counter = iter(range(1_000))

            def attach_10_mb() -> None:
                number = next(counter)
                name = f"scan-{number}.png"
                (inbox / name).write_bytes(copy_bytes(rng, 10_000_000, 0))
                # Another patient's contact: the bundle below holds exactly its 200 copies.
                store.attachments.attach_from_inbox(elsewhere[number % len(elsewhere)], name, by=staff["Priya Shah"])

            results.append(line("attach 10 MB", *timed(attach_10_mb, 3 if quick else 5)))

            # 2. 200 copies (100 MB) on the timeline, then the bundle of it all.
            for index in range(COPIES):
                path = Path(folder) / f"copy-{index}.bin"
                path.write_bytes(copy_bytes(rng, COPY_BYTES, index))
                store.attachments.attach_file(contacts[100 + index * 20], path, by=staff["Priya Shah"])
                path.unlink()
            copies = len(store.attachments.for_patient(patient.id))
            bundles: list[Path] = []

            def bundle() -> None:
                made = prepare(
                    store,
                    patient.id,
                    generated_by="benchmark",
                    by=staff["Margaret Lewis"],
                    recipient="police",
                    recipient_detail="benchmark",
                )
                assert made is not None
                bundles.append(write_file(Path(folder) / f"bundle-{len(bundles)}.zip", made.write))

            wall, cpu = timed(bundle, runs)
            size = bundles[-1].stat().st_size
            results.append(line("bundle", wall, cpu, f"{copies} copies, {size / 1_000_000:.0f} MB"))

            # 3. What the recipient runs on it.
            def verify() -> None:
                checked = check_bundle(bundles[-1])
                assert checked.ok, checked.describe()

            results.append(line("verify-export", *timed(verify, runs)))

            # 4. The PDF report alone (the bundle makes one too).
            doc = document(store, patient.id, generated_by="benchmark", checkpoint=None)
            assert doc is not None
            results.append(line("pdf", *timed(lambda: render_pdf(doc), runs), f"{len(doc.entries):,} entries"))
    return results


if __name__ == "__main__":
    main()
