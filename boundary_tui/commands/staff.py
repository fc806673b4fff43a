"""`boundary-tui staff add|list|pin|unlock|disable`: staff accounts, from the practice's command line.

Only the service account (the owner of the database file) or root may run
these, and every change but one also needs a practice manager's name and PIN
(`commands.common.authorise`), recorded as its author. The exception lets a
practice in when no manager can sign in: adding a manager, or giving one a
setup code or lifting their lock, then runs on the service account alone.

Nobody types anyone else's PIN here. `add` and `pin` print a one-time setup
code (shown once, stored only hashed, valid 24 hours); its owner types it at a
desk and chooses their own PIN there.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from boundary_tui.commands.common import (
    add_db_option,
    add_manager_option,
    authorise,
    db_path,
    require_service_account,
)
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.lockout import duration_text, lock_length
from boundary_tui.core.models import ROLES, Staff
from boundary_tui.core.text import name_problem, printable
from boundary_tui.core.times import london, show, show_date
from boundary_tui.store import Store
from boundary_tui.store.staff import Account, SetupCode


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "staff",
        help="add, list, unlock or disable staff accounts (the service account, with a manager's PIN)",
        description=(
            "Staff accounts. Only the service account (the owner of the database file) or root can run these; "
            "changes also ask for a practice manager's name and PIN."
        ),
    )
    add_db_option(parser)
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", help="add someone who signs in: prints a one-time setup code; they choose their own PIN at a desk"
    )
    add.add_argument("name", metavar="NAME", help='full name as it should appear, e.g. "Priya Shah"')
    add.add_argument("--role", required=True, choices=ROLES, help="what they may do at the desk")
    add_manager_option(add)
    add_db_option(add)
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="everyone, with role and whether they can sign in")
    add_db_option(listing)
    listing.set_defaults(run=run_list)

    pin = actions.add_parser(
        "pin", help="a one-time setup code for someone who forgot their PIN: they choose a new PIN at a desk"
    )
    pin.add_argument("name", metavar="NAME")
    add_manager_option(pin)
    add_db_option(pin)
    pin.set_defaults(run=run_pin)

    unlock = actions.add_parser("unlock", help="lift a lock-out after wrong PINs")
    unlock.add_argument("name", metavar="NAME")
    add_manager_option(unlock)
    add_db_option(unlock)
    unlock.set_defaults(run=run_unlock)

    disable = actions.add_parser("disable", help="stop someone signing in (kept on the record)")
    disable.add_argument("name", metavar="NAME")
    add_manager_option(disable)
    add_db_option(disable)
    disable.set_defaults(run=run_disable)


def _shown(name: str) -> str:
    return printable(name, single_line=True)


def _find(store: Store, name: str) -> Staff:
    staff = store.staff.by_name(name)
    if staff is None:
        raise Refused(f"There is no member of staff called {_shown(name)}. `boundary-tui staff list` shows everyone.")
    return staff


def print_setup_code(issued: SetupCode, now: datetime) -> None:
    """The code, once, and what its owner does with it."""
    name = _shown(issued.staff.name)
    print(f"Setup code for {name}, for one use until {show(issued.expires)}:")
    print()
    print(f"    {issued.code}")
    print()
    print(
        f"Give it to {name} in person; it is not shown again and not kept anywhere. At a desk they choose "
        "their name, type the code, then choose their own PIN."
    )


def run_add(args: argparse.Namespace) -> int:
    path = db_path(args)
    require_service_account(path, "staff add")
    name = " ".join(args.name.split())
    if problem := name_problem(name, "The name"):
        print(f"boundary-tui: {problem}", file=sys.stderr)
        return 1
    with Store(path) as store:
        existing = store.staff.by_name(name)
        if existing is not None and (existing.has_pin or existing.disabled):
            state = "is disabled" if existing.disabled else "can already sign in"
            print(f"boundary-tui: {_shown(existing.name)} {state}; nothing was changed.", file=sys.stderr)
            return 1
        author = authorise(store, args, "add staff accounts", without_manager_if_none=args.role == "manager")
        try:
            issued = store.staff.enrol(name, args.role, by=author.words, by_id=author.by_id)
        except Invalid as invalid:
            for problem in invalid.problems.values():
                print(f"boundary-tui: {problem}", file=sys.stderr)
            return 1
        now = store.now()
    shown = _shown(issued.staff.name)
    if issued.created:
        print(f"Added {shown} ({issued.staff.role}).")
    else:
        print(f"{shown} was already on the staff list without a PIN: role {issued.staff.role}.")
    print_setup_code(issued, now)
    return 0


def describe(account: Account, now: datetime) -> str:
    """One line of `staff list`: name, role, bookable, and whether they can sign in now."""
    staff = account.staff
    lock = account.lock
    if account.disabled_at is not None:
        state = f"disabled {show_date(london(account.disabled_at).date())}"
        if account.disabled_by:
            state += f" by {account.disabled_by}"
    elif not staff.has_pin:
        state = "no PIN (cannot sign in)"
    elif lock.held:
        state = f"locked after {lock.wrong_in_run} wrong PINs until a manager lifts it (staff unlock)"
    elif lock.is_locked(now) and lock.locked_until is not None:
        state = f"locked after {lock.wrong_in_run} wrong PINs until {london(lock.locked_until):%d %b %H:%M}"
    elif account.setup_code_expires is not None:
        if now < account.setup_code_expires:
            state = f"setup code issued, valid until {london(account.setup_code_expires):%d %b %H:%M}"
        else:
            state = "setup code expired (staff pin issues a new one)"
    else:
        state = "can sign in"
    role = staff.role + (", bookable" if account.bookable and staff.role != "clinician" else "")
    return f"{_shown(staff.name):<30} {role:<22} {printable(state, single_line=True)}"


def run_list(args: argparse.Namespace) -> int:
    path = db_path(args)
    require_service_account(path, "staff list")
    with Store(path, create=False) as store:
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
    path = db_path(args)
    require_service_account(path, "staff disable")
    with Store(path, create=False) as store:
        staff = _find(store, args.name)
        if staff.disabled:
            print(f"{_shown(staff.name)} is already disabled; nothing was changed.")
            return 0
        author = authorise(store, args, "disable staff accounts")
        store.staff.disable(staff.id, by=author.words, by_id=author.by_id)
    print(
        f"Disabled {_shown(staff.name)}: they cannot sign in or save anything from now on. "
        "Their past entries stay on the record."
    )
    return 0


def run_pin(args: argparse.Namespace) -> int:
    path = db_path(args)
    require_service_account(path, "staff pin")
    with Store(path, create=False) as store:
        staff = _find(store, args.name)
        if staff.disabled:
            raise Refused(f"{_shown(staff.name)}'s account is disabled: it cannot be given a PIN.")
        author = authorise(store, args, "issue setup codes", without_manager_if_none=staff.is_manager)
        issued = store.staff.issue_setup_code(staff.id, by=author.words, by_id=author.by_id)
        now = store.now()
    print(f"{_shown(staff.name)}'s PIN no longer works, and any lock-out is lifted.")
    print_setup_code(issued, now)
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    path = db_path(args)
    require_service_account(path, "staff unlock")
    with Store(path, create=False) as store:
        staff = _find(store, args.name)
        state = store.staff.lock_state(staff.id)
        if not state.lockouts:
            print(f"{_shown(staff.name)} is not locked out; nothing was changed.")
            return 0
        author = authorise(store, args, "lift a lock-out", without_manager_if_none=staff.is_manager)
        store.staff.lift_lock(staff.id, by=author.words, by_id=author.by_id)
    print(
        f"Lifted the lock on {_shown(staff.name)}'s account: they can sign in with their PIN now, and wrong PINs "
        f"count from nothing again (the next lock-out lasts {duration_text(lock_length(1))})."
    )
    return 0
