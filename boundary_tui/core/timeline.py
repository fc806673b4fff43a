"""The timeline: every entry of one patient, in the order it happened.

`assemble()` turns the stored records (contacts with their copies of evidence,
actions, concern changes, booking overrides, appointments cancelled or moved,
and the record's own views and disclosures) into one `Timeline`: entries in order, with amendments kept
next to the entry they correct, plus what the records add up to (course of
conduct, contacts per week, rule 9 status, next steps). The desk draws it and
the export (`boundary-tui export`) writes it; neither re-derives anything.

Text in entries is exactly what was stored (user text, markup and control
characters included): whoever shows it must show it literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from boundary_tui.core.actions import ACTION_FIELDS, Action
from boundary_tui.core.amendments import current, superseded
from boundary_tui.core.attachments import Attachment
from boundary_tui.core.conduct import CourseOfConduct, WeeklyCounts, course_of_conduct, practice_day, weekly_counts
from boundary_tui.core.contacts import Contact
from boundary_tui.core.hints import IN_ORDER, Hint, next_steps
from boundary_tui.core.list_status import ListStatus, list_status
from boundary_tui.core.models import Concern, Patient
from boundary_tui.core.times import london_today, show, show_date
from boundary_tui.core.vocabulary import (
    ACTION_KINDS,
    APPOINTMENT_CHANGES,
    CONCERN_CHANGES,
    CONTACT_CHANNELS,
    DISCLOSURES,
    GIFT_HANDLING,
    RECIPIENTS,
    REMOVAL_ROUTES,
    SEVERITIES,
)

SOURCES = {
    "contact": "Contacts",
    "action": "Actions",
    "concern": "Concern changes",
    "override": "Booking overrides",
    "appointment": "Appointment changes",
    "disclosure": "Views and disclosures",
}
"""The kinds of entry, for filters and exports (in tie-break order)."""

VIEWS = frozenset({"timeline_viewed", "details_viewed", "entry_viewed"})
"""Disclosure kinds that are views of the record at a desk (the rest hand a copy out)."""

_SOURCE_ORDER = {name: i for i, name in enumerate(SOURCES)}

_CHANNEL_LABELS = dict(CONTACT_CHANNELS.items())


@dataclass(frozen=True, slots=True)
class ConcernChange:
    """A row of `concern_changes`: a concern opened, changed or closed."""

    id: int
    concern_id: int
    change: str
    detail: str
    reason: str
    recorded_at: datetime
    recorded_by_name: str


@dataclass(frozen=True, slots=True)
class BookingOverride:
    """An emergency booking with a targeted clinician (rule 2), and its review if any."""

    id: int
    appointment_id: int
    clinician_name: str
    starts_at: datetime
    reason: str
    chaperone_name: str
    recorded_at: datetime
    recorded_by_name: str
    reviewed_at: datetime | None = None
    reviewed_by_name: str = ""
    review_note: str = ""


@dataclass(frozen=True, slots=True)
class AppointmentChange:
    """A row of `appointment_changes` that changed a booking: an appointment cancelled or moved (rule 12)."""

    id: int
    appointment_id: int
    change: str
    """`cancelled` or `moved`."""
    clinician_name: str
    starts_at: datetime
    """When the appointment was (it never moves: a move books a new one)."""
    reason: str
    recorded_at: datetime
    recorded_by_name: str
    """Who did it; "" when no one signed in did (the command line)."""
    moved_to_clinician: str = ""
    moved_to_at: datetime | None = None
    moved_to_chaperone: str = ""


@dataclass(frozen=True, slots=True)
class Disclosed:
    """A row of `disclosures`: the record viewed at a desk, or a copy handed out (for whom)."""

    id: int
    what: str
    """`timeline_viewed`, `details_viewed`, `entry_viewed`, `exported` or `bundled`."""
    detail: str
    recipient: str | None
    recipient_detail: str
    format: str | None
    recorded_at: datetime
    recorded_by_name: str
    """The member of staff, or the computer account for the command line."""

    @property
    def is_view(self) -> bool:
        return self.what in VIEWS

    @property
    def recipient_text(self) -> str:
        """`Police (PC 123, crime ref 13/456)`, or "" for a view."""
        if not self.recipient:
            return ""
        label = RECIPIENTS.get(self.recipient, self.recipient)
        return f"{label} ({self.recipient_detail})" if self.recipient_detail else label


Record = Contact | Action | ConcernChange | BookingOverride | AppointmentChange | Disclosed


class _Fields(NamedTuple):
    """What a `RecordEntry` holds (every source but contacts)."""

    source: str
    id: int
    kind: str
    label: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str
    text: str
    record: Record
    severity: str | None = None
    channel: str | None = None
    amends: str | None = None
    amend_reason: str = ""
    superseded_by: str | None = None
    attachments: tuple[Attachment, ...] = ()


_set = object.__setattr__
"""How an entry's own `__init__` fills its slots (everyone else is refused: entries never change)."""


