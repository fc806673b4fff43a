"""The facts that decide a booking or a sign-in, each change kept in the tamper-evident record.

The desk reads live rows (`staff`, `clinicians`, `patients`, `appointments`,
`settings`, `concerns` with `concern_targets`): they are what it acts on, and
they can change. Every change the app makes to one of them also appends, in the
same transaction, a chained row holding the state the change left
(`staff_changes`, `patient_changes`, `appointment_changes`, `settings_changes`;
concerns have always had `concern_changes` with their state). So `verify` can
rebuild the state of every account, restriction, list status and booking from
the chain alone and name any live row that disagrees: a do-not-book target
deleted with `sqlite3`, a role promoted, a PIN hash swapped, a removed patient
set back to registered.

The state readers below are the one description of "the state" of each kind of
thing: the store records with them and `verify` compares with them.

`schema_seals` records the database's structure (the schema cookie SQLite bumps
on every change to a table, index or trigger, and a hash of the schema text)
each time the app changes it, so a trigger dropped and recreated identically
outside the app still shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from boundary_tui.store import evidence

if TYPE_CHECKING:
    from boundary_tui.store.db import Db

Reader = sqlite3.Connection


def account() -> str:
    """The computer account this process runs as, from the real uid (never from environment variables)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def state_text(state: Mapping[str, Any] | None) -> str:
    """A state as stored in a change row: JSON with sorted keys, so equal states are equal text."""
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _conn(db: Db | Reader) -> Reader:
    return db if isinstance(db, sqlite3.Connection) else db.conn


# -- the state of each kind of thing ------------------------------------------------------


def pin_digest(pin_hash: str | None) -> str | None:
    """What the record keeps of a PIN: a digest of its scrypt hash (enough to see it swapped, nothing to guess from)."""
    return hashlib.sha256(pin_hash.encode()).hexdigest() if pin_hash else None


def staff_states(db: Db | Reader, staff_id: int | None = None) -> dict[int, dict[str, Any]]:
    """Each account's name, role, PIN (as a digest), whether it is disabled, and its diary if bookable."""
    where, params = ("WHERE s.id = ?", [staff_id]) if staff_id is not None else ("", [])
    rows = _conn(db).execute(
        f"""SELECT s.id, s.name, s.role, s.pin_hash, s.disabled_at IS NOT NULL, c.id, c.job_title, c.active
            FROM staff s LEFT JOIN clinicians c ON c.staff_id = s.id {where}""",
        params,
    )
    return {
        r[0]: {
            "name": r[1],
            "role": r[2],
            "pin": pin_digest(r[3]),
            "disabled": bool(r[4]),
            "diary": None if r[5] is None else {"clinician_id": r[5], "job_title": r[6], "active": bool(r[7])},
        }
        for r in rows
    }


def patient_states(db: Db | Reader, patient_id: int | None = None) -> dict[int, dict[str, Any]]:
    """Each patient's list status (rule 4). Registered is the default: only departures need a record."""
    where, params = ("WHERE id = ?", [patient_id]) if patient_id is not None else ("WHERE status <> 'registered'", [])
    rows = _conn(db).execute(f"SELECT id, status, removed_on FROM patients {where}", params)
    return {r[0]: {"status": r[1], "removed_on": r[2]} for r in rows}


PATIENT_DEFAULT = {"status": "registered", "removed_on": None}
"""A patient with no change on record is on the list (as every imported patient starts)."""


def appointment_states(db: Db | Reader, appointment_id: int | None = None) -> dict[int, dict[str, Any]]:
    """Each appointment's patient, diary, time, status and chaperone (rules 1-4 judge these)."""
    where, params = ("WHERE id = ?", [appointment_id]) if appointment_id is not None else ("", [])
    rows = _conn(db).execute(
        f"""SELECT id, patient_id, clinician_id, starts_at, minutes, status, chaperone_required, chaperone_name
            FROM appointments {where}""",
        params,
    )
    return {
        r[0]: {
            "patient_id": r[1],
            "clinician_id": r[2],
            "starts_at": r[3],
            "minutes": r[4],
            "status": r[5],
            "chaperone_required": bool(r[6]),
            "chaperone_name": r[7],
        }
        for r in rows
    }


def settings_state(db: Db | Reader) -> dict[str, str]:
    """Every practice setting stored (defaults are not stored)."""
    return {r[0]: r[1] for r in _conn(db).execute("SELECT key, value FROM settings")}


