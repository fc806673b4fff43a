"""Appointments: a day of 10-minute slots per clinician; booking, moving and cancelling them safely.

`book()` is where rules 1-4 are enforced: it takes the write lock, gathers the
facts (patient status, open concerns, clinician) and asks `booking_guard`
before writing anything. A direct call is refused exactly like the desk.

`move()` cancels the old appointment and books the new one in one
transaction (see `core.appointments`), so the old slot is free for it and a
refused move changes nothing. `affected()` is rule 12: the future appointments
a restriction that came later forbids (or that now need a chaperone). It is
worked out from the appointments and the restriction as they are, not stored:
an appointment leaves the list (and the manager's queue) the moment it is
moved or cancelled, or the restriction lifts, and nothing can go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from boundary_tui.core import appointments as rules
from boundary_tui.core import booking_guard
from boundary_tui.core.errors import Invalid, Refused, SlotTaken
from boundary_tui.core.models import Appointment, Patient
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.times import from_db, london, london_wall_time, show, to_db
from boundary_tui.store import evidence, facts
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

SLOT_MINUTES = 10
OPENS = time(8, 0)
CLOSES = time(18, 0)


@dataclass(frozen=True)
class Slot:
    """One 10-minute slot in a clinician's day."""

    starts_at: datetime
    free: bool
    past: bool

    @property
    def label(self) -> str:
        return london(self.starts_at).strftime("%H:%M")

    @property
    def bookable(self) -> bool:
        return self.free and not self.past


def slot_problem(starts_at: datetime, now: datetime) -> str | None:
    """Why a booking cannot start at this moment, or None."""
    local = london(starts_at)
    if local.weekday() >= 5:
        return "The practice has no appointments at weekends."
    if local.minute % SLOT_MINUTES or local.second or local.microsecond:
        return f"Appointments start on the {SLOT_MINUTES}-minute mark."
    if not (OPENS <= local.time() < CLOSES):
        return f"Appointments run from {OPENS:%H:%M} to {CLOSES:%H:%M}."
    if starts_at < now:
        return f"{show(starts_at)} has already passed."
    return None


_COLUMNS = """a.id, a.patient_id, a.clinician_id, s.name, a.starts_at, a.chaperone_name, a.chaperone_required,
           o.id, c.staff_id, c.job_title, a.status, a.moved_from"""

_FROM = """
    FROM appointments a
    JOIN clinicians c ON c.id = a.clinician_id
    JOIN staff s ON s.id = c.staff_id
    LEFT JOIN booking_overrides o ON o.appointment_id = a.id
"""

_SELECT = f"SELECT {_COLUMNS} {_FROM}"


def _appointment(row: Any) -> Appointment:
    return Appointment(
        id=row[0],
        patient_id=row[1],
        clinician_id=row[2],
        clinician_name=row[3],
        starts_at=from_db(row[4]),
        chaperone_name=row[5],
        chaperone_required=bool(row[6]),
        override_id=row[7],
        clinician_staff_id=row[8],
        job_title=row[9],
        status=row[10],
        moved_from=row[11],
    )


@dataclass(frozen=True)
class Affected:
    """A future appointment that the patient's restriction, as it is now, no longer allows as booked (rule 12)."""

    appointment: Appointment
    why: str
    """`Not with Dr Amelia Hart (open concern)`, `A chaperone is now required with …`."""
    patient_name: str
    """`O'Brien, Martin` (user text: show literally)."""


@dataclass(frozen=True)
class Change:
    """A future appointment that was cancelled or moved: what the patient's appointments show of it."""

    appointment: Appointment
    change: str
    """`cancelled` or `moved`."""
    reason: str
    at: datetime
    by: str
    """Who did it ("" when not at a desk: the command line, an upgrade)."""
    moved_to: Appointment | None = None


