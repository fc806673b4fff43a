"""The lookup query itself, against raw SQLite FTS5 / index lookups on the same file.

Each typed search is timed beside the bare SQLite statement that does the same
search, alternating one of each, so load hits both. The name searches (FTS5)
gate: ours over raw, p50 of each, the worst of them. Number, date and postcode
searches are index lookups in microseconds (our parsing is most of them):
reported beside as absolute figures.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from benchmarks.report import Figure, Ratio, Result, interleaved, p50, p95, paired_ratio
from boundary_tui.store import Store

# The bare statement fetches what the desk needs of the same rows (the columns a result
# line and the patient pane show, and one more row than the sort window, to know there
# are more, taken inside the index too: the fastest plain form), so the ratio is our
# overhead: parsing what was typed, normalising it, sorting by name and building the results.
_ROWS = (
    "SELECT id, nhs_number, given_name, family_name, date_of_birth, postcode, phone, address, status, removed_on"
    " FROM patients WHERE id IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ? LIMIT 201) LIMIT 201"
)

# What receptionists type, and the bare SQLite statement that does the same search.
QUERIES: list[tuple[str, str, str, list[object]]] = [
    ("surname prefix", "smi", _ROWS, ['"smi"*']),
    ("surname prefix", "obr", _ROWS, ['"obr"*']),
    ("full name", "jo smith", _ROWS, ['"jo"* "smith"*']),
    ("full name", "zoe o'brien", _ROWS, ['"zoe"* "obrien"*']),
]


def _nhs_dob_postcode(db: sqlite3.Connection) -> list[tuple[str, str, str, list[object]]]:
    nhs_number, born, postcode = db.execute(
        "SELECT nhs_number, date_of_birth, postcode FROM patients WHERE id = 4242"
    ).fetchone()
    y, m, d = born.split("-")
    key = postcode.replace(" ", "")
    return [
        ("NHS number", f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}",
         "SELECT id FROM patients WHERE nhs_number = ?", [nhs_number]),
        ("date of birth", f"{d}/{m}/{y}", "SELECT id FROM patients WHERE date_of_birth = ?", [born]),
        ("postcode", postcode.lower(), "SELECT id FROM patients WHERE postcode_key >= ? AND postcode_key < ?",
         [key, key[:-1] + chr(ord(key[-1]) + 1)]),
    ]  # fmt: skip


TARGET = 2.0


def _timed(fn):  # type: ignore[no-untyped-def]
    def run() -> float:
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    return run


def measure(path: Path, *, repeat: int = 60) -> list[Result]:
    raw = sqlite3.connect(path)
    queries = QUERIES + _nhs_dob_postcode(raw)
    ours_all: list[float] = []
    worst: tuple[float, float, float, str] | None = None
    notes = []
    with Store(path) as store:
        for _label, typed, sql, params in queries:
            ours, bare = interleaved(
                _timed(lambda typed=typed: store.patients.lookup(typed)),
                _timed(lambda sql=sql, params=params: raw.execute(sql, params).fetchall()),
                repeat,
            )
            ours_all += ours
            notes.append(f"`{typed}` {p50(ours):.2f}/{p50(bare):.2f}")
            ratio = paired_ratio(ours, bare)
            if "patients_fts" in sql and (worst is None or ratio > worst[0]):
                worst = (ratio, p50(ours), p50(bare), typed)
    raw.close()
    assert worst is not None
    return [
        Ratio(f"Name lookup vs raw FTS5 (worst: `{worst[3]}`)", worst[1], worst[2], TARGET,
              note="ours/raw p50 ms: " + ", ".join(notes), paired=worst[0]),
        Figure("Lookup query p50 (typical queries)", p50(ours_all), "ms", 50.0),
        Figure("Lookup query p95 (typical queries)", p95(ours_all), "ms", 50.0),
    ]  # fmt: skip
