"""Making an export at the desk, delivering it, and saying plainly what became of it.

`make()` runs in a worker thread (a bundle of 100 MB of copies takes seconds):
`export.document` (or `export.bundle.prepare`) records the disclosure, for whom,
and a signed checkpoint first, then builds the document; the `Delivery` hands it
to the person at the desk. `outcome()` says where it went and whether the
checkpoint was signed (an unsigned one says NOT SIGNED and how to fix it).
Waiting checkpoint e-mails are sent afterwards, in the background
(`store.checkpoint_mail.send_waiting`): never part of making the export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boundary_tui.core import signing
from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.times import london_today
from boundary_tui.export import FORMATS, document, render
from boundary_tui.export.delivery import Delivery
from boundary_tui.export.files import export_name
from boundary_tui.store import Store
from boundary_tui.ui.screens.export_choice import BUNDLE, Exported, ExportRequest

if TYPE_CHECKING:
    from boundary_tui.store.checkpoint_mail import Sent

GONE = "That patient is no longer on the practice list: nothing was exported."

NOT_SIGNED = (
    "Its checkpoint is NOT SIGNED: this practice has no signing key, so nothing but the record's own links vouches "
    "for where it ended. Whoever runs the server fixes it once with `boundary-tui key init` (then publish the key's "
    "fingerprint: `boundary-tui key show`)."
)


def exported_by(store: Store, staff_id: int) -> str:
    """`Margaret Lewis (manager), signed in at the desk`: on the export."""
    staff = store.staff.get(staff_id)
    return f"{staff.name} ({staff.role}), signed in at the desk" if staff else "an unknown member of staff"


def make(store: Store, patient_id: int, staff_id: int, request: ExportRequest, delivery: Delivery) -> Exported:
    """Record, build and deliver one export (blocking: call it from a worker thread)."""
    by = exported_by(store, staff_id)
    today = london_today(store.now())
    if request.fmt == BUNDLE:
        from boundary_tui.export.bundle import prepare

        bundle = prepare(
            store,
            patient_id,
            generated_by=by,
            by=staff_id,
            recipient=request.recipient,
            recipient_detail=request.recipient_detail,
        )
        if bundle is None:
            raise BoundaryError(GONE)
        doc = bundle.document
        name = export_name(doc.patient.family_name, doc.patient.nhs_number, today, ".zip").replace(
            "timeline-", "evidence-", 1
        )
        where = delivery.deliver(name, bundle.write)
        copies = len(bundle.attachments)
    else:
        made = document(
            store,
            patient_id,
            generated_by=by,
            by=staff_id,
            recipient=request.recipient,
            recipient_detail=request.recipient_detail,
            fmt=request.fmt,
        )
        if made is None:
            raise BoundaryError(GONE)
        doc = made
        name = export_name(doc.patient.family_name, doc.patient.nhs_number, today, FORMATS[request.fmt].suffix)
        where = delivery.deliver(name, render(doc, request.fmt))
        copies = 0
    checkpoint = doc.checkpoint
    key = checkpoint.public_key if checkpoint is not None and checkpoint.signed else None
    return Exported(
        fmt=request.fmt,
        where=where,
        entries=len(doc.entries),
        copies=copies,
        problems=len(doc.problems),
        signed=key is not None,
        fingerprint=signing.fingerprint(key) if key is not None else "",
    )


def outcome(done: Exported) -> str:
    """What the desk says once an export is made: where it went, and whether its checkpoint was signed."""
    what = (
        f"Evidence bundle ({done.copies} cop{'y' if done.copies == 1 else 'ies'} of evidence)"
        if done.fmt == BUNDLE
        else f"Timeline exported ({done.fmt})"
    )
    signed = f"Its checkpoint is signed with the practice's key ({done.fingerprint})." if done.signed else NOT_SIGNED
    return f"{what} to {done.where}. It names the patient: keep it safe. {signed}"


def send_checkpoints(store: Store) -> Sent:
    """Send the checkpoint e-mails still waiting (blocking, up to the mail timeout: call it from a worker).

    Imported here: the mail client (smtplib, ssl) is not part of the desk's start-up."""
    from boundary_tui.store.checkpoint_mail import send_waiting

    return send_waiting(store)


def mail_note(sent: Sent) -> str | None:
    """What to say after sending: only that copies are waiting because the mail server did not take them."""
    if not sent.waiting or not sent.problem:
        return None
    return (
        f"{sent.waiting} checkpoint e-mail{'s are' if sent.waiting != 1 else ' is'} waiting: {sent.problem} "
        "Nothing is lost: they are sent at the next export, backup or daily `boundary-tui checkpoint`."
    )
