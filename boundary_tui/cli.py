"""The `boundary-tui` command: the desk, the demo, and the practice's housekeeping.

Each subcommand lives in `boundary_tui/commands/<name>.py` with `register()`
and `run()`; this module only parses and dispatches. Every failure a user can
cause ends with a plain message on stderr and a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from boundary_tui import __version__, commands
from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.text import printable

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _desk_parser(*, trial: bool = False) -> argparse.ArgumentParser:
    """The options of the desk itself (no subcommand); `trial`: no help, and a mistake raised, not explained."""
    parser = argparse.ArgumentParser(
        prog="boundary-tui",
        description="The reception desk's tool for patients who cross professional boundaries.",
        add_help=not trial,
        exit_on_error=not trial,
    )
    parser.add_argument("--version", action="version", version=f"boundary-tui {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="practice database (default: $BOUNDARY_TUI_DB or the user data folder)"
    )
    parser.add_argument("--demo", action="store_true", help="start on a fresh demo practice in a temporary folder")
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the desk's options and every subcommand."""
    parser = _desk_parser()
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands.modules():
        command.register(subcommands)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments, parsed; a desk's without importing a single subcommand (`commands/__init__.py`).

    The desk's own options are tried first: if they account for every argument, this is a desk
    (`command` None). Anything else (a subcommand, `--help`, a mistake) goes to the whole command
    line, which parses it, explains it or refuses it exactly as always.
    """
    try:
        args, rest = _desk_parser(trial=True).parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. `--db` with no path: the whole command line says so
        rest = ["?"]
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """The command itself, once `__main__.main` has had a desk started again on malloc (`commands/system_malloc.py`)."""
    args = parse(argv)
    try:
        if args.command is None:
            from boundary_tui.commands.without_openssl import leave_out_openssl

            leave_out_openssl()  # first: a desk's memory all day (boundary_tui/commands/without_openssl.py)
            from boundary_tui.commands import desk

            return desk.run(args)
        return int(args.run(args))
    except BoundaryError as error:
        # One line, control characters visible: messages quote paths and values as typed.
        print(f"boundary-tui: {printable(str(error), single_line=True)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("boundary-tui: interrupted.", file=sys.stderr)
        return 130
