"""Actions: the steps the practice took, each kind with the fields it needs.

`ACTION_FIELDS` is the one description of which fields a kind uses (and which
it requires): the form shows those fields and nothing else, and `problems()`
holds a script to the same list. Rule 9's preconditions for removal from the
list live in `removal_refusal()`; the store asks both inside its write
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from boundary_tui.core import removal
from boundary_tui.core.contacts import MAX_DESCRIPTION_LENGTH, text_problem
from boundary_tui.core.text import MAX_DETAIL_LENGTH
from boundary_tui.core.times import london_today, show, show_date
from boundary_tui.core.vocabulary import ACTION_KINDS, REMOVAL_ROUTES


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field an action kind asks for."""

    name: str
    """The `ActionDraft` attribute (and database column)."""
    label: str
    required: bool = False
    placeholder: str = ""


_NOTES = FieldSpec("notes", "Notes", placeholder="facts: what was done, by whom, where copies are kept")

ACTION_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "spoke_to_patient": (FieldSpec("notes", "What was said", True, "facts: who spoke to them, what was said"),),
    "defence_body_contacted": (
        FieldSpec("organisation", "Defence body", True, "MDU, MPS, MDDUS…"),
        FieldSpec("notes", "Advice given", placeholder="the advice, and the case reference if any"),
    ),
    "line_manager_informed": (FieldSpec("notes", "Who was told", True, "name and role; what they said"),),
    "warning_letter_sent": (
        FieldSpec("signed_by", "Signed by", True, "practice manager or senior partner"),
        FieldSpec("notes", "Notes", placeholder="how it was sent; where the copy is kept"),
    ),
    "care_transferred": (FieldSpec("notes", "Transferred to", True, "which clinician(s) now look after the patient"),),
    "chaperone_arranged": (_NOTES,),
    "police_reported": (
        FieldSpec("crime_reference", "Crime reference", True, "e.g. 13/123456/26"),
        FieldSpec("officer", "Officer", placeholder="name and collar number"),
        _NOTES,
    ),
    "police_warning": (
        FieldSpec("officer", "Officer", placeholder="name and collar number"),
        FieldSpec("crime_reference", "Police reference", placeholder="if the police gave one"),
        _NOTES,
    ),
    "removal_requested": (
        FieldSpec("removal_route", "Route", True),
        FieldSpec("effective_on", "To take effect on", placeholder="DD/MM/YYYY (if known)"),
        _NOTES,
    ),
    "removal_effective": (
        FieldSpec("removal_route", "Route", True),
        FieldSpec("effective_on", "Removed from the list on", True, "DD/MM/YYYY"),
        _NOTES,
    ),
    "removal_confirmed_in_writing": (
        FieldSpec("notes", "Notes", placeholder="how it was sent; where the copy is kept"),
    ),
    "spo_granted": (
        FieldSpec("effective_on", "Granted on", True, "DD/MM/YYYY"),
        FieldSpec("expires_on", "Expires on", True, "DD/MM/YYYY (at least 2 years after the grant)"),
        FieldSpec("officer", "Officer", placeholder="name and collar number"),
        FieldSpec("crime_reference", "Court or police reference"),
        _NOTES,
    ),
    "concern_reviewed": (FieldSpec("notes", "Outcome of the review", True, "what was decided and why"),),
    "concern_closed": (FieldSpec("notes", "Why it was closed", True, "facts: e.g. no contact for six months"),),
    "other": (FieldSpec("notes", "What was done", True),),
}
"""The fields each kind shows and checks, in form order (the time is always asked)."""

TEXT_FIELDS = ("notes", "signed_by", "organisation", "officer", "crime_reference")
DATE_FIELDS = ("effective_on", "expires_on")


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """An action as typed, before the store has checked it."""

    kind: str
    occurred_at: datetime
    notes: str = ""
    signed_by: str = ""
    organisation: str = ""
    officer: str = ""
    crime_reference: str = ""
    removal_route: str | None = None
    effective_on: date | None = None
    expires_on: date | None = None


class Action(NamedTuple):
    """A recorded action, as stored (never changed; corrections are new actions).

    A `NamedTuple` for the same reason as `Contact`: immutable and cheap to build.
    """

    id: int
    patient_id: int
    concern_id: int | None
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: int
    recorded_by_name: str
    notes: str = ""
    signed_by: str = ""
    organisation: str = ""
    officer: str = ""
    crime_reference: str = ""
    removal_route: str | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    amends_id: int | None = None
    amend_reason: str = ""

    @property
    def kind_label(self) -> str:
        return ACTION_KINDS.get(self.kind, self.kind)

    @property
    def on(self) -> date:
        """The practice's date of the action."""
        return london_today(self.occurred_at)

    def confirmation(self, patient_name: str) -> str:
        """What the desk says after a save."""
        verb = "Correction saved" if self.amends_id else "Recorded"
        return (
            f"{verb}: {self.kind_label.lower()}, {show(self.occurred_at)}, {patient_name}. It is on the timeline (F4)."
        )

    def as_draft(self) -> ActionDraft:
        """The fields of this action, to start an amendment from."""
        return ActionDraft(
            kind=self.kind,
            occurred_at=self.occurred_at,
            notes=self.notes,
            signed_by=self.signed_by,
            organisation=self.organisation,
            officer=self.officer,
            crime_reference=self.crime_reference,
            removal_route=self.removal_route,
            effective_on=self.effective_on,
            expires_on=self.expires_on,
        )


