"""Making the service account, its folder and its `~/.ssh` as the trust model needs them (root only).

Each step looks first and changes only what is not already right, and says what
it changed, so `server init` can be run again on a working server.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from boundary_tui.core.text import printable
from boundary_tui.core.trust import JOURNAL_SUFFIXES, AccountFacts, mode_text
from boundary_tui.server import ServerError
from boundary_tui.server.facts import account_facts, path_facts

SHELL = "/bin/sh"
"""The account's login shell: sshd runs each desk's forced command through it."""


def _run(argv: list[str]) -> None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except OSError as error:
        raise ServerError(f"`{argv[0]}` could not run: {error.strerror or error}.") from None
    if done.returncode != 0:
        said = printable(" ".join(done.stderr.split()), single_line=True)
        raise ServerError(f"`{' '.join(printable(a, single_line=True) for a in argv)}` failed: {said}")


def create_account(name: str, home: Path) -> AccountFacts:
    """A system account with its own group and home, a shell for forced commands, and keys only.

    `useradd` leaves a new account locked (`!` in /etc/shadow), which sshd refuses
    ("account is locked") when it does not use PAM; `*` means no password can
    work, yet keys can.
    """
    _run(
        [
            "useradd",
            "--system",
            "--user-group",
            "--create-home",
            "--home-dir",
            str(home),
            "--shell",
            SHELL,
            "--comment",
            "boundary-tui desks",
            name,
        ]
    )
    unlock(name)
    os.chmod(home, 0o700)
    account = account_facts(name)
    if account is None:
        raise ServerError(f"useradd reported success but there is no account {printable(name)}.")
    return account


def unlock(name: str) -> None:
    """No password at all (`*`): keys work, no password ever can."""
    _run(["usermod", "-p", "*", name])


def make_private(path: Path, account: AccountFacts, mode: int, changes: list[str], *, created: str = "") -> None:
    """Give `path` to the account with exactly `mode`, saying what changed.

    `created`: what was just made at `path` ("the folder"), said once with its owner and mode.
    """
    facts = path_facts(path)
    if facts is None:
        return
    shown = printable(str(path), single_line=True)
    if (facts.uid, facts.gid) != (account.uid, account.gid):
        os.chown(path, account.uid, account.gid)
        if not created:
            changes.append(f"{shown}: owner {printable(facts.owner)} → {printable(account.name)}")
    if facts.mode != mode:
        os.chmod(path, mode)
        if not created:
            changes.append(f"{shown}: mode {mode_text(facts.mode)} → {mode_text(mode)}")
    if created:
        changes.append(f"Created {created} {shown} ({printable(account.name)}'s, {mode_text(mode)})")


def prepare_folder(folder: Path, account: AccountFacts, changes: list[str]) -> None:
    """The database's folder: created if missing (folders above it root's, 0755), the account's, 0700."""
    created = ""
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        folder.mkdir(mode=0o700)
        created = "the folder"
    elif not folder.is_dir():
        raise ServerError(f"{printable(str(folder), single_line=True)} is not a folder.")
    make_private(folder, account, 0o700, changes, created=created)


def prepare_database_files(db: Path, account: AccountFacts, changes: list[str], *, created: bool = False) -> None:
    """The database and SQLite's files beside it: the account's, 0600 (`created`: the database is new)."""
    make_private(db, account, 0o600, changes, created="the database" if created else "")
    for path in (Path(f"{db}{suffix}") for suffix in JOURNAL_SUFFIXES):
        make_private(path, account, 0o600, changes)


def prepare_ssh(account: AccountFacts, changes: list[str]) -> Path:
    """`~/.ssh` (0700) and `~/.ssh/authorized_keys` (0600), the account's; created empty if missing."""
    home = Path(account.home)
    if not home.is_dir():
        raise ServerError(
            f"The account {printable(account.name)}'s home {printable(account.home)} does not exist: "
            f"create it (mkdir -m 700 {printable(account.home)}; chown {printable(account.name)}: "
            f"{printable(account.home)})."
        )
    home_facts = path_facts(home)
    if home_facts is not None and home_facts.others_can_write:
        os.chmod(home, home_facts.mode & ~0o022)
        changes.append(f"{printable(account.home)}: no longer writable by others")
    ssh = home / ".ssh"
    created = ""
    if not ssh.exists():
        ssh.mkdir(mode=0o700)
        created = "the folder"
    make_private(ssh, account, 0o700, changes, created=created)
    keys = ssh / "authorized_keys"
    created = ""
    if not keys.exists():
        fd = os.open(keys, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        created = "the desks' key file (no desk yet)"
    make_private(keys, account, 0o600, changes, created=created)
    return keys