class TimelineEntry:
    """One line of the story, in a shape any screen or exporter can use (immutable).

    `occurred_at` orders the timeline; `recorded_at`/`recorded_by` attribute
    it. `facts` are labelled short fields in a fixed order (worked out when
    asked: a screen needs them only for the entries it shows); `text` is the
    free text (what happened, notes, reason). `record` is the typed row for
    anything more specific.

    Two shapes behind one interface. A long record is thousands of contacts, and a
    desk holds the one on screen all day: a `ContactEntry` keeps only what its
    contact row does not already say (which version replaced it, its copies of
    evidence) and reads the rest from the row, 64 bytes an entry where a tuple of
    every field took 176 (0.55 MB less for 5,000). Every other source is a
    `RecordEntry`, which holds each field.
    """

    __slots__ = ()

    _f: _Fields
    """A `RecordEntry`'s fields (a `ContactEntry` reads its own from the contact)."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a timeline entry never changes ({name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a timeline entry never changes ({name})")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key}>"

    @property
    def source(self) -> str:
        """`contact`, `action`, `concern`, `override`, `appointment` or `disclosure` (see `SOURCES`)."""
        return self._f.source

    @property
    def id(self) -> int:
        return self._f.id

    @property
    def kind(self) -> str:
        """Channel (contacts), action kind, concern change, or `emergency_override`."""
        return self._f.kind

    @property
    def label(self) -> str:
        return self._f.label

    @property
    def occurred_at(self) -> datetime:
        return self._f.occurred_at

    @property
    def recorded_at(self) -> datetime:
        return self._f.recorded_at

    @property
    def recorded_by(self) -> str:
        return self._f.recorded_by

    @property
    def text(self) -> str:
        return self._f.text

    @property
    def record(self) -> Record:
        return self._f.record

    @property
    def severity(self) -> str | None:
        return self._f.severity

    @property
    def channel(self) -> str | None:
        return self._f.channel

    @property
    def amends(self) -> str | None:
        """Key of the entry this one corrects."""
        return self._f.amends

    @property
    def amend_reason(self) -> str:
        return self._f.amend_reason

    @property
    def superseded_by(self) -> str | None:
        """Key of the entry that corrects this one (this one is then "amended")."""
        return self._f.superseded_by

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """Copies of evidence attached to this version of a contact, oldest first."""
        return self._f.attachments

    @property
    def key(self) -> str:
        """Unique across sources: `contact:12`."""
        return f"{self.source}:{self.id}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None

    @property
    def is_view(self) -> bool:
        """A view of the record at a desk (hidden from the story unless asked for)."""
        record = self.record
        return isinstance(record, Disclosed) and record.is_view

    @property
    def recorded_later(self) -> bool:
        """Logged at a different minute from when it happened (so both times are shown)."""
        return self.recorded_at.replace(second=0, microsecond=0) != self.occurred_at.replace(second=0, microsecond=0)

    def severity_label(self) -> str:
        return SEVERITIES.get(self.severity or "", "")

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """Labelled short fields, in a fixed order (user text as stored)."""
        record = self.record
        if isinstance(record, Contact):
            return _contact_facts(record, self.attachments)
        if isinstance(record, Disclosed):
            return _disclosure_facts(record)
        if isinstance(record, Action):
            return _action_facts(record)
        if isinstance(record, BookingOverride):
            return _override_facts(record)
        if isinstance(record, AppointmentChange):
            return _appointment_facts(record)
        return ()


class RecordEntry(TimelineEntry):
    """An entry of any source but contacts, holding each field (see `TimelineEntry`)."""

    __slots__ = ("_f",)

    def __init__(self, **fields: Any) -> None:
        _set(self, "_f", _Fields(**fields))


class ContactEntry(TimelineEntry):
    """A contact's entry: the row, which version replaced it, and its copies (see `TimelineEntry`)."""

    __slots__ = ("_contact", "_replaced_by", "_attachments")

    _contact: Contact
    _replaced_by: int | None
    """Id of the contact that corrects this one."""
    _attachments: tuple[Attachment, ...]

    source = "contact"

    def __init__(self, contact: Contact, replaced_by: int | None, attachments: tuple[Attachment, ...]) -> None:
        _set(self, "_contact", contact)
        _set(self, "_replaced_by", replaced_by)
        _set(self, "_attachments", attachments)

    @property
    def id(self) -> int:
        return self._contact.id

    @property
    def kind(self) -> str:
        return self._contact.channel

    @property
    def label(self) -> str:
        channel = self._contact.channel
        return _CHANNEL_LABELS.get(channel, channel)

    @property
    def occurred_at(self) -> datetime:
        return self._contact.occurred_at

    @property
    def recorded_at(self) -> datetime:
        return self._contact.logged_at

    @property
    def recorded_by(self) -> str:
        return self._contact.logged_by_name

    @property
    def text(self) -> str:
        return self._contact.description

    @property
    def record(self) -> Contact:
        return self._contact

    @property
    def severity(self) -> str:
        return self._contact.severity

    @property
    def channel(self) -> str:
        return self._contact.channel

    @property
    def amends(self) -> str | None:
        amends_id = self._contact.amends_id
        return None if amends_id is None else f"contact:{amends_id}"

    @property
    def amend_reason(self) -> str:
        return self._contact.amend_reason

    @property
    def superseded_by(self) -> str | None:
        replaced_by = self._replaced_by
        return None if replaced_by is None else f"contact:{replaced_by}"

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        return self._attachments

    @property
    def is_current(self) -> bool:
        return self._replaced_by is None

    @property
    def is_view(self) -> bool:
        return False

    @property
    def key(self) -> str:
        return f"contact:{self._contact.id}"


