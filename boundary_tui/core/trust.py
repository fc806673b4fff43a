"""The trust model's rules about files and accounts: who may hold the database, in plain words.

On a practice server one service account owns the database (folder 0700, file
0600) and runs every desk; the people at the desks never hold the file. These
pure functions take facts gathered from the operating system (owners, modes,
the account) and say what breaks that model and how to fix it. Two users:

* `server check` (`audit_database`, `account_problems`, `ssh_path_problems`):
  strict, for the person setting the server up;
* the desk itself (`desk_refusal`): it will not start on a file that another
  account can change, or read, behind its back.

Gathering the facts is `boundary_tui.server.facts`; nothing here touches the disk.
"""

from __future__ import annotations

import stat
from typing import NamedTuple

from boundary_tui.core.attachments import INBOX_NAME
from boundary_tui.core.text import printable

JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside the database: whoever can write one can change the database."""

ROOT_UID = 0


# Named tuples, not frozen dataclasses: a desk checks its database with these before its first frame, and
# defining a frozen dataclass costs ~1 ms (its methods are generated with `exec`), a named tuple a sixth.


class Problem(NamedTuple):
    """One thing that breaks the model: what is wrong, and the command or step that fixes it."""

    what: str
    fix: str


class PathFacts(NamedTuple):
    """Who owns a file or folder and its mode, as `stat` says."""

    path: str
    uid: int
    gid: int
    mode: int
    """Permission bits, with setuid/setgid/sticky (`st_mode & 0o7777`)."""
    is_dir: bool
    owner: str
    """The owner's account name (or `uid 1234` when it has none)."""
    group: str

    @property
    def shown(self) -> str:
        return printable(self.path, single_line=True)

    @property
    def private(self) -> bool:
        """Nothing for the group or anyone else."""
        return self.mode & 0o077 == 0

    @property
    def others_can_write(self) -> bool:
        """The group or everyone may change it (for a folder: add, rename or remove what is in it)."""
        return bool(self.mode & (stat.S_IWGRP | stat.S_IWOTH))

    @property
    def others_can_read(self) -> bool:
        return bool(self.mode & (stat.S_IRGRP | stat.S_IROTH))

    @property
    def others_can_enter(self) -> bool:
        return bool(self.mode & (stat.S_IXGRP | stat.S_IXOTH))

    @property
    def sticky(self) -> bool:
        """A sticky folder (`/tmp`): others may add files, but not rename or remove anyone else's."""
        return bool(self.mode & stat.S_ISVTX)


class DatabaseFacts(NamedTuple):
    """The database file, its folder, the files beside it and the folders above."""

    path: str
    file: PathFacts | None
    """None when there is no database yet."""
    folder: PathFacts | None
    """None when the folder does not exist yet."""
    journals: tuple[PathFacts, ...] = ()
    """`-wal`, `-shm` and `-journal` files that exist."""
    others: tuple[PathFacts, ...] = ()
    """Any other file in the folder (copies kept by `restore`, stray backups)."""
    ancestors: tuple[PathFacts, ...] = ()
    """The folders above the database's folder, nearest first, up to `/`."""

    @property
    def shown(self) -> str:
        return printable(self.path, single_line=True)


class AccountFacts(NamedTuple):
    """The service account, as `/etc/passwd` and `/etc/shadow` describe it."""

    name: str
    uid: int
    gid: int
    home: str
    shell: str
    password: str
    """`none` (`*`: keys only), `locked` (`!`…), `set` (a password works), `empty`, or `unknown` (not root)."""


def mode_text(mode: int) -> str:
    return f"{mode & 0o7777:04o}"


def access_words(facts: PathFacts) -> str:
    """`the group staff can read and change it; everyone else can read it`: what the mode gives away."""
    parts = []
    for who, shift in ((f"the group {printable(facts.group, single_line=True)}", 3), ("everyone else", 0)):
        bits = (facts.mode >> shift) & 0o7
        if facts.is_dir:
            can = [words for bit, words in ((4, "list it"), (1, "enter it"), (2, "add, rename or remove files in it"))
                   if bits & bit]  # fmt: skip
        else:
            can = [" and ".join(word for bit, word in ((4, "read"), (2, "change")) if bits & bit) + " it"]
            can = [] if can == [" it"] else can
        if can:
            listed = ", ".join(can[:-1]) + " and " + can[-1] if len(can) > 1 else can[0]
            parts.append(f"{who} can {listed}")
    return "; ".join(parts)


def _owner_problem(facts: PathFacts, what: str, account: str, uid: int, fix: str) -> Problem | None:
    if facts.uid == uid:
        return None
    return Problem(
        f"{what} {facts.shown} belongs to {printable(facts.owner, single_line=True)}, not to the service "
        f"account {printable(account, single_line=True)}: every desk runs as {account}, and the database must "
        "be its alone.",
        fix,
    )


