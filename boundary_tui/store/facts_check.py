"""`verify`'s second half: rebuild the facts from the chain and compare them with the live rows.

The chain proves that each recorded row is what was written. This part asks
the next question: do the rows the desk acts on (accounts, concerns and their
do-not-book lists, list status, appointments, settings) still say what the
record says they were left as? And was every booking allowed by the rules in
force at the moment it was made (its place in the chain), or backed by a
recorded emergency override? Only chained rows count as the record: a change
row inserted outside the app is reported by the chain check and ignored here.

Everything here reads; nothing writes (it runs on the read-only connection).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from boundary_tui.core import booking_guard
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Clinician, Concern, Patient, Target
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.times import from_db, show
from boundary_tui.store import facts


@dataclass(frozen=True)
class Finding:
    """One live fact that disagrees with the record, or one booking that broke the rules."""

    kind: str
    message: str
    table: str


@dataclass
class FactsSummary:
    """What was compared, for the all-clear."""

    staff: int = 0
    concerns: int = 0
    patients: int = 0
    appointments: int = 0
    settings: int = 0
    bookings_rechecked: int = 0
    bookings_before_record: int = 0
    """Appointments recorded only as found when the record began: their booking predates it."""


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _chained(conn: sqlite3.Connection, table: str) -> set[int]:
    return {r[0] for r in conn.execute("SELECT row_id FROM chain WHERE table_name = ?", [table])}


def _latest(
    conn: sqlite3.Connection, table: str, key: str, value: str, chained: set[int]
) -> dict[Any, tuple[Any, str, str]]:
    """subject → (recorded state, change, recorded_at) of its latest chained change row."""
    latest: dict[Any, tuple[Any, str, str]] = {}
    change_column = "'set'" if table == "settings_changes" else "change"
    for row_id, subject, state, change, at in conn.execute(
        f"SELECT id, {key}, {value}, {change_column}, recorded_at FROM {table} ORDER BY id"
    ):
        if row_id in chained:
            latest[subject] = (state, change, at)
    return latest


def _load(text: str | None) -> Any:
    try:
        return json.loads(text) if text is not None else None
    except (TypeError, ValueError):
        return {"unreadable": text}


def _differences(live: Mapping[str, Any] | None, recorded: Mapping[str, Any] | None) -> list[str]:
    if live is None or recorded is None:
        return []
    return [
        f"{key.replace('_', ' ')} is {_plain(live.get(key))} (recorded: {_plain(recorded.get(key))})"
        for key in sorted(set(live) | set(recorded))
        if live.get(key) != recorded.get(key)
    ]


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in sorted(value.items())) + "}"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return f"a PIN ending …{value[-6:]}"
    return repr(value) if isinstance(value, str) else str(value)


def _when(at: str) -> str:
    try:
        return show(from_db(at))
    except ValueError:
        return at


def compare(conn: sqlite3.Connection, summary: FactsSummary) -> list[Finding]:
    """Every live fact against its latest recorded state."""
    tables = _tables(conn)
    if "staff_changes" not in tables:
        return []
    findings: list[Finding] = []
    names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM staff")}

    def patient(patient_id: Any) -> str:
        """A patient named only when something about them is reported (a practice has 100,000)."""
        row = conn.execute(
            "SELECT given_name, family_name, nhs_number FROM patients WHERE id = ?", [patient_id]
        ).fetchone()
        return f"{row[0]} {row[1]} (NHS {row[2]})" if row else f"id {patient_id}"

    def check(
        table: str,
        noun: str,
        label: Callable[[Any], str],
        live: Mapping[Any, Any],
        key: str,
        *,
        value: str = "state",
        default: Any = None,
    ) -> int:
        recorded = _latest(conn, table, key, value, _chained(conn, table))
        for subject in sorted(set(live) | set(recorded), key=str):
            now = live.get(subject, default)
            if subject not in recorded:
                if now == default:
                    continue
                findings.append(
                    Finding(
                        "fact_unrecorded",
                        f"{label(subject)}: no change to this {noun} is in the record, yet it is "
                        f"{_plain(now) if not isinstance(now, dict) else 'there'}: it was added or changed "
                        "outside the app.",
                        table,
                    )
                )
                continue
            state_text, change, at = recorded[subject]
            was = _load(state_text) if value == "state" else state_text
            if subject not in live and default is None and was is not None:
                findings.append(
                    Finding(
                        "fact_deleted",
                        f"{label(subject)}: deleted outside the app (the record's last change, "
                        f"{change.replace('_', ' ')} on {_when(at)}, left it in place).",
                        table,
                    )
                )
            elif now != was:
                detail = (
                    "; ".join(_differences(now, was))
                    if isinstance(now, dict)
                    else (f"it is {_plain(now)} (recorded: {_plain(was)})")
                )
                findings.append(
                    Finding(
                        "fact_changed",
                        f"{label(subject)}: changed outside the app since the record's last change "
                        f"({change.replace('_', ' ')} on {_when(at)}): {detail}.",
                        table,
                    )
                )
        return len(live)

    summary.staff = check(
        "staff_changes",
        "account",
        lambda sid: f"Staff account {names.get(sid, sid)!r} (id {sid})",
        facts.staff_states(conn),
        "staff_id",
    )
    summary.patients = check(
        "patient_changes",
        "patient's list status",
        lambda pid: f"Patient {patient(pid)}",
        facts.patient_states(conn),
        "patient_id",
        default=facts.PATIENT_DEFAULT,
    )
    summary.appointments = check(
        "appointment_changes",
        "appointment",
        lambda aid: f"Appointment {aid}",
        facts.appointment_states(conn),
        "appointment_id",
    )
    summary.settings = check(
        "settings_changes",
        "setting",
        lambda key: f"The setting {key!r}",
        facts.settings_state(conn),
        "key",
        value="value",
    )
    concern_live = facts.concern_states(conn)
    concern_recorded = _latest(conn, "concern_changes", "concern_id", "state", _chained(conn, "concern_changes"))
    summary.concerns = len(concern_live)
    for cid in sorted(set(concern_live) | set(concern_recorded)):

        def label(cid: int = cid) -> str:
            row = conn.execute("SELECT patient_id FROM concerns WHERE id = ?", [cid]).fetchone()
            return f"Concern {cid} about {patient(row[0]) if row else '?'}"

        if cid not in concern_recorded:
            findings.append(
                Finding(
                    "fact_unrecorded",
                    f"{label()}: it has no recorded opening: it was added outside the app.",
                    "concern_changes",
                )
            )
            continue
        state_text, change, at = concern_recorded[cid]
        was = _load(state_text)
        now = concern_live.get(cid)
        if now is None:
            findings.append(Finding("fact_deleted", f"{label()}: deleted outside the app.", "concern_changes"))
            continue
        comparable = {k: now[k] for k in ("kind", "chaperone_scope", "review_on", "status")}
        recorded = {k: was.get(k) for k in comparable}
        differences = _differences(comparable, recorded)
        for key, words, none in (
            ("allowed", "the book-only-with list is", "empty"),
            ("targets", "do not book with", "nobody"),
        ):
            live_list = sorted(t["staff_id"] for t in now.get(key, []))
            recorded_list = sorted(
                t["staff_id"] for t in was.get(key, []) if isinstance(t, dict) and isinstance(t.get("staff_id"), int)
            )
            if live_list != recorded_list:
                shown = ", ".join(names.get(t, str(t)) for t in live_list) or none
                meant = ", ".join(names.get(t, str(t)) for t in recorded_list) or none
                differences.insert(0, f"{words} {shown} (recorded: {meant})")
        if differences:
            findings.append(
                Finding(
                    "fact_changed",
                    f"{label()}: changed outside the app since the record's last change "
                    f"({change.replace('_', ' ')} on {_when(at)}): {'; '.join(differences)}.",
                    "concern_changes",
                )
            )
    return findings


# -- every booking against the rules in force when it was made -------------------------------------


class _People:
    """Name and NHS number of the patients bookings name, read when first asked for.

    Reading the whole practice list up front (100,000 rows, decoded the careful
    way) was a tenth of a clean `verify`, for the few patients who have bookings.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._known: dict[int, tuple[str, str, str]] = {}

    def get(self, patient_id: int, default: tuple[str, str, str]) -> tuple[str, str, str]:
        if patient_id not in self._known:
            row = self._conn.execute(
                "SELECT given_name, family_name, nhs_number FROM patients WHERE id = ?", [patient_id]
            ).fetchone()
            self._known[patient_id] = (row[0], row[1], row[2]) if row else default
        return self._known[patient_id]


