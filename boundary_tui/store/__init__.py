"""The practice database: one SQLite file shared by every desk.

`Store` opens (and migrates) the file and hands out one small repository per
concept: `staff`, `clinicians`, `patients`, `concerns`, `appointments`. Each
thread gets its own connection, so a save running in a worker thread never
blocks the desk's lookups. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from boundary_tui.core.clock import Clock, SystemClock
from boundary_tui.store.connection import BUSY_TIMEOUT_SECONDS, open_database
from boundary_tui.store.schema import migrate
from boundary_tui.store.settings import SettingsStore
from boundary_tui.store.staff import StaffStore

if TYPE_CHECKING:
    from boundary_tui.store.appointments import AppointmentStore
    from boundary_tui.store.clinicians import ClinicianStore
    from boundary_tui.store.concerns import ConcernStore
    from boundary_tui.store.patients import PatientStore


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

    # The repositories below (and the rules they import) load on first use: the
    # sign-in screen needs only staff and settings, and comes up sooner without them.

    @cached_property
    def clinicians(self) -> ClinicianStore:
        from boundary_tui.store.clinicians import ClinicianStore

        return ClinicianStore(self)

    @cached_property
    def patients(self) -> PatientStore:
        from boundary_tui.store.patients import PatientStore

        return PatientStore(self)

    @cached_property
    def concerns(self) -> ConcernStore:
        from boundary_tui.store.concerns import ConcernStore

        return ConcernStore(self)

    @cached_property
    def appointments(self) -> AppointmentStore:
        from boundary_tui.store.appointments import AppointmentStore

        return AppointmentStore(self)

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