def audit_database(facts: DatabaseFacts, account: str, uid: int) -> list[Problem]:
    """Everything about the database's files that breaks the model, for `server check` (strict)."""
    problems: list[Problem] = []
    chown = f"chown {account}: "
    init = "`boundary-tui server init` sets it right."
    folder = facts.folder
    if folder is None:
        return [Problem(f"The database's folder for {facts.shown} does not exist.", init)]
    if problem := _owner_problem(folder, "The database's folder", account, uid, f"{chown}{folder.shown} ({init})"):
        problems.append(problem)
    if not folder.private:
        problems.append(
            Problem(
                f"The database's folder {folder.shown} is mode {mode_text(folder.mode)}: {access_words(folder)}. "
                "It must be the service account's alone (0700).",
                f"chmod 700 {folder.shown}",
            )
        )
    if facts.file is None:
        problems.append(Problem(f"There is no database at {facts.shown} yet.", init))
    else:
        problems += _file_problems(facts.file, "The database", account, uid)
    for journal in facts.journals:
        problems += _file_problems(journal, "SQLite's file", account, uid)
    for other in facts.others:
        if _is_inbox(facts, other):
            problems += _inbox_problems(other, account, uid)
            continue
        if not other.private or other.uid != uid:
            problems.append(
                Problem(
                    f"{other.shown}, in the database's folder, is mode {mode_text(other.mode)} and belongs to "
                    f"{printable(other.owner, single_line=True)}: a copy kept there holds the same personal data.",
                    f"chown {account}: {other.shown} && chmod 600 {other.shown} (or move it off the server)",
                )
            )
    for above in facts.ancestors:
        if above.others_can_write and not above.sticky:
            problems.append(
                Problem(
                    f"The folder {above.shown}, above the database, is mode {mode_text(above.mode)}: "
                    f"{access_words(above)}, so they could move the database's folder away and put another "
                    "in its place.",
                    f"chmod go-w {above.shown}",
                )
            )
        if above.uid not in (ROOT_UID, uid):
            problems.append(
                Problem(
                    f"The folder {above.shown}, above the database, belongs to "
                    f"{printable(above.owner, single_line=True)}, who could move the database's folder away.",
                    f"chown root: {above.shown}",
                )
            )
    return problems


def _is_inbox(facts: DatabaseFacts, other: PathFacts) -> bool:
    return other.is_dir and other.path.rstrip("/").rsplit("/", 1)[-1] == INBOX_NAME and facts.folder is not None


def scanner_can_drop(inbox: PathFacts, uid: int) -> bool:
    """The inbox is the service account's and a group may add files to it, and nothing more.

    Group-writable with the sticky bit (`chmod 3770`): the scanner's group adds
    files, but cannot rename or remove anyone else's (the service account's
    `.claimed` and `attached` folders); everyone else has no access at all."""
    return inbox.uid == uid and inbox.sticky and bool(inbox.mode & stat.S_IWGRP) and not inbox.mode & 0o007


def _inbox_problems(inbox: PathFacts, account: str, uid: int) -> list[Problem]:
    """The evidence inbox: the service account's; private, or a drop for one group (see `scanner_can_drop`)."""
    if inbox.uid == uid and (inbox.private or scanner_can_drop(inbox, uid)):
        return []
    problems = []
    if problem := _owner_problem(
        inbox, "The evidence inbox", account, uid, f"chown {account}: {inbox.shown}   (the scanner's group stays)"
    ):
        problems.append(problem)
    if not inbox.private and not (inbox.sticky and not inbox.mode & 0o007):
        problems.append(
            Problem(
                f"The evidence inbox {inbox.shown} is mode {mode_text(inbox.mode)}: {access_words(inbox)}. Files "
                "waiting there are evidence (and may be swapped before they are attached): only the service "
                "account, and at most one group allowed to add files, may use it.",
                f"chmod 700 {inbox.shown}   (or, for a scanner's group: chmod 3770 {inbox.shown})",
            )
        )
    return problems


def inbox_notes(facts: DatabaseFacts, uid: int) -> list[str]:
    """What `server check` says about an inbox a scanner's group may drop files into (not a break)."""
    notes = []
    for other in facts.others:
        if _is_inbox(facts, other) and scanner_can_drop(other, uid):
            notes.append(
                f"The evidence inbox {other.shown} is mode {mode_text(other.mode)}: the group "
                f"{printable(other.group, single_line=True)} can add files to it (a scanner's drop), but not read "
                "the database, nor rename or remove anyone else's files. Attached files move to its `attached` "
                "folder, the service account's alone. Make sure only the scanner is in that group."
            )
    return notes


