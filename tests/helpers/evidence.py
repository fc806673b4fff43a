"""Helpers for tests of the tamper evidence: log contacts the way every writer does, and edit a file by hand."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from boundary_tui.core.times import to_db
from boundary_tui.store import Store, evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.tables import APPEND_ONLY_TABLES

HOSTILE = 'Said "marry me" \\ left \x1b[2J a rose 🌹 for Dr Hart\nZoë\u2028[@click=app.quit]x[/]'
"""Quotes, a backslash, an escape sequence, a non-BMP emoji, a line break, U+2028 and markup."""


def log_contact(store: Store, patient_id: int, by: int, description: str = "A card addressed to Dr Hart") -> int:
    """A contact appended through `evidence.append`, as the contact form's store does."""
    now = to_db(store.now())
    with immediate(store.db):
        return evidence.append(
            store.db,
            "contacts",
            {
                "patient_id": patient_id,
                "occurred_at": now,
                "logged_at": now,
                "logged_by": by,
                "channel": "card",
                "description": description,
                "severity": "note",
            },
        )


def record_action(store: Store, patient_id: int, by: int, kind: str = "warning_letter_sent") -> int:
    now = to_db(store.now())
    with immediate(store.db):
        return evidence.append(
            store.db,
            "actions",
            {"patient_id": patient_id, "kind": kind, "occurred_at": now, "recorded_at": now, "recorded_by": by},
        )


def tamper(path: Path, *statements: str, drop: tuple[str, ...] = APPEND_ONLY_TABLES + ("chain",)) -> None:
    """Edit the file with plain sqlite3 as someone with the file would: drop the append-only triggers first."""
    conn = sqlite3.connect(path)
    try:
        for table in drop:
            for kind in ("no_update", "no_delete", "no_replace"):
                conn.execute(f"DROP TRIGGER IF EXISTS {table}_{kind}")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
