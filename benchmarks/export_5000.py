"""Export of a 5,000-entry timeline, per format: the quality bar is ≤ 1 s.

    .venv/bin/python benchmarks/export_5000.py

Wall-clock time is the bar; CPU time is printed beside it because the
benchmark machine may be shared (other processes stretch the wall clock).

Martin O'Brien gets 5,000 entries on the demo practice (as in
`timeline_open.py`). Each sample is the whole export as the command line does
it, on an open store: read the timeline, its chain entries and the head in one
snapshot, build the document, render the format and write the file (atomic,
fsynced). Also reported: the read and the build alone, shared by every format.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.timeline_open import add_entries
from boundary_tui.demo import build_demo
from boundary_tui.export import FORMATS, render
from boundary_tui.export.files import write_file
from boundary_tui.export.model import build
from boundary_tui.store import Store
from boundary_tui.store.export_source import read

SAMPLES = 7
LIMIT_MS = 1000.0


def summary(name: str, samples: list[float], cpu: list[float] | None = None) -> str:
    ordered = sorted(samples)
    line = f"{name:<40} median {statistics.median(ordered):5.0f} ms, max {ordered[-1]:5.0f} ms"
    if cpu:
        line += f" (CPU median {statistics.median(cpu):4.0f} ms)"
    return line


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db)
        patient_id = add_entries(db)
        results: dict[str, tuple[list[float], list[float]]] = {}
        with Store(db) as store:
            read_ms: list[float] = []
            build_ms: list[float] = []
            for _ in range(SAMPLES):
                start = time.perf_counter()
                source = read(store, patient_id)
                middle = time.perf_counter()
                assert source is not None
                build(source, generated_at=store.now(), generated_by="benchmark")
                read_ms.append((middle - start) * 1000)
                build_ms.append((time.perf_counter() - middle) * 1000)
            for fmt, spec in FORMATS.items():
                samples, cpu = [], []
                for i in range(SAMPLES):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    source = read(store, patient_id)
                    assert source is not None
                    document = build(source, generated_at=store.now(), generated_by="benchmark")
                    data = render(document, fmt)
                    write_file(Path(folder) / f"export-{i}{spec.suffix}", data)
                    samples.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                results[fmt] = (samples, cpu)
                print(f"{fmt}: {len(document.entries):,} entries, {len(data) / 1_000_000:.1f} MB")
        print(summary("read (timeline + chain, 1 snapshot)", read_ms))
        print(summary("build the document", build_ms))
        print(f"load average before: {os.getloadavg()[0]:.1f} (a busy machine slows the wall-clock times)")
        for fmt, (samples, cpu) in results.items():
            verdict = "ok" if statistics.median(samples) <= LIMIT_MS else "TOO SLOW"
            print(summary(f"export {fmt} (read+build+render+write)", samples, cpu) + f"  [{verdict}, bar 1 s]")


if __name__ == "__main__":
    main()
