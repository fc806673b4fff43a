"""Rules 1-4: may this patient be booked with this clinician, and on what terms?
And rule 10's review of an emergency override afterwards.

Pure: the store gathers the facts inside its write transaction and asks here,
so a direct call from a script is refused exactly like the desk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Appointment, Clinician, Patient
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.text import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH, too_long
from boundary_tui.core.times import london, show_date


@dataclass(frozen=True)
class BookingTerms:
    """What a permitted booking must record."""

    chaperone_required: bool
    is_override: bool


def allowed_clinicians(
    restriction: Restriction, clinicians: Sequence[Clinician], like: Clinician | None = None
) -> list[Clinician]:
    """Clinicians this patient may be booked with; those with `like`'s job title first (a GP for a GP review)."""
    allowed = [c for c in clinicians if c.active and restriction.allows(c.staff_id)]
    if like is None:
        return allowed
    return sorted(allowed, key=lambda c: c.job_title.casefold() != like.job_title.casefold())


def alternatives(
    restriction: Restriction, clinicians: Sequence[Clinician], like: Clinician | None = None
) -> tuple[str, ...]:
    """Clinicians this patient may be booked with, by name (same job title as `like` first)."""
    return tuple(c.name for c in allowed_clinicians(restriction, clinicians, like))


def why_forbidden(restriction: Restriction, clinician: Clinician) -> str:
    """Why rule 1 refuses this clinician (the do-not-book list, or outside "book only with")."""
    if restriction.targets(clinician.staff_id):
        return "an open concern forbids booking them with this patient."
    names = ", ".join(t.name for t in restriction.only_with or ())
    return f"an open concern says book this patient only with {names or 'nobody'}."


def instead(restriction: Restriction, clinician: Clinician, clinicians: Sequence[Clinician]) -> str:
    """Who to book instead: allowed clinicians of the same job title first, then the others."""
    others = allowed_clinicians(restriction, [c for c in clinicians if c.id != clinician.id], clinician)
    same = [c for c in others if c.job_title.casefold() == clinician.job_title.casefold()]
    rest = [c for c in others if c not in same]
    rest_text = ", ".join(f"{c.name} ({c.job_title})" for c in rest)
    if same:
        named = ", ".join(f"{c.name} ({c.job_title})" for c in same)
        return f"Book with {named} instead" + (f", or {rest_text}." if rest else ".")
    if rest:
        job = clinician.job_title or "clinician"
        return f"No other {job} can be booked: {rest_text} can be; ask the practice manager if a {job} is needed."
    return "No other clinician can be booked: ask the practice manager."


def refusal_for(restriction: Restriction, clinician: Clinician, clinicians: Sequence[Clinician]) -> Refused:
    """Rule 1's message: who not to book, and who can be booked instead (same job title first)."""
    return Refused(
        f"Not with {clinician.name}: {why_forbidden(restriction, clinician)} "
        f"{instead(restriction, clinician, clinicians)}",
        alternatives=alternatives(restriction, [c for c in clinicians if c.id != clinician.id], clinician),
    )


def check(
    *,
    patient: Patient,
    clinician: Clinician,
    restriction: Restriction,
    clinicians: Sequence[Clinician],
    chaperone_name: str | None = None,
    override_reason: str | None = None,
) -> BookingTerms:
    """Refuse (`Refused`), ask for more (`Invalid`) or say on what terms to book.

    * rule 4: a removed patient is booked with nobody, override or not;
    * rule 1: a targeted clinician, or one outside a "book only with" list, is refused, naming who can be booked;
    * rule 2: an emergency override needs a reason and a named chaperone;
    * rule 3: where a chaperone is required, the booking names one.
    """
    chaperone = (chaperone_name or "").strip()
    reason = (override_reason or "").strip()
    if patient.is_removed:
        when = f" on {show_date(patient.removed_on)}" if patient.removed_on else ""
        raise Refused(f"{patient.full_name} was removed from the practice list{when}: do not book with anyone.")
    if not clinician.active:
        raise Refused(f"{clinician.name} is not taking bookings.")

    problems: dict[str, str] = {}
    targeted = restriction.forbids(clinician.staff_id)
    if targeted and not reason:
        raise refusal_for(restriction, clinician, clinicians)
    if reason and not targeted:
        problems["override_reason"] = (
            "An emergency override is only for a clinician this patient must not see; "
            f"{clinician.name} can be booked normally."
        )
    if why_not := too_long(reason, "The reason", MAX_REASON_LENGTH):
        problems["override_reason"] = why_not

    needs_chaperone = targeted or restriction.needs_chaperone_with(clinician.staff_id)
    if needs_chaperone and not chaperone:
        if targeted:
            problems["chaperone"] = (
                "An emergency booking with a clinician the concern rules out needs a named chaperone."
            )
        else:
            problems["chaperone"] = f"A chaperone is required with {clinician.name}: enter the chaperone's name."
    if why_not := too_long(chaperone, "The chaperone's name", MAX_NAME_LENGTH):
        problems["chaperone"] = why_not
    if problems:
        raise Invalid(problems)
    return BookingTerms(chaperone_required=needs_chaperone, is_override=targeted)


def review_problems(note: str) -> dict[str, str]:
    """Rule 10: what is wrong with a manager's note on a reviewed override (the note is optional)."""
    if why_not := too_long(note.strip(), "The note", MAX_NOTE_LENGTH):
        return {"note": why_not}
    return {}


def standing_problem(restriction: Restriction, appointment: Appointment) -> str | None:
    """Why a future appointment booked earlier no longer fits the patient's restriction (rule 12), or None.

    An emergency override booked against rule 1 stands (it is reviewed, not undone);
    a chaperone it recorded is enough.
    """
    if restriction.removed_on is not None:
        return f"Removed from the practice list on {show_date(restriction.removed_on)}"
    staff_id = appointment.clinician_staff_id
    if restriction.forbids(staff_id) and appointment.override_id is None:
        if restriction.targets(staff_id):
            return f"Not with {appointment.clinician_name} (open concern)"
        names = ", ".join(t.name for t in restriction.only_with or ()) or "nobody"
        return f"Only with {names} (open concern)"
    if restriction.needs_chaperone_with(staff_id) and not appointment.chaperone_required:
        return f"A chaperone is now required with {appointment.clinician_name}"
    return None


MORNING_ENDS = 13
"""A practice's morning session ends at 13:00 (UK time); the afternoon starts then."""


def session_of(starts_at: datetime) -> tuple[date, str]:
    """The practice day and session (`morning` / `afternoon`) an appointment falls in."""
    local = london(starts_at)
    return local.date(), "morning" if local.hour < MORNING_ENDS else "afternoon"


def same_session(starts_at: datetime, others: Sequence[Appointment]) -> list[Appointment]:
    """The booked appointments among `others` in the same session as `starts_at` (asked about before booking)."""
    session = session_of(starts_at)
    return [a for a in others if a.is_booked and session_of(a.starts_at) == session]
