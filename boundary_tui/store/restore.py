"""Putting a backup back in place of the practice database, without ever making things worse.

Copying a backup over a live database, or leaving the old `-wal` beside a restored
file, corrupts it: SQLite would replay the old write-ahead log into the new file.
So `restore`:

1. refuses while any process holds the database open (`store.holders`: desks,
   backups, an `sqlite3` shell);
2. refuses a backup that does not pass `verify`;
3. copies the backup (SQLite's backup API: a consistent single file even if the
   backup has a `-wal` of its own) to a temporary file in the database's folder,
   flushes it to disk and verifies the copy;
4. with SQLite's own locks taken on the old database, so a desk starting this
   very moment waits instead of reading half a change: keeps the old database under
   a new name (a hard link), moves `-wal`, `-shm` and `-journal` aside (renamed with
   the time, never deleted), then renames the copy into place in one step, owned
   like the file it replaces, mode 0600.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from boundary_tui.core.errors import StoreError
from boundary_tui.core.text import printable
from boundary_tui.core.trust import JOURNAL_SUFFIXES
from boundary_tui.store.connection import describe
from boundary_tui.store.holders import LOCK_BYTES, PENDING_BYTE, SHM_LOCK_BYTES, SHM_LOCKS, Holder, holders
from boundary_tui.store.verify import Report, read_only, verify


class DesksOpen(StoreError):
    """The database is open somewhere: restoring now would pull it from under them."""

    def __init__(self, db: Path, found: list[Holder]) -> None:
        self.holders = found
        listed = "; ".join(h.describe() for h in found)
        super().__init__(
            f"The database {printable(str(db), single_line=True)} is in use: {listed}. Nothing was changed. "
            "Close every desk (ctrl+q) and stop anything else using it (a backup, an sqlite3 shell), "
            "then restore again."
        )


class BackupFailsVerify(StoreError):
    """The backup itself is damaged or does not pass the tamper-evidence check."""

    def __init__(self, backup: Path, report: Report) -> None:
        self.report = report
        first = report.first_bad_entry
        reason = first.message if first else "it did not pass verify"
        super().__init__(
            f"The backup {printable(str(backup), single_line=True)} does not pass verify ({reason}). "
            "Nothing was changed. Try an earlier backup (`boundary-tui verify --db BACKUP` checks one)."
        )


@dataclass(frozen=True)
class Restored:
    """What `restore` did."""

    db: Path
    backup: Path
    report: Report
    """`verify` on the restored database."""
    kept: list[Path] = field(default_factory=list)
    """The database as it was, and SQLite's files that were beside it, under their new names."""


def stamp_now() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def restore(backup: Path, db: Path, *, stamp: str | None = None) -> Restored:
    """Replace the database at `db` with a verified copy of `backup` (see the module's steps)."""
    backup = Path(os.path.abspath(Path(backup).expanduser()))
    db = Path(os.path.abspath(Path(db).expanduser()))
    _check_paths(backup, db)
    if found := holders(db):
        raise DesksOpen(db, found)
    report = verify(backup, thorough=True)
    if not report.ok:
        raise BackupFailsVerify(backup, report)
    stamp = stamp or stamp_now()
    temp = db.parent / f".{db.name}.restoring-{stamp}"
    _copy(backup, temp)
    try:
        copied = verify(temp, thorough=True)
        if not copied.ok:
            raise BackupFailsVerify(backup, copied)
        _own_like(temp, db)
        kept = _swap(temp, db, stamp)
    finally:
        for leftover in (temp, *(Path(f"{temp}{suffix}") for suffix in JOURNAL_SUFFIXES)):
            leftover.unlink(missing_ok=True)
    return Restored(db=db, backup=backup, report=verify(db, thorough=True), kept=kept)


def _check_paths(backup: Path, db: Path) -> None:
    shown_backup, shown_db = printable(str(backup), single_line=True), printable(str(db), single_line=True)
    if not backup.exists():
        raise StoreError(f"There is no backup at {shown_backup}.")
    if backup.is_dir():
        raise StoreError(f"{shown_backup} is a folder, not a backup file.")
    if db.is_dir():
        raise StoreError(f"{shown_db} is a folder, not a database file.")
    if db.exists() and os.path.samefile(backup, db):
        raise StoreError(f"{shown_backup} is the database itself: give the backup file to restore from.")
    folder = db.parent
    if not folder.is_dir():
        raise StoreError(f"The folder {printable(str(folder), single_line=True)} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"Cannot write to the folder {printable(str(folder), single_line=True)} (permission denied): "
            "run restore as the database's owner (or root)."
        )


def _copy(backup: Path, temp: Path) -> None:
    """A consistent single-file copy of the backup, private from its first byte and flushed to disk."""
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as error:
        raise StoreError(f"Cannot create {printable(str(temp))}: {error.strerror or error}.") from None
    copy = None
    try:
        with read_only(backup) as source:
            copy = sqlite3.connect(temp)
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.close()
            copy = None
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except (sqlite3.Error, OSError) as error:
        if copy is not None:
            copy.close()
        temp.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be copied: {describe(error, temp)} Nothing was changed.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _own_like(temp: Path, db: Path) -> None:
    """Owned like the database it replaces (or its folder, for a new one), mode 0600."""
    owner = db if db.exists() else db.parent
    st = os.stat(owner)
    if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (os.stat(temp).st_uid, os.stat(temp).st_gid):
        os.chown(temp, st.st_uid, st.st_gid)
    os.chmod(temp, 0o600)


def _aside(path: Path, stamp: str) -> Path:
    """A new name for a file kept aside: `practice.db.before-restore-20261123-093000` (never an existing one)."""
    candidate = path.with_name(f"{path.name}.before-restore-{stamp}")
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.name}.before-restore-{stamp}-{number}")
        number += 1
    return candidate


def _lock(path: Path, start: int, length: int) -> int | None:
    """SQLite's own write lock on `path`'s lock bytes, held through the swap (None if there is no file)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start, os.SEEK_SET)
    except OSError:
        os.close(fd)
        raise StoreError(
            f"The database {printable(str(path))} was opened a moment ago (a desk starting?). Nothing was changed: "
            "close it and restore again."
        ) from None
    return fd


def _swap(temp: Path, db: Path, stamp: str) -> list[Path]:
    """Keep the old database and its journals aside, then put the copy in its place in one rename."""
    locks = []
    kept: list[tuple[Path, Path]] = []
    try:
        for path, start, length in ((db, PENDING_BYTE, LOCK_BYTES), (Path(f"{db}-shm"), SHM_LOCKS, SHM_LOCK_BYTES)):
            if (fd := _lock(path, start, length)) is not None:
                locks.append(fd)
        if found := holders(db):
            raise DesksOpen(db, found)
        try:
            if db.exists():
                old = _aside(db, stamp)
                os.link(db, old)  # the old database keeps a name of its own; the swap below is atomic
                kept.append((db, old))
            for suffix in JOURNAL_SUFFIXES:
                journal = Path(f"{db}{suffix}")
                if journal.exists():
                    moved = _aside(journal, stamp)
                    os.rename(journal, moved)
                    kept.append((journal, moved))
            os.replace(temp, db)
        except OSError as error:
            for original, moved in reversed(kept):  # put everything back as it was
                if original == db:
                    moved.unlink(missing_ok=True)
                else:
                    os.rename(moved, original)
            raise StoreError(
                f"The database could not be replaced: {describe(error, db)} Nothing was changed."
            ) from None
        _sync_folder(db.parent)
    finally:
        for fd in locks:
            os.close(fd)
    return [moved for _, moved in kept]


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
