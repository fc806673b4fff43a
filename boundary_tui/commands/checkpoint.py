"""`boundary-tui checkpoint [--send-only] [--db PATH]`: a signed checkpoint now, and send what is waiting.

Run daily from the service account's crontab (README: signed checkpoints). It
makes a checkpoint of the chain's head, signed with the practice's key, keeps
it in the record and e-mails it to `checkpoint_to`; copies that could not be
sent before (mail server down) are sent too. `--send-only` only sends.
"""

from __future__ import annotations

import argparse
import sys

from boundary_tui.commands.common import add_db_option, db_path, require_service_account
from boundary_tui.core import signing
from boundary_tui.store import Store


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "checkpoint", help="make a signed checkpoint of the record and e-mail it off the server (daily, from cron)"
    )
    parser.add_argument("--send-only", action="store_true", help="only send checkpoints still waiting")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from boundary_tui.store.checkpoint_mail import send_waiting  # in `run`: see `commands/__init__.py`

    path = db_path(args)
    require_service_account(path, "checkpoint")
    with Store(path, create=False) as store:
        if not args.send_only:
            checkpoint = store.checkpoints.make("daily")
            head = checkpoint.body.get("chain") or {}
            signed = (
                f"signed with key {signing.fingerprint(checkpoint.public_key)}"
                if checkpoint.signed and checkpoint.public_key
                else "NOT SIGNED: this practice has no signing key (boundary-tui key init)"
            )
            where = f"chain entry {head.get('entry', 0)}, {head.get('hash', 'empty')}"
            print(f"Checkpoint {checkpoint.id}: {where}; {signed}.")
            if not store.settings.get("checkpoint_to"):
                print(
                    "No addresses to send it to: `boundary-tui settings set checkpoint_to ADDRESS` "
                    "(a checkpoint kept only on this server cannot expose a rewrite by someone with the server).",
                    file=sys.stderr,
                )
        sent = send_waiting(store)
    print(sent.describe())
    return 0 if not sent.waiting else 1
