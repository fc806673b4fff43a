"""The database schema, versioned from day one in `PRAGMA user_version`.

`MIGRATIONS[n]` takes a database at version n to n+1. Each step runs in its own
`BEGIN IMMEDIATE` transaction, so two desks starting at once on an old file do
not both migrate it, and a failed step leaves the file as it was.

Evidence tables (contacts, actions, concern changes, booking overrides and their
reviews, sign-in events) are append-only, enforced by triggers in the database
itself, whatever program writes to it. Never run `table.transform()` on them:
sqlite-utils silently drops triggers when it rebuilds a table.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from boundary_tui.core.errors import StoreError
from boundary_tui.core.text import search_key
from boundary_tui.store import chain
from boundary_tui.store.connection import immediate

if TYPE_CHECKING:
    from sqlite_utils import Database

APPEND_ONLY_TABLES = (
    "contacts",
    "actions",
    "concern_changes",
    "booking_overrides",
    "override_reviews",
    "sign_in_events",
)

# The values the v1 tables' CHECK constraints allow, frozen here on purpose: a shipped
# migration step must not change when the rules' lists (`core.models`, `core.actions`)
# grow; a new value needs a new step. `tests/store/test_schema.py` keeps the two in step.
CONTACT_CHANNELS = (
    "letter",
    "card",
    "gift",
    "phone_call",
    "text_message",
    "email",
    "social_media",
    "in_person",
    "at_staff_home",
    "waiting_outside",
    "via_someone_else",
    "other",
)

ACTION_KINDS = (
    "spoke_to_patient",
    "defence_body_contacted",
    "line_manager_informed",
    "warning_letter_sent",
    "care_transferred",
    "chaperone_arranged",
    "police_reported",
    "police_warning",
    "removal_requested",
    "removal_effective",
    "removal_confirmed_in_writing",
    "spo_granted",
    "concern_reviewed",
    "concern_closed",
    "other",
)

CONCERN_KINDS = ("amorous_advances", "harassment", "stalking", "aggression", "other")

CONCERN_CHANGES = (
    "opened",
    "targets_changed",
    "scope_changed",
    "review_date_changed",
    "summary_changed",
    "reviewed",
    "closed",
)


def _one_of(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def append_only_triggers(table: str) -> list[str]:
    """Triggers that make `table` append-only at the database level.

    UPDATE and DELETE abort. INSERT of an existing id aborts too: without
    `recursive_triggers` (plain sqlite3 leaves it off) `INSERT OR REPLACE`
    deletes the old row without firing the DELETE trigger.
    """
    message = f"{table} is append-only: record a correcting entry instead"
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        f"""CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table}
            WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
    ]


