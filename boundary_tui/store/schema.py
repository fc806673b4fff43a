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

import hashlib
import heapq
import json
import os
import pwd
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boundary_tui.core.clock import Clock, SystemClock
from boundary_tui.core.errors import StoreError
from boundary_tui.core.text import search_key
from boundary_tui.core.times import to_db
from boundary_tui.store import chain, facts
from boundary_tui.store.connection import immediate

if TYPE_CHECKING:
    from boundary_tui.store.db import Db


def _one_of(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def append_only_triggers(table: str) -> list[str]:
    """Triggers that make `table` append-only at the database level.

    Frozen: shipped steps (1, 3, 5) call this, and `verify` compares the
    triggers in the file with its text, so it must never change. A table that
    needs other protection gets a new function and a new step.

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


def _v1_tables(db: Db) -> None:
    """Staff, clinicians, patients, concerns, appointments and the evidence tables (frozen: shipped)."""
    contact_channels = (
        "letter", "card", "gift", "phone_call", "text_message", "email", "social_media",
        "in_person", "at_staff_home", "waiting_outside", "via_someone_else", "other",
    )  # fmt: skip
    action_kinds = (
        "spoke_to_patient", "defence_body_contacted", "line_manager_informed", "warning_letter_sent",
        "care_transferred", "chaperone_arranged", "police_reported", "police_warning", "removal_requested",
        "removal_effective", "removal_confirmed_in_writing", "spo_granted", "concern_reviewed", "concern_closed",
        "other",
    )  # fmt: skip
    concern_kinds = ("amorous_advances", "harassment", "stalking", "aggression", "other")
    concern_changes = (
        "opened", "targets_changed", "scope_changed", "review_date_changed", "summary_changed", "reviewed", "closed",
    )  # fmt: skip
    evidence_tables = (
        "contacts", "actions", "concern_changes", "booking_overrides", "override_reviews", "sign_in_events",
    )  # fmt: skip
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
            kind TEXT NOT NULL CHECK (kind IN {_one_of(concern_kinds)}),
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
            change TEXT NOT NULL CHECK (change IN {_one_of(concern_changes)}),
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
            channel TEXT NOT NULL CHECK (channel IN {_one_of(contact_channels)}),
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
            kind TEXT NOT NULL CHECK (kind IN {_one_of(action_kinds)}),
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
    for table in evidence_tables:
        statements.extend(append_only_triggers(table))
    for statement in statements:
        db.execute(statement)


def _v2_patient_search(db: Db) -> None:
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


def _v3_tamper_evidence_chain(db: Db) -> None:
    """The append-only hash chain (`store.chain`), and every evidence row already saved linked into it.

    Rows written before the chain existed join it per table in id order,
    tables interleaved by the time each row was written. Frozen: shipped.
    """
    recorded_at = {
        "contacts": "logged_at",
        "actions": "recorded_at",
        "concern_changes": "recorded_at",
        "booking_overrides": "recorded_at",
        "override_reviews": "reviewed_at",
        "sign_in_events": "at",
    }
    db.execute(
        """CREATE TABLE chain (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    columns TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    UNIQUE (table_name, row_id)
)"""
    )
    for statement in append_only_triggers("chain"):
        db.execute(statement)
    streams = [
        [
            (at, table, row_id)
            for row_id, at in db.execute(f"SELECT id, {recorded_at[table]} FROM {table} ORDER BY id").fetchall()
        ]
        for table in recorded_at
    ]
    prev_hash = "0" * 64
    for _, table, row_id in heapq.merge(*streams, key=lambda item: item[0]):
        row = chain.read_row(db, table, row_id)
        assert row is not None
        columns = tuple(sorted(row))
        digest = chain.entry_hash(chain.canonical(table, row, prev_hash, columns))
        db.execute(
            "INSERT INTO chain (table_name, row_id, columns, prev_hash, hash) VALUES (?, ?, ?, ?, ?)",
            [table, row_id, ",".join(columns), prev_hash, digest],
        )
        prev_hash = digest


def _v4_staff_disabled_by(db: Db) -> None:
    """Who disabled an account (`disabled_at` already says when). Frozen: shipped."""
    db.execute("ALTER TABLE staff ADD COLUMN disabled_by TEXT")


def add_terms(list_name: str, *values: str) -> Callable[[Db], None]:
    """A schema step that lets the database accept new values of one list (`core.vocabulary`).

    Appended to `MIGRATIONS` with the values written out, e.g.
    `add_terms("contact_channel", "video_call")`: the step carries its own
    literal values, so it builds the same thing whatever the lists say later.
    """

    def step(db: Db) -> None:
        db.conn.executemany("INSERT INTO vocabulary (list, value) VALUES (?, ?)", [(list_name, v) for v in values])

    step.__doc__ = f"Accept {', '.join(values)} as {list_name}."
    return step


def _known_value_trigger(table: str, column: str, list_name: str, *, nullable: bool = False, on: str = "INSERT") -> str:
    """A trigger refusing a value of `table.column` that the `vocabulary` table does not list. Frozen: shipped (5)."""
    suffix = "insert" if on == "INSERT" else "update"
    event = "INSERT" if on == "INSERT" else f"UPDATE OF {column}"
    null_ok = f"NEW.{column} IS NOT NULL AND " if nullable else ""
    return f"""CREATE TRIGGER {table}_{column}_known_{suffix} BEFORE {event} ON {table}
        WHEN {null_ok}NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = '{list_name}' AND value = NEW.{column})
        BEGIN SELECT RAISE(ABORT, '{table}.{column}: not a value of the {list_name} list'); END"""


def _rebuild(db: Db, table: str, create: str, indexes: tuple[str, ...]) -> None:
    """Replace `table` by one created with `create`, keeping every row, id and value exactly.

    SQLite cannot drop a CHECK constraint, so the table is built anew beside the
    old one, filled column by column, and takes its name. The rows' stored
    values do not change, so their hash-chain entries still verify. Runs with
    foreign keys off (`migrate` does that for every step), as SQLite's own
    procedure for changing a table requires; `migrate` checks them before commit.
    """
    columns = ", ".join(r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall())
    db.execute(create.replace(f"CREATE TABLE {table} (", f"CREATE TABLE {table}_rebuilt (", 1))
    db.execute(f"INSERT INTO {table}_rebuilt ({columns}) SELECT {columns} FROM {table}")
    db.execute(f"DROP TABLE {table}")  # its triggers and indexes go with it
    db.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
    for statement in indexes:
        db.execute(statement)


def _v5_vocabulary_as_data(db: Db) -> None:
    """The values each list accepts move from CHECK constraints into a `vocabulary` table.

    Before this step a new contact channel meant rebuilding the append-only,
    hash-chained contacts table. Now the table's triggers look the value up in
    `vocabulary`, and a new value is one `add_terms` step. The four tables that
    had the lists in CHECK constraints are rebuilt once, rows, ids and values
    unchanged. Frozen: shipped.
    """
    lists = {
        "contact_channel": (
            "letter", "card", "gift", "phone_call", "text_message", "email", "social_media",
            "in_person", "at_staff_home", "waiting_outside", "via_someone_else", "other",
        ),
        "severity": ("note", "concerning", "threatening"),
        "gift_handling": ("refused", "returned", "shared_with_staff", "kept_and_declared"),
        "action_kind": (
            "spoke_to_patient", "defence_body_contacted", "line_manager_informed", "warning_letter_sent",
            "care_transferred", "chaperone_arranged", "police_reported", "police_warning", "removal_requested",
            "removal_effective", "removal_confirmed_in_writing", "spo_granted", "concern_reviewed",
            "concern_closed", "other",
        ),
        "removal_route": ("ordinary", "immediate"),
        "concern_kind": ("amorous_advances", "harassment", "stalking", "aggression", "other"),
        "chaperone_scope": ("none", "targets", "all"),
        "concern_change": (
            "opened", "targets_changed", "scope_changed", "review_date_changed", "summary_changed", "reviewed",
            "closed",
        ),
    }  # fmt: skip
    db.execute(
        """CREATE TABLE vocabulary (
            list TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (list, value)
        ) WITHOUT ROWID"""
    )
    message = "vocabulary values are never changed or removed: entries already saved use them"
    db.execute(f"""CREATE TRIGGER vocabulary_no_update BEFORE UPDATE ON vocabulary
        BEGIN SELECT RAISE(ABORT, '{message}'); END""")
    db.execute(f"""CREATE TRIGGER vocabulary_no_delete BEFORE DELETE ON vocabulary
        BEGIN SELECT RAISE(ABORT, '{message}'); END""")
    db.conn.executemany(
        "INSERT INTO vocabulary (list, value) VALUES (?, ?)",
        [(name, value) for name, values in lists.items() for value in values],
    )
    _rebuild(
        db,
        "concerns",
        """CREATE TABLE concerns (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            kind TEXT NOT NULL,
            chaperone_scope TEXT NOT NULL,
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
        ("CREATE INDEX concerns_patient ON concerns(patient_id, status)",),
    )
    _rebuild(
        db,
        "concern_changes",
        """CREATE TABLE concern_changes (
            id INTEGER PRIMARY KEY,
            concern_id INTEGER NOT NULL REFERENCES concerns(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            change TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT '{}',
            reason TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER NOT NULL REFERENCES staff(id)
        )""",
        ("CREATE INDEX concern_changes_patient ON concern_changes(patient_id, recorded_at)",),
    )
    _rebuild(
        db,
        "contacts",
        """CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            concern_id INTEGER REFERENCES concerns(id),
            occurred_at TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            logged_by INTEGER NOT NULL REFERENCES staff(id),
            channel TEXT NOT NULL,
            aimed_at TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL CHECK (trim(description) <> ''),
            evidence_location TEXT NOT NULL DEFAULT '',
            gift_handling TEXT,
            witnesses TEXT NOT NULL DEFAULT '',
            effect TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL,
            police_called INTEGER NOT NULL DEFAULT 0 CHECK (police_called IN (0, 1)),
            police_officer TEXT NOT NULL DEFAULT '',
            police_reference TEXT NOT NULL DEFAULT '',
            amends_id INTEGER REFERENCES contacts(id),
            amend_reason TEXT NOT NULL DEFAULT '',
            CHECK (occurred_at <= logged_at)
        )""",
        ("CREATE INDEX contacts_patient ON contacts(patient_id, occurred_at)",),
    )
    _rebuild(
        db,
        "actions",
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            concern_id INTEGER REFERENCES concerns(id),
            kind TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER NOT NULL REFERENCES staff(id),
            notes TEXT NOT NULL DEFAULT '',
            signed_by TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            officer TEXT NOT NULL DEFAULT '',
            crime_reference TEXT NOT NULL DEFAULT '',
            removal_route TEXT,
            effective_on TEXT,
            expires_on TEXT,
            amends_id INTEGER REFERENCES actions(id),
            amend_reason TEXT NOT NULL DEFAULT ''
        )""",
        ("CREATE INDEX actions_patient ON actions(patient_id, occurred_at)",),
    )
    checks = [
        _known_value_trigger("concerns", "kind", "concern_kind"),
        _known_value_trigger("concerns", "kind", "concern_kind", on="UPDATE"),
        _known_value_trigger("concerns", "chaperone_scope", "chaperone_scope"),
        _known_value_trigger("concerns", "chaperone_scope", "chaperone_scope", on="UPDATE"),
        _known_value_trigger("concern_changes", "change", "concern_change"),
        _known_value_trigger("contacts", "channel", "contact_channel"),
        _known_value_trigger("contacts", "severity", "severity"),
        _known_value_trigger("contacts", "gift_handling", "gift_handling", nullable=True),
        _known_value_trigger("actions", "kind", "action_kind"),
        _known_value_trigger("actions", "removal_route", "removal_route", nullable=True),
    ]
    for statement in checks:
        db.execute(statement)
    # Created last so that they fire first (SQLite runs the newest trigger first): rewriting
    # evidence is refused as append-only, whatever the row's values.
    for table in ("concern_changes", "contacts", "actions"):
        for statement in append_only_triggers(table):
            db.execute(statement)


def _v6_facts_in_the_record(db: Db) -> None:
    """Every fact that decides a booking or a sign-in joins the tamper-evident record (`store.facts`).

    Four append-only, chained tables keep each change to staff accounts (with
    their diaries), patients' list status, appointments and settings, with the
    state it left; `schema_seals` keeps the structure of the database each time
    the app changes it. What the database holds today is recorded once, as
    found (`as_found`), so `verify` can compare live rows with the record from
    now on; the history before this step is what the chain already held.
    Frozen: shipped.
    """
    lists = {
        "staff_change": (
            "added", "pin_set", "pin_changed", "pin_reset", "role_changed", "disabled", "diary_changed", "as_found",
        ),
        "patient_change": ("removed", "as_found"),
        "appointment_change": ("booked", "cancelled", "as_found"),
    }  # fmt: skip
    db.conn.executemany(
        "INSERT INTO vocabulary (list, value) VALUES (?, ?)",
        [(name, value) for name, values in lists.items() for value in values],
    )
    tables = {
        "staff_changes": """CREATE TABLE staff_changes (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            change TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL
        )""",
        "patient_changes": """CREATE TABLE patient_changes (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            change TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL
        )""",
        "appointment_changes": """CREATE TABLE appointment_changes (
            id INTEGER PRIMARY KEY,
            appointment_id INTEGER NOT NULL REFERENCES appointments(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            change TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL
        )""",
        "settings_changes": """CREATE TABLE settings_changes (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            value TEXT,
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL
        )""",
        "schema_seals": """CREATE TABLE schema_seals (
            id INTEGER PRIMARY KEY,
            why TEXT NOT NULL,
            user_version INTEGER NOT NULL,
            cookie INTEGER NOT NULL,
            schema_sha256 TEXT NOT NULL,
            sealed_at TEXT NOT NULL,
            account TEXT NOT NULL
        )""",
    }
    for statement in tables.values():
        db.execute(statement)
    db.execute("CREATE INDEX staff_changes_staff ON staff_changes(staff_id)")
    db.execute("CREATE INDEX patient_changes_patient ON patient_changes(patient_id)")
    db.execute("CREATE INDEX appointment_changes_patient ON appointment_changes(patient_id, recorded_at)")
    db.execute("CREATE INDEX appointment_changes_appointment ON appointment_changes(appointment_id)")
    for table, column, list_name in (
        ("staff_changes", "change", "staff_change"),
        ("patient_changes", "change", "patient_change"),
        ("appointment_changes", "change", "appointment_change"),
    ):
        db.execute(_known_value_trigger(table, column, list_name))
    for table in tables:
        for statement in append_only_triggers(table):
            db.execute(statement)

    # Today's state, recorded once as found, each row linked into the chain.
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    uid = os.getuid()
    try:
        who = pwd.getpwuid(uid).pw_name
    except KeyError:
        who = f"uid {uid}"
    found: list[tuple[str, dict[str, Any]]] = []
    for row in db.execute(
        """SELECT s.id, s.name, s.role, s.pin_hash, s.disabled_at IS NOT NULL, c.id, c.job_title, c.active
           FROM staff s LEFT JOIN clinicians c ON c.staff_id = s.id ORDER BY s.id"""
    ).fetchall():
        state = {
            "name": row[1],
            "role": row[2],
            "pin": hashlib.sha256(row[3].encode()).hexdigest() if row[3] else None,
            "disabled": bool(row[4]),
            "diary": None if row[5] is None else {"clinician_id": row[5], "job_title": row[6], "active": bool(row[7])},
        }
        found.append(("staff_changes", {"staff_id": row[0], "change": "as_found", "state": state}))
    for row in db.execute(
        "SELECT id, status, removed_on FROM patients WHERE status <> 'registered' ORDER BY id"
    ).fetchall():
        state = {"status": row[1], "removed_on": row[2]}
        found.append(("patient_changes", {"patient_id": row[0], "change": "as_found", "state": state}))
    for row in db.execute(
        """SELECT id, patient_id, clinician_id, starts_at, minutes, status, chaperone_required, chaperone_name
           FROM appointments ORDER BY id"""
    ).fetchall():
        state = {
            "patient_id": row[1],
            "clinician_id": row[2],
            "starts_at": row[3],
            "minutes": row[4],
            "status": row[5],
            "chaperone_required": bool(row[6]),
            "chaperone_name": row[7],
        }
        found.append(
            (
                "appointment_changes",
                {"appointment_id": row[0], "patient_id": row[1], "change": "as_found", "state": state},
            )
        )
    for key, value in db.execute("SELECT key, value FROM settings ORDER BY key").fetchall():
        found.append(("settings_changes", {"key": key, "value": value}))
    head = db.execute("SELECT hash FROM chain ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = head[0] if head else "0" * 64
    for table, values in found:
        values = dict(values, recorded_at=now, recorded_by=None, account=who)
        if "state" in values:
            values["state"] = json.dumps(values["state"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        columns = list(values)
        row_id = db.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [values[c] for c in columns],
        ).lastrowid
        stored = chain.read_row(db, table, int(row_id or 0))
        assert stored is not None
        names = tuple(sorted(stored))
        digest = chain.entry_hash(chain.canonical(table, stored, prev_hash, names))
        db.execute(
            "INSERT INTO chain (table_name, row_id, columns, prev_hash, hash) VALUES (?, ?, ?, ?, ?)",
            [table, row_id, ",".join(names), prev_hash, digest],
        )
        prev_hash = digest


def _v7_patient_chains(db: Db) -> None:
    """Each patient's entries also form a chain of their own (`store.chain`), so one patient's export proves
    by itself that none of their entries was left out.

    New entries carry the hash of the same patient's previous entry inside what
    is hashed. Entries already in the chain cannot be re-hashed without breaking
    it, so each patient who has some gets one `patient_chain_starts` row listing
    them (position and hash, in order), chained as that patient's first link.
    Frozen: shipped.
    """
    db.execute("ALTER TABLE chain ADD COLUMN patient_id INTEGER")
    db.execute("ALTER TABLE chain ADD COLUMN patient_prev TEXT")
    db.execute("CREATE INDEX chain_patient ON chain(patient_id, id)")
    db.execute(
        """CREATE TABLE patient_chain_starts (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL UNIQUE REFERENCES patients(id),
            entries TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )"""
    )
    for statement in append_only_triggers("patient_chain_starts"):
        db.execute(statement)
    with_patient = ("contacts", "actions", "concern_changes", "booking_overrides", "appointment_changes",
                    "patient_changes")  # fmt: skip
    earlier: dict[int, list[tuple[int, str]]] = {}
    for position, table, row_id, digest in db.execute(
        "SELECT id, table_name, row_id, hash FROM chain ORDER BY id"
    ).fetchall():
        if table in with_patient:
            found = db.execute(f"SELECT patient_id FROM {table} WHERE id = ?", [row_id]).fetchone()
        elif table == "override_reviews":
            found = db.execute(
                """SELECT o.patient_id FROM override_reviews r JOIN booking_overrides o ON o.id = r.override_id
                   WHERE r.id = ?""",
                [row_id],
            ).fetchone()
        else:
            continue
        if found is not None:
            earlier.setdefault(int(found[0]), []).append((position, digest))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    head = db.execute("SELECT hash FROM chain ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = head[0] if head else "0" * 64
    for patient_id, entries in sorted(earlier.items()):
        row_id = db.execute(
            "INSERT INTO patient_chain_starts (patient_id, entries, recorded_at) VALUES (?, ?, ?)",
            [patient_id, json.dumps(entries, separators=(",", ":")), now],
        ).lastrowid
        stored = chain.read_row(db, "patient_chain_starts", int(row_id or 0))
        assert stored is not None
        names = tuple(sorted(stored))
        first = "0" * 64
        digest = chain.entry_hash(chain.canonical("patient_chain_starts", stored, prev_hash, names, patient_prev=first))
        db.execute(
            """INSERT INTO chain (table_name, row_id, columns, prev_hash, hash, patient_id, patient_prev)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            ["patient_chain_starts", row_id, ",".join(names), prev_hash, digest, patient_id, first],
        )
        prev_hash = digest