@dataclass(frozen=True)
class Timeline:
    """One patient's whole story, and what it adds up to."""

    patient: Patient
    now: datetime
    entries: tuple[TimelineEntry, ...]
    """In order: each entry's current version at the moment it happened,
    followed directly by the versions it replaced (newest first)."""
    concerns: tuple[Concern, ...]
    contacts: tuple[Contact, ...]
    """Current contacts, oldest first."""
    actions: tuple[Action, ...]
    """Current actions, oldest first."""
    conduct: CourseOfConduct
    weekly: WeeklyCounts
    status: ListStatus
    hints: tuple[Hint, ...]

    @property
    def today(self) -> date:
        return london_today(self.now)

    def filtered(
        self,
        *,
        source: str | None = None,
        channel: str | None = None,
        severity: str | None = None,
        views: bool = True,
    ) -> tuple[TimelineEntry, ...]:
        """Entries whose current version matches; an amendment chain stays whole.

        `views=False` leaves out the views of the record at desks (the story without
        its access log; exports and copies handed out stay)."""
        if source is None and channel is None and severity is None and views:
            return self.entries
        kept: list[TimelineEntry] = []
        keep_chain = False
        for entry in self.entries:
            if entry.is_current:
                keep_chain = (
                    (views or not entry.is_view)
                    and (source is None or entry.source == source)
                    and (channel is None or entry.channel == channel)
                    and (severity is None or entry.severity == severity)
                )
            if keep_chain:
                kept.append(entry)
        return tuple(kept)


# -- building entries -------------------------------------------------------------------


def _contact_facts(c: Contact, attachments: Sequence[Attachment] = ()) -> tuple[tuple[str, str], ...]:
    facts: list[tuple[str, str]] = [
        ("Channel", CONTACT_CHANNELS.get(c.channel, c.channel)),
        ("Severity", SEVERITIES.get(c.severity, c.severity)),
        ("Aimed at", ", ".join(t.name for t in c.aimed_at)),
    ]
    if c.gift_handling:
        facts.append(("Gift or card", GIFT_HANDLING.get(c.gift_handling, c.gift_handling)))
    if c.evidence_location:
        facts.append(("Evidence kept", c.evidence_location))
    if c.witnesses:
        facts.append(("Witnesses", c.witnesses))
    if c.effect:
        facts.append(("Effect on the person targeted", c.effect))
    if c.police_called:
        police = ", ".join(x for x in (c.police_officer, c.police_reference) if x) or "no details recorded"
        facts.append(("Police called", police))
    if attachments:
        facts.append(("Copies of evidence", "; ".join(a.describe() for a in attachments)))
    return tuple(facts)


