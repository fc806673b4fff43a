"""What an evidence export needs from the database, read in one consistent snapshot.

The timeline (`store.timeline`), the practice's name and address, and for every
evidence row on the timeline its tamper-evidence chain entry (`store.chain`)
with the row's canonical content as it is now, plus the chain head. All of it
is read inside one read transaction, so an entry saved by another desk half-way
through is either wholly in the export (with its chain entry, under the head)
or wholly absent.

The chain entries of the patient's rows come in one query (the patient's own
chain, `chain.patient_id`), not one query per entry: a 5,000-entry timeline
would otherwise spend most of its export time asking SQLite one row at a time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from boundary_tui.core.timeline import Timeline, TimelineEntry
from boundary_tui.store.chain import ENTRY_COLUMNS, ChainEntry, canonical_text, entry_from_row, head, text_hash
from boundary_tui.store.collector import built_apart
from boundary_tui.store.connection import raises_store_error
from boundary_tui.store.tables import APPEND_ONLY_TABLES
from boundary_tui.store.timeline import snapshot

if TYPE_CHECKING:
    from boundary_tui.store import Store

TABLE_OF_SOURCE = {
    "contact": "contacts",
    "action": "actions",
    "concern": "concern_changes",
    "override": "booking_overrides",
    "appointment": "appointment_changes",
    "disclosure": "disclosures",
}
"""The evidence table behind each kind of timeline entry."""

_ROWS_SQL = {
    "contacts": "SELECT * FROM contacts WHERE patient_id = ?",
    "actions": "SELECT * FROM actions WHERE patient_id = ?",
    "concern_changes": "SELECT * FROM concern_changes WHERE patient_id = ?",
    "booking_overrides": "SELECT * FROM booking_overrides WHERE patient_id = ?",
    "appointment_changes": """SELECT * FROM appointment_changes
                              WHERE patient_id = ? AND change IN ('cancelled', 'moved')""",
    "override_reviews": """SELECT r.* FROM override_reviews r
                           JOIN booking_overrides o ON o.id = r.override_id WHERE o.patient_id = ?""",
}
"""Every column of the patient's evidence rows, as stored (what the chain hashed)."""


class Link(NamedTuple):
    """One evidence row's place in the tamper-evidence chain, and whether it still matches.

    A `NamedTuple`, built positionally: an export builds one per entry (5,000).
    The hash is checked once, when the link is read (`checked`): the entry's
    proof and the patient's record section both ask.
    """

    table: str
    row_id: int
    entry: ChainEntry | None
    """None: the row has no chain entry (inserted outside the app)."""
    content: str | None
    """The row's canonical content as it is now, as text (None without a chain entry, or if it cannot be rebuilt)."""
    matches: bool = False
    """sha256(content) is the hash recorded when the row was saved."""


def checked(entry: ChainEntry, content: str | None) -> Link:
    """The link of a chain entry and its row's content now, its hash checked."""
    matches = False
    if content is not None:
        try:
            matches = text_hash(content) == entry.hash
        except UnicodeEncodeError:  # a hand edit put text in the row that has no UTF-8 bytes: it cannot be rebuilt
            content = None
    return Link(entry.table_name, entry.row_id, entry, content, matches)


@dataclass(frozen=True)
class PatientRecord:
    """Every chain entry of one patient, in order: what proves the export complete (`store.chain`).

    `earlier` are the entries chained before patient links began (schema 7),
    listed by their patient's `patient_chain_starts` row; `entries` is the
    patient's own chain, which that row starts.
    """

    entries: tuple[Link, ...]
    earlier: tuple[Link, ...]

    @property
    def head(self) -> ChainEntry | None:
        return self.entries[-1].entry if self.entries else None