def _v8_checkpoints(db: Db) -> None:
    """Signed checkpoints of the chain's head, kept in the record and queued to be sent off the server.

    `checkpoints` is append-only and chained: what was certified, when, why and
    the signature. `checkpoint_deliveries` is the outbox (one row per address),
    updated as sending is tried: not evidence, only the state of a letter in the
    post. Frozen: shipped.
    """
    db.conn.executemany(
        "INSERT INTO vocabulary (list, value) VALUES (?, ?)",
        [("checkpoint_reason", value) for value in ("export", "bundle", "backup", "daily", "by_hand")],
    )
    db.execute(
        """CREATE TABLE checkpoints (
            id INTEGER PRIMARY KEY,
            made_at TEXT NOT NULL,
            why TEXT NOT NULL,
            body TEXT NOT NULL,
            signature TEXT,
            key_fingerprint TEXT,
            made_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL
        )"""
    )
    db.execute(_known_value_trigger("checkpoints", "why", "checkpoint_reason"))
    for statement in append_only_triggers("checkpoints"):
        db.execute(statement)
    db.execute(
        """CREATE TABLE checkpoint_deliveries (
            id INTEGER PRIMARY KEY,
            checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
            address TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            sent_at TEXT
        )"""
    )
    db.execute("CREATE INDEX checkpoint_deliveries_waiting ON checkpoint_deliveries(sent_at, id)")


