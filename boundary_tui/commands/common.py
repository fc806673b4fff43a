"""Pieces shared by subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from boundary_tui.commands.paths import resolve_db_path


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db PATH` after the subcommand too (`boundary-tui export X --db P`)."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="practice database")


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))