def _contact_entry(c: Contact, superseded_by: int | None, attachments: Sequence[Attachment] = ()) -> TimelineEntry:
    return ContactEntry(c, superseded_by, tuple(attachments))


def _disclosure_facts(d: Disclosed) -> tuple[tuple[str, str], ...]:
    facts: list[tuple[str, str]] = []
    if d.recipient:
        facts.append(("For", d.recipient_text))
    if d.format:
        facts.append(("Format", "evidence bundle (ZIP)" if d.format == "bundle" else d.format))
    return tuple(facts)


def _disclosure_entry(d: Disclosed) -> TimelineEntry:
    return RecordEntry(
        source="disclosure",
        id=d.id,
        kind=d.what,
        label=DISCLOSURES.get(d.what, d.what),
        occurred_at=d.recorded_at,
        recorded_at=d.recorded_at,
        recorded_by=d.recorded_by_name,
        text=d.detail,
        record=d,
    )


def _action_facts(a: Action) -> tuple[tuple[str, str], ...]:
    facts: list[tuple[str, str]] = []
    for spec in ACTION_FIELDS.get(a.kind, ()):
        if spec.name == "notes":
            continue
        value = getattr(a, spec.name)
        if spec.name == "removal_route" and value:
            value = REMOVAL_ROUTES.get(value, value).split(" (")[0]
        elif isinstance(value, date):
            value = show_date(value)
        if value:
            facts.append((spec.label, str(value)))
    return tuple(facts)


def _action_entry(a: Action, superseded_by: int | None) -> TimelineEntry:
    return RecordEntry(
        source="action",
        id=a.id,
        kind=a.kind,
        label=ACTION_KINDS.get(a.kind, a.kind),
        occurred_at=a.occurred_at,
        recorded_at=a.recorded_at,
        recorded_by=a.recorded_by_name,
        text=a.notes,
        record=a,
        amends=f"action:{a.amends_id}" if a.amends_id is not None else None,
        amend_reason=a.amend_reason,
        superseded_by=f"action:{superseded_by}" if superseded_by is not None else None,
    )


def _change_entry(c: ConcernChange) -> TimelineEntry:
    text = c.detail if not c.reason else f"{c.detail} Why: {c.reason}"
    return RecordEntry(
        source="concern",
        id=c.id,
        kind=c.change,
        label=CONCERN_CHANGES.get(c.change, c.change),
        occurred_at=c.recorded_at,
        recorded_at=c.recorded_at,
        recorded_by=c.recorded_by_name,
        text=text,
        record=c,
    )


def _override_facts(o: BookingOverride) -> tuple[tuple[str, str], ...]:
    facts = [
        ("Clinician", o.clinician_name),
        ("Appointment", show(o.starts_at)),
        ("Chaperone", o.chaperone_name),
    ]
    if o.reviewed_at is not None:
        note = f": {o.review_note}" if o.review_note else ""
        facts.append(("Reviewed", f"{show(o.reviewed_at)} by {o.reviewed_by_name}{note}"))
    else:
        facts.append(("Reviewed", "not yet reviewed by a manager"))
    return tuple(facts)


def _override_entry(o: BookingOverride) -> TimelineEntry:
    return RecordEntry(
        source="override",
        id=o.id,
        kind="emergency_override",
        label="Emergency booking override",
        occurred_at=o.recorded_at,
        recorded_at=o.recorded_at,
        recorded_by=o.recorded_by_name,
        text=o.reason,
        record=o,
    )


def _appointment_facts(a: AppointmentChange) -> tuple[tuple[str, str], ...]:
    facts = [("Appointment", f"{show(a.starts_at)} with {a.clinician_name}")]
    if a.moved_to_at is not None:
        chaperone = f" (chaperone: {a.moved_to_chaperone})" if a.moved_to_chaperone else ""
        facts.append(("Moved to", f"{show(a.moved_to_at)} with {a.moved_to_clinician}{chaperone}"))
    return tuple(facts)