def fields_of(kind: str) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in ACTION_FIELDS.get(kind, ())}


def problems(draft: ActionDraft, *, now: datetime) -> dict[str, str]:
    """Everything wrong with a draft, by field (empty when it can be saved)."""
    found: dict[str, str] = {}
    if draft.kind not in ACTION_KINDS:
        return {"kind": "Choose what kind of action this is."}
    specs = fields_of(draft.kind)
    label = ACTION_KINDS[draft.kind]
    if draft.occurred_at.tzinfo is None:
        found["occurred_at"] = "The time has no time zone."
    elif draft.occurred_at > now:
        found["occurred_at"] = (
            f"{show(draft.occurred_at)} is in the future (it is now {show(now)}): record it once done."
        )
    for name in TEXT_FIELDS:
        value: str = getattr(draft, name)
        spec = specs.get(name)
        if spec is None:
            if value.strip():
                found[name] = f"{name.replace('_', ' ').capitalize()} does not apply to '{label}'."
            continue
        limit = MAX_DESCRIPTION_LENGTH if name == "notes" else MAX_DETAIL_LENGTH
        if spec.required and not value.strip():
            found[name] = f"'{spec.label}' is needed for {label.lower()}."
        elif reason := text_problem(value, spec.label, limit):
            found[name] = reason
    route_spec = specs.get("removal_route")
    if route_spec is None and draft.removal_route is not None:
        found["removal_route"] = f"A removal route does not apply to '{label}'."
    elif route_spec is not None and draft.removal_route not in REMOVAL_ROUTES:
        found["removal_route"] = "Choose the route: ordinary or immediate."
    for name in DATE_FIELDS:
        spec = specs.get(name)
        day: date | None = getattr(draft, name)
        if spec is None and day is not None:
            found[name] = f"{name.replace('_', ' ').capitalize()} does not apply to '{label}'."
        elif spec is not None and spec.required and day is None:
            found[name] = f"'{spec.label}' is needed for {label.lower()}: enter a date, DD/MM/YYYY."
    found |= _date_problems(draft, london_today(now))
    return found


def _date_problems(draft: ActionDraft, today: date) -> dict[str, str]:
    found: dict[str, str] = {}
    if draft.kind == "removal_effective" and draft.effective_on and draft.effective_on > today:
        found["effective_on"] = (
            f"{show_date(draft.effective_on)} is still to come: record 'removal requested' now, "
            "and 'removal effective' on the day."
        )
    if draft.kind == "spo_granted" and draft.effective_on:
        if draft.effective_on > today:
            found["effective_on"] = f"{show_date(draft.effective_on)} is in the future: record the order once granted."
        minimum = removal.spo_minimum_expiry(draft.effective_on)
        if draft.expires_on and draft.expires_on < minimum:
            found["expires_on"] = (
                f"A Stalking Protection Order lasts at least {removal.SPO_MINIMUM_YEARS} years: "
                f"an order granted on {show_date(draft.effective_on)} runs to {show_date(minimum)} or later. "
                "Check the date on the order."
            )
    if (
        draft.kind == "removal_requested"
        and draft.effective_on
        and draft.effective_on < london_today(draft.occurred_at)
    ):
        found["effective_on"] = "The removal cannot take effect before it was requested."
    return found


def removal_refusal(draft: ActionDraft, history: Sequence[Action]) -> str | None:
    """Rule 9: why this removal cannot be recorded, or None.

    `history` is the patient's current actions (amended ones already replaced).
    Ordinary removal needs a warning letter within the 12 months before the
    request; immediate removal needs a police report on record.
    """
    if draft.kind not in ("removal_requested", "removal_effective") or draft.removal_route not in REMOVAL_ROUTES:
        return None
    when = london_today(draft.occurred_at)
    if draft.removal_route == "immediate":
        reports = [a for a in history if a.kind == "police_reported" and a.on <= when]
        if not reports:
            return (
                "Immediate removal needs the incident reported to the police first: record 'Reported to the police' "
                "with the crime reference, then the removal."
            )
        return None
    requests = [
        a.on for a in history if a.kind == "removal_requested" and a.removal_route == "ordinary" and a.on <= when
    ]
    asked_on = max(requests) if draft.kind == "removal_effective" and requests else when
    warnings = sorted(a.on for a in history if a.kind == "warning_letter_sent" and a.on <= asked_on)
    if not warnings:
        return (
            "Ordinary removal needs a warning letter sent within the previous 12 months, and none is on record. "
            "Send one (a draft is on the timeline: W) and record it, or use the immediate route if the police "
            "were involved."
        )
    last = warnings[-1]
    if not removal.warning_is_current(last, asked_on):
        return (
            f"The last warning letter ({show_date(last)}) lapsed on {show_date(removal.warning_lapses_on(last))}: "
            "ordinary removal needs a warning within the previous 12 months. Send a new warning first."
        )
    return None