def _v9_disclosures(db: Db) -> None:
    """Who looked at or handed out a patient's record, for whom and with which head: on the record itself.

    Each row belongs to the patient (so it is in their own chain, and in their
    exports). Frozen: shipped.
    """
    lists = {
        "disclosure": ("timeline_viewed", "details_viewed", "entry_viewed", "exported", "bundled"),
        "recipient": ("police", "defence_body", "regulator", "patient_sar", "practice", "other"),
    }
    db.conn.executemany(
        "INSERT INTO vocabulary (list, value) VALUES (?, ?)",
        [(name, value) for name, values in lists.items() for value in values],
    )
    db.execute(
        """CREATE TABLE disclosures (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            what TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            recipient TEXT,
            recipient_detail TEXT NOT NULL DEFAULT '',
            format TEXT,
            chain_head TEXT,
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL,
            CHECK (what IN ('exported', 'bundled') OR recipient IS NULL)
        )"""
    )
    db.execute("CREATE INDEX disclosures_patient ON disclosures(patient_id, recorded_at)")
    db.execute("CREATE INDEX disclosures_when ON disclosures(what, recorded_at)")
    db.execute(_known_value_trigger("disclosures", "what", "disclosure"))
    db.execute(_known_value_trigger("disclosures", "recipient", "recipient", nullable=True))
    for statement in append_only_triggers("disclosures"):
        db.execute(statement)


