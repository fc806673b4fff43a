"""`boundary-tui restore BACKUP [--db PATH]`: put a verified backup back, safely.

Refuses while any desk (or any other process) holds the database, and refuses a
backup that does not pass `verify`. The database as it was and SQLite's `-wal`/`-shm`
files beside it are kept under new names, never deleted; the restored file is
owned like the one it replaces, mode 0600.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from boundary_tui.commands.common import add_db_option, db_path, require_service_account
from boundary_tui.core.text import printable


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "restore",
        help="replace the database with a verified backup (refused while any desk has it open)",
        description=(
            "Replace the practice database with a copy of BACKUP. Refused while any desk or other program has "
            "the database open, and if BACKUP does not pass verify. The database as it was, and SQLite's -wal "
            "and -shm files beside it, are kept under new names (…before-restore-DATE-TIME), never deleted."
        ),
    )
    parser.add_argument("backup", metavar="BACKUP", help="the backup file (made by `boundary-tui backup`)")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from boundary_tui.store.restore import restore  # loaded when used: the desk starts without it

    require_service_account(db_path(args), "restore")
    done = restore(Path(args.backup), db_path(args))
    shown = printable(str(done.db), single_line=True)
    print(f"Restored {printable(str(done.backup), single_line=True)} into {shown}.")
    for kept in done.kept:
        print(f"  kept aside (not deleted): {printable(str(kept), single_line=True)}")
    report = done.report
    head = f" Chain head: entry {report.head.id}, sha256 {report.head.hash}." if report.head else ""
    if report.ok:
        print(f"Verified the restored database: all checks passed.{head}")
    else:
        print(report.describe())
        return 1
    print(
        "Desks can start again. Anything saved after that backup was taken is not in the restored database; "
        "it is still in the file kept aside."
    )
    return 0
