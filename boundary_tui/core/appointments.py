"""Appointments after booking: cancelling and moving them, each with a reason (rule 12).

A move is recorded as what it is at the desk: the old appointment cancelled
(change `moved`, with the reason) and a new one booked in its place (change
`booked`, pointing back with `moved_from`), in one transaction, so the old slot
is free for the new booking ("the same time with Dr Ortiz" works) and a move
that cannot be booked leaves the old appointment standing.

Pure: the store asks these inside its write transaction, the forms before a
round trip.
"""

from __future__ import annotations

from datetime import datetime

from boundary_tui.core.models import Appointment
from boundary_tui.core.text import reason_problem
from boundary_tui.core.times import show

CANCEL_REASON = "Say why the appointment is cancelled (it goes on the record with your name)."
MOVE_REASON = "Say why the appointment is moved (it goes on the record with your name)."


DONE = {"cancel": "cancelled", "move": "moved"}


def unchangeable(appointment: Appointment, now: datetime, doing: str) -> str | None:
    """Why this appointment cannot be cancelled or moved (`doing`: "cancel", "move"), or None."""
    when = f"{show(appointment.starts_at)} with {appointment.clinician_name}"
    if not appointment.is_booked:
        return f"The appointment {when} is no longer booked (it was cancelled or moved): nothing to {doing}."
    if appointment.starts_at < now:
        return (
            f"The appointment {when} has already passed: a past appointment is not {DONE.get(doing, doing)}. "
            "If something happened at it, log a contact or record an action."
        )
    return None


def cancel_problems(reason: str) -> dict[str, str]:
    """What is wrong with cancelling for this reason."""
    if why_not := reason_problem(reason, CANCEL_REASON):
        return {"reason": why_not}
    return {}


def move_problems(reason: str) -> dict[str, str]:
    """What is wrong with moving for this reason (where to is the booking guard's question)."""
    if why_not := reason_problem(reason, MOVE_REASON):
        return {"reason": why_not}
    return {}


def moved_reason(old: Appointment, reason: str) -> str:
    """The reason recorded on the new appointment of a move: where it came from, and why."""
    return f"Moved from {show(old.starts_at)} with {old.clinician_name}: {reason.strip()}"
