"""Shipped schema steps are frozen: each builds exactly what it built the day it shipped.

`shipped_schemas/vN.sql` is the schema (and vocabulary) of a database built by
steps 1..N, recorded when step N shipped. Every step is built again here with
today's live lists deliberately extended (a new evidence table, a new value in
every vocabulary), as a newcomer adding an attachments table would extend them:
a step that read a live list would build something else, or fail with "no such
table", and this test names it.

When a new step ships, record its schema once:
`python -m tests.store.test_migrations` writes the missing `vN.sql` files
(never rewrite one that exists).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest

from boundary_tui.core import vocabulary
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.vocabulary import Term, Vocabulary
from boundary_tui.store import Store, schema, tables
from boundary_tui.store.connection import open_database
from boundary_tui.store.verify import verify
from tests.helpers.practice import NOW

SHIPPED = Path(__file__).parent / "shipped_schemas"
FIXTURES = Path(__file__).parent / "fixtures"


def schema_text(db_path: Path) -> str:
    """Every table, index and trigger as SQL with whitespace folded, then the vocabulary's values."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
        text = "".join(f"-- {kind} {name} on {table}\n{' '.join(sql.split())};\n" for kind, name, table, sql in rows)
        try:
            values = conn.execute("SELECT list, value FROM vocabulary ORDER BY list, value").fetchall()
        except sqlite3.OperationalError:
            values = []
        return text + "".join(f"-- vocabulary {name} {value}\n" for name, value in values)
    finally:
        conn.close()


def built_to(version: int, folder: Path) -> str:
    path = folder / f"v{version}.db"
    db = open_database(path)
    try:
        schema.migrate(db, target=version)
    finally:
        db.conn.close()
    return schema_text(path)


def shipped_versions() -> list[int]:
    return sorted(int(p.stem[1:]) for p in SHIPPED.glob("v*.sql"))


def test_every_step_has_its_shipped_schema_recorded() -> None:
    assert shipped_versions() == list(range(1, schema.LATEST_VERSION + 1))


@pytest.mark.parametrize("version", shipped_versions())
def test_a_shipped_step_builds_what_it_shipped_with_todays_lists_extended(
    version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "APPEND_ONLY_TABLES", (*tables.APPEND_ONLY_TABLES, "attachments"))
    monkeypatch.setattr(tables, "RECORDED_AT", {**tables.RECORDED_AT, "attachments": "added_at"})
    for name in dir(vocabulary):
        value = getattr(vocabulary, name)
        if isinstance(value, Vocabulary):
            extended = Vocabulary(value.name, *value.terms, Term("added_later", "Added later"))
            monkeypatch.setattr(vocabulary, name, extended)
    expected = (SHIPPED / f"v{version}.sql").read_text(encoding="utf-8")
    assert built_to(version, tmp_path) == expected


def test_an_old_database_upgrades_to_today_with_every_row_and_the_chain_intact(tmp_path: Path) -> None:
    """A practice written by boundary-tui at schema 4 (`fixtures/practice-v4.db`, made by commit 3384daf with
    contacts, an action, a setting and an appointment) upgrades in place: every row kept, the chain extended."""
    path = tmp_path / "practice.db"
    shutil.copyfile(FIXTURES / "practice-v4.db", path)
    old = sqlite3.connect(path)
    assert schema.version_of(old) == 4
    kept = ("concerns", "concern_changes", "contacts", "actions", "chain", "concern_targets", "appointments", "staff")
    # The columns each table had then: later steps may add columns (appointments.moved_from, schema 7).
    columns = {t: ", ".join(r[1] for r in old.execute(f"PRAGMA table_info({t})")) for t in kept}
    before = {t: old.execute(f"SELECT {columns[t]} FROM {t} ORDER BY rowid").fetchall() for t in kept}
    old.close()
    with Store(path, clock=FixedClock(NOW)) as store:
        assert schema.version_of(store.db) == schema.LATEST_VERSION
        after = {t: store.db.execute(f"SELECT {columns[t]} FROM {t} ORDER BY rowid").fetchall() for t in kept}
        assert {t: rows for t, rows in after.items() if t != "chain"} == {
            t: r for t, r in before.items() if t != "chain"
        }
        kept_chain = [entry[:6] for entry in after["chain"][: len(before["chain"])]]
        assert kept_chain == before["chain"]  # history untouched (two columns added), only extended
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        found = dict(store.db.execute("SELECT change, count(*) FROM staff_changes GROUP BY change").fetchall())
        assert found == {"as_found": len(before["staff"])}
        assert store.db.execute("SELECT count(*) FROM appointment_changes").fetchone()[0] == 1
        assert store.db.execute("SELECT value FROM settings_changes").fetchall() == [("Old Surgery",)]
        assert store.db.execute("SELECT state FROM patient_changes").fetchall() == [
            ('{"removed_on":"2026-11-02","status":"removed"}',)
        ]
    report = verify(path)
    assert report.ok, report.describe()
    assert report.facts is not None and report.facts.bookings_before_record == 1
    assert schema_text(path) == built_to(schema.LATEST_VERSION, tmp_path)


def record_missing() -> None:
    """Write `vN.sql` for every step that has none yet (run when a new step ships)."""
    with tempfile.TemporaryDirectory() as folder:
        for version in range(1, schema.LATEST_VERSION + 1):
            target = SHIPPED / f"v{version}.sql"
            if not target.exists():
                target.write_text(built_to(version, Path(folder)), encoding="utf-8")
                print(f"recorded {target}", file=sys.stderr)


if __name__ == "__main__":
    record_missing()
