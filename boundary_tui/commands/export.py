"""`boundary-tui export NHS_NUMBER --format md|html|csv|json [-o FILE] [--force] [--db PATH]`.

One patient's timeline as evidence: the patient and concern header, every
entry in order with when it happened and when and by whom it was logged,
amendments beside originals, each entry's place and hash in the
tamper-evidence chain, the chain head and how to verify it. Without `-o` the
export goes to standard output (messages go to standard error). With `-o` it
is written whole or not at all; an existing file is replaced only with
`--force`. Only the service account (the owner of the database file) or root
may export, with a practice manager's name and PIN; the export names that
manager and the computer account (real uid) as who made it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from boundary_tui import export
from boundary_tui.commands.common import (
    Author,
    add_db_option,
    add_manager_option,
    authorise,
    db_path,
    require_service_account,
)
from boundary_tui.core import nhs
from boundary_tui.core.text import printable
from boundary_tui.core.vocabulary import RECIPIENTS
from boundary_tui.store import Store


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "export",
        help="write a patient's timeline as evidence (Markdown, HTML, CSV or JSON) with its tamper-evidence hashes",
        description=(
            "Write one patient's timeline as evidence: every entry in order, who logged it and when, "
            "amendments beside originals, each entry's tamper-evidence hash, the chain head and how to verify it."
        ),
    )
    parser.add_argument(
        "nhs_number", nargs="+", metavar="NHS_NUMBER", help="the patient's NHS number (10 digits, spaces allowed)"
    )
    parser.add_argument(
        "--format",
        "-f",
        required=True,
        choices=[*export.FORMATS, "bundle"],
        help="md (a readable report), html (to print), csv (one row per entry), json (complete, with the "
        "content behind every hash), bundle (one ZIP to hand over: PDF, HTML and JSON reports, the copies of "
        "evidence, the signed checkpoint and SHA256SUMS; needs -o)",
    )
    parser.add_argument(
        "--for",
        dest="recipient",
        choices=list(RECIPIENTS),
        default="practice",
        help="for whom (recorded in the patient's disclosure log): " + ", ".join(RECIPIENTS),
    )
    parser.add_argument(
        "--detail", metavar="TEXT", default="", help="who exactly: officer and crime reference, case number…"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output (`-`: standard output)"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    add_manager_option(parser)
    add_db_option(parser)
    parser.set_defaults(run=run)


def exported_by(author: Author) -> str:
    """`Margaret Lewis (practice manager), at the command line as computer account boundary`: on the export."""
    if author.manager is None:
        return f"computer account {author.account} (command line)"
    return f"{author.manager.name} (practice manager), at the command line as computer account {author.account}"


def _send_checkpoints(store: Store) -> None:
    """The export's checkpoint goes off the server now if the mail server takes it (else it waits, said)."""
    from boundary_tui.store.checkpoint_mail import send_waiting

    sent = send_waiting(store)
    if sent.sent or sent.waiting:
        print(sent.describe(), file=sys.stderr)


def _bundle(store: Store, patient_id: int, args: argparse.Namespace, author: Author) -> int:
    """`--format bundle -o FILE.zip`: the evidence bundle, written whole or not at all."""
    from boundary_tui.export.bundle import prepare
    from boundary_tui.export.files import write_file

    if not args.output or args.output == "-":
        print("boundary-tui: a bundle is a ZIP file: give -o FILE.zip. Nothing was exported.", file=sys.stderr)
        return 2
    bundle = prepare(
        store,
        patient_id,
        generated_by=exported_by(author),
        by=author.by_id,
        recipient=args.recipient,
        recipient_detail=args.detail,
    )
    assert bundle is not None
    path = write_file(Path(args.output), bundle.write, overwrite=args.force, what="bundle")
    doc = bundle.document
    print(
        f"Bundled the record of {printable(doc.patient.full_name, single_line=True)} ({len(doc.entries):,} entries, "
        f"{len(bundle.attachments)} copies of evidence) to {printable(str(path), single_line=True)}."
    )
    print("Anyone can check it with: boundary-tui verify-export FILE.zip --key <the practice's public key>")
    _send_checkpoints(store)
    return 0


def run(args: argparse.Namespace) -> int:
    typed = " ".join(args.nhs_number)
    if problem := nhs.problem(typed):
        print(f"boundary-tui: {printable(problem, single_line=True)} Nothing was exported.", file=sys.stderr)
        return 1
    number = nhs.digits_of(typed)
    path = db_path(args)
    require_service_account(path, "export")
    with Store(path, create=False) as store:
        author = authorise(store, args, "export a timeline")
        patient = store.patients.by_nhs_number(number)
        if patient is not None and args.format == "bundle":
            return _bundle(store, patient.id, args, author)
        document = (
            export.document(
                store,
                patient.id,
                generated_by=exported_by(author),
                by=author.by_id,
                recipient=args.recipient,
                recipient_detail=args.detail,
                fmt=args.format,
            )
            if patient
            else None
        )
        where = store.path
        if document is not None:
            _send_checkpoints(store)
    if document is None:
        print(
            f"boundary-tui: no patient with NHS number {nhs.format_nhs(number)} is in "
            f"{printable(str(where), single_line=True)}. Nothing was exported. "
            "Check the number, or the database (--db).",
            file=sys.stderr,
        )
        return 1
    from boundary_tui.export.files import write_file

    data = export.render(document, args.format)
    name = printable(document.patient.full_name, single_line=True)
    summary = f"{len(document.entries):,} entr{'y' if len(document.entries) == 1 else 'ies'}"
    head = f"chain head {document.head.hash}" if document.head else "no chain head (empty chain)"
    try:
        if args.output and args.output != "-":
            path = write_file(Path(args.output), data, overwrite=args.force)
            shown = printable(str(path), single_line=True)
            print(f"Exported the timeline of {name} ({summary}, {head}) as {args.format} to {shown}.")
            check = document.verify_command()
            print(f"To check later that nothing was changed or left out: `{check}` on the database.")
            sys.stdout.flush()
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and no traceback at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        if not args.output or args.output == "-":
            return 1
    if document.problems:
        print(
            f"boundary-tui: WARNING: {len(document.problems)} entr{'y' if len(document.problems) == 1 else 'ies'} "
            "failed the tamper-evidence check (the export says which). Run `boundary-tui verify` on the database.",
            file=sys.stderr,
        )
        return 1
    return 0