class AppointmentStore(Repo):
    """The clinicians' diaries."""

    def get(self, appointment_id: int) -> Appointment | None:
        row = self.db.execute(f"{_SELECT} WHERE a.id = ?", [appointment_id]).fetchone()
        return _appointment(row) if row else None

    def day_slots(self, clinician_id: int, day: date, *, freeing: int | None = None) -> list[Slot]:
        """Every slot of a working day, marked free or taken, past or not.

        `freeing`: an appointment being moved; its own slot counts as free (the move frees it).
        """
        if day.weekday() >= 5:
            return []
        first = london_wall_time(day, OPENS.hour, OPENS.minute)
        last = london_wall_time(day, CLOSES.hour, CLOSES.minute)
        taken = {
            r[0]
            for r in self.db.execute(
                """SELECT starts_at FROM appointments
                   WHERE clinician_id = ? AND status = 'booked' AND starts_at >= ? AND starts_at < ? AND id IS NOT ?""",
                [clinician_id, to_db(first), to_db(last), freeing],
            ).fetchall()
        }
        now = self.now()
        slots = []
        moment = first
        while moment < last:
            slots.append(Slot(starts_at=moment, free=to_db(moment) not in taken, past=moment < now))
            moment += timedelta(minutes=SLOT_MINUTES)
        return slots

    def first_bookable_day(self) -> date:
        """Today if any slot is still ahead, else the next working day: the form's default date."""
        local_now = london(self.now())
        day = local_now.date()
        last_start = (datetime.combine(day, CLOSES) - timedelta(minutes=SLOT_MINUTES)).time()
        if local_now.time() > last_start:
            day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def next_free(self, clinician_id: int, after: datetime) -> Slot | None:
        """The first bookable slot later the same day, to offer when one is taken."""
        for slot in self.day_slots(clinician_id, london(after).date()):
            if slot.starts_at > after and slot.bookable:
                return slot
        return None

    def upcoming_for(self, patient_id: int, *, limit: int | None = 5) -> list[Appointment]:
        """The patient's booked appointments from a few minutes ago on, soonest first (`limit=None`: all)."""
        rows = self.db.execute(
            f"""{_SELECT} WHERE a.patient_id = ? AND a.status = 'booked' AND a.starts_at >= ?
                ORDER BY a.starts_at LIMIT ?""",
            [patient_id, to_db(self.now() - timedelta(minutes=SLOT_MINUTES)), -1 if limit is None else limit],
        ).fetchall()
        return [_appointment(r) for r in rows]

    def on_day(self, patient_id: int, day: date) -> list[Appointment]:
        """The patient's booked appointments on one practice day (a second one the same session is asked about)."""
        first = london_wall_time(day, 0, 0)
        rows = self.db.execute(
            f"""{_SELECT} WHERE a.patient_id = ? AND a.status = 'booked' AND a.starts_at >= ? AND a.starts_at < ?
                ORDER BY a.starts_at""",
            [patient_id, to_db(first), to_db(london_wall_time(day + timedelta(days=1), 0, 0))],
        ).fetchall()
        return [_appointment(r) for r in rows]

    # -- rule 12: what a later restriction forbids -----------------------------------------

    def affected(self, patient_id: int | None = None) -> list[Affected]:
        """Future booked appointments the patient's restriction, as it is now, forbids or wants a chaperone for.

        For one patient (after a concern changes), or for every patient with an
        open concern or off the list (the manager's queue), soonest first.
        """
        if patient_id is not None:
            where, params = "a.patient_id = ?", [patient_id]
        else:
            where, params = (
                """a.patient_id IN (SELECT patient_id FROM concerns WHERE status = 'open'
                                    UNION SELECT id FROM patients WHERE status = 'removed')""",
                [],
            )
        rows = self.db.execute(
            f"{_SELECT} WHERE {where} AND a.status = 'booked' AND a.starts_at >= ? ORDER BY a.starts_at, a.id",
            [*params, self.now_db()],
        ).fetchall()
        found: list[Affected] = []
        judged: dict[int, tuple[Patient, Restriction] | None] = {}
        for row in rows:
            appointment = _appointment(row)
            if appointment.patient_id not in judged:
                patient = self._store.patients.get(appointment.patient_id)
                judged[appointment.patient_id] = (
                    (patient, self._store.concerns.restriction_for(patient)) if patient else None
                )
            facts = judged[appointment.patient_id]
            if facts is None:
                continue
            patient, restriction = facts
            if why := booking_guard.standing_problem(restriction, appointment):
                found.append(Affected(appointment=appointment, why=why, patient_name=patient.listing_name))
        return found

    # -- cancelled and moved, as the patient's appointments show them -----------------------

    def changed_for(self, patient_id: int, *, limit: int = 3) -> list[Change]:
        """Cancelled or moved appointments that were still to come, latest change first."""
        rows = self.db.execute(
            f"""SELECT {_COLUMNS}, ch.change, ch.reason, ch.recorded_at, rs.name, n.id {_FROM}
                JOIN appointment_changes ch ON ch.id = (
                    SELECT max(id) FROM appointment_changes WHERE appointment_id = a.id)
                LEFT JOIN staff rs ON rs.id = ch.recorded_by
                LEFT JOIN appointments n ON n.moved_from = a.id
                WHERE a.patient_id = ? AND a.status = 'cancelled' AND a.starts_at >= ?
                ORDER BY ch.id DESC LIMIT ?""",
            [patient_id, to_db(self.now() - timedelta(minutes=SLOT_MINUTES)), limit],
        ).fetchall()
        changes = []
        for row in rows:
            moved_to = self.get(row[16]) if row[16] is not None else None
            changes.append(
                Change(
                    appointment=_appointment(row),
                    change=row[12],
                    reason=row[13],
                    at=from_db(row[14]),
                    by=row[15] or "",
                    moved_to=moved_to,
                )
            )
        return changes

    def cancelled_at(self, patient_id: int, at: datetime) -> list[Appointment]:
        """The patient's appointments cancelled by a change recorded at exactly `at` (one save: a removal)."""
        rows = self.db.execute(
            f"""{_SELECT} JOIN appointment_changes ch ON ch.appointment_id = a.id
                WHERE ch.patient_id = ? AND ch.change = 'cancelled' AND ch.recorded_at = ? ORDER BY a.starts_at""",
            [patient_id, to_db(at)],
        ).fetchall()
        return [_appointment(r) for r in rows]

    # -- writes -----------------------------------------------------------------------------

    def book(
        self,
        *,
        patient_id: int,
        clinician_id: int,
        starts_at: datetime,
        by: int,
        chaperone_name: str | None = None,
        override_reason: str | None = None,
    ) -> Appointment:
        """Book a slot, or refuse with the reason (rules 1-4, slot taken, bad time)."""
        with immediate(self.db):
            self._store.staff.actor(by)
            appointment_id = self._book(
                patient_id=patient_id,
                clinician_id=clinician_id,
                starts_at=starts_at,
                by=by,
                chaperone_name=chaperone_name,
                override_reason=override_reason,
                at=self.now_db(),
            )
        return self._saved(appointment_id)

    def cancel(self, appointment_id: int, *, reason: str, by: int) -> Appointment:
        """Cancel a future appointment, with the reason (anyone signed in); the slot is free again at once."""
        with immediate(self.db):
            self._store.staff.actor(by)
            appointment = self.get(appointment_id)
            if appointment is None:
                raise Refused("That appointment does not exist.")
            if why_not := rules.unchangeable(appointment, self.now(), "cancel"):
                raise Refused(why_not)
            if problems := rules.cancel_problems(reason):
                raise Invalid(problems)
            now = self.now_db()
            self._cancel(appointment_id, by=by, at=now)
            facts.record_appointment(self.db, appointment_id, "cancelled", by=by, reason=reason.strip(), at=now)
        return self._saved(appointment_id)

    def move(
        self,
        appointment_id: int,
        *,
        clinician_id: int,
        starts_at: datetime,
        reason: str,
        by: int,
        chaperone_name: str | None = None,
        override_reason: str | None = None,
    ) -> Appointment:
        """Move a future appointment to another clinician or time (or add its chaperone): returns the new one.

        One transaction: the old one is cancelled (recorded `moved`, with the
        reason), which frees its slot, then the new one is booked under every
        rule of `book()` (recorded `booked`, `moved_from` the old one). Refused,
        or the slot taken by another desk first: nothing changes, the old
        appointment stands.
        """
        with immediate(self.db):
            self._store.staff.actor(by)
            old = self.get(appointment_id)
            if old is None:
                raise Refused("That appointment does not exist.")
            if why_not := rules.unchangeable(old, self.now(), "move"):
                raise Refused(why_not)
            if problems := rules.move_problems(reason):
                raise Invalid(problems)
            chaperone = (chaperone_name or "").strip()
            if (
                clinician_id == old.clinician_id
                and to_db(starts_at) == to_db(old.starts_at)
                and chaperone == (old.chaperone_name or "")
            ):
                raise Invalid({"slot": "That is where the appointment already is: choose another clinician or time."})
            now = self.now_db()
            self._cancel(old.id, by=by, at=now)
            facts.record_appointment(self.db, old.id, "moved", by=by, reason=reason.strip(), at=now)
            new_id = self._book(
                patient_id=old.patient_id,
                clinician_id=clinician_id,
                starts_at=starts_at,
                by=by,
                chaperone_name=chaperone,
                override_reason=override_reason,
                at=now,
                moved_from=old.id,
                reason=rules.moved_reason(old, reason),
            )
        return self._saved(new_id)

    def cancel_future(self, patient_id: int, *, reason: str, by: int | None, at: str) -> list[int]:
        """Inside the caller's write transaction: cancel every future appointment of the patient, each recorded.

        A removal taking effect does this (rule 12), so no booking is left standing for someone off the list.
        """
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM appointments WHERE patient_id = ? AND status = 'booked' AND starts_at >= ? ORDER BY id",
                [patient_id, at],
            ).fetchall()
        ]
        for appointment_id in ids:
            self._cancel(appointment_id, by=by, at=at)
            facts.record_appointment(self.db, appointment_id, "cancelled", by=by, reason=reason, at=at)
        return ids

    # -- inside the write transaction ---------------------------------------------------

    def _book(
        self,
        *,
        patient_id: int,
        clinician_id: int,
        starts_at: datetime,
        by: int,
        chaperone_name: str | None,
        override_reason: str | None,
        at: str,
        moved_from: int | None = None,
        reason: str = "",
    ) -> int:
        chaperone = (chaperone_name or "").strip()
        override = (override_reason or "").strip()
        patient = self._store.patients.get(patient_id)
        if patient is None:
            raise Refused("That patient is not on the practice list.")
        clinician = self._store.clinicians.get(clinician_id)
        if clinician is None:
            raise Refused("That clinician does not exist.")
        terms = booking_guard.check(
            patient=patient,
            clinician=clinician,
            restriction=self._store.concerns.restriction_for(patient),
            clinicians=self._store.clinicians.all(),
            chaperone_name=chaperone,
            override_reason=override,
        )
        if problem := slot_problem(starts_at, self.now()):
            raise Invalid({"slot": problem})
        slot = to_db(starts_at)
        if self._slot_taken(clinician_id, slot):
            nxt = self.next_free(clinician_id, starts_at)
            offer = f" The next free slot is {nxt.label}." if nxt else " There are no more free slots that day."
            raise SlotTaken(
                f"{clinician.name} at {london(starts_at):%H:%M} has just been booked by someone else.{offer}",
                next_free=nxt,
            )
        clash = self.db.execute(
            "SELECT 1 FROM appointments WHERE patient_id = ? AND starts_at = ? AND status = 'booked'",
            [patient_id, slot],
        ).fetchone()
        if clash:
            raise Refused(f"{patient.full_name} already has an appointment at {show(starts_at)}.")
        appointment_id = int(
            self.db.execute(
                """INSERT INTO appointments (patient_id, clinician_id, starts_at, minutes, chaperone_required,
                                             chaperone_name, booked_at, booked_by, moved_from)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    patient_id,
                    clinician_id,
                    slot,
                    SLOT_MINUTES,
                    int(terms.chaperone_required),
                    chaperone or None,
                    at,
                    by,
                    moved_from,
                ],
            ).lastrowid
            or 0
        )
        if terms.is_override:
            evidence.append(
                self.db,
                "booking_overrides",
                {
                    "appointment_id": appointment_id,
                    "patient_id": patient_id,
                    "clinician_id": clinician_id,
                    "reason": override,
                    "chaperone_name": chaperone,
                    "recorded_at": at,
                    "recorded_by": by,
                },
            )
        facts.record_appointment(self.db, appointment_id, "booked", by=by, reason=reason, at=at)
        return appointment_id

    def _cancel(self, appointment_id: int, *, by: int | None, at: str) -> None:
        self.db.execute(
            "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, cancelled_by = ? WHERE id = ?",
            [at, by, appointment_id],
        )

    def _saved(self, appointment_id: int) -> Appointment:
        saved = self.get(appointment_id)
        assert saved is not None
        return saved

    def _slot_taken(self, clinician_id: int, slot: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM appointments WHERE clinician_id = ? AND starts_at = ? AND status = 'booked'",
                [clinician_id, slot],
            ).fetchone()
            is not None
        )