def recheck_bookings(conn: sqlite3.Connection, summary: FactsSummary) -> list[Finding]:
    """Replay the chain in order: restrictions as they stood, then each booking judged by `booking_guard`."""
    if "appointment_changes" not in _tables(conn):
        return []
    findings: list[Finding] = []
    concerns: dict[int, tuple[int, dict[str, Any]]] = {}  # concern id → (patient id, state)
    list_status: dict[int, dict[str, Any]] = {}
    diaries: dict[int, tuple[int, str, bool]] = {}  # clinician id → (staff id, name, active)
    overrides = {
        r[0]: (r[1], r[2]) for r in conn.execute("SELECT appointment_id, reason, chaperone_name FROM booking_overrides")
    }
    people = _People(conn)
    wanted = ("concern_changes", "patient_changes", "appointment_changes", "staff_changes")
    rows: dict[str, dict[int, tuple[Any, ...]]] = {
        "concern_changes": {
            r[0]: r[1:] for r in conn.execute("SELECT id, concern_id, patient_id, state FROM concern_changes")
        },
        "patient_changes": {r[0]: r[1:] for r in conn.execute("SELECT id, patient_id, state FROM patient_changes")},
        "appointment_changes": {
            r[0]: r[1:] for r in conn.execute("SELECT id, appointment_id, change, state FROM appointment_changes")
        },
        "staff_changes": {r[0]: r[1:] for r in conn.execute("SELECT id, staff_id, state FROM staff_changes")},
    }
    entries = conn.execute(
        f"SELECT table_name, row_id FROM chain WHERE table_name IN ({','.join('?' * len(wanted))}) ORDER BY id",
        wanted,
    )
    for table, row_id in entries:
        row = rows[table].get(row_id)
        if row is None:
            continue  # deleted: the chain check reports it
        if table == "concern_changes":
            concern_id, patient_id, state = row
            concerns[concern_id] = (patient_id, _load(state) or {})
        elif table == "patient_changes":
            patient_id, state = row
            list_status[patient_id] = _load(state) or {}
        elif table == "staff_changes":
            staff_id, state = row
            loaded = _load(state) or {}
            diary = loaded.get("diary")
            if isinstance(diary, dict) and "clinician_id" in diary:
                diaries[diary["clinician_id"]] = (staff_id, str(loaded.get("name", "")), bool(diary.get("active")))
        else:
            appointment_id, change, state = row
            if change == "as_found":
                summary.bookings_before_record += 1
                continue
            if change != "booked":
                continue
            summary.bookings_rechecked += 1
            booked = _load(state) or {}
            problem = _judge(booked, concerns, list_status, diaries, people, overrides.get(appointment_id))
            if problem:
                findings.append(
                    Finding(
                        "booking_against_rules",
                        f"Appointment {appointment_id} ({problem[0]}) was booked against the rules in force when it "
                        f"was made, with no emergency override recorded for it: {problem[1]}",
                        "appointment_changes",
                    )
                )
    return findings


