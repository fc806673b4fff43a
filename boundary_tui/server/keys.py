"""Reading the service account's `authorized_keys` and adding one desk's line to it."""

from __future__ import annotations

import os
from pathlib import Path

from boundary_tui.core.authorized_keys import KeyLine, parse_file
from boundary_tui.core.text import printable
from boundary_tui.core.trust import AccountFacts, Problem
from boundary_tui.server import ServerError

MAX_KEY_FILE_BYTES = 1_000_000
"""Larger than any real `authorized_keys`: anything bigger is not one."""


def read_text(path: Path) -> str:
    """A small text file (a public key, an `authorized_keys`), or a plain `ServerError`."""
    shown = printable(str(path), single_line=True)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ServerError(f"There is no file {shown}.") from None
    except IsADirectoryError:
        raise ServerError(f"{shown} is a folder, not a file.") from None
    except OSError as error:
        raise ServerError(f"{shown} cannot be read: {error.strerror or error}.") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise ServerError(f"{shown} is far too big to be a key file.")
    return data.decode("utf-8", errors="replace")


def read_key_lines(path: Path) -> tuple[list[KeyLine], list[Problem]]:
    """The key lines of an `authorized_keys` file (none if it does not exist)."""
    if not path.exists():
        return [], []
    return parse_file(read_text(path))


def append_line(path: Path, line: str, account: AccountFacts) -> None:
    """Add `line` at the end of the account's `authorized_keys`, on a line of its own, and flush it to disk."""
    try:
        existing = path.read_bytes() if path.exists() else b""
        prefix = b"\n" if existing and not existing.endswith(b"\n") else b""
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, prefix + line.encode("utf-8") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise ServerError(
            f"{printable(str(path), single_line=True)} could not be written ({error.strerror or error}): "
            "`boundary-tui server init` (as root) prepares it. Nothing was added."
        ) from None
    if os.geteuid() == 0:
        os.chown(path, account.uid, account.gid)