def _appointment_entry(a: AppointmentChange) -> TimelineEntry:
    return RecordEntry(
        source="appointment",
        id=a.id,
        kind=a.change,
        label=APPOINTMENT_CHANGES.get(a.change, a.change),
        occurred_at=a.recorded_at,
        recorded_at=a.recorded_at,
        recorded_by=a.recorded_by_name or "(no one signed in)",
        text=a.reason,
        record=a,
    )


def _contact_entries(
    contacts: Sequence[Contact],
    replaced: dict[int, int],
    copies: dict[int, list[Attachment]],
    previous: Timeline | None,
) -> list[TimelineEntry]:
    """An entry per contact, reusing `previous`'s where nothing it was built from changed."""
    before: dict[int, TimelineEntry] = {}
    if previous is not None:
        before = {e.id: e for e in previous.entries if e.source == "contact"}
    entries: list[TimelineEntry] = []
    for c in contacts:
        replaced_by = replaced.get(c.id)
        attached = copies.get(c.id, ())
        old = before.get(c.id)
        if (
            isinstance(old, ContactEntry)
            and old.record is c
            and old._replaced_by == replaced_by
            and old.attachments == tuple(attached)
        ):
            entries.append(old)
        else:
            entries.append(_contact_entry(c, replaced_by, attached))
    return entries


def _order(entry: TimelineEntry) -> tuple[datetime, datetime, int, int]:
    return (entry.occurred_at, entry.recorded_at, _SOURCE_ORDER[entry.source], entry.id)


def _chains(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Current versions in the order they happened, each followed by what it replaced."""
    entries = list(entries)
    if all(e.amends is None for e in entries):
        return sorted(entries, key=_order)  # nothing was corrected (most records): every entry is current
    by_key = {e.key: e for e in entries}
    ordered: list[TimelineEntry] = []
    for entry in sorted((e for e in by_key.values() if e.is_current), key=_order):
        ordered.append(entry)
        previous = entry.amends
        while previous is not None and previous in by_key:
            older = by_key[previous]
            ordered.append(older)
            previous = older.amends
    return ordered


def assemble(
    *,
    patient: Patient,
    now: datetime,
    concerns: Sequence[Concern] = (),
    contacts: Sequence[Contact] = (),
    actions: Sequence[Action] = (),
    changes: Sequence[ConcernChange] = (),
    overrides: Sequence[BookingOverride] = (),
    appointment_changes: Sequence[AppointmentChange] = (),
    disclosures: Sequence[Disclosed] = (),
    attachments: Sequence[Attachment] = (),
    previous: Timeline | None = None,
) -> Timeline:
    """Build the timeline from one patient's records (any order).

    `previous`: an earlier timeline of the same patient, whose contact entries are
    reused where built from the very same contact with the same correction and
    copies (a re-read after a save builds only what changed: `store/kept.py`).
    """
    replaced_contacts = superseded(contacts)
    replaced_actions = superseded(actions)
    copies: dict[int, list[Attachment]] = {}
    for attachment in sorted(attachments, key=lambda a: a.id):
        copies.setdefault(attachment.contact_id, []).append(attachment)
    entries = _contact_entries(contacts, replaced_contacts, copies, previous)
    entries += [_action_entry(a, replaced_actions.get(a.id)) for a in actions]
    entries += [_change_entry(c) for c in changes]
    entries += [_override_entry(o) for o in overrides]
    entries += [_appointment_entry(a) for a in appointment_changes]
    entries += [_disclosure_entry(d) for d in disclosures]

    live_contacts = sorted(current(contacts), key=IN_ORDER)
    live_actions = sorted(current(actions), key=IN_ORDER)
    today = london_today(now)
    contact_days = [practice_day(c.occurred_at) for c in live_contacts]
    opened = [london_today(c.opened_at) for c in concerns]
    start = min([*opened, *contact_days], default=today)
    if not concerns or any(c.is_open for c in concerns):
        end = today
    else:
        closed = [london_today(c.closed_at) for c in concerns if c.closed_at is not None]
        end = max([*closed, *contact_days], default=today)
    status = list_status(patient, live_actions, today)
    return Timeline(
        patient=patient,
        now=now,
        entries=tuple(_chains(entries)),
        concerns=tuple(concerns),
        contacts=tuple(live_contacts),
        actions=tuple(live_actions),
        conduct=course_of_conduct(contact_days),
        weekly=weekly_counts(contact_days, start, end),
        status=status,
        hints=tuple(next_steps(live_contacts, live_actions, concerns, status)),
    )
