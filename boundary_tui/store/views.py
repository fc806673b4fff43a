"""Read models the desk shows: everything about one patient in one value.

Assembled here (not in widgets) so the UI never queries the database itself,
and so the same view feeds the pane, the banner, the marker and the booking form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from boundary_tui.core.models import Appointment, Clinician, Patient
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.times import london_today
from boundary_tui.store.appointments import Change
from boundary_tui.store.connection import raises_store_error

if TYPE_CHECKING:
    from boundary_tui.store import Store


@dataclass(frozen=True)
class PatientView:
    """The selected patient as the desk sees them."""

    patient: Patient
    restriction: Restriction
    today: date
    """The practice's date when the view was loaded (for ages and "upcoming")."""
    upcoming: tuple[Appointment, ...] = ()
    clinicians: tuple[Clinician, ...] = field(default=())
    """Everyone bookable now (so the form can name alternatives)."""
    flags: Mapping[int, str] = field(default_factory=dict)
    """Future appointments (by id) the restriction as it is now forbids, and why (rule 12)."""
    changed: tuple[Change, ...] = ()
    """Appointments still to come that were cancelled or moved, latest first."""


@raises_store_error
def patient_view(store: Store, patient_id: int) -> PatientView | None:
    """Load the view of one patient, or None if they are not on the list."""
    patient = store.patients.get(patient_id)
    if patient is None:
        return None
    return PatientView(
        patient=patient,
        restriction=store.concerns.restriction_for(patient),
        today=london_today(store.now()),
        upcoming=tuple(store.appointments.upcoming_for(patient.id)),
        clinicians=tuple(store.clinicians.all()),
        flags={a.appointment.id: a.why for a in store.appointments.affected(patient.id)},
        changed=tuple(store.appointments.changed_for(patient.id)),
    )
