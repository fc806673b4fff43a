"""Pieces shared by subcommands: the database option, who may run a command, and whose authority it runs on.

The command line does not trust whoever runs it (PRODUCT.md, "Trust model"):

* `require_service_account`: commands that change who may do what, or that
  disclose or rewrite records, run only as the account that owns the database
  file (the practice's service account) or root; anyone else is refused in one
  line before anything is read or asked.
* `authorise`: those the desk keeps for managers also ask for a practice
  manager's name and PIN (the PIN without echo). The PIN goes through the
  desk's own sign-in, so a wrong one counts towards the same lock-out and is
  recorded; the manager is recorded as the author.
* The computer account is always the real uid (`store.facts.account`), never
  `$USER`, `$LOGNAME` or `getpass.getuser()`, which whoever runs the command sets.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from boundary_tui.commands.paths import resolve_db_path
from boundary_tui.core.errors import Refused
from boundary_tui.core.models import Staff
from boundary_tui.core.roles import require_manager
from boundary_tui.core.text import printable
from boundary_tui.server.facts import account_name
from boundary_tui.store import Store, facts


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db PATH` after the subcommand too (`boundary-tui export X --db P`)."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="practice database")


def add_manager_option(parser: argparse.ArgumentParser) -> None:
    """`--manager NAME`: the practice manager authorising the command (asked for if not given)."""
    parser.add_argument(
        "--manager",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="the practice manager authorising this (their PIN is asked for, not shown); asked for if not given",
    )


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def require_service_account(path: Path, command: str) -> None:
    """Refuse unless this process runs (real uid) as the owner of the database file, or as root.

    `command` names what was run (`staff add`), for the message. A database that
    does not exist yet is not refused: whoever creates it owns it, and becomes the
    service account. Raises `Refused` (one line; the command exits non-zero).
    """
    uid = os.getuid()
    if uid == 0:
        return
    try:
        owner = path.stat().st_uid
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable: opening the database says why, in its own words
    if owner == uid:
        return
    raise Refused(
        f"Only the practice's service account ({account_name(owner)}, which owns "
        f"{printable(str(path), single_line=True)}) or root can run `boundary-tui {command}`; "
        f"this is {account_name(uid)}. Nothing was read or changed."
    )


@dataclass(frozen=True)
class Author:
    """On whose authority a command runs: a practice manager who typed their PIN, or (once) nobody."""

    manager: Staff | None
    """None only when no manager could sign in, for the few commands that let the practice back in."""
    account: str
    """The computer account (real uid)."""

    @property
    def by_id(self) -> int | None:
        """The staff id recorded as the author (`recorded_by`, `by_id`)."""
        return self.manager.id if self.manager else None

    @property
    def words(self) -> str:
        """Who, in words, as kept on rows that hold text (`created_by`, `disabled_by`) and on exports."""
        if self.manager is None:
            return f"the service account {self.account} at the command line (no manager could sign in)"
        return f"{self.manager.name} (practice manager) at the command line, as {self.account}"


NO_MANAGER = (
    "No practice manager can sign in, so nobody can authorise this. "
    'Add one first: boundary-tui staff add "NAME" --role manager'
)


def authorise(store: Store, args: argparse.Namespace, doing: str, *, without_manager_if_none: bool = False) -> Author:
    """The practice manager whose name and PIN authorise this command (refused with a plain reason).

    `doing` completes "Only a practice manager can …". With
    `without_manager_if_none`, a database where no manager could type a PIN (none
    yet, or every one held locked) lets the service account go ahead alone, and
    says so: adding the first manager, or letting a manager back in.
    """
    account = facts.account()
    if not store.staff.managers_who_can_vouch():
        if without_manager_if_none:
            print(
                f"No practice manager can sign in, so no manager's PIN is asked for: recorded as the service "
                f"account {account}.",
                file=sys.stderr,
            )
            return Author(None, account)
        raise Refused(NO_MANAGER)
    name = getattr(args, "manager", None)
    if name is None:
        name = _ask("Practice manager's name: ")
    manager = store.staff.by_name(" ".join(name.split()))
    if manager is None:
        raise Refused(
            f"There is no member of staff called {printable(name, single_line=True)}. "
            "`boundary-tui staff list` shows everyone."
        )
    require_manager(manager, doing)
    try:
        pin = getpass.getpass(f"PIN for {printable(manager.name, single_line=True)} (not shown): ")
    except (EOFError, OSError, ValueError, UnicodeDecodeError):  # nothing to read a PIN from
        pin = ""
    if not pin:
        raise Refused("No PIN was typed: nothing was done.")
    return Author(store.staff.sign_in(manager.id, pin), account)


def _ask(prompt: str) -> str:
    """One line typed in answer to `prompt` (on standard error: standard output may be an export)."""
    print(prompt, end="", file=sys.stderr, flush=True)
    try:
        line = sys.stdin.readline()
    except (OSError, ValueError, UnicodeDecodeError):  # no usable standard input (closed, a daemon, bad bytes)
        line = ""
    if not line:
        print(file=sys.stderr)  # end of input: the message goes on a line of its own
    if not line.strip():
        raise Refused("No manager's name was given: give it with --manager NAME. Nothing was done.")
    return line.strip()
