"""`boundary-tui settings [set KEY VALUE]`: the practice's name and address (on letters and
exports) and how soon an idle desk locks itself."""

from __future__ import annotations

import argparse
import sys

from boundary_tui.commands.common import (
    add_db_option,
    add_manager_option,
    authorise,
    db_path,
    require_service_account,
)
from boundary_tui.core.errors import Invalid
from boundary_tui.core.text import printable
from boundary_tui.store import Store
from boundary_tui.store.settings import DEFAULTS

MEANING = {
    "practice_name": "the practice's name, on screen, letters and exports",
    "practice_address": "its address, on warning letters and exports",
    "idle_lock_minutes": "minutes without a key press before a desk locks itself",
    "checkpoint_to": "addresses signed checkpoints are e-mailed to (commas between)",
    "smtp_host": "the mail server checkpoints are sent through",
    "smtp_port": "its port (25, or 587)",
    "smtp_from": "the sender address of checkpoint e-mails",
}


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser("settings", help="show or change the practice's settings")
    add_db_option(parser)
    parser.set_defaults(run=run_show)
    actions = parser.add_subparsers(dest="settings_command", metavar="ACTION")
    change = actions.add_parser("set", help="change one setting (the service account, with a practice manager's PIN)")
    change.add_argument("key", choices=list(DEFAULTS), metavar="KEY", help=", ".join(DEFAULTS))
    change.add_argument("value", metavar="VALUE")
    add_manager_option(change)
    add_db_option(change)
    change.set_defaults(run=run_set)


def run_show(args: argparse.Namespace) -> int:
    with Store(db_path(args), create=False) as store:
        for key in DEFAULTS:
            value = printable(store.settings.get(key), single_line=True) or "(not set)"
            print(f"{key:<18} {value:<40} {MEANING[key]}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    path = db_path(args)
    require_service_account(path, "settings set")
    with Store(path, create=False) as store:
        author = authorise(store, args, "change the practice's settings")
        try:
            value = store.settings.change(args.key, args.value, by=author.by_id)
        except Invalid as invalid:
            for problem in invalid.problems.values():
                print(f"boundary-tui: {problem}", file=sys.stderr)
            return 1
    print(f"{args.key} is now {printable(value, single_line=True)!r}. Desks pick it up when they next start.")
    return 0
