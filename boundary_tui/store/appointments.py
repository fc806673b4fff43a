"""Appointments: a day of 10-minute slots per clinician, and booking them safely.

`book()` is where rules 1-4 are enforced: it takes the write lock, gathers the
facts (patient status, open concerns, clinician) and asks `booking_guard`
before writing anything. A direct call is refused exactly like the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from boundary_tui.core import booking_guard
from boundary_tui.core.errors import Invalid, Refused, SlotTaken
from boundary_tui.core.models import Appointment
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


_SELECT = """
    SELECT a.id, a.patient_id, a.clinician_id, s.name, a.starts_at, a.chaperone_name, a.chaperone_required,
           o.id
    FROM appointments a
    JOIN clinicians c ON c.id = a.clinician_id
    JOIN staff s ON s.id = c.staff_id
    LEFT JOIN booking_overrides o ON o.appointment_id = a.id
"""


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
    )


class AppointmentStore(Repo):
    """The clinicians' diaries."""

    def get(self, appointment_id: int) -> Appointment | None:
        row = self.db.execute(f"{_SELECT} WHERE a.id = ?", [appointment_id]).fetchone()
        return _appointment(row) if row else None

    def day_slots(self, clinician_id: int, day: date) -> list[Slot]:
        """Every slot of a working day, marked free or taken, past or not."""
        if day.weekday() >= 5:
            return []
        first = london_wall_time(day, OPENS.hour, OPENS.minute)
        last = london_wall_time(day, CLOSES.hour, CLOSES.minute)
        taken = {
            r[0]
            for r in self.db.execute(
                """SELECT starts_at FROM appointments
                   WHERE clinician_id = ? AND status = 'booked' AND starts_at >= ? AND starts_at < ?""",
                [clinician_id, to_db(first), to_db(last)],
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

    def upcoming_for(self, patient_id: int, *, limit: int = 5) -> list[Appointment]:
        rows = self.db.execute(
            f"""{_SELECT} WHERE a.patient_id = ? AND a.status = 'booked' AND a.starts_at >= ?
                ORDER BY a.starts_at LIMIT ?""",
            [patient_id, to_db(self.now() - timedelta(minutes=SLOT_MINUTES)), limit],
        ).fetchall()
        return [_appointment(r) for r in rows]

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
        chaperone = (chaperone_name or "").strip()
        reason = (override_reason or "").strip()
        with immediate(self.db):
            self._store.staff.actor(by)
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
                override_reason=reason,
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
            now = self.now_db()
            appointment_id = self.db.execute(
                """INSERT INTO appointments (patient_id, clinician_id, starts_at, minutes, chaperone_required,
                                             chaperone_name, booked_at, booked_by)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    patient_id,
                    clinician_id,
                    slot,
                    SLOT_MINUTES,
                    int(terms.chaperone_required),
                    chaperone or None,
                    now,
                    by,
                ],
            ).lastrowid
            if terms.is_override:
                evidence.append(
                    self.db,
                    "booking_overrides",
                    {
                        "appointment_id": appointment_id,
                        "patient_id": patient_id,
                        "clinician_id": clinician_id,
                        "reason": reason,
                        "chaperone_name": chaperone,
                        "recorded_at": now,
                        "recorded_by": by,
                    },
                )
            facts.record_appointment(self.db, int(appointment_id or 0), "booked", by=by, at=now)
        booked = self.get(int(appointment_id or 0))
        assert booked is not None
        return booked

    def _slot_taken(self, clinician_id: int, slot: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM appointments WHERE clinician_id = ? AND starts_at = ? AND status = 'booked'",
                [clinician_id, slot],
            ).fetchone()
            is not None
        )