def _staff_list(recorded: Any) -> tuple[Target, ...]:
    """A recorded list of staff (`targets`, `allowed`) as the rules take it; anything unreadable is nobody."""
    if not isinstance(recorded, list):
        return ()
    return tuple(
        Target(staff_id=int(t.get("staff_id", -1)), name=str(t.get("name", "")))
        for t in recorded
        if isinstance(t, dict) and isinstance(t.get("staff_id", -1), int)
    )


def _judge(
    booked: Mapping[str, Any],
    concerns: Mapping[int, tuple[int, dict[str, Any]]],
    list_status: Mapping[int, dict[str, Any]],
    diaries: Mapping[int, tuple[int, str, bool]],
    people: _People,
    override: tuple[str, str] | None,
) -> tuple[str, str] | None:
    """(what, why) if `booking_guard` would have refused this booking at that moment, else None."""
    patient_id = booked.get("patient_id")
    clinician_id = booked.get("clinician_id")
    if not isinstance(patient_id, int) or not isinstance(clinician_id, int):
        return ("unreadable", "its recorded state cannot be read.")
    given, family, nhs = people.get(patient_id, ("?", "?", "?"))
    staff_id, clinician_name, active = diaries.get(clinician_id, (-1, f"clinician {clinician_id}", True))
    status = list_status.get(patient_id, facts.PATIENT_DEFAULT)
    removed_on = status.get("removed_on")
    patient = Patient(
        id=patient_id,
        nhs_number=nhs,
        given_name=given,
        family_name=family,
        date_of_birth=date(1900, 1, 1),
        postcode="",
        status=str(status.get("status", "registered")),
        removed_on=date.fromisoformat(removed_on) if isinstance(removed_on, str) else None,
    )
    open_concerns = [
        Concern(
            id=cid,
            patient_id=pid,
            kind=str(state.get("kind", "")),
            chaperone_scope=str(state.get("chaperone_scope", "none")),
            targets=_staff_list(state.get("targets")),
            allowed=_staff_list(state.get("allowed")),
            summary="",
            review_on=None,
            status=str(state.get("status", "open")),
            opened_at=datetime.min,
            opened_by="",
        )
        for cid, (pid, state) in concerns.items()
        if pid == patient_id
    ]
    restriction = Restriction.from_concerns(open_concerns, removed_on=patient.removed_on)
    clinician = Clinician(id=clinician_id, staff_id=staff_id, name=clinician_name, job_title="", active=True)
    starts = booked.get("starts_at")
    what = f"{given} {family} with {clinician_name}" + (f", {_when(starts)}" if isinstance(starts, str) else "")
    reason, override_chaperone = override if override else (None, None)
    try:
        terms = booking_guard.check(
            patient=patient,
            clinician=clinician,
            restriction=restriction,
            clinicians=[],
            chaperone_name=booked.get("chaperone_name") or override_chaperone,
            override_reason=reason,
        )
    except (Refused, Invalid) as refusal:
        return (what, str(refusal).replace(" No other clinician can be booked: ask the practice manager.", ""))
    if terms.chaperone_required and not booked.get("chaperone_required"):
        return (what, f"a chaperone was required with {clinician_name}, and the booking does not record one.")
    return None
