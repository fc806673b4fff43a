"""The export document: one patient's timeline as evidence, built once and written in any format.

`build()` turns an `ExportSource` (the timeline, the chain entries behind it and
the chain head, read in one snapshot by `store.export_source`) into an
`ExportDocument`: plain values, every time already stated in UK time with its
zone and in UTC, every entry numbered, amendments cross-referenced both ways,
and each entry's tamper-evidence proof checked. The writers (`markdown`,
`html`, `csv_`, `json_`) only lay it out; none of them re-derives anything.

Text in the document is exactly as stored (markup and control characters
included): each writer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from boundary_tui import __version__
from boundary_tui.core import signing
from boundary_tui.core.actions import ACTION_FIELDS, Action
from boundary_tui.core.attachments import Attachment
from boundary_tui.core.contacts import Contact
from boundary_tui.core.models import Concern, Patient
from boundary_tui.core.nhs import format_nhs
from boundary_tui.core.timeline import (
    AppointmentChange,
    BookingOverride,
    ConcernChange,
    Disclosed,
    Record,
    TimelineEntry,
)
from boundary_tui.core.times import LONDON_ZONE, show_date
from boundary_tui.core.vocabulary import CHAPERONE_SCOPES, CONCERN_KINDS, GIFT_HANDLING, REMOVAL_ROUTES
from boundary_tui.store.checkpoints import Checkpoint
from boundary_tui.store.export_source import ExportSource, Link, PatientRecord

FORMAT_NAME = "boundary-tui timeline export"
FORMAT_VERSION = 1
"""Bumped when a key of the JSON export changes meaning or goes away (new keys may appear)."""

SOURCE_LABELS = {
    "contact": "Contact",
    "action": "Action",
    "concern": "Concern change",
    "override": "Emergency booking override",
    "appointment": "Appointment change",
    "disclosure": "View or disclosure",
}

CHECK_OK = "ok"
CHECK_CHANGED = "changed"
CHECK_NOT_IN_CHAIN = "not_in_chain"

CHECK_TEXT = {
    CHECK_OK: "its content matches this hash",
    CHECK_CHANGED: (
        "DOES NOT MATCH: the record no longer hashes to what was recorded when it was saved "
        "(it was changed outside the app)"
    ),
    CHECK_NOT_IN_CHAIN: "NOT IN THE CHAIN: this record has no tamper-evidence entry (it was inserted outside the app)",
}


class Stamp(NamedTuple):
    """One moment, stated so that nobody has to guess its zone months later.

    `Stamp`, `Proof` and `ExportEntry` are `NamedTuple`s: as immutable as frozen
    dataclasses and several times cheaper to build (an export builds 5,000 entries,
    10,000 stamps).
    """

    text: str
    """`Mon 23 Nov 2026 09:00 GMT (UTC+0)`: UK time, zone and offset."""
    local: str
    """ISO 8601 in UK time with its offset: `2026-11-23T09:00:00+00:00`."""
    utc: str
    """ISO 8601 in UTC: `2026-11-23T09:00:00Z`."""
    zone: str
    """`GMT` or `BST`."""

    def as_json(self) -> dict[str, str]:
        return {"uk": self.local, "utc": self.utc, "text": self.text}


_LONDON = LONDON_ZONE
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=64)
def _offset_text(offset: str) -> str:
    """`+01:00` → `UTC+1`; `+00:00` → `UTC+0`."""
    hours, minutes = int(offset[1:3]), offset[4:6]
    return f"UTC{offset[0]}{hours}" + (f":{minutes}" if minutes != "00" else "")


_CLOCK = tuple(f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(24 * 60))
"""`HH:MM` for every minute of a day."""
_SECONDS = tuple(f":{second:02d}" for second in range(60))


@lru_cache(maxsize=16384)
def _day(day: int) -> tuple[str, str]:
    """Day `day` since 1970-01-01 as (`Mon 23 Nov 2026`, `2026-11-23`)."""
    when = date.fromordinal(_EPOCH_ORDINAL + day)
    iso = when.isoformat()
    return f"{_DAYS[when.weekday()]} {iso[8:10]} {_MONTHS[when.month - 1]} {iso[:4]}", iso


def _zone_at_hour(hour: int) -> tuple[int, str, str]:
    local = datetime.fromtimestamp(hour * 3600, UTC).astimezone(_LONDON)
    offset = local.isoformat()[19:]  # 2026-11-23T09:00:00+00:00 → +00:00
    shift = local.utcoffset()
    return int(shift.total_seconds()) if shift else 0, local.tzname() or offset, offset


@lru_cache(maxsize=16384)
def _zones_of_day(day: int) -> tuple[tuple[int, str, str], ...]:
    """UK time in each hour of the UTC day `day` since 1970: (offset in seconds, `GMT`/`BST`, `+01:00`).

    The UK's clocks change on the hour (01:00 UTC), so one answer holds for a whole
    UTC hour, and for the whole day unless the clocks change that day.
    """
    first, last = _zone_at_hour(day * 24), _zone_at_hour(day * 24 + 23)
    if first == last:
        return (first,) * 24
    return tuple(_zone_at_hour(day * 24 + hour) for hour in range(24))


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def stamp(moment: datetime) -> Stamp:
    """A moment in UK time with its zone and offset, and in UTC, to the second.

    An export states 10,000 moments: worked out from the Unix time with the day's
    and the hour's words looked up once (three times faster than formatting each
    moment twice with `isoformat`).
    """
    seconds = int(moment.timestamp())
    shift, zone, offset = _zones_of_day(seconds // 86400)[seconds // 3600 % 24]
    day, second = divmod(seconds + shift, 86400)
    words, iso_day = _day(day)
    clock = _CLOCK[second // 60]
    local = f"{iso_day}T{clock}{_SECONDS[second % 60]}{offset}"
    if shift:
        day, second = divmod(seconds, 86400)
        utc = f"{_day(day)[1]}T{_CLOCK[second // 60]}{_SECONDS[second % 60]}Z"
    else:
        utc = f"{iso_day}T{clock}{_SECONDS[second % 60]}Z"
    return Stamp(text=f"{words} {clock} {zone} ({_offset_text(offset)})", local=local, utc=utc, zone=zone)


class Proof(NamedTuple):
    """One evidence row's tamper-evidence: its chain position and hash, and the content behind the hash."""

    table: str
    row_id: int
    position: int | None
    """The entry's `id` in the chain (None: not in the chain)."""
    prev_hash: str | None
    hash: str | None
    canonical: str | None
    """The canonical content as text; its UTF-8 bytes are what was hashed."""
    check: str
    """`ok`, `changed` or `not_in_chain`."""

    @property
    def ok(self) -> bool:
        return self.check == CHECK_OK


