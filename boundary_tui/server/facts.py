"""Facts from the operating system for the trust model's rules: owners, modes, accounts.

Each function reads (`stat`, `/etc/passwd`, `/etc/shadow`) and returns plain values
from `core.trust`; none changes anything.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from boundary_tui.core.trust import JOURNAL_SUFFIXES, AccountFacts, DatabaseFacts, PathFacts

SHADOW = Path("/etc/shadow")


def account_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return f"gid {gid}"


def path_facts(path: Path | str) -> PathFacts | None:
    """Owner and mode of `path` (following a symbolic link), or None if it does not exist."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return PathFacts(
        path=str(path),
        uid=st.st_uid,
        gid=st.st_gid,
        mode=stat.S_IMODE(st.st_mode),
        is_dir=stat.S_ISDIR(st.st_mode),
        owner=account_name(st.st_uid),
        group=group_name(st.st_gid),
    )


def database_facts(db: Path, *, neighbours: bool = False) -> DatabaseFacts:
    """The database, its folder, SQLite's files beside it, and the folders above.

    `neighbours`: also every other file in the folder (for `server check`; the
    desk only needs the database's own files).
    """
    db = Path(os.path.abspath(db))
    folder = db.parent
    journals = tuple(f for suffix in JOURNAL_SUFFIXES if (f := path_facts(f"{db}{suffix}")) is not None)
    others: list[PathFacts] = []
    if neighbours:
        own = {db.name, *(db.name + suffix for suffix in JOURNAL_SUFFIXES)}
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        others = [f for name in names if name not in own and (f := path_facts(folder / name)) is not None]
    ancestors = tuple(f for above in folder.parents if (f := path_facts(above)) is not None)
    return DatabaseFacts(
        path=str(db),
        file=path_facts(db),
        folder=path_facts(folder),
        journals=journals,
        others=tuple(others),
        ancestors=ancestors,
    )


def password_state(name: str) -> str:
    """`none`, `locked`, `set`, `empty` or `unknown` (shadow unreadable: not root), from `/etc/shadow`."""
    try:
        text = SHADOW.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "unknown"
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) > 1 and fields[0] == name:
            hashed = fields[1]
            if hashed == "":
                return "empty"
            if hashed.startswith("!"):
                return "locked"
            if hashed.startswith("*"):
                return "none"
            return "set"
    return "unknown"


def account_facts(name: str) -> AccountFacts | None:
    """The account called `name`, or None if there is none."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return AccountFacts(
        name=entry.pw_name,
        uid=entry.pw_uid,
        gid=entry.pw_gid,
        home=entry.pw_dir,
        shell=entry.pw_shell,
        password=password_state(name),
    )
