"""The things the desk talks about, as plain immutable values.

Rows come out of the store as these named tuples (immutable, and several times cheaper to
define than frozen dataclasses: they are loaded before the first frame); the UI only ever sees them,
never a cursor or a dict from SQLite.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

ROLES = ("reception", "clinician", "manager")
"""Who can sign in, and what each may do (rule 6)."""


class Staff(NamedTuple):
    """A person who works at the practice; may sign in once they have a PIN."""

    id: int
    name: str
    role: str
    disabled: bool = False
    has_pin: bool = True
    """Can sign in: has a PIN, or a setup code to choose one with."""
    setup_pending: bool = False
    """Has a one-time setup code instead of a PIN: chooses their own PIN at the next sign-in."""

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


class Clinician(NamedTuple):
    """Bookable staff (GP, nurse, HCA…): a member of staff with a diary."""

    id: int
    staff_id: int
    name: str
    job_title: str
    active: bool = True


class Patient(NamedTuple):
    """Someone on (or removed from) the practice list."""

    id: int
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    phone: str = ""
    address: str = ""
    status: str = "registered"
    removed_on: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def listing_name(self) -> str:
        """`O'Brien, Martin`: family name first, as practice lists sort."""
        return f"{self.family_name}, {self.given_name}"

    @property
    def is_removed(self) -> bool:
        return self.status == "removed"


class Target(NamedTuple):
    """A member of staff the patient's behaviour is aimed at."""

    staff_id: int
    name: str


class Concern(NamedTuple):
    """An open (or closed) matter about one patient's behaviour towards named staff."""

    id: int
    patient_id: int
    kind: str
    chaperone_scope: str
    targets: tuple[Target, ...]
    summary: str
    review_on: date | None
    status: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None
    close_reason: str | None = None
    allowed: tuple[Target, ...] = ()
    """Clinicians the patient may be booked with ("only with her male colleagues"); empty: no such list."""

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Appointment(NamedTuple):
    """A 10-minute slot with a clinician: booked, then perhaps moved or cancelled."""

    id: int
    patient_id: int
    clinician_id: int
    clinician_name: str
    starts_at: datetime
    chaperone_name: str | None = None
    chaperone_required: bool = False
    override_id: int | None = None
    clinician_staff_id: int = 0
    """The clinician's staff id (what a concern's lists name)."""
    job_title: str = ""
    status: str = "booked"
    """`booked` or `cancelled` (a moved appointment is cancelled; its replacement points back at it)."""
    moved_from: int | None = None
    """The appointment this one replaced, when it was booked by moving that one."""

    @property
    def is_booked(self) -> bool:
        return self.status == "booked"