def _file_problems(facts: PathFacts, what: str, account: str, uid: int) -> list[Problem]:
    problems = []
    if problem := _owner_problem(facts, what, account, uid, f"chown {account}: {facts.shown}"):
        problems.append(problem)
    if not facts.private:
        problems.append(
            Problem(
                f"{what} {facts.shown} is mode {mode_text(facts.mode)}: {access_words(facts)}. "
                "It must be the service account's alone (0600).",
                f"chmod 600 {facts.shown}",
            )
        )
    return problems


def desk_refusal(facts: DatabaseFacts, uid: int, account: str) -> str | None:
    """Why a desk running as `uid` must not start on this database, or None.

    The desk refuses a file that another account can change behind its back (a
    file, folder or SQLite journal writable by the group or everyone, or owned by
    another account), and one that others can read: a readable file in a folder
    they can enter. A new database in a missing folder is fine (the desk creates
    both private). `root` may own the folders above, never the file.
    """
    reasons: list[str] = []
    folder = facts.folder
    if folder is not None:
        if folder.others_can_write:
            reasons.append(f"its folder {folder.shown} is mode {mode_text(folder.mode)} ({access_words(folder)})")
        if folder.uid not in (uid, ROOT_UID):
            reasons.append(f"its folder belongs to {printable(folder.owner, single_line=True)}")
    for facts_ in (facts.file, *facts.journals):
        if facts_ is None:
            continue
        name = "it" if facts_ is facts.file else f"SQLite's file {facts_.shown}"
        if facts_.uid != uid:
            reasons.append(f"{name} belongs to {printable(facts_.owner, single_line=True)}")
        if facts_.others_can_write or (
            facts_.others_can_read and (folder is None or folder.others_can_enter or folder.others_can_write)
        ):
            reasons.append(f"{name} is mode {mode_text(facts_.mode)} ({access_words(facts_)})")
    if not reasons:
        return None
    return (
        f"The database {facts.shown} is not private to {printable(account, single_line=True)}, the account "
        f"running this desk: {'; '.join(reasons)}. Another account could read or change the record behind the "
        "desk's back, so the desk does not start. Every desk must run as the account that owns the database "
        "(file 0600, folder 0700): `boundary-tui server check` names everything to fix."
    )


def account_problems(account: AccountFacts, db_owner_uid: int | None) -> list[Problem]:
    """The service account itself: keys only, a shell that can run the desk, and the owner of the database."""
    name = printable(account.name, single_line=True)
    problems = []
    if account.uid == ROOT_UID:
        problems.append(
            Problem(
                "The service account is root: a desk's key would log in as root.",
                "Use an ordinary account that owns only the database (`boundary-tui server init` makes one).",
            )
        )
    if account.password == "set":
        problems.append(
            Problem(
                f"The account {name} has a password: whoever knows it may log in without a desk's key "
                "(where sshd allows passwords), and gets a shell.",
                f"usermod -p '*' {name}   (keys only: the desks' restricted keys are its only way in)",
            )
        )
    elif account.password == "empty":
        problems.append(Problem(f"The account {name} has an EMPTY password.", f"usermod -p '*' {name}   (keys only)"))
    elif account.password == "locked":
        problems.append(
            Problem(
                f'The account {name} is locked (`!` in /etc/shadow): sshd may refuse every desk ("account is locked").',
                f"usermod -p '*' {name}   (no password, not locked: keys only)",
            )
        )
    if account.shell.rsplit("/", 1)[-1] in ("nologin", "false", ""):
        problems.append(
            Problem(
                f"The account {name}'s login shell is {printable(account.shell or '(none)', single_line=True)}: "
                "sshd runs a desk's forced command through it, so no desk can start.",
                f"usermod -s /bin/sh {name}   (the forced command in each key still decides what runs)",
            )
        )
    if db_owner_uid is not None and db_owner_uid != account.uid:
        problems.append(
            Problem(
                f"The desks would start as {name} (their keys are in its authorized_keys) but the database "
                "belongs to another account.",
                "`boundary-tui server init` gives the database to the service account.",
            )
        )
    return problems


def ssh_path_problems(facts: PathFacts, what: str, account: str, uid: int) -> list[Problem]:
    """The account's home, `~/.ssh` and `authorized_keys`: only the account (or root) may change them."""
    problems = []
    if facts.uid not in (uid, ROOT_UID):
        problems.append(
            Problem(
                f"{what} {facts.shown} belongs to {printable(facts.owner, single_line=True)}, who could give "
                "themselves an unrestricted key.",
                f"chown {account}: {facts.shown}",
            )
        )
    if facts.others_can_write:
        problems.append(
            Problem(
                f"{what} {facts.shown} is mode {mode_text(facts.mode)}: {access_words(facts)}, so they could "
                "add a key of their own with no restriction.",
                f"chmod go-w {facts.shown}",
            )
        )
    return problems
