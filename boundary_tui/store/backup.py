"""A consistent copy of the practice database, taken while desks keep working.

SQLite's online backup API copies every page within one read transaction: in
WAL mode that is a snapshot of the last commit, and writers carry on (into the
WAL) while it is taken. The copy is switched to a single self-contained file
(no -wal/-shm beside it), created private (0600) and never over an existing
file, then checked with `store.verify` so the person knows it is usable.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from boundary_tui.core.errors import StoreError
from boundary_tui.store.connection import describe
from boundary_tui.store.verify import Report, read_only, verify


@dataclass(frozen=True)
class BackupResult:
    """Where the copy is, how big, and what verify said about it."""

    dest: Path
    size: int
    report: Report


def _check_destination(dest: Path) -> None:
    if dest.exists() or dest.is_symlink():
        raise StoreError(f"{dest} already exists: backup never overwrites a file. Choose a new name.")
    folder = dest.parent
    if not folder.exists():
        raise StoreError(f"The folder {folder} does not exist: create it first, or choose another place.")
    if not folder.is_dir():
        raise StoreError(f"{folder} is not a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"Cannot write to the folder {folder} (permission denied): choose another place.")


def _remove(dest: Path) -> None:
    for path in (dest, Path(f"{dest}-journal"), Path(f"{dest}-wal"), Path(f"{dest}-shm")):
        try:
            path.unlink()
        except OSError:
            pass


def backup(source: Path, dest: Path) -> BackupResult:
    """Copy the database at `source` to the new file `dest`, then verify the copy."""
    dest = Path(dest).expanduser().absolute()
    _check_destination(dest)
    with read_only(Path(source)) as src:
        try:
            fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            raise StoreError(f"{dest} already exists: backup never overwrites a file. Choose a new name.") from None
        except OSError as error:
            raise StoreError(f"Cannot create {dest}: {error.strerror or error}.") from None
        copy = None
        try:
            copy = sqlite3.connect(dest)
            src.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.close()
            copy = None
        except (sqlite3.Error, OSError) as error:
            if copy is not None:
                copy.close()
            _remove(dest)
            raise StoreError(f"The backup was not made: {describe(error, dest)}") from None
    return BackupResult(dest=dest, size=dest.stat().st_size, report=verify(dest, thorough=True))
