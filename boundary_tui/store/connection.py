"""Opening the practice database safely, and writing to it without losing anything.

Every connection gets the same settings: foreign keys on (SQLite leaves them
off per connection), a busy timeout so several desks can share the file, WAL
so readers never wait for writers, and `synchronous=FULL` so a save the app has
confirmed survives a power cut. Problems with the file itself (missing folder,
read-only, not a database) become a `StoreError` with a plain message, and so
does any SQLite or OS error met inside a public store method
(`raises_store_error`): nothing above the store sees `sqlite3`.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from boundary_tui.core.errors import CannotWrite, StoreError
from boundary_tui.core.errors import DatabaseBusy as DatabaseBusy  # defined beside StoreError; still importable here
from boundary_tui.store.db import Db

BUSY_TIMEOUT_SECONDS = 5.0
"""How long a save waits for a lock that nobody releases before giving up."""

EMPTY_FILE_GRACE_SECONDS = 0.3
"""How long an empty database file may take to get its first page (another desk creating it)."""

MAX_QUEUE_WAITS = 12
"""Busy timeouts a save may wait in a queue of other desks' saves (a minute at 5 s) before it gives up."""

P = ParamSpec("P")
R = TypeVar("R")


def store_error(error: BaseException, path: Path | str | None = None) -> StoreError:
    """The `StoreError` to raise for a SQLite or OS error (`DatabaseBusy` when it only had to wait,
    `CannotWrite` when the file cannot be written but can still be read)."""
    message = describe(error, path)
    if _is_busy(error):
        return DatabaseBusy(message)
    if _cannot_write(error):
        return CannotWrite(message)
    return StoreError(message)


