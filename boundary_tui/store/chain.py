"""Tamper evidence: one SHA-256 hash chain over every evidence row, in commit order.

Each row appended to an evidence table (contacts, actions, concern changes,
booking overrides, override reviews, sign-in events) gets one entry in the
append-only `chain` table, written by `store.evidence.append()` in the same
`BEGIN IMMEDIATE` transaction as the row, so two desks can never both extend
the same head (the chain cannot fork).

The format, exactly, so that anyone can re-check a chain without this program:

* `chain` columns: `id` (the entry's position: 1, 2, 3… with no gaps),
  `table_name`, `row_id` (the evidence row's `id`), `columns` (the names of the
  row's columns that were hashed, sorted, joined by `,`), `prev_hash`, `hash`.
* The **canonical content** of an entry is the UTF-8 encoding of the JSON text
  of this object::

      {"prev": PREV_HASH, "row": {COLUMN: VALUE, ...}, "table": TABLE_NAME}

  where `row` holds every column listed in `columns` (all columns of the row as
  it was stored, defaults included), `PREV_HASH` is the previous entry's `hash`
  (64 zeros for the first entry), keys are sorted, there is no whitespace
  (separators `,` and `:`), non-ASCII characters are written as themselves
  (not `\\u` escapes), and only `"`, `\\` and control characters below U+0020
  are escaped, as JSON requires (`\\b \\f \\n \\r \\t`, others as lower-case
  `\\u00xx`). SQLite TEXT becomes a JSON string, INTEGER a JSON integer, NULL
  `null`; evidence tables hold no REAL or BLOB values (a BLOB, which only a
  hand edit can put there, is hashed as `{"blob":HEX}`). For these values the
  text is exactly what RFC 8785 (JSON Canonicalization Scheme) produces, so any
  RFC 8785 library gives the same bytes.
* `hash` is the lower-case hex SHA-256 of the canonical content.

**One patient's record is a chain of its own** (schema 7 on). An entry whose
row belongs to a patient (it has a `patient_id`, or, for an override review,
its override has) also carries `patient_id` and `patient_prev`: the `hash` of
that patient's previous entry (64 zeros for their first), and its canonical
content gains one key::

      {"patient_prev": PATIENT_PREV, "prev": PREV_HASH, "row": {...}, "table": TABLE_NAME}

So an export of one patient's entries proves by itself that none of them was
removed, reordered or changed up to the last one: each names the one before it
inside what was hashed. Entries written before schema 7 are listed, by hash,
in the patient's `patient_chain_starts` row, which starts their chain.

To check: walk the entries in `id` order; for each, rebuild the canonical
content from the row it names, the previous entry's hash (and, where set, the
patient's previous entry's hash), and compare with `hash`; every evidence row
must have exactly one entry. `store.verify` does this and explains in plain
words what it finds.

The hash is not keyed: someone able to edit the file could rebuild the whole
chain. What protects against that is the chain head printed on exports and
backups: anyone can later check that the chain still passes through it
(`boundary-tui verify --head HASH`).
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from boundary_tui.store.db import Db


GENESIS = "0" * 64
"""The `prev_hash` of the first entry."""


class ChainEntry(NamedTuple):
    """One link of the chain, as stored.

    A `NamedTuple`: a verify or an export builds one per entry (50,000 on a large
    practice), three times faster than a frozen dataclass.
    """

    id: int
    table_name: str
    row_id: int
    columns: tuple[str, ...]
    prev_hash: str
    hash: str
    patient_id: int | None = None
    """The patient whose record this entry belongs to (None: a practice-wide entry, or before schema 7)."""
    patient_prev: str | None = None
    """The hash of that patient's previous entry (GENESIS for their first): inside what was hashed."""


@lru_cache(maxsize=256)
def recorded_columns(text: str) -> tuple[str, ...]:
    """The `columns` of a chain entry as stored (`a,b,c`) as a tuple; a chain holds a handful of distinct lists."""
    return tuple(text.split(",")) if text else ()


