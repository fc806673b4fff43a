"""Eve Sinclair: amorous advances to the practice nurse; a warning letter ended it and the concern was closed."""

from __future__ import annotations

from datetime import date, timedelta

from boundary_tui.core.times import london_today
from boundary_tui.demo.stories.scene import DemoPatient, Scene, Story

PATIENT = DemoPatient(
    "Eve",
    "Sinclair",
    date(1985, 5, 21),
    "concern closed after a warning letter: no restriction any more",
    nhs_number="9990000042",
)


def concern(scene: Scene, patient_id: int) -> None:
    """Opened ten months ago with a chaperone for the nurse; closed four months ago."""
    store, manager = scene.store, scene.manager
    scene.set_clock(days_ago=300)
    eve = store.concerns.open(
        patient_id,
        kind="amorous_advances",
        targets=[scene.staff["Grace O'Neill"]],
        chaperone_scope="targets",
        review_on=london_today(scene.clock.now()) + timedelta(days=90),
        by=manager.id,
    )
    scene.set_clock(days_ago=120)
    store.concerns.close(eve.id, reason="No contact for four months after the warning letter.", by=manager.id)


def history(scene: Scene, patient_id: int) -> None:
    """A card and a walk-in, the nurse told the manager, advice, a warning letter; then nothing."""
    at, staff = scene.at, scene.staff
    oneill = staff["Grace O'Neill"]
    scene.contact(
        patient_id,
        at(310, 11, 5),
        "card",
        "A Valentine's card addressed to Grace O'Neill, signed 'E'. Handed in at reception.",
        by=staff["Priya Shah"],
        aimed=(oneill,),
        gift_handling="kept_and_declared",
        evidence_location="Concern folder, manager's office",
    )
    scene.contact(
        patient_id,
        at(303, 16, 40),
        "in_person",
        "Asked at the desk whether Grace O'Neill was single and what time she finishes.",
        by=staff["Ben Clarke"],
        aimed=(oneill,),
        severity="concerning",
        witnesses="Ben Clarke",
    )
    scene.action(patient_id, at(299, 10), "line_manager_informed", notes="Grace O'Neill told the practice manager.")
    scene.action(
        patient_id, at(298, 14), "defence_body_contacted", organisation="RCN", notes="Advised a warning letter."
    )
    scene.action(
        patient_id, at(292, 9), "warning_letter_sent", signed_by="Margaret Lewis", notes="Copy in the concern folder."
    )


STORY = Story(PATIENT, concern=concern, history=history)