def proof(link: Link) -> Proof:
    entry = link.entry
    if entry is None:
        return Proof(link.table, link.row_id, None, None, None, None, CHECK_NOT_IN_CHAIN)
    check = CHECK_OK if link.matches else CHECK_CHANGED
    return Proof(link.table, link.row_id, entry.id, entry.prev_hash, entry.hash, link.content, check)


class ExportEntry(NamedTuple):
    """One entry of the timeline, every fact of it, and its proof."""

    number: int
    """1, 2, 3… in the order of the export."""
    key: str
    """`contact:12`: the kind of record and its id in the database."""
    source: str
    source_label: str
    kind: str
    label: str
    severity: str | None
    severity_label: str
    occurred: Stamp
    recorded: Stamp
    recorded_verb: str
    """`Logged` (contacts) or `Recorded`."""
    recorded_by: str
    text_label: str
    text: str
    facts: tuple[tuple[str, str], ...]
    """Labelled fields in a fixed order (the free text is `text`)."""
    record: Record
    """The record behind the entry (its `fields` are worked out from it when a writer asks)."""
    amends: str | None
    amends_number: int | None
    amend_reason: str
    replaced_by: str | None
    """Key of the correction that replaced this version (then this one is AMENDED)."""
    replaced_by_number: int | None
    replaced_reason: str
    replaced_at: Stamp | None
    replaced_by_whom: str
    proofs: tuple[Proof, ...]
    attachments: tuple[Attachment, ...] = ()
    """Copies of the evidence on a contact (its JSON fields list them with their hashes)."""

    @property
    def fields(self) -> dict[str, Any]:
        """The record's own fields by name, JSON-ready (dates ISO, times as `Stamp.as_json()`).

        Worked out when asked: only the JSON and CSV writers read them (a tenth of
        building a 5,000-entry document).
        """
        return _fields(self.record, self.attachments)

    @property
    def amended(self) -> bool:
        return self.replaced_by is not None

    @property
    def status(self) -> str:
        return "amended" if self.amended else "current"

    @property
    def verified(self) -> bool:
        return all(p.ok for p in self.proofs)


