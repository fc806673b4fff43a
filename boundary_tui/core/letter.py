"""The warning letter (the defence bodies' step 7), drafted from the timeline.

A draft only: the practice manager edits, prints and signs it. Nothing goes on
the timeline until "Warning letter sent" is recorded (F6), because only then
has the patient been warned (rule 9 counts 12 months from that date).

The letter lists the dates and kinds of the contacts on record, never the
descriptions: it states facts the patient will recognise, and staff add the
detail they choose to put in writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from boundary_tui.core.contacts import Contact
from boundary_tui.core.models import Patient
from boundary_tui.core.nhs import format_nhs
from boundary_tui.core.removal import WARNING_VALID_MONTHS
from boundary_tui.core.text import printable
from boundary_tui.core.times import london_today, show_date

DRAFT_NOTE = "DRAFT: edit, print and sign. Delete these lines (down to the dashes) before printing."


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def warning_letter(
    *,
    practice_name: str,
    practice_address: str,
    patient: Patient,
    today: date,
    contacts: Sequence[Contact] = (),
    signer: str = "",
) -> str:
    """The text of a draft warning letter, ready to edit in any text editor.

    Names and addresses pass through `printable`: a control character typed
    into a record must not reach a terminal that `cat`s the file.
    """
    practice_name, practice_address, signer = (
        printable(t, single_line=True) for t in (practice_name, practice_address, signer)
    )
    name = printable(patient.full_name, single_line=True)
    address = printable(patient.address, single_line=True)
    note = [
        DRAFT_NOTE,
        'Once the letter is sent, record "Warning letter sent" (F6) with its date and signer:',
        "only then is it on the timeline, and it supports an ordinary removal for 12 months.",
        "-" * 72,
        "",
    ]
    sender = [practice_name, *(line.strip() for line in practice_address.split(",") if line.strip())]
    recipient = [name, *(line.strip() for line in address.split(",") if line.strip())]
    if patient.postcode and patient.postcode not in address:
        recipient.append(patient.postcode)
    lines = [*note, *sender, "", _long_date(today), "", "PRIVATE AND CONFIDENTIAL", *recipient, ""]
    lines += [f"NHS number: {format_nhs(patient.nhs_number)}", "", f"Dear {name},", ""]
    lines += ["Your behaviour towards members of our staff", ""]
    lines.append(f"We are writing to you about your behaviour towards members of staff at {practice_name}.")
    if contacts:
        lines += ["", "We have a record of the following:"]
        for contact in sorted(contacts, key=lambda c: c.occurred_at):
            lines.append(f"  - {show_date(london_today(contact.occurred_at))}: {contact.channel_label.lower()}")
    lines += [
        "",
        "[Describe what happened in plain, factual words. Facts only, no opinions.]",
        "",
        "This behaviour is inappropriate and it must stop. Our staff are here to look after your health, "
        "and their relationship with you must remain a professional one.",
        "",
        "[If it applies: until further notice your appointments will be with other clinicians, "
        "and a chaperone will be present.]",
        "",
        "If this behaviour continues, we may remove you from the practice list. Where any member of staff "
        "feels harassed or threatened, we will report it to the police: harassment and stalking are criminal "
        "offences under the Protection from Harassment Act 1997.",
        "",
        f"This letter is a formal warning. It remains in effect for {WARNING_VALID_MONTHS} months from the date above.",
        "",
        "If you would like to discuss this letter, please write to the practice manager at the address above.",
        "",
        "Yours sincerely,",
        "",
        "",
        signer or "[Name]",
        "[Practice manager / Senior partner]",
        practice_name,
        "",
    ]
    return "\n".join(lines)
