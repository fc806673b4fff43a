"""E-mail addresses and the checkpoint e-mail: plain rules, no sending (`store.checkpoint_mail` sends)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the email package is loaded only when a message is checked or made (not at start-up)
    from email.message import EmailMessage

MAX_ADDRESSES = 10

_ADDRESS = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def address_list(text: str) -> list[str]:
    """`a@x.org, b@y.org` as a list (empty text: no addresses)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def addresses_problem(text: str) -> str | None:
    """Why these addresses cannot be used, or None."""
    found = address_list(text)
    if len(found) > MAX_ADDRESSES:
        return f"At most {MAX_ADDRESSES} addresses, separated by commas."
    from email.utils import parseaddr

    bad = [a for a in found if not _ADDRESS.fullmatch(a) or parseaddr(a)[1] != a]
    if bad:
        return (
            f"Not an e-mail address: {', '.join(repr(a) for a in bad[:3])}. Give plain addresses, e.g. dpo@example.org."
        )
    return None


def host_problem(text: str) -> str | None:
    if not _HOST.fullmatch(text):
        return f"{text!r} is not a host name (e.g. localhost or smtp.example.org)."
    return None


def port_problem(text: str) -> str | None:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
        return f"{text!r} is not a port number (1 to 65535; 25 or 587 for e-mail)."
    return None


def checkpoint_message(*, practice: str, sender: str, to: list[str], subject_detail: str, body: str) -> EmailMessage:
    """The e-mail that carries a checkpoint: a short explanation, and the checkpoint as an attached JSON file."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = f"boundary-tui checkpoint: {practice}: {subject_detail}"
    message.set_content(
        f"This is a signed checkpoint of the tamper-evident record kept by {practice}'s reception desk "
        "(boundary-tui).\n\n"
        "Keep this e-mail and its attachment. If the record is ever questioned, `boundary-tui verify "
        "--checkpoint checkpoint.json` run on the practice's database (or a backup) shows whether the record "
        "still passes through what this checkpoint certifies; `boundary-tui verify-export` checks an export "
        "against it.\n\nIt holds no patient's details: only hashes, counts and NHS numbers of exported records.\n"
    )
    message.add_attachment(body.encode("utf-8"), maintype="application", subtype="json", filename="checkpoint.json")
    return message
