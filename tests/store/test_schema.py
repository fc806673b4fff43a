"""The schema: versioned, migrated step by step, and evidence tables append-only in the database itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store
from boundary_tui.store.connection import open_database
from boundary_tui.store.schema import LATEST_VERSION, migrate, version_of
from boundary_tui.store.tables import APPEND_ONLY_TABLES
from tests.helpers.practice import NOW, Practice


def test_new_database_is_at_latest_version_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db") as store:
        assert version_of(store.db) == LATEST_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_foreign_keys_are_on_for_every_connection_including_worker_threads(tmp_path: Path) -> None:
    import threading

    with Store(tmp_path / "fk.db") as store:
        seen: list[int] = []
        thread = threading.Thread(target=lambda: seen.append(store.db.execute("PRAGMA foreign_keys").fetchone()[0]))
        thread.start()
        thread.join()
        assert seen == [1]
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute(
                "INSERT INTO clinicians (staff_id, job_title, created_at, created_by) VALUES (999, 'GP', 'x', 'x')"
            )


def test_an_older_database_is_upgraded_step_by_step_keeping_its_data(tmp_path: Path) -> None:
    """A version-1 file (before name search existed) gains search and keeps every patient."""
    path = tmp_path / "old.db"
    db = open_database(path)
    migrate(db, target=1)
    assert version_of(db) == 1
    db.execute(
        """INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, created_at, created_by,
                                 updated_at, updated_by)
           VALUES ('9434765919', 'Martin', 'O''Brien', '1978-03-14', 'x', 'x', 'x', 'x')"""
    )
    db.close()

    with Store(path) as store:
        assert version_of(store.db) == LATEST_VERSION
        found = store.patients.lookup("obr")
        assert [p.family_name for p in found.patients] == ["O'Brien"]


def test_a_database_from_a_newer_version_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Store(path) as store:
        store.db.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    with pytest.raises(StoreError, match="newer boundary-tui"):
        Store(path)


@pytest.fixture
def raw(practice: Practice, store: Store) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection (no sqlite-utils, recursive_triggers off), with rows in every evidence table."""
    by = practice.reception
    now = "2026-11-23T09:00:00.000000Z"
    store.db.execute(
        """INSERT INTO contacts (patient_id, occurred_at, logged_at, logged_by, channel, description, severity)
           VALUES (?, ?, ?, ?, 'letter', 'A card addressed to Dr Hart', 'note')""",
        [practice.obrien, now, now, by],
    )
    store.db.execute(
        """INSERT INTO actions (patient_id, kind, occurred_at, recorded_at, recorded_by)
           VALUES (?, 'warning_letter_sent', ?, ?, ?)""",
        [practice.obrien, now, now, practice.manager],
    )
    store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=NOW.replace(hour=11),
        by=by,
        chaperone_name="Grace O'Neill",
        override_reason="Chest pain",
    )
    review = store.db.execute("SELECT id FROM booking_overrides").fetchone()[0]
    store.db.execute(
        "INSERT INTO override_reviews (override_id, reviewed_at, reviewed_by) VALUES (?, ?, ?)",
        [review, now, practice.manager],
    )
    store.db.execute("INSERT INTO sign_in_events (staff_id, at, outcome) VALUES (?, ?, 'signed_in')", [by, now])
    # Only an upgraded database starts patients' records this way; a row here tests its protection.
    store.db.execute(
        "INSERT INTO patient_chain_starts (patient_id, entries, recorded_at) VALUES (?, '[]', ?)", [practice.jo, now]
    )
    store.db.conn.commit()
    store.checkpoints.make("by_hand")
    store.disclosures.viewed(practice.obrien, "timeline_viewed", by=by)
    scan = practice.path.parent / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    contact = store.db.execute("SELECT id FROM contacts LIMIT 1").fetchone()[0]
    store.attachments.attach_file(contact, scan, by=by)
    conn = sqlite3.connect(practice.path)
    yield conn
    conn.close()


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_evidence_tables_refuse_update(raw: sqlite3.Connection, table: str) -> None:
    column = raw.execute(f"SELECT * FROM {table} LIMIT 1").description[1][0]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(f"UPDATE {table} SET {column} = {column}")


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_evidence_tables_refuse_delete(raw: sqlite3.Connection, table: str) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(f"DELETE FROM {table}")


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_evidence_tables_refuse_insert_or_replace(raw: sqlite3.Connection, table: str) -> None:
    row = raw.execute(f"SELECT * FROM {table} LIMIT 1").fetchone()
    assert row is not None, f"no row in {table} to replace"
    before = raw.execute(f"SELECT * FROM {table}").fetchall()
    placeholders = ", ".join("?" * len(row))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(f"INSERT OR REPLACE INTO {table} VALUES ({placeholders})", row)
    assert raw.execute(f"SELECT * FROM {table}").fetchall() == before


def test_append_only_also_holds_through_sqlite_utils(store: Store, raw: sqlite3.Connection) -> None:
    db = Database(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.table("contacts").upsert({"id": 1, "description": "rewritten"}, pk="id")
    assert db.execute("SELECT description FROM contacts").fetchone()[0] == "A card addressed to Dr Hart"
