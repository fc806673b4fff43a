"""Declan Murphy-Jones: stalking a GP; reported to the police, removed at once, a Stalking Protection Order."""

from __future__ import annotations

from datetime import date, timedelta

from boundary_tui.core import removal
from boundary_tui.core.times import london_today
from boundary_tui.demo.staff import DEMO_BY
from boundary_tui.demo.stories.scene import DemoPatient, Scene, Story

PATIENT = DemoPatient(
    "Declan",
    "Murphy-Jones",
    date(1969, 11, 30),
    "stalking Dr Siobhán Kelly: removed from the practice list",
    nhs_number="9990000034",
)


def concern(scene: Scene, patient_id: int) -> None:
    """Opened seven months ago; the patient was removed from the list three weeks ago."""
    store, manager = scene.store, scene.manager
    scene.set_clock(days_ago=200)
    store.concerns.open(
        patient_id,
        kind="stalking",
        targets=[scene.staff["Dr Siobhán Kelly"]],
        chaperone_scope="targets",
        review_on=london_today(scene.clock.now()) + timedelta(days=60),
        by=manager.id,
    )
    scene.set_clock(days_ago=21)
    store.patients.mark_removed(
        patient_id, scene.today - timedelta(days=21), by=f"{DEMO_BY}: {manager.name}", by_id=manager.id
    )


def history(scene: Scene, patient_id: int) -> None:
    """A letter, waiting by her car, outside her home; police, immediate removal, threats, an SPO."""
    at, staff, today = scene.at, scene.staff, scene.today
    kelly, priya = staff["Dr Siobhán Kelly"], staff["Priya Shah"]
    scene.contact(
        patient_id,
        at(215, 9, 30),
        "letter",
        "A six-page letter to Dr Kelly about 'our future together'.",
        by=priya,
        aimed=(kelly,),
        severity="concerning",
        evidence_location="Sealed envelope, manager's safe",
    )
    scene.contact(
        patient_id,
        at(208, 18, 45),
        "waiting_outside",
        "Waited by Dr Kelly's car in the staff car park after evening surgery.",
        by=staff["Ben Clarke"],
        aimed=(kelly,),
        severity="concerning",
        witnesses="Ben Clarke",
        effect="Dr Kelly asked to be walked to her car.",
    )
    scene.contact(
        patient_id,
        at(203, 21, 10),
        "at_staff_home",
        "Dr Kelly saw him standing across the road from her home for about an hour.",
        by=scene.manager.id,
        aimed=(kelly,),
        severity="threatening",
        effect="Dr Kelly says she is frightened to be at home alone.",
        police_called=True,
        police_officer="PC 4471 Jones",
        police_reference="Incident 0921 of the day",
    )
    scene.action(
        patient_id,
        at(199, 10),
        "defence_body_contacted",
        organisation="MPS",
        notes="Advised police report and removal.",
    )
    scene.action(
        patient_id,
        at(199, 11),
        "line_manager_informed",
        notes="Dr Kelly told the practice manager and the partners.",
    )
    scene.action(patient_id, at(198, 12), "police_reported", crime_reference="13/208841/26", officer="PC 4471 Jones")
    scene.action(patient_id, at(190, 9), "warning_letter_sent", signed_by="Margaret Lewis")
    scene.contact(
        patient_id,
        at(24, 12, 15),
        "in_person",
        "Shouted at reception that he would 'sort Dr Kelly out'. Left before police arrived.",
        by=priya,
        aimed=(kelly, priya),
        severity="threatening",
        witnesses="Priya Shah; two patients in the waiting room",
        police_called=True,
        police_officer="PC 5120 Ahmed",
        police_reference="13/221907/26",
    )
    scene.action(patient_id, at(23, 10), "police_reported", crime_reference="13/221907/26", officer="PC 5120 Ahmed")
    scene.action(
        patient_id,
        at(21, 9),
        "removal_effective",
        removal_route="immediate",
        effective_on=today - timedelta(days=21),
        notes="Immediate removal: threats of violence reported to the police.",
    )
    scene.action(
        patient_id,
        at(19, 15),
        "removal_confirmed_in_writing",
        notes="Letter sent recorded delivery; copy filed.",
    )
    granted = today - timedelta(days=10)
    scene.action(
        patient_id,
        at(9, 11),
        "spo_granted",
        effective_on=granted,
        expires_on=removal.spo_minimum_expiry(granted),
        officer="DC 2210 Walsh",
        crime_reference="Leeds Magistrates' Court SPO/26/0117",
    )


STORY = Story(PATIENT, concern=concern, history=history)
