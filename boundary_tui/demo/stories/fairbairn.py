"""Zoë Fairbairn: harassment of Dr Patel, then the nurse too; a chaperone for all consultations.

Calls and messages several times a week, and one threatening voicemail not yet
reported to the police.
"""

from __future__ import annotations

from datetime import date, timedelta

from boundary_tui.demo.stories.scene import DemoPatient, Scene, Story, working_slot

PATIENT = DemoPatient(
    "Zoë",
    "Fairbairn",
    date(1990, 7, 2),
    "harassment of Dr Rajesh Patel and Grace O'Neill: chaperone for all consultations",
    nhs_number="9990000026",
)

MESSAGES = (
    (44, 9, "phone_call", "Demanded Dr Patel call her back today."),
    (43, 13, "text_message", "Four texts to the practice mobile asking why Dr Patel has not replied."),
    (41, 10, "email", "Email to the practice inbox for Dr Patel: 'you owe me an answer'."),
    (39, 8, "phone_call", "Called at opening time asking for Dr Patel by first name."),
    (37, 15, "text_message", "Six texts in an hour demanding Dr Patel's mobile number."),
    (33, 11, "email", "Two emails to Dr Patel, copied to the practice manager."),
    (30, 9, "phone_call", "Called three times; became abusive when told Dr Patel was unavailable."),
    (26, 14, "social_media", "Posted Dr Patel's photo on Facebook with 'he knows what he did'."),
    (19, 10, "text_message", "Texts to the practice mobile asking which days Grace O'Neill works."),
    (16, 12, "phone_call", "Asked for Grace O'Neill; wanted to know if she is 'with' Dr Patel."),
    (12, 9, "email", "Email to Grace O'Neill's NHS address demanding she pass on messages."),
    (5, 11, "text_message", "Texts demanding an appointment with Dr Patel 'or else'."),
    (2, 10, "phone_call", "Called asking whether Dr Patel is in this week."),
)
"""(days ago, hour, channel, what happened) of the calls and messages before the voicemail."""


def concern(scene: Scene, patient_id: int) -> None:
    """Opened forty days ago for Dr Patel; the nurse added ten days ago."""
    store, manager, staff = scene.store, scene.manager, scene.staff
    scene.set_clock(days_ago=40)
    zoe = store.concerns.open(
        patient_id,
        kind="harassment",
        targets=[staff["Dr Rajesh Patel"]],
        chaperone_scope="all",
        review_on=scene.today + timedelta(days=30),
        summary="Repeated calls and messages demanding replies.",
        by=manager.id,
    )
    scene.set_clock(days_ago=10)
    store.concerns.change(
        zoe.id,
        targets=[staff["Dr Rajesh Patel"], staff["Grace O'Neill"]],
        reason="Messages to the nurse began last week.",
        by=manager.id,
    )


def booked_today(scene: Scene, patient_id: int) -> None:
    """Tomorrow with the healthcare assistant, with a chaperone (required for every consultation)."""
    scene.set_clock(days_ago=0)
    scene.store.appointments.book(
        patient_id=patient_id,
        clinician_id=scene.clinicians["Tom Okafor"],
        starts_at=working_slot(scene.today + timedelta(days=1), 10),
        by=scene.reception.id,
        chaperone_name="Ben Clarke",
    )


def history(scene: Scene, patient_id: int) -> None:
    """The calls and messages, the manager told, then a threatening voicemail."""
    at, staff = scene.at, scene.staff
    priya, ben = staff["Priya Shah"], staff["Ben Clarke"]
    patel, oneill = staff["Dr Rajesh Patel"], staff["Grace O'Neill"]
    for days_ago, hour, channel, text in MESSAGES:
        scene.contact(
            patient_id,
            at(days_ago, hour, 10),
            channel,
            text,
            by=priya if days_ago % 2 else ben,
            aimed=(oneill,) if "Grace" in text else (patel,),
            severity="concerning" if "abusive" in text or "or else" in text else "note",
        )
    scene.action(patient_id, at(39, 12), "line_manager_informed", notes="Dr Patel told the practice manager.")
    scene.contact(
        patient_id,
        at(8, 18, 40),
        "phone_call",
        "Voicemail: 'If he won't see me I will find him at home. I know where he lives.'",
        by=scene.manager.id,
        aimed=(patel,),
        severity="threatening",
        evidence_location="Voicemail saved to the practice drive",
        effect="Dr Patel is worried for his family.",
    )


STORY = Story(PATIENT, concern=concern, history=history, booked_today=booked_today)
