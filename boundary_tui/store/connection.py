"""Opening the practice database safely, and writing to it without losing anything.

Every connection gets the same settings: foreign keys on (SQLite leaves them
off per connection), a busy timeout so several desks can share the file, WAL
so readers never wait for writers, and `synchronous=FULL` so a save the app has
confirmed survives a power cut. Problems with the file itself (missing folder,
read-only, not a database) become a `StoreError` with a plain message.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from boundary_tui.core.errors import StoreError

BUSY_TIMEOUT_SECONDS = 5.0
"""How long a save waits for another desk's save before giving up."""


def open_database(path: Path, *, timeout: float = BUSY_TIMEOUT_SECONDS, create: bool = True) -> Database:
    """A configured connection to the database at `path`.

    Creates the folder (0700) and file (0600) when allowed and missing; refuses
    with a clear `StoreError` when the file cannot be used.
    """
    path = Path(path).expanduser()
    _check_file(path, create=create)
    try:
        conn = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(describe(error, path)) from None
    try:
        # No sqlite-utils plugins: we use none, and discovering them scans every
        # installed package (~15 ms at each start).
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        # Reading the schema is the first thing that fails on a file that is not
        # a database (random bytes, truncated, encrypted...).
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as error:
        conn.close()
        raise StoreError(describe(error, path)) from None
    return db


def _check_file(path: Path, *, create: bool) -> None:
    """Refuse early, with a reason, anything SQLite would fail on later."""
    folder = path.parent
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file.")
        if not os.access(path, os.R_OK):
            raise StoreError(f"The database {path} cannot be read by this user: check its permissions.")
        if not os.access(path, os.W_OK):
            raise StoreError(
                f"The database {path} is read-only: nothing could be saved. "
                "Ask whoever manages the practice server to make it writable."
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(
                f"The folder {folder} is read-only: the database needs to write its journal files next to it."
            )
        return
    if not create:
        raise StoreError(f"There is no database at {path}.")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Create the file ourselves so it is private from the first byte.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        return  # another desk created it a moment ago: fine
    except OSError as error:
        raise StoreError(f"Cannot create the database {path}: {error.strerror}.") from None


def describe(error: BaseException, path: Path | str | None = None) -> str:
    """A sentence for staff from a SQLite or OS error."""
    where = f" ({path})" if path else ""
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return f"The disk holding the database is full{where}: nothing was saved. Free some space and try again."
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return (
            f"The database file{where} is damaged or is not a boundary-tui database. "
            "Restore the latest backup (see README: backups)."
        )
    if "readonly" in text or "read-only" in text:
        return f"The database{where} is read-only: nothing could be saved."
    if "locked" in text or "busy" in text:
        return (
            f"The database{where} is busy: another desk has held it for too long. "
            "Nothing was lost; try again in a moment."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return f"The disk holding the database is full{where}: nothing was saved. Free some space and try again."
    if "unable to open" in text:
        return f"The database{where} cannot be opened: check that the file and its folder exist and are accessible."
    if "disk i/o" in text:
        return f"The database{where} could not be read or written (disk error): nothing was saved."
    return f"Database problem{where}: {error}"


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock first (`BEGIN IMMEDIATE`).

    Any transaction that reads and then writes must start this way: a deferred
    transaction that later tries to write fails at once with "database is
    locked" when another desk committed in between, whatever the busy timeout.
    Database faults come out as `StoreError`; rule errors pass through untouched
    after the rollback.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreError(describe(error)) from None
    try:
        yield db
    except sqlite3.Error as error:
        db.rollback()
        if isinstance(error, sqlite3.IntegrityError):
            raise
        raise StoreError(describe(error)) from None
    except BaseException:
        db.rollback()
        raise
    try:
        db.commit()
    except sqlite3.Error as error:
        db.rollback()
        raise StoreError(describe(error)) from None
