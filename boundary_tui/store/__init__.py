"""The practice database: one SQLite file shared by every desk.

`Store` opens (and migrates) the file and hands out one small repository per
concept: `staff`, `clinicians`, `patients`, `concerns`, `appointments`,
`contacts`, `actions` and `timeline` (read-only). Each
thread gets its own connection, so a save running in a worker thread never
blocks the desk's lookups. Nothing here imports Textual.

A desk must show its banners even when the file cannot be written (made
read-only, a full disk, another program holding the write lock): opened with
`read_only_ok`, a read-only file is read instead of refused, signing in keeps
its events in memory (`unrecorded`) until they can be written, and
`write_problem()` says why saves are refused meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from boundary_tui.core.clock import Clock, SystemClock
from boundary_tui.core.errors import BoundaryError, StoreError
from boundary_tui.core.times import to_db
from boundary_tui.store import connection, facts
from boundary_tui.store.connection import file_problem, immediate, open_connection, raises_store_error
from boundary_tui.store.db import Db
from boundary_tui.store.schema import LATEST_VERSION, migrate, version_of
from boundary_tui.store.settings import SettingsStore
from boundary_tui.store.sign_in_events import Unrecorded, record_kept
from boundary_tui.store.staff import StaffStore

if TYPE_CHECKING:
    from boundary_tui.store.actions import ActionStore
    from boundary_tui.store.appointments import AppointmentStore
    from boundary_tui.store.attachments import AttachmentStore
    from boundary_tui.store.checkpoints import CheckpointStore
    from boundary_tui.store.clinicians import ClinicianStore
    from boundary_tui.store.concerns import ConcernStore
    from boundary_tui.store.contacts import ContactStore
    from boundary_tui.store.disclosures import DisclosureStore
    from boundary_tui.store.patients import PatientStore
    from boundary_tui.store.timeline import TimelineStore


WORKER_CACHE_KIB = 256
"""SQLite's page cache of a connection opened on a worker thread, in KiB (the desk's own thread: `DESK_CACHE_KIB`)."""

DESK_CACHE_KIB = 1024
"""SQLite's page cache of a desk's own connection, in KiB (`Store(cache_kib=...)`; SQLite's default is 2 MB).

That connection reads a patient and a record at a time (lookups run on a worker's). Over a
day its cache filled to 2 MB, mostly with pages of records read once: at 1 MB a shorter desk
day ran 0.8–1.2 MB lower (SQLite's high-water 3.3 → 2.4 MB), and a lookup still finds its
pages cached (the lookup benchmark reads 1.5× raw FTS5 at 1 MB as at 2 MB; 1.8× at 512 KiB)."""


class Store:
    """One practice database, opened and brought up to the current schema."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Clock | None = None,
        timeout: float | None = None,
        create: bool = True,
        on_connect: Callable[[Db], object] | None = None,
        read_only_ok: bool = False,
        cache_kib: int | None = None,
    ) -> None:
        """`on_connect` runs on every connection this store opens, in any thread
        (tests use it to simulate a full disk with `PRAGMA max_page_count`).
        `timeout`: how long a write waits for a lock (default `connection.BUSY_TIMEOUT_SECONDS`).
        `read_only_ok`: open a file this user cannot write read-only instead of refusing it (the desk).
        `cache_kib`: SQLite's page cache of the connection on the main thread (the desk: `DESK_CACHE_KIB`);
        None keeps SQLite's default. Workers' connections keep `WORKER_CACHE_KIB` either way."""
        self.path = Path(path).expanduser().absolute()
        self.clock: Clock = clock or SystemClock()
        self._timeout = connection.BUSY_TIMEOUT_SECONDS if timeout is None else timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._create = create
        self._identity: tuple[int, int] | None = None
        self._seen: tuple[int, int] | None = None
        """(size, modification time) of the file when its header was last found whole."""
        self._size: int | None = None
        self._fault: str | None = None
        """Why this desk may not use the file any more, once it has been found damaged."""
        self._on_connect = on_connect
        self._read_only_ok = read_only_ok
        self._cache_kib = cache_kib
        self.unrecorded = Unrecorded()
        """Sign-in events this desk could not write yet (see `store.sign_in_events`)."""
        try:
            if version_of(self.conn) != LATEST_VERSION:
                migrate(self.db, clock=self.clock)
        except sqlite3.Error as error:  # a full disk or a failing one while creating or upgrading the file
            self.close()
            raise StoreError(connection.describe(error, self.path)) from None
        self._reseal_copy()
        self.settings = SettingsStore(self)
        self.staff = StaffStore(self)

    def _reseal_copy(self) -> None:
        """A file restored from a backup starts SQLite's structure count again (see `store.verify`):
        record its structure once more, so a later change to it shows. Nothing else is resealed.

        Best effort at start: a file that cannot be read here says so, in the desk's words, on first use.
        """
        try:
            conn = self.conn
            row = conn.execute("SELECT cookie, schema_sha256 FROM schema_seals ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                return
            cookie, digest = facts.schema_fingerprint(conn)
            if digest == row[1] and cookie < row[0]:
                with immediate(self.db):
                    facts.seal(self.db, "copied from a backup", at=to_db(self.now()))
        except (sqlite3.Error, BoundaryError):
            return  # before schema 6 (no seals), or a file that the first real use will describe

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

    @cached_property
    def contacts(self) -> ContactStore:
        from boundary_tui.store.contacts import ContactStore

        return ContactStore(self)

    @cached_property
    def actions(self) -> ActionStore:
        from boundary_tui.store.actions import ActionStore

        return ActionStore(self)

    @cached_property
    def checkpoints(self) -> CheckpointStore:
        from boundary_tui.store.checkpoints import CheckpointStore

        return CheckpointStore(self)

    @cached_property
    def attachments(self) -> AttachmentStore:
        from boundary_tui.store.attachments import AttachmentStore

        return AttachmentStore(self)

    @cached_property
    def disclosures(self) -> DisclosureStore:
        from boundary_tui.store.disclosures import DisclosureStore

        return DisclosureStore(self)

    @cached_property
    def timeline(self) -> TimelineStore:
        from boundary_tui.store.timeline import TimelineStore

        return TimelineStore(self)

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use), after checking the file is still ours.

        Plain `sqlite3`: what the sign-in screen reads goes through this; the
        repositories use the same connection through `db` (`store/db.py`).
        """
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "read_only", False) and os.access(self.path, os.W_OK):
            # Opened read-only, and the file is writable again: a connection that can save takes its place.
            self._local.conn = None
            with self._lock:
                self._connections.remove(conn)
            conn.close()
            conn = None
        if conn is None:
            # Only the first connection may create the file: a worker thread opening
            # later must never create a fresh, empty database in its place.
            create = self._create and self._identity is None
            read_only = self._read_only_ok and self.path.exists() and not os.access(self.path, os.W_OK)
            conn = open_connection(self.path, timeout=self._timeout, create=create, read_only_ok=self._read_only_ok)
            self._local.conn = conn
            self._local.read_only = read_only
            with self._lock:
                self._connections.append(conn)
            this_thread = threading.current_thread()
            if this_thread is threading.main_thread():
                if self._cache_kib is not None:
                    conn.execute(f"PRAGMA cache_size = -{int(self._cache_kib)}")
            else:
                # A desk runs all day: a worker's connection (a save, a view put on the record) lives as
                # long as its thread, and each SQLite page cache grows to 2 MB; a worker needs few pages.
                conn.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")
                # And when the thread ends, its connection goes with it (kept, it stayed open all day).
                weakref.finalize(this_thread, self._let_go, conn)
            if self._on_connect is not None:
                self._on_connect(self.db)
        self._check_identity()
        return conn

    @property
    def db(self) -> Db:
        """This thread's connection as the repositories use it (`store/db.py`; the same connection as `conn`)."""
        conn = self.conn
        db: Db | None = getattr(self._local, "db", None)
        if db is None or db.conn is not conn:
            db = self._local.db = Db(conn)
        return db

    def _check_identity(self) -> None:
        """Refuse to go on if the file was deleted, moved, replaced, emptied, cut short or overwritten.

        SQLite would carry on writing into a deleted file (lost for good when the
        desk closes), into someone else's replacement, or, answering from pages it
        has cached, into a file that no longer holds the practice, and confirm
        those saves; so every use checks that the path still names the file opened
        at start (~2 µs), and looks at the file again whenever its size or time
        changed (a checkpoint, another desk, or damage). Damage is final for this
        desk: the file is not used again until boundary-tui restarts.
        """
        if self._fault is not None:
            raise StoreError(self._fault)
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise StoreError(
                f"The database {self.path} has been deleted or moved while this desk was using it. "
                "Nothing more will be saved from this desk: restore the file (see README: backups) "
                "and restart boundary-tui."
            ) from None
        identity = (stat.st_dev, stat.st_ino)
        if self._identity is None:
            self._identity = identity
        elif identity != self._identity:
            raise StoreError(
                f"The database {self.path} has been replaced by another file while this desk was using it. "
                "Nothing more will be saved from this desk: restart boundary-tui to use the new file."
            )
        seen = (stat.st_size, stat.st_mtime_ns)
        if seen == self._seen:
            return
        if problem := file_problem(self.path, stat.st_size, self._size):
            self._fault = (
                f"The database {self.path} {problem} while this desk was using it. "
                "Nothing more will be saved from this desk: restore the latest backup (see README: backups), "
                "check that the latest entries are in it, and restart boundary-tui."
            )
            raise StoreError(self._fault)
        self._seen, self._size = seen, stat.st_size

    @raises_store_error
    def data_version(self) -> int:
        """A number that changes whenever another connection (any desk) commits.

        Cheap enough (~4 µs) to poll every second for live refresh; only meaningful
        while this thread's connection holds no open transaction.
        """
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @raises_store_error
    def patient_version(self, patient_id: int) -> tuple[object, ...]:
        """A value that changes whenever anything on one patient's timeline changes.

        Evidence rows are append-only, so counting them (index range scans, tens of
        µs) tells a screen whether this patient's record grew, without reloading a
        timeline of thousands of entries every time another desk saves anything.
        The last value counts views and disclosures (a screen that records its own
        view can tell that nothing else changed: `views_only_since`).
        """
        row = self.db.execute(
            """SELECT (SELECT count(*) FROM contacts WHERE patient_id = :p),
                      (SELECT count(*) FROM actions WHERE patient_id = :p),
                      (SELECT count(*) FROM concern_changes WHERE patient_id = :p),
                      (SELECT count(*) FROM booking_overrides WHERE patient_id = :p),
                      (SELECT count(*) FROM override_reviews r JOIN booking_overrides o ON o.id = r.override_id
                       WHERE o.patient_id = :p),
                      (SELECT count(*) FROM appointment_changes WHERE patient_id = :p),
                      (SELECT max(updated_at) FROM concerns WHERE patient_id = :p),
                      (SELECT updated_at FROM patients WHERE id = :p),
                      (SELECT count(*) FROM attachments WHERE patient_id = :p),
                      (SELECT count(*) FROM disclosures WHERE patient_id = :p)""",
            {"p": patient_id},
        ).fetchone()
        return tuple(row)

    def write_problem(self) -> str | None:
        """Why this desk's saves are refused now, if they are (cheap: nothing is written to find out).

        The file read-only, or sign-in events still kept in memory since a write
        failed (a full disk, a lock another program holds: only a write finds those)."""
        if self.path.exists() and not os.access(self.path, os.W_OK):
            return (
                f"The database {self.path} is read-only: banners and markers are shown, but nothing can be "
                "saved. Ask whoever manages the practice server to make it writable."
            )
        if self.unrecorded:
            return f"Signing in could not be recorded yet, and nothing can be saved now. {self.unrecorded.reason}"
        return None

    @raises_store_error
    def record_unrecorded(self) -> int:
        """Write the sign-in events kept in memory (see `store.sign_in_events`); how many were written.

        Raises `CannotWrite` (they stay kept) while the file still cannot be written."""
        if not self.unrecorded:
            return 0
        with self.unrecorded.taken() as kept, immediate(self.db):
            record_kept(self.db, kept)
        return len(kept)

    @staticmethod
    def views_only_since(before: tuple[object, ...] | None, after: tuple[object, ...], views: int = 1) -> bool:
        """Whether `after` is `before` plus exactly `views` views or disclosures and nothing else."""
        if before is None or len(before) != len(after) or before[:-1] != after[:-1]:
            return False
        return isinstance(before[-1], int) and after[-1] == before[-1] + views

    def now(self) -> datetime:
        """The current moment, from the store's clock (UTC)."""
        return self.clock.now()

    def _let_go(self, conn: sqlite3.Connection) -> None:
        """Close the connection of a thread that has ended."""
        with self._lock:
            if conn not in self._connections:
                return  # closed already (`close`)
            self._connections.remove(conn)
        try:
            conn.close()
        except sqlite3.Error:  # closing is best effort: the thread is gone
            pass

    def close(self) -> None:
        """Close every connection this store opened, in any thread."""
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing is best effort at shutdown
                pass
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
