"""The benchmarks still run: every module imports, and their cheapest paths work on the tests' practice.

No figure is judged here (speed lives in `benchmarks/`, never in the suite): this
only catches a benchmark broken by a change to the app before someone needs it.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import benchmarks
from benchmarks import desk_day, exporting, verifying
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


def test_a_desk_day_judges_each_hour_against_the_machines_speed_in_that_hour() -> None:
    """A machine that runs slower in the last hour is not the desk slowing down; a desk that does is."""
    first = desk_day.Hour(1, 60.0, 60.0, key_cpu=[7.0, 7.2, 6.8], reference=[1.5, 1.5, 1.5])
    slow_machine = desk_day.Hour(10, 61.0, 61.0, key_cpu=[9.1, 9.36, 8.84], reference=[1.95, 1.95, 1.95])
    slow_desk = desk_day.Hour(10, 61.0, 61.0, key_cpu=[8.4, 8.64, 8.16], reference=[1.5, 1.5, 1.5])
    at_first = desk_day.against_the_machine(first, first.key_cpu)
    assert desk_day.drift(at_first, desk_day.against_the_machine(slow_machine, slow_machine.key_cpu)) == pytest.approx(
        0
    )
    assert desk_day.drift(at_first, desk_day.against_the_machine(slow_desk, slow_desk.key_cpu)) == pytest.approx(20)
    assert desk_day.reference_cpu() > 0


def test_a_desk_day_compares_each_persons_own_hours_and_judges_the_worse() -> None:
    """Hours alternate desks (the receptionist's, then the manager's, who also has the queue): the day's first
    hour against its last compares two desks. Each person's own first and last are compared instead."""
    reception, manager = "Priya Shah", "Margaret Lewis"
    day = [
        desk_day.Hour(h, rss, rss, worked_by=who, ended_with=who)
        for h, rss, who in [(1, 60.0, reception), (2, 63.0, manager), (3, 66.5, reception), (4, 64.0, manager)]
    ]
    growth = desk_day.worst(day, "ended_with", lambda a, b: b.rss_mb - a.rss_mb)
    assert growth.value == pytest.approx(6.5)  # the receptionist's 60 → 66.5, though hour 1 → 4 is only +4
    assert [who for who, _, _ in growth.pairs] == [reception, manager]
    assert "Priya Shah (hours 1 → 3): +6.5" in growth.said(lambda a, b: f"{b.rss_mb - a.rss_mb:+.1f}")
    one_person = desk_day.worst(day[:1], "worked_by", lambda a, b: b.rss_mb - a.rss_mb)
    assert one_person.value == 0 and one_person.pairs[0][0] == "the desk"


def test_the_export_and_its_limit_run(practice: Practice) -> None:
    from boundary_tui.store import Store

    with Store(practice.path) as store:
        log(store, practice, description="Phoned again.")
    results = exporting.measure(practice.path, practice.obrien, runs=1, entries=1, freeze=False)
    assert [r.name for r in results] == [f"Export of 1 entries, {fmt}" for fmt in FORMATS]
    assert verifying.plain_read_and_hash(Path(practice.path)) > 0
