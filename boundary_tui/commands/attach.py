"""`boundary-tui attach NHS_NUMBER CONTACT FILE… [--db PATH]`: copies of evidence, from files on the server.

For files already on the practice server (a scanner's folder, an e-mail saved
there). Desks pick from the evidence inbox instead (`inbox/` beside the
database). Each file is copied into the database with its SHA-256, its type
told by its content; the original is left where it is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boundary_tui.commands.common import add_db_option, add_manager_option, authorise, db_path, require_service_account
from boundary_tui.core import nhs
from boundary_tui.core.errors import BoundaryError, Invalid
from boundary_tui.core.text import printable
from boundary_tui.store import Store


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "attach", help="attach files (scans, photos, screenshots, e-mails, PDFs, recordings) to a logged contact"
    )
    parser.add_argument("nhs_number", metavar="NHS_NUMBER", help="the patient's NHS number")
    parser.add_argument(
        "contact", metavar="CONTACT", type=int, help="the contact's number (as on the timeline: contact:N)"
    )
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path, help="the files to attach")
    add_manager_option(parser)
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if problem := nhs.problem(args.nhs_number):
        print(f"boundary-tui: {problem}", file=sys.stderr)
        return 1
    number = nhs.normalise(args.nhs_number)
    failed = 0
    path = db_path(args)
    require_service_account(path, "attach")
    with Store(path, create=False) as store:
        author = authorise(store, args, "attach files at the command line")
        patient = store.patients.by_nhs_number(number)
        if patient is None:
            shown = printable(args.nhs_number, single_line=True)
            print(f"boundary-tui: no patient has NHS number {shown}.", file=sys.stderr)
            return 1
        contact = store.contacts.get(args.contact)
        if contact is None or contact.patient_id != patient.id:
            print(
                f"boundary-tui: {patient.full_name} has no contact {args.contact}: see the numbers on the timeline "
                "(contact:N).",
                file=sys.stderr,
            )
            return 1
        for file in args.files:
            shown = printable(str(file), single_line=True)
            try:
                attached = store.attachments.attach_file(contact.id, file, by=author.by_id)
            except Invalid as invalid:
                failed += 1
                print(f"boundary-tui: {shown}: {' '.join(invalid.problems.values())}", file=sys.stderr)
                continue
            except BoundaryError as error:
                failed += 1
                print(f"boundary-tui: {shown}: {error}", file=sys.stderr)
                continue
            print(
                f"Attached {printable(attached.file_name, single_line=True)} to contact {contact.id} of "
                f"{printable(patient.full_name, single_line=True)}: {attached.label}, {attached.size_text}, "
                f"SHA-256 {attached.sha256}."
            )
    return 1 if failed else 0
