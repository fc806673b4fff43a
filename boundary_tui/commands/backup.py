"""`boundary-tui backup DEST [--db PATH]`: a consistent copy while desks are in use, verified.

A copy holds every record: only the service account (the owner of the database
file) or root may make one. No manager's PIN is asked, so it can run unattended.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boundary_tui.commands.common import add_db_option, db_path, require_service_account
from boundary_tui.core.text import printable


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "backup", help="copy the practice database to DEST while desks keep working (never overwrites)"
    )
    parser.add_argument("dest", metavar="DEST", help="the new backup file")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from boundary_tui.store.backup import backup

    source = db_path(args)
    require_service_account(source, "backup")
    result = backup(source, Path(args.dest))
    report = result.report
    # Paths as typed, shown safely (a name may hold escape codes or bytes that are not UTF-8).
    source_shown, dest_shown = (printable(str(p), single_line=True) for p in (source, result.dest))
    print(f"Backed up {source_shown} to {dest_shown} ({result.size / 1_000_000:.1f} MB).")
    if not report.ok:
        print(report.describe())
        print(
            f"boundary-tui: the copy at {dest_shown} did NOT pass verify (kept as it is: it shows the state of "
            f"the database). Run `boundary-tui verify --db {source_shown}` on the original.",
            file=sys.stderr,
        )
        return 1
    head = f" Chain head: entry {report.head.id}, sha256 {report.head.hash}." if report.head else ""
    print(f"Verified the copy: all checks passed.{head}")
    print("Keep the chain head with the backup: `boundary-tui verify --head HASH` proves later that it is intact.")
    _checkpoint(source)
    return 0


def _checkpoint(source: Path) -> None:
    """A signed checkpoint of the live record, sent off the server: the backup's receipt nobody has to keep."""
    from boundary_tui.store import Store
    from boundary_tui.store.checkpoint_mail import send_waiting

    with Store(source, create=False) as store:
        made = store.checkpoints.make("backup")
        signed = "signed" if made.signed else "NOT SIGNED (no signing key: boundary-tui key init)"
        print(f"Checkpoint {made.id} made ({signed}).")
        sent = send_waiting(store)
        if sent.sent or sent.waiting:
            print(sent.describe())
