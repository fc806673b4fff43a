"""`boundary-tui staff add|list|pin|disable`: staff accounts, from the practice's command line.

Whoever can run this can already write the database file, so no desk PIN is
asked for; every change still records who made it (the operating-system user).
PINs are typed twice without echo and never appear on the command line, where
shell history and `ps` would keep them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime

from boundary_tui.commands.common import add_db_option, db_path
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import ROLES
from boundary_tui.core.pin import pin_problem
from boundary_tui.core.text import name_problem, printable
from boundary_tui.core.times import london, show_date
from boundary_tui.store import Store
from boundary_tui.store.staff import Account


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser("staff", help="add, list or disable staff accounts")
    add_db_option(parser)
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add someone who signs in (asks for their PIN twice)")
    add.add_argument("name", metavar="NAME", help='full name as it should appear, e.g. "Priya Shah"')
    add.add_argument("--role", required=True, choices=ROLES, help="what they may do at the desk")
    add_db_option(add)
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="everyone, with role and whether they can sign in")
    add_db_option(listing)
    listing.set_defaults(run=run_list)

    pin = actions.add_parser("pin", help="a new PIN for someone who forgot theirs or is locked out")
    pin.add_argument("name", metavar="NAME")
    add_db_option(pin)
    pin.set_defaults(run=run_pin)

    disable = actions.add_parser("disable", help="stop someone signing in (kept on the record)")
    disable.add_argument("name", metavar="NAME")
    add_db_option(disable)
    disable.set_defaults(run=run_disable)


def who_ran_this() -> str:
    """`command line (jsmith)`: recorded as the author of account changes."""
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):  # no user name in this environment (some containers)
        return "command line"


def ask_pin(name: str) -> str | None:
    """The PIN typed twice without echo, or None (with the reason printed) if unusable."""
    try:
        first = getpass.getpass(f"PIN for {name} (at least 4 digits, not shown): ")
        second = getpass.getpass("The same PIN again: ")
    except EOFError:
        print("boundary-tui: no PIN was typed; nothing was saved.", file=sys.stderr)
        return None
    if problem := pin_problem(first):
        print(f"boundary-tui: {problem} Nothing was saved.", file=sys.stderr)
        return None
    if first != second:
        print("boundary-tui: the two PINs are different. Nothing was saved; run the command again.", file=sys.stderr)
        return None
    return first


def run_add(args: argparse.Namespace) -> int:
    name = " ".join(args.name.split())
    if problem := name_problem(name, "The name"):
        print(f"boundary-tui: {problem}", file=sys.stderr)
        return 1
    with Store(db_path(args)) as store:
        existing = store.staff.by_name(name)
        if existing is not None and (existing.has_pin or existing.disabled):
            state = "is disabled" if existing.disabled else "can already sign in"
            print(f"boundary-tui: {printable(existing.name)} {state}; nothing was changed.", file=sys.stderr)
            return 1
        pin = ask_pin(printable(name, single_line=True))
        if pin is None:
            return 1
        try:
            staff, created = store.staff.enrol(name, args.role, pin, by=who_ran_this())
        except Invalid as invalid:
            for problem in invalid.problems.values():
                print(f"boundary-tui: {problem}", file=sys.stderr)
            return 1
        no_manager = not any(s.is_manager for s in store.staff.can_sign_in())
    shown = printable(staff.name, single_line=True)
    if created:
        print(f"Added {shown} ({staff.role}). They can sign in at any desk now.")
    else:
        print(f"{shown} was already on the staff list without a PIN: PIN set, role {staff.role}. They can sign in now.")
    if no_manager:
        print("Note: no manager can sign in yet, so nobody can open or close concerns. Add one with:")
        print('  boundary-tui staff add "NAME" --role manager')
    return 0


def describe(account: Account, now: datetime) -> str:
    """One line of `staff list`: name, role, bookable, and whether they can sign in now."""
    staff = account.staff
    if account.disabled_at is not None:
        state = f"disabled {show_date(london(account.disabled_at).date())}"
        if account.disabled_by:
            state += f" by {account.disabled_by}"
    elif not staff.has_pin:
        state = "no PIN (cannot sign in)"
    elif account.locked_until is not None and account.locked_until > now:
        state = f"can sign in (locked after wrong PINs until {london(account.locked_until):%d %b %H:%M})"
    else:
        state = "can sign in"
    role = staff.role + (", bookable" if account.bookable and staff.role != "clinician" else "")
    return f"{printable(staff.name, single_line=True):<30} {role:<22} {printable(state, single_line=True)}"


def run_list(args: argparse.Namespace) -> int:
    with Store(db_path(args), create=False) as store:
        accounts = store.staff.accounts()
        now = store.now()
    if not accounts:
        print("No staff yet. Add the practice manager with:  boundary-tui staff add NAME --role manager")
        return 0
    print(f"{'Name':<30} {'Role':<22} Sign-in")
    for account in accounts:
        print(describe(account, now))
    return 0


def run_disable(args: argparse.Namespace) -> int:
    with Store(db_path(args), create=False) as store:
        staff = store.staff.by_name(args.name)
        if staff is None:
            print(
                f"boundary-tui: there is no member of staff called {printable(args.name, single_line=True)}. "
                "`boundary-tui staff list` shows everyone.",
                file=sys.stderr,
            )
            return 1
        if staff.disabled:
            print(f"{printable(staff.name, single_line=True)} is already disabled; nothing was changed.")
            return 0
        store.staff.disable(staff.id, by=who_ran_this())
    print(
        f"Disabled {printable(staff.name, single_line=True)}: they cannot sign in or save anything from now on. "
        "Their past entries stay on the record."
    )
    return 0


def run_pin(args: argparse.Namespace) -> int:
    with Store(db_path(args), create=False) as store:
        staff = store.staff.by_name(args.name)
        if staff is None:
            print(
                f"boundary-tui: there is no member of staff called {printable(args.name, single_line=True)}. "
                "`boundary-tui staff list` shows everyone.",
                file=sys.stderr,
            )
            return 1
        pin = ask_pin(printable(staff.name, single_line=True))
        if pin is None:
            return 1
        try:
            store.staff.reset_pin(staff.id, pin, by=who_ran_this())
        except (Invalid, Refused) as error:
            print(f"boundary-tui: {error}", file=sys.stderr)
            return 1
    print(f"New PIN set for {printable(staff.name, single_line=True)}; any lock-out after wrong PINs is lifted.")
    return 0
