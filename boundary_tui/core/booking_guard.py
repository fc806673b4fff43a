"""Rules 1-4: may this patient be booked with this clinician, and on what terms?
And rule 10's review of an emergency override afterwards.

Pure: the store gathers the facts inside its write transaction and asks here,
so a direct call from a script is refused exactly like the desk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Clinician, Patient
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.text import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH, too_long
from boundary_tui.core.times import show_date


@dataclass(frozen=True)
class BookingTerms:
    """What a permitted booking must record."""

    chaperone_required: bool
    is_override: bool


def alternatives(restriction: Restriction, clinicians: Sequence[Clinician]) -> tuple[str, ...]:
    """Clinicians this patient may be booked with, by name."""
    return tuple(c.name for c in clinicians if c.active and not restriction.targets(c.staff_id))


def refusal_for(restriction: Restriction, clinician: Clinician, clinicians: Sequence[Clinician]) -> Refused:
    """Rule 1's message: who not to book, and who can be booked instead."""
    others = alternatives(restriction, clinicians)
    if others:
        instead = f"Book with {', '.join(others)} instead."
    else:
        instead = "No other clinician can be booked: ask the practice manager."
    return Refused(
        f"Not with {clinician.name}: an open concern forbids booking them with this patient. {instead}",
        alternatives=others,
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
    * rule 1: a targeted clinician is refused, naming who can be booked;
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
    targeted = restriction.targets(clinician.staff_id)
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
            problems["chaperone"] = "An emergency booking with a targeted clinician needs a named chaperone."
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
