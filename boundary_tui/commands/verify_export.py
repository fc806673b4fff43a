"""`boundary-tui verify-export FILE [--key PUBLIC_KEY]`: check an export with nothing but the export.

For whoever receives one (police, a defence body, a regulator, the patient):
no practice database is needed. It re-checks every hash, the patient's own
chain link by link, and the practice's signature on where the record ended,
and says in plain words what that proves and what it cannot.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from boundary_tui.core.text import printable


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "verify-export",
        help="check an export (JSON) on its own: every hash, the patient's chain, the practice's signature",
    )
    parser.add_argument("file", metavar="FILE", help="the export (.json) or the evidence bundle (.zip)")
    parser.add_argument(
        "--key",
        metavar="PUBLIC_KEY",
        help="the practice's public key or its fingerprint, as it publishes them (letterhead, README)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import zipfile

    from boundary_tui.export.check import check, check_bundle

    shown = printable(args.file, single_line=True)
    if zipfile.is_zipfile(args.file):
        result = check_bundle(Path(args.file), expected_key=args.key)
        print(printable(result.describe()))
        return 0 if result.ok else 1
    try:
        data = json.loads(Path(args.file).read_bytes().decode("utf-8"))
    except OSError as error:
        print(f"boundary-tui verify-export: {shown}: {error.strerror or error}.", file=sys.stderr)
        return 2
    except (UnicodeDecodeError, ValueError):
        print(f"boundary-tui verify-export: {shown} is not a JSON export (use --format json).", file=sys.stderr)
        return 2
    result = check(data, expected_key=args.key)
    print(printable(result.describe()))
    return 0 if result.ok else 1