@dataclass(frozen=True, slots=True)
class PatientSection:
    full_name: str
    given_name: str
    family_name: str
    date_of_birth: date
    nhs_number: str
    nhs_display: str
    address: str
    postcode: str
    status: str
    removed_on: date | None
    status_text: str


@dataclass(frozen=True, slots=True)
class ConcernSection:
    id: int
    kind: str
    kind_label: str
    status: str
    targets: tuple[str, ...]
    allowed: tuple[str, ...]
    """Book only with these clinicians (empty: no such list)."""
    chaperone_scope: str
    chaperone_label: str
    opened: Stamp
    opened_by: str
    closed: Stamp | None
    closed_by: str
    close_reason: str
    review_on: date | None
    summary: str


@dataclass(frozen=True, slots=True)
class Head:
    position: int
    hash: str


@dataclass(frozen=True, slots=True)
class RecordLink:
    """One entry of the patient's own chain, as the export proves it."""

    position: int
    table: str
    row_id: int
    prev_hash: str
    patient_prev: str | None
    hash: str
    canonical: str | None
    ok: bool
    """sha256(canonical) is the hash recorded when it was saved."""

    def as_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "table": self.table,
            "row_id": self.row_id,
            "prev_hash": self.prev_hash,
            "patient_prev": self.patient_prev,
            "hash": self.hash,
            "canonical": self.canonical,
        }


@dataclass(frozen=True)
class RecordSection:
    """Every entry of the patient's own chain: with it, the export alone proves nothing of theirs is missing."""

    links: tuple[RecordLink, ...]
    earlier: tuple[RecordLink, ...]
    """Entries saved before patient links began, listed (by hash) in the first link."""

    @property
    def head(self) -> RecordLink | None:
        return self.links[-1] if self.links else None


def record_section(record: PatientRecord, *, reported: set[int]) -> tuple[RecordSection, list[str]]:
    """The patient's chain as exported, and what is wrong with it in words (links broken, content changed).

    Entries at `reported` positions were already named by the timeline entry they prove.
    """
    problems: list[str] = []

    def link(item: Link) -> RecordLink:
        entry = item.entry
        assert entry is not None  # the record is read from the chain: every link has its entry
        if not item.matches and entry.id not in reported:
            problems.append(
                f"Chain entry {entry.id} ({entry.table_name} id {entry.row_id}) of this patient's record: "
                f"{CHECK_TEXT[CHECK_CHANGED]}."
            )
        return RecordLink(
            entry.id, entry.table_name, entry.row_id, entry.prev_hash, entry.patient_prev, entry.hash, item.content,
            item.matches,
        )  # fmt: skip

    links = tuple(link(e) for e in record.entries)
    previous = "0" * 64
    for current in links:
        if current.patient_prev != previous:
            problems.append(
                f"Chain entry {current.position} does not follow the patient's previous entry: their record is "
                "broken there (an entry was removed or reordered)."
            )
        previous = current.hash
    return RecordSection(links=links, earlier=tuple(link(e) for e in record.earlier)), problems