_BINARY = (bytes, bytearray, memoryview)

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
"""The canonical JSON text (one encoder for every row: an export or verify hashes thousands)."""

_AS_BUILT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)
"""The same text for content built with its keys already in sorted order (`rows_in_order`): no sort per row."""


def rows_in_order(names: Sequence[str]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """Rows read with these column names, as dicts whose keys come in the canonical (sorted) order.

    For `canonical_text(..., in_order=True)`: a verify hashes every row of the
    practice, and sorting each row's keys again was a sixth of the encoding.
    """
    order = sorted(range(len(names)), key=names.__getitem__)
    keys = tuple(names[i] for i in order)
    if len(order) == 1:
        only = order[0]
        return lambda row: {keys[0]: row[only]}
    pick = operator.itemgetter(*order)
    return lambda row: dict(zip(keys, pick(row), strict=True))


def _value(value: Any) -> Any:
    if isinstance(value, _BINARY):
        return {"blob": bytes(value).hex()}
    return value


@lru_cache(maxsize=256)
def _names(columns: Sequence[str]) -> frozenset[str]:
    """The recorded columns as a set (a chain holds a handful of distinct column lists)."""
    return frozenset(columns)


def canonical(
    table: str,
    row: Mapping[str, Any],
    prev_hash: str,
    columns: Sequence[str] | None = None,
    *,
    patient_prev: str | None = None,
) -> bytes:
    """The exact bytes hashed for one evidence row (see the module docstring)."""
    return canonical_text(table, row, prev_hash, columns, patient_prev=patient_prev).encode("utf-8", "surrogateescape")


def canonical_text(
    table: str,
    row: Mapping[str, Any],
    prev_hash: str,
    columns: Sequence[str] | None = None,
    *,
    patient_prev: str | None = None,
    in_order: bool = False,
) -> str:
    """The canonical content as text: `canonical()` is its UTF-8 bytes (`text_hash`).

    An export states the text of every entry; keeping it as text spares decoding
    the bytes back once for each place it is stated.

    `columns` limits the row to the columns recorded in the chain entry (a
    column added to the table later is not part of older rows' content).
    A column listed but missing from `row` raises KeyError. `in_order`: the
    row's keys are already in sorted order (`rows_in_order`), so the text is
    written without sorting them again.
    """
    # The row itself when it holds exactly the columns recorded (nearly always: the encoder sorts
    # the keys anyway); a copy of the recorded columns only for a row with a column added since.
    # A verify or export hashes every row: copying each one and testing each value for bytes was
    # a third of the hashing time.
    whole = columns is None or row.keys() == _names(columns)
    values = row if columns is None or whole else {name: row[name] for name in columns}
    content: dict[str, Any] = (
        {"prev": prev_hash, "row": values, "table": table}
        if patient_prev is None
        else {"patient_prev": patient_prev, "prev": prev_hash, "row": values, "table": table}
    )
    try:
        text = (_AS_BUILT if in_order and whole else _ENCODER).encode(content)
    except TypeError:  # a BLOB: only a hand edit puts one in an evidence table
        content["row"] = {name: _value(v) for name, v in values.items()}
        text = _ENCODER.encode(content)
    return text


def entry_hash(content: bytes) -> str:
    """Lower-case hex SHA-256 of canonical content."""
    return hashlib.sha256(content).hexdigest()


def text_hash(text: str) -> str:
    """`entry_hash` of canonical content held as text.

    surrogateescape: text read back from a hand-edited file may hold bytes that are not UTF-8.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


ENTRY_COLUMNS = "id, table_name, row_id, columns, prev_hash, hash, patient_id, patient_prev"
"""What `_entry` reads, in its order."""


def head(db: Db) -> ChainEntry | None:
    """The latest entry (its `hash` is the chain head), or None for an empty chain."""
    row = db.execute(f"SELECT {ENTRY_COLUMNS} FROM chain ORDER BY id DESC LIMIT 1").fetchone()
    return entry_from_row(row) if row else None


def patient_head(db: Db, patient_id: int) -> ChainEntry | None:
    """The latest entry of one patient's record (its hash is the head an export of them ends at)."""
    row = db.execute(
        f"SELECT {ENTRY_COLUMNS} FROM chain WHERE patient_id = ? ORDER BY id DESC LIMIT 1", [patient_id]
    ).fetchone()
    return entry_from_row(row) if row else None


def entry_for(db: Db, table: str, row_id: int) -> ChainEntry | None:
    """The chain entry of one evidence row (for exports: seq, previous hash and hash)."""
    row = db.execute(
        f"SELECT {ENTRY_COLUMNS} FROM chain WHERE table_name = ? AND row_id = ?", [table, row_id]
    ).fetchone()
    return entry_from_row(row) if row else None


_new_entry = tuple.__new__


def entry_from_row(row: Sequence[Any]) -> ChainEntry:
    """A chain entry from a row read with `ENTRY_COLUMNS` (the two patient columns may be left off).

    Built as the tuple it is, in `ENTRY_COLUMNS`' order (a verify builds 50,000: by keyword took twice as long)."""
    read = len(row)
    entry: ChainEntry = _new_entry(
        ChainEntry,
        (
            row[0],
            row[1],
            row[2],
            recorded_columns(row[3]),
            row[4],
            row[5],
            row[6] if read > 6 else None,
            row[7] if read > 7 else None,
        ),
    )
    return entry


def content_of(db: Db, entry: ChainEntry) -> bytes | None:
    """The canonical content of an entry's row as it is now (None if the row is gone).

    For exports: print it with the entry's `hash`, and anyone can check
    `sha256(content) == hash` and that its `prev` is the previous entry's hash.
    """
    row = read_row(db, entry.table_name, entry.row_id)
    if row is None:
        return None
    return canonical(entry.table_name, row, entry.prev_hash, entry.columns, patient_prev=entry.patient_prev)


def patient_of(db: Db, table: str, row: Mapping[str, Any]) -> int | None:
    """Whose record a row belongs to: its `patient_id`, or, for an override review, its override's patient."""
    if "patient_id" in row:
        value = row["patient_id"]
        return int(value) if isinstance(value, int) else None
    if table == "override_reviews":
        found = db.execute("SELECT patient_id FROM booking_overrides WHERE id = ?", [row["override_id"]]).fetchone()
        return int(found[0]) if found else None
    return None


def read_row(db: Db, table: str, row_id: int) -> dict[str, Any] | None:
    """Every column of one row, as stored (defaults included)."""
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    values = cursor.fetchone()
    if values is None:
        return None
    return {d[0]: v for d, v in zip(cursor.description, values, strict=True)}


def link(db: Db, table: str, row_id: int) -> ChainEntry:
    """Add the row just inserted to the chain. Must run inside the inserting transaction.

    The caller holds the write lock (`BEGIN IMMEDIATE`), so the head read here
    is still the head when the new entry is written.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("the chain is extended inside a write transaction (store.connection.immediate)")
    row = read_row(db, table, row_id)
    if row is None:
        raise LookupError(f"{table} {row_id} does not exist")
    latest = db.execute("SELECT hash FROM chain ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = latest[0] if latest else GENESIS
    patient_id = patient_of(db, table, row)
    patient_prev: str | None = None
    if patient_id is not None:
        previous = db.execute(
            "SELECT hash FROM chain WHERE patient_id = ? ORDER BY id DESC LIMIT 1", [patient_id]
        ).fetchone()
        patient_prev = previous[0] if previous else GENESIS
    columns = tuple(sorted(row))
    digest = entry_hash(canonical(table, row, prev_hash, columns, patient_prev=patient_prev))
    cursor = db.execute(
        """INSERT INTO chain (table_name, row_id, columns, prev_hash, hash, patient_id, patient_prev)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [table, row_id, ",".join(columns), prev_hash, digest, patient_id, patient_prev],
    )
    return ChainEntry(
        id=int(cursor.lastrowid or 0),
        table_name=table,
        row_id=row_id,
        columns=columns,
        prev_hash=prev_hash,
        hash=digest,
        patient_id=patient_id,
        patient_prev=patient_prev,
    )
