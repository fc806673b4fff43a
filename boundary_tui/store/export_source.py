"""What an evidence export needs from the database, read in one consistent snapshot.

The timeline (`store.timeline`), the practice's name and address, and for every
evidence row on the timeline its tamper-evidence chain entry (`store.chain`)
with the row's canonical content as it is now, plus the chain head. All of it
is read inside one read transaction, so an entry saved by another desk half-way
through is either wholly in the export (with its chain entry, under the head)
or wholly absent.

The chain entries of the patient's rows come in one query (a join per
evidence table), not one query per entry: a 5,000-entry timeline would
otherwise spend most of its export time asking SQLite one row at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from boundary_tui.core.timeline import Timeline, TimelineEntry
from boundary_tui.store.chain import ChainEntry, canonical, entry_hash, head, recorded_columns
from boundary_tui.store.connection import raises_store_error
from boundary_tui.store.timeline import no_gc_pauses, snapshot

if TYPE_CHECKING:
    from boundary_tui.store import Store

TABLE_OF_SOURCE = {
    "contact": "contacts",
    "action": "actions",
    "concern": "concern_changes",
    "override": "booking_overrides",
}
"""The evidence table behind each kind of timeline entry."""

_ROWS_SQL = {
    "contacts": "SELECT * FROM contacts WHERE patient_id = ?",
    "actions": "SELECT * FROM actions WHERE patient_id = ?",
    "concern_changes": "SELECT * FROM concern_changes WHERE patient_id = ?",
    "booking_overrides": "SELECT * FROM booking_overrides WHERE patient_id = ?",
    "override_reviews": """SELECT r.* FROM override_reviews r
                           JOIN booking_overrides o ON o.id = r.override_id WHERE o.patient_id = ?""",
}
"""Every column of the patient's evidence rows, as stored (what the chain hashed)."""

_CHAIN_COLUMNS = "c.id, c.table_name, c.row_id, c.columns, c.prev_hash, c.hash"

_CHAIN_SQL = " UNION ALL ".join(
    [
        f"""SELECT {_CHAIN_COLUMNS} FROM chain c
            WHERE c.table_name = '{table}' AND c.row_id IN (SELECT id FROM {table} WHERE patient_id = ?)"""
        for table in ("contacts", "actions", "concern_changes", "booking_overrides")
    ]
    + [
        f"""SELECT {_CHAIN_COLUMNS} FROM chain c
            WHERE c.table_name = 'override_reviews' AND c.row_id IN (
                SELECT r.id FROM override_reviews r JOIN booking_overrides o ON o.id = r.override_id
                WHERE o.patient_id = ?)"""
    ]
)
"""The chain entries of all the patient's evidence rows, in one query.

`row_id IN (the patient's ids)`, not a join: SQLite planned the join as a walk over
every chain entry of the table (every contact of the practice, 10 ms at 50,000
contacts, for a patient with one contact as for one with 5,000); this form reads
the patient's ids from their index and looks each entry up."""


class Link(NamedTuple):
    """One evidence row's place in the tamper-evidence chain, and whether it still matches.

    A `NamedTuple`, built positionally: an export builds one per entry (5,000).
    """

    table: str
    row_id: int
    entry: ChainEntry | None
    """None: the row has no chain entry (inserted outside the app)."""
    content: bytes | None
    """The row's canonical content as it is now (None without a chain entry, or if it cannot be rebuilt)."""

    @property
    def matches(self) -> bool:
        """sha256(content) is the hash recorded when the row was saved."""
        return self.entry is not None and self.content is not None and entry_hash(self.content) == self.entry.hash


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
    with snapshot(db), no_gc_pauses():
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
        links: dict[tuple[str, int], Link] = {}
        for r in db.execute(_CHAIN_SQL, [patient_id] * 5).fetchall():
            entry = ChainEntry(r[0], r[1], r[2], recorded_columns(r[3]), r[4], r[5])
            links[(entry.table_name, entry.row_id)] = Link(
                entry.table_name, entry.row_id, entry, _content(entry, rows[entry.table_name].get(entry.row_id))
            )
        reviews = {int(row["override_id"]): review_id for review_id, row in rows["override_reviews"].items()}
        return ExportSource(
            timeline=timeline,
            practice_name=store.settings.get("practice_name"),
            practice_address=store.settings.get("practice_address"),
            links=links,
            reviews=reviews,
            head=head(db),
            database=store.path,
        )


def _content(entry: ChainEntry, row: Mapping[str, Any] | None) -> bytes | None:
    if row is None:
        return None
    try:
        return canonical(entry.table_name, row, entry.prev_hash, entry.columns)
    except (KeyError, ValueError, TypeError):
        # A column the chain recorded is gone, or a value JSON cannot hold: a hand edit.
        return None
