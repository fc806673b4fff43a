"""Appending to the evidence tables: the one way rows get into them.

Contacts, actions, concern changes, booking overrides and their reviews, and
sign-in events are append-only (the database refuses UPDATE and DELETE). Every
append goes through `append()`, inside the caller's `immediate()` transaction,
so whatever must accompany an evidence row is added in one place and in the
same transaction: here, its entry in the tamper-evidence hash chain
(`store.chain`). Because the caller holds the write lock from the start
(`BEGIN IMMEDIATE`), the chain head read for the new entry cannot change before
the entry is written: concurrent desks cannot fork the chain.

Sign-in events are chained too: they are the record of who was at a desk when
an entry was logged (attribution), and a deleted wrong-PIN event could hide an
attempt on someone's account. One rule for every append-only table also means
`verify` has no exceptions to remember.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from boundary_tui.store import chain
from boundary_tui.store.tables import APPEND_ONLY_TABLES

if TYPE_CHECKING:
    from boundary_tui.store.db import Db


def append(db: Db, table: str, values: Mapping[str, Any]) -> int:
    """Insert one evidence row, link it into the hash chain, and return its id. Must run inside `immediate(db)`."""
    if table not in APPEND_ONLY_TABLES:
        raise ValueError(f"{table} is not an evidence table")
    if not db.conn.in_transaction:
        raise RuntimeError("evidence is appended inside a write transaction (store.connection.immediate)")
    columns = list(values)
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [values[c] for c in columns],
    )
    row_id = int(cursor.lastrowid or 0)
    chain.link(db, table, row_id)
    return row_id
