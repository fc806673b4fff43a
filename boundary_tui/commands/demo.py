"""`boundary-tui demo PATH`: write a demo practice database and exit."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from boundary_tui.commands.paths import this_program
from boundary_tui.core.text import printable


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser("demo", help="write a demo practice database to PATH (never overwrites)")
    parser.add_argument("path", metavar="PATH")
    parser.add_argument("--patients", type=int, default=5000, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path).expanduser()
    if path.exists():
        shown = printable(str(path), single_line=True)
        print(f"boundary-tui: {shown} already exists; the demo never overwrites a file.", file=sys.stderr)
        return 1
    if args.patients < 1:
        print(f"boundary-tui: --patients must be at least 1 (not {args.patients}).", file=sys.stderr)
        return 2
    from boundary_tui.demo import build_demo  # in `run`: see `commands/__init__.py`

    summary = build_demo(path, patients=args.patients)
    print(summary.describe())
    print(f"\nStart a desk on it with:  {this_program()} --db {shlex.quote(str(path))}")
    return 0
