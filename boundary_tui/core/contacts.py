"""Contacts: one inappropriate contact by a patient, as logged at the desk.

The draft is what a person typed; `problems()` says everything wrong with it
at once (the store calls it inside its write transaction, so a script is held
to the same rules as the form). Text is stored exactly as typed, markup and
control characters included: it is evidence, and the screen shows it
literally.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from boundary_tui.core.models import Target
from boundary_tui.core.text import MAX_DETAIL_LENGTH, MAX_NOTE_LENGTH
from boundary_tui.core.times import show
from boundary_tui.core.vocabulary import CONTACT_CHANNELS, GIFT_HANDLING, SEVERITIES

MAX_DESCRIPTION_LENGTH = 10_000
"""Longest "what happened" accepted (about four pages); longer text goes in a kept document."""

GIFT_CHANNELS = frozenset({"gift", "card"})
"""Channels where "what was done with it" applies."""

FACTS_NOT_OPINIONS = (
    "Record facts, not opinions: what was said and done, when, and who saw it. The patient may one day read this log."
)
"""The reminder every contact form shows (the log may be disclosed)."""

_SURROGATES = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """A contact as typed, before the store has checked it."""

    occurred_at: datetime
    channel: str
    aimed_at: tuple[int, ...]
    """Staff ids the contact was aimed at."""
    description: str
    evidence_location: str = ""
    gift_handling: str | None = None
    witnesses: str = ""
    effect: str = ""
    severity: str = "note"
    police_called: bool = False
    police_officer: str = ""
    police_reference: str = ""


class Contact(NamedTuple):
    """A logged contact, as stored (never changed; corrections are new contacts).

    A `NamedTuple` rather than a frozen dataclass: just as immutable, and about
    ten times cheaper to build, which matters when a timeline holds 5,000.
    """

    id: int
    patient_id: int
    concern_id: int | None
    occurred_at: datetime
    logged_at: datetime
    logged_by: int
    logged_by_name: str
    channel: str
    aimed_at: tuple[Target, ...]
    description: str
    evidence_location: str
    gift_handling: str | None
    witnesses: str
    effect: str
    severity: str
    police_called: bool
    police_officer: str
    police_reference: str
    amends_id: int | None = None
    amend_reason: str = ""

    @property
    def channel_label(self) -> str:
        return CONTACT_CHANNELS.get(self.channel, self.channel)

    @property
    def severity_label(self) -> str:
        return SEVERITIES.get(self.severity, self.severity)

    def confirmation(self, patient_name: str) -> str:
        """What the desk says after a save: what was saved, for whom, when it happened."""
        verb = "Correction saved" if self.amends_id else "Contact logged"
        return (
            f"{verb}: {self.channel_label.lower()}, {show(self.occurred_at)}, {patient_name} "
            f"({self.severity_label.lower()}). It is on the timeline (F4)."
        )

    def as_draft(self) -> ContactDraft:
        """The fields of this contact, to start an amendment from."""
        return ContactDraft(
            occurred_at=self.occurred_at,
            channel=self.channel,
            aimed_at=tuple(t.staff_id for t in self.aimed_at),
            description=self.description,
            evidence_location=self.evidence_location,
            gift_handling=self.gift_handling,
            witnesses=self.witnesses,
            effect=self.effect,
            severity=self.severity,
            police_called=self.police_called,
            police_officer=self.police_officer,
            police_reference=self.police_reference,
        )


def text_problem(value: str, label: str, limit: int) -> str | None:
    """Why free text cannot be stored: too long, or holding unstorable characters."""
    if len(value) > limit:
        return (
            f"{label} is {len(value):,} characters long; the limit is {limit:,}. "
            "Shorten it, or keep the full text as a document and say where it is kept."
        )
    if _SURROGATES.search(value):
        return f"{label} contains characters that cannot be stored (broken Unicode). Retype it."
    return None


def problems(draft: ContactDraft, *, now: datetime, staff_ids: Collection[int]) -> dict[str, str]:
    """Everything wrong with a draft, by field (empty when it can be saved)."""
    found: dict[str, str] = {}
    if draft.occurred_at.tzinfo is None:
        found["occurred_at"] = "The time has no time zone."
    elif draft.occurred_at > now:
        found["occurred_at"] = (
            f"{show(draft.occurred_at)} is in the future (it is now {show(now)}): "
            "a contact is logged after it happened."
        )
    if draft.channel not in CONTACT_CHANNELS:
        found["channel"] = "Choose how the contact came (letter, card, phone call, in person…)."
    if not draft.aimed_at:
        found["aimed_at"] = "Choose at least one member of staff it was aimed at."
    elif unknown := [s for s in draft.aimed_at if s not in staff_ids]:
        found["aimed_at"] = f"Not a member of staff: {', '.join(map(str, unknown))}."
    if not draft.description.strip():
        found["description"] = "Say what happened: the facts, in a sentence or two."
    elif reason := text_problem(draft.description, "What happened", MAX_DESCRIPTION_LENGTH):
        found["description"] = reason
    for key, label in (
        ("evidence_location", "Where the evidence is kept"),
        ("witnesses", "Witnesses"),
        ("effect", "The effect on the person targeted"),
    ):
        if reason := text_problem(getattr(draft, key), label, MAX_NOTE_LENGTH):
            found[key] = reason
    if draft.gift_handling is not None:
        if draft.channel not in GIFT_CHANNELS:
            found["gift_handling"] = "What was done with it applies only to gifts and cards."
        elif draft.gift_handling not in GIFT_HANDLING:
            found["gift_handling"] = f"Choose one of: {', '.join(GIFT_HANDLING.values())}."
    if draft.severity not in SEVERITIES:
        found["severity"] = f"Choose the severity: {', '.join(SEVERITIES.values())}."
    for key, label in (("police_officer", "The officer"), ("police_reference", "The police reference")):
        value = getattr(draft, key)
        if value.strip() and not draft.police_called:
            found[key] = f"{label} is filled in but 'police called' is not ticked."
        elif reason := text_problem(value, label, MAX_DETAIL_LENGTH):
            found[key] = reason
    return found
