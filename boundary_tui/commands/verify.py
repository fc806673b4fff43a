"""`boundary-tui verify [--db PATH] [--head HASH]`: is the database intact and untampered?"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from boundary_tui.commands.common import add_db_option, db_path
from boundary_tui.core.text import printable


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "verify", help="check the database file and the tamper-evidence chain (non-zero exit on any failure)"
    )
    add_db_option(parser)
    parser.add_argument(
        "--head",
        metavar="HASH",
        help="also check that the chain still passes through this hash (printed on an export or a backup)",
    )
    parser.add_argument(
        "--checkpoint",
        metavar="FILE",
        action="append",
        default=[],
        help="also check the chain still passes through a checkpoint kept off the server (the e-mailed JSON file)",
    )
    parser.add_argument(
        "--thorough",
        action="store_true",
        help="also run SQLite's full integrity check of every index (about a second more on a large practice)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from boundary_tui.store import checkpoints
    from boundary_tui.store.verify import head_problem, verify

    if args.head is not None and (problem := head_problem(args.head)):
        # A typo is not tampering: say so, and check nothing against it.
        print(f"boundary-tui verify: {printable(problem, single_line=True)}", file=sys.stderr)
        return 2
    given = []
    for name in args.checkpoint:
        try:
            given.append(checkpoints.from_json(json.loads(Path(name).read_text(encoding="utf-8"))))
        except (OSError, ValueError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "it is not a boundary-tui checkpoint (checkpoint.json)"
            print(
                f"boundary-tui verify: {printable(name, single_line=True)}: {why}. Nothing was checked.",
                file=sys.stderr,
            )
            return 2
    report = verify(db_path(args), expect_head=args.head, checkpoints=given, thorough=args.thorough)
    print(report.describe())
    if report.ok:
        return 0
    first = report.first_bad_entry
    assert first is not None
    print(f"boundary-tui: verify FAILED: {first.message}", file=sys.stderr)
    return 1
