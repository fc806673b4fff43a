"""Which processes have the practice database open: before a restore, nothing may.

Two ways of looking, because either alone can miss one:

* **locks** (`fcntl` F_GETLK, which only asks and takes nothing): in WAL mode every
  SQLite connection, idle or not, holds a shared lock on the database file's lock
  bytes and on the `-shm` file's "dead man switch" byte for as long as it is open.
  The kernel answers for every process of every account, with its pid;
* **open files** (`/proc/PID/fd`): any process with the database, its `-wal` or its
  `-shm` open, SQLite or not (an `immutable` reader, a program copying it). Root
  sees every process; another account sees its own (which, with the file 0600, are
  the only others that could open it).
"""

from __future__ import annotations

import fcntl
import os
import pwd
import struct
from dataclasses import dataclass
from pathlib import Path

from boundary_tui.core.text import printable

PENDING_BYTE = 0x40000000
"""SQLite's lock bytes in the database file: PENDING, RESERVED, then 510 SHARED bytes (os_unix.c)."""
LOCK_BYTES = 2 + 510

SHM_LOCKS = 120
"""The `-shm` file's lock bytes: 8 WAL locks from byte 120, then the dead man switch at 128 (os_unix.c)."""
SHM_LOCK_BYTES = 9

_FLOCK = "hhqqi4x"
"""`struct flock` on 64-bit Linux: type, whence, start, len, pid (and padding)."""


@dataclass(frozen=True)
class Holder:
    """A process that has the database open."""

    pid: int
    """0 when the lock's owner is in another container (the kernel cannot name it here)."""
    command: str
    account: str

    def describe(self) -> str:
        if self.pid <= 0:
            return "a process in another container or namespace (its lock is on the file)"
        return f"process {self.pid} ({self.command}, account {self.account})"


def lock_holder(path: Path, start: int, length: int) -> int | None:
    """The pid holding a lock on `length` bytes of `path` from `start` (0 if unknown), or None if nobody does."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        query = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
    except OSError:
        return None
    finally:
        os.close(fd)
    kind, _, _, _, pid = struct.unpack(_FLOCK, answer)
    return None if kind == fcntl.F_UNLCK else max(pid, 0)


def _describe(pid: int) -> tuple[str, str]:
    """(command line, account) of a process, as far as /proc shows them."""
    proc = Path("/proc") / str(pid)
    try:
        raw = (proc / "cmdline").read_bytes().replace(b"\0", b" ").strip()
        command = printable(raw.decode("utf-8", errors="replace"), single_line=True)[:120] or "?"
    except OSError:
        command = "?"
    try:
        uid = proc.stat().st_uid
        account = pwd.getpwuid(uid).pw_name
    except (OSError, KeyError):
        account = "?"
    return command, account


def _open_by(targets: set[tuple[int, int]]) -> set[int]:
    """Pids (not this one) with a file descriptor on any of `targets` ((device, inode) pairs)."""
    found: set[int] = set()
    me = os.getpid()
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return found
    for pid in pids:
        if pid == me:
            continue
        fds = Path("/proc") / str(pid) / "fd"
        try:
            names = os.listdir(fds)
        except OSError:  # not ours to see, or gone
            continue
        for name in names:
            try:
                st = os.stat(fds / name)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in targets:
                found.add(pid)
                break
    return found


def holders(db: Path) -> list[Holder]:
    """Every process found holding the database at `db` (its file, `-wal` or `-shm`) open; empty if none."""
    pids: set[int] = set()
    shm = Path(f"{db}-shm")
    for path, start, length in ((db, PENDING_BYTE, LOCK_BYTES), (shm, SHM_LOCKS, SHM_LOCK_BYTES)):
        if (pid := lock_holder(path, start, length)) is not None:
            pids.add(pid)
    targets = set()
    for path in (db, Path(f"{db}-wal"), shm, Path(f"{db}-journal")):
        try:
            st = os.stat(path)
        except OSError:
            continue
        targets.add((st.st_dev, st.st_ino))
    pids |= _open_by(targets)
    pids.discard(os.getpid())
    found = []
    for pid in sorted(pids):
        command, account = _describe(pid) if pid > 0 else ("?", "?")
        found.append(Holder(pid, command, account))
    return found
