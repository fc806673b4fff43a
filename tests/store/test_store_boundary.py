"""The store raises only its own errors: whatever SQLite says inside it, a caller gets a `StoreError`
with a sentence for the desk, never a `sqlite3.Error` (the UI does not import `sqlite3` at all)."""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import FunctionType
from typing import Any

import pytest

import boundary_tui.store
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store, export_source, views
from boundary_tui.store.connection import immediate, raises_store_error
from boundary_tui.store.queue import QueueStore
from boundary_tui.store.repo import Repo
from tests.helpers.practice import Practice

READS: dict[str, Callable[[Store, Practice], object]] = {
    "lookup": lambda store, practice: store.patients.lookup("obr"),
    "patient": lambda store, practice: store.patients.get(practice.obrien),
    "patient pane": lambda store, practice: views.patient_view(store, practice.obrien),
    "timeline": lambda store, practice: store.timeline.for_patient(practice.obrien),
    "manager's queue": lambda store, practice: QueueStore(store).items(),
    "patient version": lambda store, practice: store.patient_version(practice.obrien),
    "who may sign in": lambda store, practice: store.staff.can_sign_in(),
    "clinicians": lambda store, practice: store.clinicians.all(),
    "concerns": lambda store, practice: store.concerns.for_patient(practice.obrien),
    "export": lambda store, practice: export_source.read(store, practice.obrien),
}
"""Reads the desk, the timeline and the export make, one per public entry point they use."""


def damage_every_table(path: Path) -> None:
    """Overwrite the first page of every table and index (not the schema): the file still opens, reads fail."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [r for (r,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")]
    finally:
        conn.close()
    with path.open("r+b") as file:
        for root in roots:
            file.seek((root - 1) * page_size)
            file.write(b"\xff" * page_size)


@pytest.mark.parametrize("read", list(READS))
def test_a_read_on_a_damaged_database_raises_a_store_error_with_the_desks_words(
    practice: Practice, clock: FixedClock, read: str
) -> None:
    damage_every_table(practice.path)
    with Store(practice.path, clock=clock) as store, pytest.raises(StoreError) as raised:
        READS[read](store, practice)
    assert "is damaged or is not a boundary-tui database. Restore the latest backup" in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__  # no SQLite traceback to show


@pytest.mark.parametrize("read", [*READS, "data version"])
def test_whatever_sqlite_refuses_comes_out_as_a_store_error(store: Store, practice: Practice, read: str) -> None:
    def refuse(*args: Any) -> int:
        return sqlite3.SQLITE_DENY

    store.conn.set_authorizer(refuse)  # every statement on this connection now fails inside SQLite
    with pytest.raises(StoreError, match="Database problem: not authorized"):
        store.data_version() if read == "data version" else READS[read](store, practice)


def test_inside_the_store_sqlite_errors_stay_themselves(store: Store) -> None:
    """Below the boundary a transaction still sees SQLite's own error (`immediate` rolls back on an
    `IntegrityError` and lets it through); only the public method turns it into words."""
    with pytest.raises(sqlite3.IntegrityError), immediate(store.db):
        store.db.execute("INSERT INTO settings (key, value) VALUES ('practice_name', 'Riverside')")
        store.db.execute("INSERT INTO settings (key, value) VALUES ('idle_lock_minutes', NULL)")
    assert store.settings.get("practice_name") == "The Surgery"  # rolled back
    with pytest.raises(StoreError, match="Database problem: NOT NULL constraint failed: settings.value"):
        store.settings.set("idle_lock_minutes", None)  # type: ignore[arg-type]


def test_every_public_method_of_every_repository_is_a_boundary() -> None:
    for module in pkgutil.walk_packages(boundary_tui.store.__path__, "boundary_tui.store."):
        importlib.import_module(module.name)
    boundary = raises_store_error(len).__code__
    repositories = set(Repo.__subclasses__())
    while grandchildren := {c for r in repositories for c in r.__subclasses__()} - repositories:
        repositories |= grandchildren
    assert {"PatientStore", "StaffStore", "QueueStore", "SettingsStore", "TimelineStore"} <= {
        r.__name__ for r in repositories
    }
    entry_points: dict[str, object] = {
        f"{repository.__name__}.{name}": member
        for repository in repositories
        for name, member in vars(repository).items()
        if not name.startswith("_") and isinstance(member, FunctionType | staticmethod | classmethod | property)
    }
    entry_points |= {
        "Store.data_version": Store.data_version,
        "Store.patient_version": Store.patient_version,
        "export_source.read": export_source.read,
        "views.patient_view": views.patient_view,
    }
    unguarded = [name for name, member in entry_points.items() if getattr(member, "__code__", None) is not boundary]
    assert sorted(unguarded) == []