@dataclass(frozen=True)
class ExportDocument:
    """One patient's timeline as evidence: what every format writes."""

    practice_name: str
    practice_address: str
    patient: PatientSection
    concerns: tuple[ConcernSection, ...]
    conduct: str
    """The course-of-conduct sentence (rule 8)."""
    status_lines: tuple[str, ...]
    """Where the patient stands under rule 9."""
    entries: tuple[ExportEntry, ...]
    head: Head | None
    """The chain head when the export was read."""
    generated_at: Stamp
    generated_by: str
    software: str
    problems: tuple[str, ...]
    """Entries whose proof failed, in words (empty when every entry matches its hash)."""
    record: RecordSection = RecordSection(links=(), earlier=())
    """The patient's own chain, complete: what makes the export provably whole."""
    checkpoint: Checkpoint | None = None
    """The signed checkpoint made for this export (None: made without one)."""

    @property
    def title(self) -> str:
        return f"Timeline of {self.patient.full_name}"

    @property
    def amended_count(self) -> int:
        return sum(1 for e in self.entries if e.amended)

    def verify_command(self) -> str:
        head = self.head.hash if self.head else "HASH"
        return f"boundary-tui verify --head {head}"

    def positions(self) -> tuple[int, int] | None:
        """The first and last chain positions of this patient's entries."""
        found = [p.position for e in self.entries for p in e.proofs if p.position is not None]
        return (min(found), max(found)) if found else None


# -- the explanation every format carries ---------------------------------------------

RECORD_EXPLAINED = (
    "Every entry of this patient's record, in order (record.entries): each one's canonical content names the "
    "hash of the patient's previous entry (patient_prev; 64 zeros for the first) inside what was hashed, so none "
    "can be removed, reordered or changed without breaking the links that follow. Entries saved before these "
    "links began are in record.earlier, listed by hash in the first entry. The checkpoint states the head of this "
    "record, signed with the practice's key: `boundary-tui verify-export FILE` checks all of this with this file "
    "alone, and any SHA-256 and Ed25519 tool can too."
)

CANONICAL_FORMAT = (
    "The canonical content of an entry is the UTF-8 encoding of the JSON text "
    '`{"prev":PREV_HASH,"row":{COLUMN:VALUE,...},"table":TABLE_NAME}`, where `row` holds every column of the '
    "stored record (internal ids included), `PREV_HASH` is the hash of the chain entry just before it (64 zeros "
    "for the very first), keys are sorted, there is no whitespace (separators `,` and `:`), non-ASCII characters "
    'are written as themselves, and only `"`, `\\` and control characters below U+0020 are escaped '
    "(`\\b \\f \\n \\r \\t`, others as lower-case `\\u00xx`). Text becomes a JSON string, whole numbers a "
    "JSON integer, an empty value `null`: exactly what RFC 8785 (JSON Canonicalization Scheme) produces for these "
    "values. The hash is the lower-case hex SHA-256 of those bytes."
)

CHAIN_EXPLAINED = (
    "Every contact, action, concern change and booking override is linked, as it is saved, into one SHA-256 hash "
    "chain for the whole practice: each chain entry hashes the record's full content together with the hash of the "
    "entry before it. Entries about other patients (and staff sign-ins) sit between this patient's entries in that "
    "one chain, so the chain positions in this export are not consecutive, and this export on its own cannot prove "
    "that nothing was left out."
)


