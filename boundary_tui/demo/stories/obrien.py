"""Martin O'Brien: amorous advances to Dr Hart, continuing after the warning letter.

Not with Dr Hart, a chaperone with her (an emergency override stands, not yet
reviewed); two days ago, at Dr Hart's request, booked only with her male
colleagues, and the concern changed to harassment: his appointment with Dr
Kelly, booked the day before, is flagged on the desk and waits in the manager's
queue (rule 12). A walk-in logged with the wrong day and corrected; contacts
since the warning letter, so the timeline suggests police or removal. The
letter's scan is attached to its contact; two days ago the practice manager
exported the record for the police (the manager's queue lists it this week).
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date, timedelta
from pathlib import Path

from boundary_tui.core.times import london_today
from boundary_tui.demo.pictures import letter_scan
from boundary_tui.demo.stories.scene import DemoPatient, Scene, Story, working_slot

PATIENT = DemoPatient(
    "Martin",
    "O'Brien",
    date(1978, 3, 14),
    "amorous advances to Dr Amelia Hart, now harassment: not with Dr Hart, only with her male colleagues "
    "(an appointment with Dr Kelly is flagged), chaperone with her",
    nhs_number="9990000018",
)


def concern(scene: Scene, patient_id: int) -> None:
    """Opened three months ago; an emergency booking with Dr Hart six days ago, not yet reviewed."""
    store = scene.store
    scene.set_clock(days_ago=90)
    store.concerns.open(
        patient_id,
        kind="amorous_advances",
        targets=[scene.staff["Dr Amelia Hart"]],
        chaperone_scope="targets",
        review_on=scene.today + timedelta(days=60),
        summary="Cards and a gift addressed to Dr Hart; asked her out at the desk.",
        by=scene.manager.id,
    )
    scene.set_clock(days_ago=6)
    slot = working_slot(london_today(scene.clock.now()) + timedelta(days=1), 11)
    store.appointments.book(
        patient_id=patient_id,
        clinician_id=scene.clinicians["Dr Amelia Hart"],
        starts_at=slot,
        by=scene.reception.id,
        chaperone_name="Grace O'Neill",
        override_reason="Chest pain; only Dr Hart free that morning.",
    )
    scene.set_clock(days_ago=3)
    store.appointments.book(
        patient_id=patient_id,
        clinician_id=scene.clinicians["Dr Siobhán Kelly"],
        starts_at=working_slot(scene.today + timedelta(days=7), 10),
        by=scene.reception.id,
    )
    scene.set_clock(days_ago=2)
    [opened] = store.concerns.for_patient(patient_id)
    store.concerns.change(
        opened.id,
        reason="Letters and calls continue after the warning letter.",
        kind="harassment",
        by=scene.manager.id,
    )
    store.concerns.change(
        opened.id,
        reason="Dr Hart asked that he be booked only with her male colleagues.",
        allowed=[scene.staff["Dr Rajesh Patel"], scene.staff["Tom Okafor"]],
        by=scene.manager.id,
    )


def booked_today(scene: Scene, patient_id: int) -> None:
    """Tomorrow with Dr Patel, the way the desk books him."""
    scene.set_clock(days_ago=0)
    scene.store.appointments.book(
        patient_id=patient_id,
        clinician_id=scene.clinicians["Dr Rajesh Patel"],
        starts_at=working_slot(scene.today + timedelta(days=1), 9),
        by=scene.reception.id,
    )


def history(scene: Scene, patient_id: int) -> None:
    """A card, a gift, messages, advice, care transferred, a walk-in corrected, a warning letter, more contacts."""
    at, staff, store = scene.at, scene.staff, scene.store
    hart, priya, ben = staff["Dr Amelia Hart"], staff["Priya Shah"], staff["Ben Clarke"]
    scene.contact(
        patient_id,
        at(104, 10, 20),
        "card",
        "A birthday card for Dr Hart signed 'with all my love, Martin'. Left at reception.",
        by=priya,
        aimed=(hart,),
        gift_handling="kept_and_declared",
        evidence_location="Concern folder, manager's office",
    )
    scene.contact(
        patient_id,
        at(97, 15, 0),
        "gift",
        "Chocolates and perfume left for Dr Hart, with a note asking her to dinner.",
        by=ben,
        aimed=(hart,),
        gift_handling="kept_and_declared",
        evidence_location="Bagged and labelled, manager's office",
    )
    scene.contact(
        patient_id,
        at(92, 19, 30),
        "social_media",
        "A friend request and three messages to Dr Hart's personal Instagram account.",
        by=scene.manager.id,
        aimed=(hart,),
        evidence_location="Screenshots in the concern folder",
        effect="Dr Hart felt uneasy; set her account to private.",
    )
    scene.action(
        patient_id,
        at(89, 11),
        "defence_body_contacted",
        organisation="MDU",
        notes="Advised: log every contact, keep the card and gift, transfer care, warning letter if it goes on.",
    )
    scene.action(patient_id, at(89, 12), "line_manager_informed", notes="Dr Hart told the practice manager.")
    scene.action(patient_id, at(88, 9), "care_transferred", notes="Care transferred to Dr Rajesh Patel.")
    walk_in = scene.contact(
        patient_id,
        at(62, 17, 50),
        "in_person",
        "Came to the desk asking to see Dr Hart 'just for a minute'. Told she was not available; "
        "waited in the car park until 18:30.",
        by=ben,
        aimed=(hart,),
        severity="concerning",
        witnesses="Ben Clarke, Priya Shah",
    )
    scene.clock.set(at(61, 9))
    corrected = store.contacts.get(walk_in)
    assert corrected is not None
    store.contacts.amend(
        walk_in,
        dataclasses.replace(corrected.as_draft(), occurred_at=at(63, 17, 50)),
        reason="Wrong date typed: it happened the day before.",
        by=ben,
    )
    scene.action(
        patient_id,
        at(55, 10),
        "warning_letter_sent",
        signed_by="Margaret Lewis",
        notes="Sent recorded delivery; copy in the concern folder.",
    )
    letter = scene.contact(
        patient_id,
        at(30, 9, 5),
        "letter",
        "A four-page letter to Dr Hart saying he 'will wait as long as it takes'.",
        by=priya,
        aimed=(hart,),
        severity="concerning",
        evidence_location="Sealed envelope, manager's safe",
    )
    scene.clock.set(at(30, 11, 40))  # scanned before it went in the safe
    with tempfile.TemporaryDirectory() as folder:
        scan = Path(folder) / "letter-to-Dr-Hart-page-1.png"
        scan.write_bytes(letter_scan())
        store.attachments.attach_file(letter, scan, by=priya, source="inbox")
    scene.contact(
        patient_id,
        at(12, 16, 20),
        "phone_call",
        "Phoned twice asking what time Dr Hart finishes on Fridays. No details given.",
        by=priya,
        aimed=(hart,),
        severity="concerning",
    )
    # Two days ago the practice manager exported the record for the police (the desk's E does this, and the
    # export it writes is the one thing not kept in the database).
    scene.clock.set(at(2, 14, 30))
    store.disclosures.handed_out(
        patient_id,
        "exported",
        recipient="police",
        recipient_detail="PC 4127 Walsh, crime reference 13/88412/26",
        format="html",
        by=scene.manager.id,
    )
    store.checkpoints.make("export", patient_ids=(patient_id,), by=scene.manager.id)


STORY = Story(PATIENT, concern=concern, history=history, booked_today=booked_today)
