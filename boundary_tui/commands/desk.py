"""`boundary-tui [--db PATH]` and `boundary-tui --demo`: start the desk."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
from pathlib import Path

from boundary_tui.commands.paths import resolve_db_path, this_program
from boundary_tui.core.errors import Refused, StoreError
from boundary_tui.core.trust import desk_refusal
from boundary_tui.server.facts import account_name, database_facts
from boundary_tui.store.collector import keep_for_the_day


def not_private(path: Path) -> str | None:
    """Why the desk must not start on the database at `path` (others could read or change it), or None."""
    uid = os.geteuid()
    return desk_refusal(database_facts(path), uid, account_name(uid))


def database(args: argparse.Namespace) -> Path:
    """The database a desk starts on (`--db`, `$BOUNDARY_TUI_DB` or the default); `Refused` (one line, exit 1)
    if others could read or change it. The benchmarks start their desks through this too."""
    path = resolve_db_path(args.db)
    if refusal := not_private(path):
        raise Refused(refusal)
    return path


def run(args: argparse.Namespace) -> int:
    note = ""
    if args.demo:
        if args.db:
            print("boundary-tui: --demo makes its own database; leave out --db.", file=sys.stderr)
            return 2
        from boundary_tui.demo import build_demo, sign_in_note  # only here: a working desk never holds the demo

        folder = Path(tempfile.mkdtemp(prefix="boundary-tui-demo-"))
        print("Building the demo practice…", flush=True)
        summary = build_demo(folder / "demo.db")
        print(summary.describe(), flush=True)
        path = summary.path
        note = sign_in_note()
    else:
        path = database(args)

    from boundary_tui.app import BoundaryApp  # imported late: Textual is only needed for the desk

    try:
        app = BoundaryApp(db_path=path, sign_in_note=note)
    except StoreError as error:
        print(f"boundary-tui: {error}", file=sys.stderr)
        return 1
    if not sys.stdin.isatty():
        # Over SSH without `-t` (`ssh server sqlite3 …`), the forced command has no terminal:
        # say so rather than draw a screen into whatever asked.
        app.store.close()
        print(
            "boundary-tui: the desk needs a terminal. From a desk PC: ssh -t ACCOUNT@SERVER (see README).",
            file=sys.stderr,
        )
        return 2
    # Everything loaded so far (modules, stylesheets, the app) lives as long as the
    # process: keep it, and from now on each large read model, out of the garbage
    # collector's full passes, which otherwise walk them again and again all day.
    keep_for_the_day()
    app.run()
    if args.demo:
        again = f"{this_program()} --db {shlex.quote(str(path))}"
        print(f"The demo database is still at {path} (start it again with: {again}).")
    return 0