def verify_steps(document: ExportDocument, *, json_export: bool) -> tuple[str, ...]:
    """How a recipient checks this export, step by step (the same words in every format)."""
    head = document.head
    head_text = f"chain entry {head.position}, SHA-256 `{head.hash}`" if head else "none (the chain was empty)"
    content_where = (
        'in this file, each entry\'s "chain" list holds its canonical content ("canonical")'
        if json_export
        else "the JSON export of this timeline holds each entry's canonical content"
    )
    return (
        f"Chain head when this export was made: {head_text}.",
        f"Each entry's hash: {content_where}; the SHA-256 of its UTF-8 bytes must equal the entry's hash, checked "
        "with any tool (for example `jq -j '.entries[0].chain[0].canonical' export.json | sha256sum`). "
        + CANONICAL_FORMAT,
        "Nothing left out or changed since: whoever holds the practice database, or a backup taken after this "
        f"export, runs `{document.verify_command()}`. It checks the whole chain (every record still hashes to what "
        "was recorded when it was saved; nothing deleted, inserted or reordered) and that the chain still passes "
        "through the head above. Exporting this patient's timeline again from that database then lists every entry "
        "shown here (entries logged after this export have higher chain positions).",
        _completeness_step(document, json_export=json_export),
    )


def _completeness_step(document: ExportDocument, *, json_export: bool) -> str:
    """Nothing of this patient left out, with the export alone: their own chain and the signed checkpoint."""
    record = document.record.head
    where = "this file" if json_export else "the JSON export of this timeline"
    ends = (
        f"This patient's own record ends at chain entry {record.position}, SHA-256 `{record.hash}`"
        if record
        else "This patient's record has no entries yet"
    )
    checkpoint = document.checkpoint
    if checkpoint is None:
        signed = "No signed checkpoint was made for this export."
    elif checkpoint.signed and checkpoint.public_key:
        signed = (
            f"A checkpoint signed with the practice's key (fingerprint {signing.fingerprint(checkpoint.public_key)}; "
            "compare it with the one the practice publishes) states that head."
        )
    else:
        signed = (
            "NOT SIGNED: the practice had no signing key when this export was made, so nothing but the links below "
            "vouches for where the record ended (`boundary-tui key init` makes one)."
        )
    return (
        f"Nothing of this patient's left out, with {where} alone: {ends}. {signed} Each of their entries names the "
        "one before it inside what was hashed, so none can be removed or reordered unnoticed; "
        f"`boundary-tui verify-export FILE.json` checks all of it without the practice's database."
    )


# -- building -------------------------------------------------------------------------


def _patient(patient: Patient) -> PatientSection:
    if patient.is_removed:
        when = f" on {show_date(patient.removed_on)}" if patient.removed_on else ""
        status_text = f"Removed from the practice list{when}"
    else:
        status_text = "Registered (on the practice list)"
    return PatientSection(
        full_name=patient.full_name,
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth,
        nhs_number=patient.nhs_number,
        nhs_display=format_nhs(patient.nhs_number),
        address=patient.address,
        postcode=patient.postcode,
        status=patient.status,
        removed_on=patient.removed_on,
        status_text=status_text,
    )