def _v10_attachments(db: Db) -> None:
    """Copies of the evidence itself, attached to contacts, kept inside the database.

    `attachments` (append-only, chained, in the patient's own chain) says which
    file, of what kind and size, with its SHA-256, was added to which contact,
    by whom and when; the bytes are in `attachment_files`, once per SHA-256,
    append-only too, so the record proves each copy by its hash. Frozen: shipped.
    """
    db.conn.executemany(
        "INSERT INTO vocabulary (list, value) VALUES (?, ?)",
        [("attachment_source", value) for value in ("inbox", "command_line", "desk")],
    )
    db.execute(
        """CREATE TABLE attachment_files (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            content BLOB NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            file_name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size > 0),
            sha256 TEXT NOT NULL REFERENCES attachment_files(sha256),
            source TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by INTEGER REFERENCES staff(id),
            account TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX attachments_contact ON attachments(contact_id)")
    db.execute("CREATE INDEX attachments_patient ON attachments(patient_id)")
    db.execute(_known_value_trigger("attachments", "source", "attachment_source"))
    for table in ("attachment_files", "attachments"):
        for statement in append_only_triggers(table):
            db.execute(statement)


def _v12_sign_in_events_by_account(db: Db) -> None:
    """An index to read one account's sign-in events quickly: its lock-out state is derived from them."""
    db.execute("CREATE INDEX sign_in_events_staff ON sign_in_events(staff_id, id)")


def _v13_bookings_follow_the_story(db: Db) -> None:
    """Appointments are moved and cancelled; a concern can say whom only to book with, and change kind.

    * `concern_allowed`: the "book only with" list of a concern (beside its
      do-not-book `concern_targets`); recorded in `concern_changes.state` like them;
    * `appointments.moved_from`: a move cancels the old appointment (recorded
      `moved`) and books a new one that points back at it (recorded `booked`);
    * the words for it: concern changes `kind_changed`, `allowed_changed`;
      appointment change `moved`.

    Frozen: shipped.
    """
    db.conn.executemany(
        "INSERT INTO vocabulary (list, value) VALUES (?, ?)",
        [
            ("concern_change", "kind_changed"),
            ("concern_change", "allowed_changed"),
            ("appointment_change", "moved"),
        ],
    )
    db.execute(
        """CREATE TABLE concern_allowed (
            concern_id INTEGER NOT NULL REFERENCES concerns(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            PRIMARY KEY (concern_id, staff_id)
        )"""
    )
    db.execute("CREATE INDEX concern_allowed_staff ON concern_allowed(staff_id)")
    db.execute("ALTER TABLE appointments ADD COLUMN moved_from INTEGER REFERENCES appointments(id)")
    db.execute("CREATE INDEX appointments_moved_from ON appointments(moved_from)")


MIGRATIONS: list[Callable[[Db], None]] = [
    _v1_tables,
    _v2_patient_search,
    _v3_tamper_evidence_chain,
    _v4_staff_disabled_by,
    _v5_vocabulary_as_data,
    _v6_facts_in_the_record,
    _v7_patient_chains,
    _v8_checkpoints,
    _v9_disclosures,
    _v10_attachments,
    add_terms("staff_change", "lock_lifted"),
    _v12_sign_in_events_by_account,
    _v13_bookings_follow_the_story,
]
"""Step n takes the schema from version n to n+1. Append only; never edit a shipped step."""

LATEST_VERSION = len(MIGRATIONS)


def _has_table(db: Db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def version_of(db: Db | sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Db, *, target: int | None = None, clock: Clock | None = None) -> int:
    """Bring the database up to `target` (default: the latest), one step per transaction. Returns the final version.

    `clock` dates the record of each new structure (the store's clock; the system's if none).
    """
    clock = clock or SystemClock()
    latest = len(MIGRATIONS)
    target = latest if target is None else target
    current = version_of(db)
    if current > latest:
        raise StoreError(
            f"This database was written by a newer boundary-tui (schema {current}; this one knows {latest}). "
            "Upgrade boundary-tui on this desk."
        )
    while current < target:
        # Foreign keys off while a step runs, as SQLite's procedure for rebuilding a
        # table requires (the pragma is ignored inside a transaction); checked before
        # the step commits, so a step can never leave a dangling reference behind.
        db.execute("PRAGMA foreign_keys = OFF")
        try:
            with immediate(db):
                # Re-read inside the lock: another desk may have migrated meanwhile.
                current = version_of(db)
                if current >= target:
                    break
                MIGRATIONS[current](db)
                if dangling := db.execute("PRAGMA foreign_key_check").fetchall():
                    raise StoreError(
                        f"Upgrading the database to schema {current + 1} would leave {len(dangling)} rows referring "
                        "to rows that do not exist; nothing was changed. Run `boundary-tui verify`."
                    )
                db.execute(f"PRAGMA user_version = {current + 1}")
                if current + 1 == latest and _has_table(db, "schema_seals"):
                    # Sealed once, by the last step: the steps before it may not know today's chain.
                    facts.seal(db, f"upgraded to schema {current + 1}", at=to_db(clock.now()))
        finally:
            db.execute("PRAGMA foreign_keys = ON")
        current = version_of(db)
    return current
