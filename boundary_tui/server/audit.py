"""`server check`: everything on this server that breaks the trust model, gathered and judged.

Gathers the facts (the database's files, the service account, sshd's settings,
the `authorized_keys` lines) and applies the rules of `core.trust` and
`core.authorized_keys`. Notes are things the check could not see (not run as
root); problems are breaks, each with its fix.
"""

from __future__ import annotations

import os
import pwd
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from boundary_tui.core.authorized_keys import KeyLine, line_problems, starts_the_desk
from boundary_tui.core.text import printable
from boundary_tui.core.trust import (
    AccountFacts,
    Problem,
    account_problems,
    audit_database,
    inbox_notes,
    ssh_path_problems,
)
from boundary_tui.server import ServerError
from boundary_tui.server.facts import account_facts, database_facts, path_facts
from boundary_tui.server.keys import read_key_lines
from boundary_tui.server.program import cannot_run
from boundary_tui.server.sshd import DEFAULT_KEY_FILES, find_sshd, key_files, read_settings, settings_problems

STARTS_BOUNDARY = ("boundary-tui", "boundary_tui")


@dataclass
class Audit:
    """What `server check` found."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What could not be checked, and why."""
    checked: list[str] = field(default_factory=list)
    """What was looked at, in words (printed when all is well)."""
    desks: list[str] = field(default_factory=list)
    """The desks with a key, by name (or line)."""


def audit(db: Path, account_name: str, *, sshd_config: Path | None = None) -> Audit:
    """Check the database at `db` and the door to it for the service account `account_name`."""
    found = Audit()
    db = Path(os.path.abspath(db))
    name = printable(account_name, single_line=True)
    account = account_facts(account_name)
    facts = database_facts(db, neighbours=True)
    if account is None:
        found.problems.append(
            Problem(
                f"There is no account {name} on this server: nobody owns the database for the desks.",
                f"`boundary-tui server init --account {name}` (as root) creates it.",
            )
        )
        return found
    found.problems += audit_database(facts, account.name, account.uid)
    found.notes += inbox_notes(facts, account.uid)
    found.checked.append(f"the database {facts.shown}, SQLite's files beside it, its folder and the folders above")
    found.problems += account_problems(account, facts.file.uid if facts.file else None)
    if account.password == "unknown":
        found.notes.append("Whether the account has a password was not checked (only root can read /etc/shadow).")
    found.checked.append(f"the account {name}: no password, a shell for the forced command, owner of the database")

    view = read_settings(account.name, sshd_config)
    if view.unread is not None:
        if find_sshd() is None:
            found.problems.append(
                Problem(
                    "OpenSSH's server (sshd) is not installed: desks have no door to the desk.",
                    "apt-get install openssh-server",
                )
            )
        elif os.geteuid() != 0:
            found.notes.append(f"sshd's settings were not checked: {view.unread} (run the check as root).")
        else:
            fix = (
                "mkdir -p -m 755 /run/sshd   (sshd's service makes it when it starts)"
                if "/run/sshd" in view.unread
                else "Fix what sshd says (`sshd -t` checks its configuration)."
            )
            found.problems.append(Problem(f"sshd's settings could not be read: {view.unread}.", fix))
    else:
        found.problems += settings_problems(view, account)
        found.checked.append(f"sshd's settings for {name} (`sshd -T`)")
    _check_keys(found, account, key_files(view, account), str(db))
    _check_other_accounts(found, account, str(db))
    return found


def _check_keys(found: Audit, account: AccountFacts, files: list[Path], db: str) -> None:
    """The account's home, `~/.ssh` and every `authorized_keys` file sshd reads, line by line."""
    name = account.name
    for path, what in ((Path(account.home), f"The account {name}'s home"),):
        if (facts := path_facts(path)) is not None:
            found.problems += ssh_path_problems(facts, what, name, account.uid)
    programs: list[list[str]] = []
    for keys in files:
        folder = path_facts(keys.parent)
        if folder is not None and keys.parent != Path(account.home):
            found.problems += ssh_path_problems(folder, "The folder", name, account.uid)
        facts = path_facts(keys)
        if facts is None:
            continue
        found.problems += ssh_path_problems(facts, "The key file", name, account.uid)
        try:
            lines, unreadable = read_key_lines(keys)
        except ServerError as error:
            found.notes.append(f"{error} (run the check as root)")
            continue
        found.problems += unreadable
        for line in lines:
            found.problems += line_problems(line, db)
            found.desks.append(line.desk or line.label)
            program = _program(line, db)
            if program and program not in programs:
                programs.append(program)
        found.checked.append(f"{printable(str(keys))}: {len(lines)} key line(s), each restricted to the desk")
    for program in programs:
        if reason := cannot_run(program, account):
            found.problems.append(
                Problem(
                    f"The desks' keys start {printable(' '.join(program), single_line=True)}, which the account "
                    f"{name} cannot run ({reason}): every desk would get an error instead of the desk.",
                    "Install boundary-tui where the account can run it (README: Running it in a practice, "
                    "e.g. /opt/boundary-tui) and add the desks again with that installation's `server add-desk`.",
                )
            )
    if not found.desks:
        found.notes.append(
            f"No desk has a key yet: `boundary-tui server add-desk NAME KEY.pub` adds one (as root or {name})."
        )


def _program(line: KeyLine, db: str) -> list[str] | None:
    """The program a desk line starts (without `--db DB`), when the line is a proper desk line."""
    command = line.option("command")
    if command is None or starts_the_desk(command, db) is not None:
        return None
    return shlex.split(command)[:-2]


def _check_other_accounts(found: Audit, account: AccountFacts, db: str) -> None:
    """No other account may start boundary-tui on this database from its keys: desks run as the service account."""
    for entry in pwd.getpwall():
        if entry.pw_name == account.name or not entry.pw_dir or entry.pw_dir == "/":
            continue
        for relative in DEFAULT_KEY_FILES:
            path = Path(entry.pw_dir) / relative
            try:
                if not path.is_file():
                    continue
                lines, _ = read_key_lines(path)
            except (OSError, ServerError):  # not ours to read: only root sees every account's keys
                continue
            for line in lines:
                command = line.option("command") or ""
                if any(word in command for word in STARTS_BOUNDARY) and db in command:
                    found.problems.append(
                        Problem(
                            f"The account {printable(entry.pw_name)} starts boundary-tui from "
                            f"{printable(str(path))} {line.label}: desks must arrive as "
                            f"{printable(account.name)}, the database's owner, or the desk refuses to start.",
                            f"Remove that line and add the desk to {printable(account.name)} with "
                            "`boundary-tui server add-desk`.",
                        )
                    )