def _concern(concern: Concern) -> ConcernSection:
    return ConcernSection(
        id=concern.id,
        kind=concern.kind,
        kind_label=CONCERN_KINDS.get(concern.kind, concern.kind),
        status=concern.status,
        targets=tuple(t.name for t in concern.targets),
        allowed=tuple(t.name for t in concern.allowed),
        chaperone_scope=concern.chaperone_scope,
        chaperone_label=CHAPERONE_SCOPES.get(concern.chaperone_scope, concern.chaperone_scope),
        opened=stamp(concern.opened_at),
        opened_by=concern.opened_by,
        closed=stamp(concern.closed_at) if concern.closed_at is not None else None,
        closed_by=concern.closed_by or "",
        close_reason=concern.close_reason or "",
        review_on=concern.review_on,
        summary=concern.summary,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _fields(record: Record, attachments: Sequence[Attachment] = ()) -> dict[str, Any]:
    if isinstance(record, Contact):
        return {
            "channel": record.channel,
            "severity": record.severity,
            "aimed_at": [t.name for t in record.aimed_at],
            "description": record.description,
            "evidence_location": record.evidence_location,
            "gift_handling": record.gift_handling,
            "gift_handling_label": GIFT_HANDLING.get(record.gift_handling or "", ""),
            "witnesses": record.witnesses,
            "effect": record.effect,
            "police_called": record.police_called,
            "police_officer": record.police_officer,
            "police_reference": record.police_reference,
            "concern_id": record.concern_id,
            "attachments": [
                {
                    "id": a.id,
                    "file_name": a.file_name,
                    "media_type": a.media_type,
                    "size": a.size,
                    "sha256": a.sha256,
                    "added": stamp(a.added_at).as_json(),
                    "added_by": a.added_by,
                }
                for a in attachments
            ],
        }
    if isinstance(record, Disclosed):
        return {
            "what": record.what,
            "recipient": record.recipient,
            "recipient_detail": record.recipient_detail,
            "format": record.format,
            "detail": record.detail,
        }
    if isinstance(record, Action):
        return {
            "kind": record.kind,
            "notes": record.notes,
            "signed_by": record.signed_by,
            "organisation": record.organisation,
            "officer": record.officer,
            "crime_reference": record.crime_reference,
            "removal_route": record.removal_route,
            "effective_on": _iso(record.effective_on),
            "expires_on": _iso(record.expires_on),
            "concern_id": record.concern_id,
        }
    if isinstance(record, ConcernChange):
        return {
            "concern_id": record.concern_id,
            "change": record.change,
            "detail": record.detail,
            "reason": record.reason,
        }
    if isinstance(record, BookingOverride):
        review = None
        if record.reviewed_at is not None:
            review = {
                "at": stamp(record.reviewed_at).as_json(),
                "by": record.reviewed_by_name,
                "note": record.review_note,
            }
        return {
            "appointment_id": record.appointment_id,
            "clinician": record.clinician_name,
            "appointment_starts": stamp(record.starts_at).as_json(),
            "reason": record.reason,
            "chaperone": record.chaperone_name,
            "review": review,
        }
    if isinstance(record, AppointmentChange):
        return {
            "appointment_id": record.appointment_id,
            "change": record.change,
            "clinician": record.clinician_name,
            "appointment_starts": stamp(record.starts_at).as_json(),
            "reason": record.reason,
            "moved_to": None
            if record.moved_to_at is None
            else {
                "clinician": record.moved_to_clinician,
                "starts": stamp(record.moved_to_at).as_json(),
                "chaperone": record.moved_to_chaperone or None,
            },
        }
    return {}


def _facts(entry: TimelineEntry) -> tuple[tuple[str, str], ...]:
    """The timeline's labelled facts, minus what the entry's heading already says, with times stated in full."""
    record = entry.record
    if isinstance(record, Contact):
        return tuple((label, value) for label, value in entry.facts if label not in ("Channel", "Severity"))
    if isinstance(record, BookingOverride):
        facts = [
            ("Clinician", record.clinician_name),
            ("Appointment", stamp(record.starts_at).text),
            ("Chaperone", record.chaperone_name),
        ]
        if record.reviewed_at is not None:
            note = f": {record.review_note}" if record.review_note else ""
            facts.append(("Reviewed", f"{stamp(record.reviewed_at).text} by {record.reviewed_by_name}{note}"))
        else:
            facts.append(("Reviewed", "not yet reviewed by a manager"))
        return tuple(facts)
    if isinstance(record, AppointmentChange):
        facts = [("Appointment", f"{stamp(record.starts_at).text} with {record.clinician_name}")]
        if record.moved_to_at is not None:
            chaperone = f" (chaperone: {record.moved_to_chaperone})" if record.moved_to_chaperone else ""
            facts.append(("Moved to", f"{stamp(record.moved_to_at).text} with {record.moved_to_clinician}{chaperone}"))
        return tuple(facts)
    if isinstance(record, Action) and record.removal_route:
        # The full route name ("Immediate (violence or threats reported to the police)").
        return tuple(
            (label, REMOVAL_ROUTES.get(record.removal_route, value) if label == "Route" else value)
            for label, value in entry.facts
        )
    return entry.facts


def _text_label(entry: TimelineEntry) -> str:
    record = entry.record
    if isinstance(record, Contact):
        return "What happened"
    if isinstance(record, Action):
        spec = next((s for s in ACTION_FIELDS.get(record.kind, ()) if s.name == "notes"), None)
        return spec.label if spec else "Notes"
    if isinstance(record, BookingOverride):
        return "Reason for the override"
    if isinstance(record, AppointmentChange):
        return "Reason"
    return "Detail"


def _problem(entry: ExportEntry, p: Proof) -> str:
    where = f"chain entry {p.position}" if p.position is not None else "no chain entry"
    return f"Entry {entry.number} ({entry.key}, {p.table} id {p.row_id}, {where}): {CHECK_TEXT[p.check]}."


def build(
    source: ExportSource, *, generated_at: datetime, generated_by: str, checkpoint: Checkpoint | None = None
) -> ExportDocument:
    """The document for one patient's export, from what `store.export_source.read()` returned."""
    timeline = source.timeline
    keys = [e.key for e in timeline.entries]
    numbers = {key: i for i, key in enumerate(keys, start=1)}
    by_key = dict(zip(keys, timeline.entries, strict=True))
    entries: list[ExportEntry] = []
    problems: list[str] = []
    for number, (key, entry) in enumerate(zip(keys, timeline.entries, strict=True), start=1):
        correction = by_key.get(entry.superseded_by) if entry.superseded_by else None
        proofs = tuple(proof(link) for link in source.links_of(entry))
        # Positional, in `ExportEntry`'s field order: 27 fields by keyword took three times as long.
        exported = ExportEntry(
            number,  # number
            key,  # key
            entry.source,  # source
            SOURCE_LABELS.get(entry.source, entry.source),  # source_label
            entry.kind,  # kind
            entry.label,  # label
            entry.severity,  # severity
            entry.severity_label(),  # severity_label
            stamp(entry.occurred_at),  # occurred
            stamp(entry.recorded_at),  # recorded
            "Logged" if entry.source == "contact" else "Recorded",  # recorded_verb
            entry.recorded_by,  # recorded_by
            _text_label(entry),  # text_label
            entry.text,  # text
            _facts(entry),  # facts
            entry.record,  # record
            entry.amends,  # amends
            numbers.get(entry.amends) if entry.amends else None,  # amends_number
            entry.amend_reason,  # amend_reason
            entry.superseded_by,  # replaced_by
            numbers.get(entry.superseded_by) if entry.superseded_by else None,  # replaced_by_number
            correction.amend_reason if correction else "",  # replaced_reason
            stamp(correction.recorded_at) if correction else None,  # replaced_at
            correction.recorded_by if correction else "",  # replaced_by_whom
            proofs,  # proofs
            entry.attachments,  # attachments
        )
        entries.append(exported)
        problems += [_problem(exported, p) for p in proofs if not p.ok]
    head = Head(position=source.head.id, hash=source.head.hash) if source.head else None
    failed = {p.position for e in entries for p in e.proofs if not p.ok and p.position is not None}
    record, record_problems = record_section(source.record, reported=failed)
    return ExportDocument(
        practice_name=source.practice_name,
        practice_address=source.practice_address,
        patient=_patient(timeline.patient),
        concerns=tuple(_concern(c) for c in timeline.concerns),
        conduct=timeline.conduct.sentence(),
        status_lines=tuple(timeline.status.lines()),
        entries=tuple(entries),
        head=head,
        generated_at=stamp(generated_at),
        generated_by=generated_by,
        software=f"boundary-tui {__version__}",
        problems=tuple(problems + record_problems),
        record=record,
        checkpoint=checkpoint,
    )
