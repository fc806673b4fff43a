"""The benchmarks still run: every module imports, and their cheapest paths work on the tests' practice.

No figure is judged here (speed lives in `benchmarks/`, never in the suite): this
only catches a benchmark broken by a change to the app before someone needs it.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import benchmarks
from benchmarks import exporting, verifying
from benchmarks.report import Figure, Ratio, gating_failures, interleaved, paired_ratio, tables
from boundary_tui.export import FORMATS
from tests.helpers.drafts import log
from tests.helpers.practice import Practice


def test_every_benchmark_module_imports() -> None:
    names = [m.name for m in pkgutil.iter_modules(benchmarks.__path__)]
    assert {"desk_day", "desks", "exporting", "keystroke", "timeline", "startup", "verifying"} <= set(names)
    for name in names:
        if name != "__main__":
            importlib.import_module(f"benchmarks.{name}")


def test_ratios_gate_and_absolute_figures_do_not() -> None:
    ours, limit = interleaved(lambda: 3.0, lambda: 1.0, 3)
    assert paired_ratio(ours, limit) == 3.0
    over = Ratio("over", 3.0, 1.0, 2.0, paired=paired_ratio(ours, limit))
    fine = Ratio("fine", 1.0, 1.0, 2.0)
    informative = Figure("slow machine", 99.0, "s", 10.0)
    assert gating_failures([over, fine, informative]) == [over]
    text = tables([over, fine, informative])
    assert "| over | 3.00× | ≤ 2× | FAIL |" in text and "| slow machine | 99.0 s | ≤ 10.0 s | over |" in text


def test_the_export_and_its_limit_run(practice: Practice) -> None:
    from boundary_tui.store import Store

    with Store(practice.path) as store:
        log(store, practice, description="Phoned again.")
    results = exporting.measure(practice.path, practice.obrien, runs=1, entries=1, freeze=False)
    assert [r.name for r in results] == [f"Export of 1 entries, {fmt}" for fmt in FORMATS]
    assert verifying.plain_read_and_hash(Path(practice.path)) > 0
