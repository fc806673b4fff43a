"""Figures next to their targets, printed as one table."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float
    """The bar to meet: the value must be at most this."""
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.value <= self.target

    def row(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        measured = f"{self.value:,.1f} {self.unit}"
        return f"| {self.name} | {measured} | ≤ {self.target:,.1f} {self.unit} | {verdict} | {self.note} |"


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


def table(figures: list[Figure]) -> str:
    lines = ["| Measure | Measured | Target | Verdict | Notes |", "| --- | --- | --- | --- | --- |"]
    lines += [f.row() for f in figures]
    return "\n".join(lines)