@dataclass(frozen=True)
class ExportSource:
    """Everything an export is built from, as of one moment."""

    timeline: Timeline
    practice_name: str
    practice_address: str
    links: Mapping[tuple[str, int], Link]
    """By (table, row id): the chain entry of every evidence row on the timeline."""
    reviews: Mapping[int, int]
    """Booking override id → the id of its review row (`override_reviews`)."""
    head: ChainEntry | None
    """The latest chain entry of the whole database when the export was read."""
    database: Path
    record: PatientRecord = PatientRecord(entries=(), earlier=())
    """The patient's own chain, complete (schema 7 on)."""

    def links_of(self, entry: TimelineEntry) -> tuple[Link, ...]:
        """The chain links behind one timeline entry (an override and its review are two rows)."""
        keys = [(TABLE_OF_SOURCE[entry.source], entry.id)]
        if entry.source == "override" and entry.id in self.reviews:
            keys.append(("override_reviews", self.reviews[entry.id]))
        return tuple(self.links.get(key) or Link(table=key[0], row_id=key[1], entry=None, content=None) for key in keys)


@raises_store_error
def read(store: Store, patient_id: int) -> ExportSource | None:
    """The patient's export source, or None if they are not on the list."""
    db = store.db
    with snapshot(db), built_apart():
        rows: dict[str, dict[int, dict[str, Any]]] = {}
        timeline = store.timeline.for_patient(patient_id, stored=rows)  # fills in the contacts' rows
        if timeline is None:
            return None
        for table, sql in _ROWS_SQL.items():
            if table in rows:
                continue
            cursor = db.execute(sql, [patient_id])
            names = [d[0] for d in cursor.description]
            rows[table] = {r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}
        record = _record(store, patient_id, rows)
        # The timeline's rows are all in the patient's record: their links come from it, with no second query.
        links = {(link.table, link.row_id): link for link in (*record.earlier, *record.entries)}
        reviews = {int(row["override_id"]): review_id for review_id, row in rows["override_reviews"].items()}
        return ExportSource(
            timeline=timeline,
            practice_name=store.settings.get("practice_name"),
            practice_address=store.settings.get("practice_address"),
            links=links,
            reviews=reviews,
            head=head(db),
            database=store.path,
            record=record,
        )


def _record(store: Store, patient_id: int, rows: dict[str, dict[int, dict[str, Any]]]) -> PatientRecord:
    """The patient's chain entries (by `chain.patient_id`) and those their chain start lists, with content.

    Rows the timeline did not read (appointment and list-status changes, the
    chain start itself, and whatever a later schema adds) are read here, one
    query per table, inside the caller's snapshot.
    """
    db = store.db
    own = [
        entry_from_row(r)
        for r in db.execute(f"SELECT {ENTRY_COLUMNS} FROM chain WHERE patient_id = ? ORDER BY id", [patient_id])
    ]
    _load(db, rows, own)
    listed: list[int] = []
    for entry in own:
        if entry.table_name == "patient_chain_starts":
            row = rows.get(entry.table_name, {}).get(entry.row_id)
            try:
                listed += [int(position) for position, _ in json.loads(str(row["entries"]))] if row else []
            except (TypeError, ValueError):
                pass
    earlier = (
        [
            entry_from_row(r)
            for r in db.execute(
                f"SELECT {ENTRY_COLUMNS} FROM chain WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                [json.dumps(listed)],
            )
        ]
        if listed
        else []
    )
    _load(db, rows, earlier)

    def with_content(entry: ChainEntry) -> Link:
        return checked(entry, _content(entry, rows.get(entry.table_name, {}).get(entry.row_id)))

    return PatientRecord(entries=tuple(with_content(e) for e in own), earlier=tuple(with_content(e) for e in earlier))


def _load(db: Any, rows: dict[str, dict[int, dict[str, Any]]], entries: list[ChainEntry]) -> None:
    """Read the rows behind `entries` that are not in `rows` yet (table names come from the chain: checked)."""
    wanted: dict[str, list[int]] = {}
    for entry in entries:
        if entry.row_id not in rows.get(entry.table_name, {}) and entry.table_name in APPEND_ONLY_TABLES:
            wanted.setdefault(entry.table_name, []).append(entry.row_id)
    for table, ids in wanted.items():
        cursor = db.execute(f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
        names = [d[0] for d in cursor.description]
        rows.setdefault(table, {}).update({r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()})


def _content(entry: ChainEntry, row: Mapping[str, Any] | None) -> str | None:
    if row is None:
        return None
    try:
        return canonical_text(entry.table_name, row, entry.prev_hash, entry.columns, patient_prev=entry.patient_prev)
    except (KeyError, ValueError, TypeError):
        # A column the chain recorded is gone, or a value JSON cannot hold: a hand edit.
        return None
