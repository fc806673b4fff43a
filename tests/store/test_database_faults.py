"""The database file changing under a running desk, a full disk, a lock held too long:
a clear message, nothing confirmed lost, no fresh empty database created."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store
from tests.helpers.practice import NOW, Practice

TEN = NOW.replace(hour=10)


def test_a_deleted_database_is_reported_and_never_recreated(practice: Practice, store: Store) -> None:
    assert store.patients.lookup("obr").patients
    practice.path.unlink()
    with pytest.raises(StoreError, match="deleted or moved"):
        store.patients.lookup("obr")
    with pytest.raises(StoreError, match="deleted or moved"):
        store.appointments.book(
            patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
        )

    # A worker thread opening its own connection later must not create a new file either.
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            store.patients.lookup("obr")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert errors and isinstance(errors[0], StoreError)
    assert not practice.path.exists()


def test_a_replaced_database_is_reported(practice: Practice, store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(practice.path, other)
    os.replace(other, practice.path)
    with pytest.raises(StoreError, match="replaced by another file"):
        store.patients.lookup("obr")


def test_a_full_disk_is_a_clear_message_and_nothing_half_written(practice: Practice, store: Store) -> None:
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: as good as a full disk
    before = store.db.execute("SELECT count(*) FROM patients").fetchone()[0]
    rows = [
        {"nhs_number": f"{i:010d}", "given_name": "X" * 2000, "family_name": "Y", "date_of_birth": "2000-01-01",
         "created_at": "x", "created_by": "x", "updated_at": "x", "updated_by": "x"}
        for i in range(2000)
    ]  # fmt: skip
    with pytest.raises(StoreError, match="disk holding the database is full"):
        store.patients.insert_rows(rows)
    assert store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == before


def test_a_lock_held_too_long_is_a_clear_message_and_retry_works(practice: Practice) -> None:
    with Store(practice.path, clock=FixedClock(NOW), timeout=0.2) as store:
        other = sqlite3.connect(practice.path)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="busy: another desk has held it for too long"):
            store.appointments.book(
                patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
            )
        other.rollback()
        other.close()
        booked = store.appointments.book(
            patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
        )
        assert booked.id


def test_data_version_moves_when_another_desk_commits(practice: Practice, store: Store, clock: FixedClock) -> None:
    before = store.data_version()
    assert store.data_version() == before
    with Store(practice.path, clock=clock) as other_desk:
        other_desk.appointments.book(
            patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
        )
    assert store.data_version() != before
