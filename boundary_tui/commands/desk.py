"""`boundary-tui [--db PATH]` and `boundary-tui --demo`: start the desk."""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from pathlib import Path

from boundary_tui.commands.paths import resolve_db_path
from boundary_tui.core.errors import StoreError
from boundary_tui.demo import build_demo, sign_in_note


def run(args: argparse.Namespace) -> int:
    note = ""
    if args.demo:
        if args.db:
            print("boundary-tui: --demo makes its own database; leave out --db.", file=sys.stderr)
            return 2
        folder = Path(tempfile.mkdtemp(prefix="boundary-tui-demo-"))
        print("Building the demo practice…", flush=True)
        summary = build_demo(folder / "demo.db")
        print(summary.describe(), flush=True)
        path = summary.path
        note = sign_in_note()
    else:
        path = resolve_db_path(args.db)

    from boundary_tui.app import BoundaryApp  # imported late: Textual is only needed for the desk

    try:
        app = BoundaryApp(db_path=path, sign_in_note=note)
    except StoreError as error:
        print(f"boundary-tui: {error}", file=sys.stderr)
        return 1
    # Everything loaded so far (modules, stylesheets, the app) lives as long as the
    # process: keep it out of the garbage collector's full passes, which otherwise
    # walk it again and again all day (about a third of a pass, ~30 ms each here).
    gc.freeze()
    app.run()
    if args.demo:
        print(f"The demo database is still at {path} (start it again with: boundary-tui --db {path}).")
    return 0
