"""Figures as ratios to their limit, measured side by side, and the tables they print as.

A shared machine's load stretches every wall-clock time, so a figure is judged
as a ratio: our time over the time of the least any program must do for the
same result (its *limit*), both measured in the same run, their samples
interleaved so load hits both alike. `Ratio` rows gate `--check`; `Figure`
rows (absolute times, memory, counts) are informative.
"""

from __future__ import annotations

import os
import platform
import socket
import sqlite3
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Ratio:
    """Ours over its limit (p50 of each, same run, interleaved): the row that gates."""

    name: str
    ours: float
    """p50 of our samples, in `unit`."""
    limit: float
    """p50 of the limit's samples, in `unit`."""
    target: float
    """Most the ratio may be."""
    unit: str = "ms"
    note: str = ""
    paired: float | None = None
    """The median of the ratios of samples taken back to back (see `paired_ratio`), when there are pairs."""

    @property
    def value(self) -> float:
        """The ratio judged: paired when measured in pairs, else p50 over p50."""
        return self.paired if self.paired is not None else self.ours / max(self.limit, 1e-9)

    @property
    def passed(self) -> bool:
        return self.value <= self.target

    def row(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"| {self.name} | {self.value:.2f}× | ≤ {self.target:g}× | {verdict} | "
            f"{_amount(self.ours, self.unit)} | {_amount(self.limit, self.unit)} | {self.note} |"
        )


@dataclass(frozen=True)
class Figure:
    """An absolute figure beside its bar: informative, never gates (see README, Speed)."""

    name: str
    value: float
    unit: str
    target: float
    """The bar: the value should be at most this."""
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.value <= self.target

    def row(self) -> str:
        verdict = "ok" if self.passed else "over"
        measured, bar = _amount(self.value, self.unit), _amount(self.target, self.unit)
        return f"| {self.name} | {measured} | ≤ {bar} | {verdict} | {self.note} |"


Result = Ratio | Figure


def _amount(value: float, unit: str) -> str:
    if unit in ("", "×"):
        return f"{value:,.0f}" if unit == "" else f"{value:.2f}×"
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
    return f"{value:,.{digits}f} {unit}"


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


def paired_ratio(ours: list[float], limit: list[float]) -> float:
    """The median of ours[i] / limit[i] over samples taken back to back.

    Load on a shared machine comes and goes within seconds: each pair saw about the
    same load, so the ratio of a pair cancels it, and the median ignores the pairs a
    burst split. Steadier than p50(ours) / p50(limit) (both reported beside it).
    """
    return statistics.median(o / max(b, 1e-9) for o, b in zip(ours, limit, strict=True))


def interleaved(ours: Callable[[], float], limit: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """`runs` samples of each, alternating (which goes first alternates too), after one warm-up of each."""
    ours()
    limit()
    mine: list[float] = []
    bare: list[float] = []
    for i in range(runs):
        if i % 2:
            bare.append(limit())
            mine.append(ours())
        else:
            mine.append(ours())
            bare.append(limit())
    return mine, bare


def tables(results: Iterable[Result]) -> str:
    """Two tables: the ratios (they gate), then the absolute figures (informative)."""
    results = list(results)
    ratios = [r for r in results if isinstance(r, Ratio)]
    figures = [r for r in results if isinstance(r, Figure)]
    lines: list[str] = []
    if ratios:
        lines += [
            "| Measure | Ours ÷ limit | Target | Verdict | Ours | Limit | Notes |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *(r.row() for r in ratios),
        ]
    if figures:
        if lines:
            lines.append("")
        lines += [
            "| Absolute figure (informative) | Measured | Bar | | Notes |",
            "| --- | --- | --- | --- | --- |",
            *(f.row() for f in figures),
        ]
    return "\n".join(lines)


def table(figures: Iterable[Result]) -> str:
    """The same as `tables` (kept for the stand-alone benchmarks)."""
    return tables(figures)


def gating_failures(results: Iterable[Result]) -> list[Ratio]:
    return [r for r in results if isinstance(r, Ratio) and not r.passed]


def machine() -> str:
    """Which machine ran the figures (they are only comparable on the same one)."""
    return (
        f"{socket.gethostname()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def load() -> str:
    """The load averages now (1, 5, 15 minutes)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"