def _is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _cannot_write(error: BaseException) -> bool:
    """A write refused by the file or the disk (read-only, full, failing to write), not by damage."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
        return True
    text = str(error).lower()
    return any(sign in text for sign in ("readonly", "read-only", "disk is full", "disk i/o"))


def raises_store_error(method: Callable[P, R]) -> Callable[P, R]:
    """Make `method` a boundary of the store: a SQLite or OS error inside it comes out as a `StoreError`.

    Converted once, here, rather than in each method or in each caller: a screen
    then catches `BoundaryError` and shows `str(error)`, already written for the
    desk, and no module above the store imports `sqlite3`. Every public method of
    a repository gets this by itself (`Repo.__init_subclass__`). What is already
    a `BoundaryError` (a rule's refusal, a fault found earlier) passes through as
    it is. Inside the store, below the boundary, SQLite errors stay themselves:
    `immediate()` still sees an `IntegrityError` and rolls back.
    """

    @functools.wraps(method)
    def boundary(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (sqlite3.Error, OSError) as error:
            raise store_error(error) from None

    return boundary


def open_database(path: Path, *, timeout: float = BUSY_TIMEOUT_SECONDS, create: bool = True) -> Db:
    """A configured connection to the database at `path`, as the repositories use it (see `open_connection`)."""
    return Db(open_connection(path, timeout=timeout, create=create))


def open_connection(
    path: Path, *, timeout: float = BUSY_TIMEOUT_SECONDS, create: bool = True, read_only_ok: bool = False
) -> sqlite3.Connection:
    """A configured connection to the database at `path`.

    In autocommit mode (`isolation_level=None`): a statement outside an explicit
    transaction (`immediate()`) commits by itself, and none is ever left open
    by Python's sqlite3 to hold the write lock (see `store/db.py`).
    Creates the folder (0700) and file (0600) when allowed and missing; refuses
    with a clear `StoreError` when the file cannot be used. `read_only_ok`: a file
    this user cannot write is opened read-only instead of refused (the desk: staff
    must still see the banners).
    """
    path = Path(path).expanduser()
    read_only = _check_file(path, create=create, read_only_ok=read_only_ok)
    try:
        if read_only:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=timeout,
                                   check_same_thread=False, isolation_level=None)  # fmt: skip
        else:
            conn = sqlite3.connect(path, timeout=timeout, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as error:
        raise store_error(error, path) from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it, from the first query
        # Reading the schema is the first thing that fails on a file that is not
        # a database (random bytes, truncated, encrypted...).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not read_only and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as error:
        conn.close()
        raise store_error(error, path) from None
    return conn


def _check_file(path: Path, *, create: bool, read_only_ok: bool = False) -> bool:
    """Refuse early, with a reason, anything SQLite would fail on later. Returns whether to open it read-only."""
    folder = path.parent
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file.")
        refuse_empty(path)
        if not os.access(path, os.R_OK):
            raise StoreError(f"The database {path} cannot be read by this user: check its permissions.")
        folder_writable = os.access(folder, os.W_OK | os.X_OK)
        if not os.access(path, os.W_OK):
            if read_only_ok and folder_writable:  # (SQLite reads it beside the -shm file it makes there)
                return True
            raise StoreError(
                f"The database {path} is read-only: nothing could be saved. "
                "Ask whoever manages the practice server to make it writable."
            )
        if not folder_writable:
            raise StoreError(
                f"The folder {folder} is read-only: the database needs to write its journal files next to it."
            )
        return False
    if not create:
        raise StoreError(f"There is no database at {path}.")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Create the file ourselves so it is private from the first byte.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        return False  # another desk created it a moment ago: fine
    except OSError as error:
        raise StoreError(f"Cannot create the database {path}: {error.strerror}.") from None
    return False


def refuse_empty(path: Path) -> None:
    """Refuse an existing database file of 0 bytes instead of quietly starting a new practice in it.

    SQLite takes an empty file for a new, empty database: a practice database
    emptied by accident would come back as a first run, its evidence gone without
    a word. A desk creating the file this very moment fills it within
    milliseconds, so an empty file gets a short grace before the refusal.
    """
    deadline = time.monotonic() + EMPTY_FILE_GRACE_SECONDS
    while _size(path) == 0:
        if time.monotonic() >= deadline:
            raise StoreError(
                f"The database {path} is empty (0 bytes): it has been emptied or cut short, and nothing in it "
                "can be used. Restore the latest backup (see README: backups). To start a new practice "
                "instead, delete the empty file first."
            )
        time.sleep(0.02)


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def file_problem(path: Path, size: int, previous_size: int | None) -> str | None:
    """What happened to a database file that was fine a moment ago, in words; None if it still looks whole.

    For a desk to notice the file emptied, cut short or overwritten under it:
    SQLite keeps answering from pages it has cached and would confirm saves into
    a file that no longer holds the practice. The app never VACUUMs, so the file
    never shrinks. The header is read through a fresh read-only SQLite connection,
    never by opening the file directly: closing any other descriptor of the file
    would drop the locks SQLite holds on it, and other desks could then delete the
    write-ahead log under this one.
    """
    if size == 0:
        return "has been emptied (it is now 0 bytes)"
    if previous_size is not None and size < previous_size:
        return "has been cut short"
    # Twice: as SQLite reads it (the write-ahead log first), then the file alone (`immutable`: no log,
    # no locks), for only its first bytes. A recent save often leaves the first page in the log,
    # where the first reading finds it whole however the file itself was overwritten. The file
    # alone may be caught mid-checkpoint by the second reading (other desks write it meanwhile):
    # only a header that is not SQLite's at all counts there, never "malformed".
    for mode, signs in (("ro", ("not a database", "malformed", "encrypted")), ("ro&immutable=1", ("not a database",))):
        try:
            check = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        except sqlite3.Error:
            return None  # cannot open it at all: the next use says why, more precisely
        try:
            check.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            if any(sign in str(error) for sign in signs):
                return "has been overwritten with something that is not a database"
        finally:
            check.close()
    return None


def describe(error: BaseException, path: Path | str | None = None) -> str:
    """A sentence for staff from a SQLite or OS error."""
    where = f" ({path})" if path else ""
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return f"The disk holding the database is full{where}: nothing was saved. Free some space and try again."
    # "vtable constructor failed": the search index's own pages cannot be read.
    if any(sign in text for sign in ("not a database", "malformed", "file is encrypted", "vtable constructor failed")):
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
        return (
            f"The database{where} could not be read or written (a disk error: the disk may be full or failing): "
            "nothing was saved. Free some space, or ask whoever manages the practice server, and try again."
        )
    return f"Database problem{where}: {error}"


def _begin_immediate(db: Db) -> None:
    """`BEGIN IMMEDIATE`, waiting for the write lock as long as other desks are getting on with saving.

    SQLite gives up after the busy timeout however the time was spent. But a
    desk can wait that long behind a queue of other desks' saves (20 desks
    saving flat out on a loaded machine: SQLite's back-off lets desks that have
    just saved overtake one that has waited). That is not a stuck database, so
    the wait goes on, up to `MAX_QUEUE_WAITS` timeouts, while other desks keep
    committing (`PRAGMA data_version` moves). Only a lock held all through one
    timeout with no commit at all (a stuck program) is `DatabaseBusy` at once.
    """
    _refuse_read_only(db)
    for attempt in range(MAX_QUEUE_WAITS):
        version = db.execute("PRAGMA data_version").fetchone()[0]
        try:
            db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or attempt + 1 == MAX_QUEUE_WAITS:
                raise
            if db.execute("PRAGMA data_version").fetchone()[0] == version:
                raise  # nobody committed while this desk waited: the lock is stuck, not busy


def _refuse_read_only(db: Db) -> None:
    """Refuse a save, saying why, when the file has been made read-only since the desk opened it.

    A connection opened before the change could go on writing (permissions are
    checked when a file is opened), another opened after could not: whether a
    save worked would depend on which thread ran it. Checked before every write
    (~5 µs) so every desk says the same, and saves again once it is writable.
    """
    row = db.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    if path and not os.access(path, os.W_OK):
        raise CannotWrite(
            f"The database {path} has been made read-only: nothing was saved. Ask whoever manages the "
            "practice server to make it writable again, then save again."
        )


@contextmanager
def immediate(db: Db) -> Iterator[Db]:
    """A write transaction that takes the write lock first (`BEGIN IMMEDIATE`).

    Any transaction that reads and then writes must start this way: a deferred
    transaction that later tries to write fails at once with "database is
    locked" when another desk committed in between, whatever the busy timeout.
    Database faults come out as `StoreError` (`DatabaseBusy` when the lock was
    not free within the busy timeout); rule errors pass through untouched after
    the rollback.
    """
    try:
        _begin_immediate(db)
    except sqlite3.Error as error:
        raise store_error(error) from None
    try:
        yield db
    except sqlite3.Error as error:
        db.rollback()
        if isinstance(error, sqlite3.IntegrityError):
            raise
        raise store_error(error) from None
    except BaseException:
        db.rollback()
        raise
    try:
        db.commit()
    except sqlite3.Error as error:
        db.rollback()
        raise store_error(error) from None


@contextmanager
def writing(db: Db) -> Iterator[Db]:
    """Join the caller's write transaction if one is open, else open one (`immediate`).

    For small writes that are sometimes a step of a larger save (a removal taking
    effect with its action) and sometimes a save of their own (the demo, the CLI).
    """
    if db.conn.in_transaction:
        yield db
        return
    with immediate(db):
        yield db
