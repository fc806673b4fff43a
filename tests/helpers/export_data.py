"""Timelines for the export tests: an ordinary story, and one with hostile text in every field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from boundary_tui.core import nhs
from boundary_tui.core.actions import ActionDraft
from boundary_tui.export import document
from boundary_tui.export.model import ExportDocument
from boundary_tui.store import Store
from boundary_tui.store.queue import QueueStore
from tests.helpers import drafts, evidence
from tests.helpers.drafts import act, contact_draft, log
from tests.helpers.practice import NOW, Practice

NASTY = (
    drafts.HOSTILE,
    evidence.HOSTILE,
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\tleading tab",
    "\rleading carriage return",
    "<script>alert('x')</script><img src=x onerror=alert(1)><SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click me](javascript:alert(1)) ](javascript:alert(1)) ![img](http://evil.example/x.png) [@click=app.quit]q[/]",
    "\x1b]52;c;ZXZpbA==\x07 OSC 52 sets the clipboard",
    "NUL \x00 here, DEL \x7f, CSI \x9b31m, BEL \x07",
    "line\u2028separator\u2029paragraph \u202egnp.exe",
    "# heading\n- item\n1. item\n> quote\n---\n    code\n| a | b |\n|---|---|\n===\n",
    "https://evil.com www.evil.com mailto:x@evil.com x@evil.com <https://evil.com> <!-- c -->",
    "&lt;script&gt; &amp; `code` *em* _em_ ~~del~~ $x$ \\",
)
"""Markup, terminal escapes, formula injection, HTML, Markdown syntax, links and invisible characters."""

ALL = "\n".join(NASTY)
"""Every hostile string in one text (for the long free-text fields)."""

HOSTILE_STAFF = "[@click=app.quit]Mal[/] <script>alert(1)</script> =1+1"
HOSTILE_GIVEN = "<b>[@click=app.quit]Eve</b>"
HOSTILE_FAMILY = "=cmd|' /C calc'!A0 ](javascript:alert(1))"


@dataclass(frozen=True)
class Hostile:
    patient: int
    nhs_number: str
    contact: int
    corrected: int
    staff: int


def hostile_timeline(store: Store, practice: Practice) -> Hostile:
    """A patient whose every stored text is hostile: names, address, concern, contacts, actions, override."""
    store.settings.set("practice_name", NASTY[8])
    store.settings.set("practice_address", NASTY[13])
    mal = store.staff.add(HOSTILE_STAFF, "manager", None, by="test")
    number = nhs.with_check_digit("999000013") or ""
    assert not nhs.problem(number)
    patient = store.patients.add(
        nhs_number=number,
        given_name=HOSTILE_GIVEN,
        family_name=HOSTILE_FAMILY,
        date_of_birth=date(1980, 2, 29),
        postcode="LS1 4AP",
        address=NASTY[9] + " " + NASTY[2],
        by="test",
    ).id
    concern = store.concerns.open(
        patient,
        kind="harassment",
        targets=[practice.hart_staff],
        chaperone_scope="targets",
        review_on=date(2027, 1, 31),
        summary=ALL,
        by=mal.id,
    )
    store.concerns.change(concern.id, reason=NASTY[4] + NASTY[11], summary=NASTY[12], by=mal.id)
    first = log(
        store,
        practice,
        patient=patient,
        by=mal.id,
        occurred_at=NOW - timedelta(days=3),
        channel="gift",
        gift_handling="kept_and_declared",
        description=ALL,
        witnesses=NASTY[2],
        effect=NASTY[3],
        evidence_location=NASTY[4],
        severity="threatening",
        police_called=True,
        police_officer=NASTY[5],
        police_reference=NASTY[6],
    )
    corrected = store.contacts.amend(
        first.id,
        contact_draft(
            practice,
            occurred_at=NOW - timedelta(days=2),
            description=NASTY[7] + "\n" + ALL,
            witnesses=NASTY[10],
            effect=NASTY[11],
            evidence_location=NASTY[12],
        ),
        reason=NASTY[9] + NASTY[5],
        by=mal.id,
    )
    log(store, practice, patient=patient, description=NASTY[13] + NASTY[14], occurred_at=NOW - timedelta(days=1))
    act(store, practice, "defence_body_contacted", patient=patient, by=mal.id, organisation=NASTY[3], notes=ALL)
    act(store, practice, "warning_letter_sent", patient=patient, by=mal.id, signed_by=NASTY[2], notes=NASTY[15])
    act(
        store,
        practice,
        "police_reported",
        patient=patient,
        by=mal.id,
        when=NOW - timedelta(minutes=20),
        crime_reference='=HYPERLINK("http://evil.example")',
        officer=NASTY[5],
        notes=NASTY[0],
    )
    store.actions.record(
        patient,
        ActionDraft(
            kind="spo_granted",
            occurred_at=NOW - timedelta(minutes=10),
            effective_on=date(2026, 11, 20),
            expires_on=date(2028, 11, 20),
            officer=NASTY[10][:200],
            crime_reference=NASTY[6],
            notes=NASTY[12],
        ),
        by=mal.id,
    )
    booked = store.appointments.book(
        patient_id=patient,
        clinician_id=practice.hart,
        starts_at=NOW.replace(hour=10),
        by=mal.id,
        override_reason=ALL,
        chaperone_name=NASTY[2],
    )
    assert booked.override_id is not None
    QueueStore(store).mark_override_reviewed(booked.override_id, note=ALL, by=mal.id)
    return Hostile(patient=patient, nhs_number=number, contact=first.id, corrected=corrected.id, staff=mal.id)


def export_of(store: Store, patient_id: int, by: str = "Test runner") -> ExportDocument:
    doc = document(store, patient_id, generated_by=by)
    assert doc is not None
    return doc
