"""The busiest patient's timeline (5,000 entries): F4 → on screen, reading it, and exporting it.

Three kinds of opening, because the desk keeps its timeline screen and the store
keeps the last timeline it assembled while the record is unchanged:

- first open: the screen is built and the record read (once per signed-in desk);
- record changed: the screen is shown again, the whole record read and assembled
  afresh (the store's kept timeline is dropped before each F4): the target figure;
- unchanged: shown again, nothing new on the record (a version check instead of a read).

Exports are timed as the command line does them: read, build, render, write (fsynced).
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path

from textual.widgets import Input, OptionList

from benchmarks.practice import BigPractice
from benchmarks.report import Figure, p50, p95
from benchmarks.timeline_open import Stopwatch, time_assembly
from boundary_tui.app import BoundaryApp
from boundary_tui.demo.staff import demo_pin
from boundary_tui.export import FORMATS, render
from boundary_tui.export.files import write_file
from boundary_tui.export.model import build
from boundary_tui.store import Store
from boundary_tui.store.export_source import read
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen

OPEN_TARGET_MS = 200.0
EXPORT_TARGET_MS = 1000.0


async def _open_timeline(db: Path, nhs_number: str, opens: int, watch: Stopwatch) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"first": [], "changed": [], "unchanged": []}
    app = BoundaryApp(db_path=db)
    gc.freeze()  # as `boundary-tui` does before the desk runs (commands/desk.py)
    async with app.run_test(size=(120, 40)) as pilot:
        staff = app.screen.query_one("#staff-list", OptionList)
        labels = [str(staff.get_option_at_index(i).prompt) for i in range(staff.option_count)]
        staff.highlighted = next(i for i, label in enumerate(labels) if label.startswith("Margaret Lewis"))
        await pilot.press("enter", *demo_pin("Margaret Lewis"), "enter")
        while not isinstance(app.screen, DeskScreen):  # PIN hashing is deliberately slow
            await pilot.pause(0.05)
        app.screen.query_one("#search", Input).value = nhs_number
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        plan = ["first"] + ["changed", "unchanged"] * opens
        for kind in plan:
            if kind == "changed":
                app.store.timeline._last = None  # as after a save by any desk: read and assemble it all
            watch.samples.clear()
            await pilot.press("f4")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, TimelineScreen) and watch.samples
            samples[kind].append(watch.samples[0])
            await pilot.press("escape")
            await pilot.pause()
    return samples


def _exports(practice: BigPractice, runs: int) -> list[Figure]:
    figures = []
    with Store(practice.path) as store, tempfile.TemporaryDirectory() as folder:
        for fmt, spec in FORMATS.items():
            samples = []
            for i in range(runs):
                start = time.perf_counter()
                source = read(store, practice.busy_patient_id)
                assert source is not None
                data = render(build(source, generated_at=store.now(), generated_by="benchmark"), fmt)
                write_file(Path(folder) / f"export-{i}{spec.suffix}", data)
                samples.append((time.perf_counter() - start) * 1000)
            figures.append(
                Figure(f"Timeline export, {fmt} p50", p50(samples), "ms", EXPORT_TARGET_MS,
                       f"max {max(samples):.0f} ms, {len(data) / 1e6:.1f} MB, read+build+render+write")
            )  # fmt: skip
    return figures


def measure(practice: BigPractice, *, opens: int = 15) -> list[Figure]:
    assembly = time_assembly(practice.path, practice.busy_patient_id)
    watch = Stopwatch()
    watch.install()
    opened = asyncio.run(_open_timeline(practice.path, practice.busy_patient_nhs, opens, watch))
    entries = practice.size.busy_patient_entries
    changed, unchanged = opened["changed"], opened["unchanged"]
    return [
        Figure(f"Timeline of {entries:,}: F4 → on screen p50", p50(changed), "ms", OPEN_TARGET_MS,
               f"record read afresh, {len(changed)} opens"),
        Figure(f"Timeline of {entries:,}: F4 → on screen p95", p95(changed), "ms", OPEN_TARGET_MS,
               f"unchanged record: p50 {p50(unchanged):.0f} ms"),
        Figure(f"Timeline of {entries:,}: first F4 of a desk", opened["first"][0], "ms", OPEN_TARGET_MS,
               "builds the screen too"),
        Figure("Timeline read + assemble p50", p50(assembly), "ms", OPEN_TARGET_MS, f"p95 {p95(assembly):.0f} ms"),
        *_exports(practice, runs=3),
    ]  # fmt: skip
