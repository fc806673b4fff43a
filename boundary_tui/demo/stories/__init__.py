"""The demo's four patients with a story, one module each, and the order they are written in.

Each story has chapters (`Story`): the concern, appointments booked today, and
the history of contacts and actions. The demo writes every story's concern, then
today's bookings, then every history, each time in the order the concerns were
opened. The rows, their ids and the evidence chain follow that order, so a
change of order changes every demo database (and the pictures made from one).
"""

from __future__ import annotations

from boundary_tui.demo.stories import fairbairn, murphy_jones, obrien, sinclair
from boundary_tui.demo.stories.scene import DemoPatient, Scene, Story

STORIES: tuple[Story, ...] = (obrien.STORY, fairbairn.STORY, murphy_jones.STORY, sinclair.STORY)
"""In the order the patients join the list (and are printed when a demo is made)."""

IN_ORDER_OPENED: tuple[Story, ...] = (sinclair.STORY, murphy_jones.STORY, obrien.STORY, fairbairn.STORY)
"""In the order their concerns were opened: ten months ago, seven, three, and forty days."""

STORY_PATIENTS: tuple[DemoPatient, ...] = tuple(story.patient for story in STORIES)


def write_stories(scene: Scene, patient_ids: dict[DemoPatient, int]) -> None:
    """Every story's chapters, chapter by chapter, for the patients already on the list."""
    for story in IN_ORDER_OPENED:
        story.concern(scene, patient_ids[story.patient])
    for story in IN_ORDER_OPENED:
        story.booked_today(scene, patient_ids[story.patient])
    for story in IN_ORDER_OPENED:
        story.history(scene, patient_ids[story.patient])