def _v1_tables(db: Database) -> None:
    """Staff, clinicians, patients, concerns, appointments and the evidence tables."""
    statements = [
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            role TEXT NOT NULL CHECK (role IN ('reception', 'clinician', 'manager')),
            pin_hash TEXT,
            disabled_at TEXT,
            failed_pins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )""",
        """CREATE TABLE sign_in_events (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            at TEXT NOT NULL,
            outcome TEXT NOT NULL
        )""",
        """CREATE TABLE clinicians (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER NOT NULL UNIQUE REFERENCES staff(id),
            job_title TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )""",
        """CREATE TABLE patients (
            id INTEGER PRIMARY KEY,
            nhs_number TEXT NOT NULL UNIQUE CHECK (length(nhs_number) = 10),
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            postcode TEXT NOT NULL DEFAULT '',
            postcode_key TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            phone_digits TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'removed')),
            removed_on TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )""",
        "CREATE INDEX patients_dob ON patients(date_of_birth)",
        "CREATE INDEX patients_postcode ON patients(postcode_key)",
        "CREATE INDEX patients_phone ON patients(phone_digits)",
        f"""CREATE TABLE concerns (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            kind TEXT NOT NULL CHECK (kind IN {_one_of(CONCERN_KINDS)}),
            chaperone_scope TEXT NOT NULL CHECK (chaperone_scope IN ('none', 'targets', 'all')),
            summary TEXT NOT NULL DEFAULT '',
            review_on TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            opened_at TEXT NOT NULL,
            opened_by INTEGER NOT NULL REFERENCES staff(id),
            closed_at TEXT,
            closed_by INTEGER REFERENCES staff(id),
            close_reason TEXT,
            updated_at TEXT NOT NULL,
            updated_by INTEGER NOT NULL REFERENCES staff(id)
        )""",
        "CREATE INDEX concerns_patient ON concerns(patient_id, status)",
        """CREATE TABLE concern_targets (
            concern_id INTEGER NOT NULL REFERENCES concerns(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            PRIMARY KEY (concern_id, staff_id)
        )""",
        "CREATE INDEX concern_targets_staff ON concern_targets(staff_id)",
        f"""CREATE TABLE concern_changes (
            id INTEGER PRIMARY KEY,
            concern_id INTEGER NOT NULL REFERENCES concerns(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            change TEXT NOT NULL CHECK (change IN {_one_of(CONCERN_CHANGES)}),
            detail TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT '{{}}',
            reason TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER NOT NULL REFERENCES staff(id)
        )""",
        "CREATE INDEX concern_changes_patient ON concern_changes(patient_id, recorded_at)",
        """CREATE TABLE appointments (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            clinician_id INTEGER NOT NULL REFERENCES clinicians(id),
            starts_at TEXT NOT NULL,
            minutes INTEGER NOT NULL DEFAULT 10,
            chaperone_required INTEGER NOT NULL DEFAULT 0 CHECK (chaperone_required IN (0, 1)),
            chaperone_name TEXT,
            status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
            booked_at TEXT NOT NULL,
            booked_by INTEGER NOT NULL REFERENCES staff(id),
            cancelled_at TEXT,
            cancelled_by INTEGER REFERENCES staff(id),
            CHECK (chaperone_required = 0 OR trim(coalesce(chaperone_name, '')) <> '')
        )""",
        # The database itself refuses a second booking of the same slot, so two
        # desks racing for it cannot both succeed.
        "CREATE UNIQUE INDEX appointments_slot ON appointments(clinician_id, starts_at) WHERE status = 'booked'",
        "CREATE INDEX appointments_patient ON appointments(patient_id, starts_at)",
        """CREATE TABLE booking_overrides (
            id INTEGER PRIMARY KEY,
            appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            clinician_id INTEGER NOT NULL REFERENCES clinicians(id),
            reason TEXT NOT NULL CHECK (trim(reason) <> ''),
            chaperone_name TEXT NOT NULL CHECK (trim(chaperone_name) <> ''),
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER NOT NULL REFERENCES staff(id)
        )""",
        "CREATE INDEX booking_overrides_patient ON booking_overrides(patient_id, recorded_at)",
        """CREATE TABLE override_reviews (
            id INTEGER PRIMARY KEY,
            override_id INTEGER NOT NULL UNIQUE REFERENCES booking_overrides(id),
            note TEXT NOT NULL DEFAULT '',
            reviewed_at TEXT NOT NULL,
            reviewed_by INTEGER NOT NULL REFERENCES staff(id)
        )""",
        f"""CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            concern_id INTEGER REFERENCES concerns(id),
            occurred_at TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            logged_by INTEGER NOT NULL REFERENCES staff(id),
            channel TEXT NOT NULL CHECK (channel IN {_one_of(CONTACT_CHANNELS)}),
            aimed_at TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL CHECK (trim(description) <> ''),
            evidence_location TEXT NOT NULL DEFAULT '',
            gift_handling TEXT CHECK (gift_handling IS NULL OR gift_handling IN
                ('refused', 'returned', 'shared_with_staff', 'kept_and_declared')),
            witnesses TEXT NOT NULL DEFAULT '',
            effect TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL CHECK (severity IN ('note', 'concerning', 'threatening')),
            police_called INTEGER NOT NULL DEFAULT 0 CHECK (police_called IN (0, 1)),
            police_officer TEXT NOT NULL DEFAULT '',
            police_reference TEXT NOT NULL DEFAULT '',
            amends_id INTEGER REFERENCES contacts(id),
            amend_reason TEXT NOT NULL DEFAULT '',
            CHECK (occurred_at <= logged_at)
        )""",
        "CREATE INDEX contacts_patient ON contacts(patient_id, occurred_at)",
        f"""CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            concern_id INTEGER REFERENCES concerns(id),
            kind TEXT NOT NULL CHECK (kind IN {_one_of(ACTION_KINDS)}),
            occurred_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER NOT NULL REFERENCES staff(id),
            notes TEXT NOT NULL DEFAULT '',
            signed_by TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            officer TEXT NOT NULL DEFAULT '',
            crime_reference TEXT NOT NULL DEFAULT '',
            removal_route TEXT CHECK (removal_route IS NULL OR removal_route IN ('ordinary', 'immediate')),
            effective_on TEXT,
            expires_on TEXT,
            amends_id INTEGER REFERENCES actions(id),
            amend_reason TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX actions_patient ON actions(patient_id, occurred_at)",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.extend(append_only_triggers(table))
    for statement in statements:
        db.execute(statement)


def _v2_patient_search(db: Database) -> None:
    """Full-text search over normalised names (`obr` finds O'Brien, `zoe` finds Zoë)."""
    db.execute("ALTER TABLE patients ADD COLUMN search_name TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT id, given_name, family_name FROM patients").fetchall()
    db.conn.executemany(
        "UPDATE patients SET search_name = ? WHERE id = ?",
        [(search_key(given, family), pid) for pid, given, family in rows],
    )
    db.table("patients").enable_fts(
        ["search_name"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


RECORDED_AT = {
    "contacts": "logged_at",
    "actions": "recorded_at",
    "concern_changes": "recorded_at",
    "booking_overrides": "recorded_at",
    "override_reviews": "reviewed_at",
    "sign_in_events": "at",
}
"""When each evidence table's rows were written: the order existing rows join the chain."""


def _v3_tamper_evidence_chain(db: Database) -> None:
    """The append-only hash chain (`store.chain`), and every evidence row already saved linked into it.

    Rows written before the chain existed join it per table in id order,
    tables interleaved by the time each row was written.
    """
    db.execute(chain.CHAIN_TABLE_SQL)
    for statement in append_only_triggers("chain"):
        db.execute(statement)
    streams = [
        [
            (at, table, row_id)
            for row_id, at in db.execute(f"SELECT id, {RECORDED_AT[table]} FROM {table} ORDER BY id").fetchall()
        ]
        for table in APPEND_ONLY_TABLES
    ]
    for _, table, row_id in heapq.merge(*streams, key=lambda item: item[0]):
        chain.link(db, table, row_id)


def _v4_staff_disabled_by(db: Database) -> None:
    """Who disabled an account (`disabled_at` already says when)."""
    db.execute("ALTER TABLE staff ADD COLUMN disabled_by TEXT")


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_tables,
    _v2_patient_search,
    _v3_tamper_evidence_chain,
    _v4_staff_disabled_by,
]
"""Step n takes the schema from version n to n+1. Append only; never edit a shipped step."""

LATEST_VERSION = len(MIGRATIONS)


def version_of(db: Database | sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, *, target: int = LATEST_VERSION) -> int:
    """Bring the database up to `target`, one step per transaction. Returns the final version."""
    current = version_of(db)
    if current > LATEST_VERSION:
        raise StoreError(
            f"This database was written by a newer boundary-tui (schema {current}; this one knows {LATEST_VERSION}). "
            "Upgrade boundary-tui on this desk."
        )
    while current < target:
        with immediate(db):
            # Re-read inside the lock: another desk may have migrated meanwhile.
            current = version_of(db)
            if current >= target:
                break
            MIGRATIONS[current](db)
            db.execute(f"PRAGMA user_version = {current + 1}")
        current = version_of(db)
    return current
