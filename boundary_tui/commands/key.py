"""`boundary-tui key init|show [--db PATH]`: the practice's signing key, and its public half for letterheads.

The private key is made once, beside the database, readable only by the
account that owns the database (the service account); `show` prints the
public key and its fingerprint, which the practice publishes (README,
letterhead, the defence body) so a recipient of an export can check that its
checkpoint was signed by the practice.
"""

from __future__ import annotations

import argparse
import os
import sys

from boundary_tui.commands.common import add_db_option, db_path
from boundary_tui.core.text import printable
from boundary_tui.store import signing_key


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser("key", help="the practice's signing key for checkpoints (init, show)")
    add_db_option(parser)
    actions = parser.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="make the signing key beside the database (once; never replaced)")
    add_db_option(init)
    init.set_defaults(run=run_init)
    show = actions.add_parser("show", help="print the public key and its fingerprint, to publish")
    add_db_option(show)
    show.set_defaults(run=run_show)


def run_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists():
        print(f"boundary-tui: there is no database at {printable(str(path), single_line=True)}.", file=sys.stderr)
        return 1
    owner = path.stat()
    if os.getuid() not in (0, owner.st_uid):
        print(
            "boundary-tui: the signing key is made by the account that owns the database (the service account) "
            "or root; nothing was made.",
            file=sys.stderr,
        )
        return 1
    key = signing_key.create(path)
    if os.getuid() == 0:
        os.chown(key.path, owner.st_uid, owner.st_gid)  # the desks, run as the owner, sign with it
    print(f"Signing key made: {printable(str(key.path), single_line=True)} (readable only by its owner).")
    _print_public(key)
    return 0


def run_show(args: argparse.Namespace) -> int:
    key = signing_key.load(db_path(args))
    if key is None:
        print(
            "boundary-tui: this practice has no signing key yet: `boundary-tui key init` makes one. "
            "Until then checkpoints and exports are unsigned (and say so).",
            file=sys.stderr,
        )
        return 1
    _print_public(key)
    return 0


def _print_public(key: signing_key.SigningKey) -> None:
    print(f"Public key:  {key.public}")
    print(f"Fingerprint: {key.fingerprint}")
    print("Publish both (README, letterhead, your defence body): recipients check exports against them.")