def concern_states(db: Db | Reader, concern_id: int | None = None) -> dict[int, dict[str, Any]]:
    """Each concern as its `concern_changes` record it: kind, targets (do not book), allowed (book only
    with; empty: no such list), chaperone scope, review date, status."""
    where, params = ("WHERE c.id = ?", [concern_id]) if concern_id is not None else ("", [])
    conn = _conn(db)
    concerns = {
        r[0]: {"kind": r[1], "chaperone_scope": r[2], "review_on": r[3], "status": r[4], "targets": [], "allowed": []}
        for r in conn.execute(
            f"SELECT c.id, c.kind, c.chaperone_scope, c.review_on, c.status FROM concerns c {where}", params
        )
    }
    lists_where = "WHERE t.concern_id = ?" if concern_id is not None else ""
    has_allowed = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'concern_allowed'").fetchone() is not None
    for key, table in (("targets", "concern_targets"), ("allowed", "concern_allowed")):
        if table == "concern_allowed" and not has_allowed:
            continue  # a file before schema 13 (verify reads old files too)
        for cid, sid, name in conn.execute(
            f"""SELECT t.concern_id, s.id, s.name FROM {table} t JOIN staff s ON s.id = t.staff_id
                {lists_where} ORDER BY s.name COLLATE NOCASE, s.id""",
            params,
        ):
            if cid in concerns:
                concerns[cid][key].append({"staff_id": sid, "name": name})
    return concerns


# -- recording a change -----------------------------------------------------------------


def _record(
    db: Db, table: str, subject: dict[str, Any], state: Any, change: str, *, by: int | None, reason: str, at: str
) -> None:
    """Append one change with the state it left (inside the caller's write transaction)."""
    evidence.append(
        db,
        table,
        {
            **subject,
            "change": change,
            "state": state_text(state),
            "reason": reason,
            "recorded_at": at,
            "recorded_by": by,
            "account": account(),
        },
    )


def record_staff(db: Db, staff_id: int, change: str, *, by: int | None, reason: str = "", at: str) -> None:
    """The account's state after `change`: name, role, PIN digest, disabled, diary."""
    state = staff_states(db, staff_id).get(staff_id)
    _record(db, "staff_changes", {"staff_id": staff_id}, state, change, by=by, reason=reason, at=at)


def record_patient(db: Db, patient_id: int, change: str, *, by: int | None, reason: str = "", at: str) -> None:
    """The patient's list status after `change`."""
    state = patient_states(db, patient_id).get(patient_id)
    _record(db, "patient_changes", {"patient_id": patient_id}, state, change, by=by, reason=reason, at=at)


def record_appointment(db: Db, appointment_id: int, change: str, *, by: int | None, reason: str = "", at: str) -> None:
    """The appointment's state after `change` (booked, moved, cancelled)."""
    state = appointment_states(db, appointment_id).get(appointment_id)
    assert state is not None
    subject = {"appointment_id": appointment_id, "patient_id": state["patient_id"]}
    _record(db, "appointment_changes", subject, state, change, by=by, reason=reason, at=at)


def record_setting(db: Db, key: str, *, by: int | None, at: str) -> None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    evidence.append(
        db,
        "settings_changes",
        {
            "key": key,
            "value": row[0] if row else None,
            "recorded_at": at,
            "recorded_by": by,
            "account": account(),
        },
    )


# -- the structure of the database ---------------------------------------------------------


def schema_fingerprint(db: Db | Reader) -> tuple[int, str]:
    """SQLite's schema cookie (bumped by every CREATE, DROP or ALTER) and a SHA-256 of the schema's text."""
    conn = _conn(db)
    cookie = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    rows = conn.execute(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    text = "\n".join("\t".join(str(v) for v in row) for row in rows)
    return cookie, hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def seal(db: Db, why: str, *, at: str) -> None:
    """Record the structure the app has just given the database (inside the transaction that changed it).

    Inserting the seal row changes no structure, so the cookie recorded is the
    one `verify` will read as long as nobody changes a table, index or trigger.
    """
    cookie, digest = schema_fingerprint(db)
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    evidence.append(
        db,
        "schema_seals",
        {
            "why": why,
            "user_version": version,
            "cookie": cookie,
            "schema_sha256": digest,
            "sealed_at": at,
            "account": account(),
        },
    )
