"""Writing a document to a file: whole or not at all, private, never over something by accident.

The one file writer for everything the app hands out as a file: evidence
exports and warning-letter drafts. The bytes go to a temporary file in the
destination folder, are flushed to disk, and only then take the file's name (a
rename within one folder, atomic on POSIX). A full disk, a folder that is not
writable or an interrupted run leaves no half-written document behind. Both
name a patient: the files are private to the user (0600). A file problem is a
`DocumentError`, never a `StoreError`: the database is fine, the folder is not.

From the command line an existing file is replaced only with `--force`. From
the desk, documents go to a private folder (exports: `BOUNDARY_TUI_EXPORTS`,
else `boundary-tui exports` in the user's documents folder; letters: see
`letters`) through `delivery`, and a new one never replaces an earlier one
(`-2`, `-3`… are added).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO

import platformdirs

from boundary_tui.core.errors import BoundaryError

ENV_VAR = "BOUNDARY_TUI_EXPORTS"

_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


class DocumentError(BoundaryError):
    """The document (an export, a letter) could not be written; nothing was left behind."""


class DocumentExists(DocumentError):
    """The destination already exists and may not be replaced."""


def exports_dir() -> Path:
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(platformdirs.user_documents_dir()) / "boundary-tui exports"


def export_name(family_name: str, nhs_number: str, today: date, suffix: str) -> str:
    """`timeline-OBrien-9434765919-2026-11-23.html`: findable, and safe on any file system."""
    family = re.sub(r"[^A-Za-z0-9]+", "", family_name) or "patient"
    number = re.sub(r"[^0-9]+", "", nhs_number)
    return f"timeline-{family}-{number}-{today.isoformat()}{suffix}"


def _why(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is not writable by this user, or read-only)"
    return (error.strerror or str(error)).lower()


Content = bytes | Callable[[BinaryIO], None]
"""A document's bytes, or a function that writes them to an open file (a bundle of 100 MB is streamed)."""


def write_file(path: Path, data: Content, *, overwrite: bool = False, what: str = "export") -> Path:
    """Write `data` as the file `path`, atomically; returns the absolute path.

    Raises `DocumentExists` if the file exists and `overwrite` is false, and
    `DocumentError` with a plain message for anything else that stops it.
    `what` names the document in those messages ("export", "letter").
    """
    path = Path(path).expanduser().absolute()
    folder = path.parent
    if path.is_dir():
        raise DocumentError(f"{path} is a folder: give a file name for the {what}. Nothing was written.")
    if not folder.exists():
        raise DocumentError(f"The folder {folder} does not exist: create it first, or choose another place.")
    if not folder.is_dir():
        raise DocumentError(f"{folder} is not a folder. Nothing was written.")
    if path.exists() and not overwrite:
        raise DocumentExists(
            f"{path} already exists. Nothing was written: choose another name, or add --force to replace it."
        )
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise DocumentError(f"Cannot write in the folder {folder}: {_why(error)}. Nothing was written.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            _publish_new(temp, path)
        _sync_folder(folder)
    except FileExistsError:
        raise DocumentExists(
            f"{path} already exists. Nothing was written: choose another name, or add --force to replace it."
        ) from None
    except OSError as error:
        raise DocumentError(f"The {what} could not be written to {path}: {_why(error)}. Nothing was written.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return path


def _publish_new(temp: Path, path: Path) -> None:
    """Give the finished file its name only if nothing has that name (no window for overwriting)."""
    try:
        os.link(temp, path)  # fails with FileExistsError if the name was taken meanwhile
    except OSError as error:
        if isinstance(error, FileExistsError) or error.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links (some USB sticks, network shares): check, then rename.
        if path.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.rename(temp, path)


def _sync_folder(folder: Path) -> None:
    """Make the new name itself survive a power cut (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_new(data: Content, name: str, *, folder: Path | None = None, what: str = "export") -> Path:
    """Write a new document into a private folder (the exports folder unless told); never over an earlier one."""
    folder = folder or exports_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise DocumentError(
            f"The {what} could not be written: the folder {folder} could not be created ({_why(error)}). "
            "Nothing was written."
        ) from None
    stem, dot, suffix = name.rpartition(".")
    for attempt in range(1, 100):
        candidate = name if attempt == 1 else f"{stem}-{attempt}{dot}{suffix}"
        try:
            return write_file(folder / candidate, data, what=what)
        except DocumentExists:
            continue
    raise DocumentError(f"Too many {what}s for this patient today in {folder}: tidy the folder and try again.")
