"""Appending to the evidence tables: the one way rows get into them.

Contacts, actions, concern changes, booking overrides and their reviews, and
sign-in events are append-only (the database refuses UPDATE and DELETE). Every
append goes through `append()`, inside the caller's `immediate()` transaction,
so whatever must accompany an evidence row (such as the tamper-evidence hash
chain) is added in one place and in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from boundary_tui.store.schema import APPEND_ONLY_TABLES


def append(db: Database, table: str, values: Mapping[str, Any]) -> int:
    """Insert one evidence row and return its id. Must run inside `immediate(db)`."""
    if table not in APPEND_ONLY_TABLES:
        raise ValueError(f"{table} is not an evidence table")
    if not db.conn.in_transaction:
        raise RuntimeError("evidence is appended inside a write transaction (store.connection.immediate)")
    columns = list(values)
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [values[c] for c in columns],
    )
    return int(cursor.lastrowid or 0)
