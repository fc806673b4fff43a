"""The practice database: one SQLite file shared by every desk.

`Store` opens (and migrates) the file and hands out one small repository per
concept: `staff`, `clinicians`, `patients`, `concerns`, `appointments`,
`contacts`, `actions` and `timeline` (read-only). Each
thread gets its own connection, so a save running in a worker thread never
blocks the desk's lookups. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from boundary_tui.core.clock import Clock, SystemClock
from boundary_tui.store.actions import ActionStore
from boundary_tui.store.appointments import AppointmentStore
from boundary_tui.store.clinicians import ClinicianStore
from boundary_tui.store.concerns import ConcernStore
from boundary_tui.store.connection import BUSY_TIMEOUT_SECONDS, open_database
from boundary_tui.store.contacts import ContactStore
from boundary_tui.store.patients import PatientStore
from boundary_tui.store.schema import migrate
from boundary_tui.store.settings import SettingsStore
from boundary_tui.store.staff import StaffStore
from boundary_tui.store.timeline import TimelineStore


class Store:
    """One practice database, opened and brought up to the current schema."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Clock | None = None,
        timeout: float = BUSY_TIMEOUT_SECONDS,
        create: bool = True,
    ) -> None:
        self.path = Path(path).expanduser().absolute()
        self.clock: Clock = clock or SystemClock()
        self._timeout = timeout
        self._local = threading.local()
        self._connections: list[Database] = []
        self._lock = threading.Lock()
        self._create = create
        migrate(self.db)
        self.settings = SettingsStore(self)
        self.staff = StaffStore(self)
        self.clinicians = ClinicianStore(self)
        self.patients = PatientStore(self)
        self.concerns = ConcernStore(self)
        self.appointments = AppointmentStore(self)
        self.contacts = ContactStore(self)
        self.actions = ActionStore(self)
        self.timeline = TimelineStore(self)

    @property
    def db(self) -> Database:
        """This thread's connection (opened on first use)."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = open_database(self.path, timeout=self._timeout, create=self._create)
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def now(self) -> datetime:
        """The current moment, from the store's clock (UTC)."""
        return self.clock.now()

    def close(self) -> None:
        """Close every connection this store opened, in any thread."""
        with self._lock:
            connections, self._connections = self._connections, []
        for db in connections:
            try:
                db.close()
            except Exception:  # noqa: BLE001 - closing is best effort at shutdown
                pass
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
