"""Patients: what an entry on the practice list must hold before it is stored.

One check, in one set of words, for a patient added one at a time, imported
from the clinical system's CSV file or made for the demo. `details()` tidies
what was given (outer spaces, the postcode's spacing, the NHS number's digits)
and says everything wrong with it at once; the store adds the search keys and
who added it, when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from boundary_tui.core import nhs, phone, postcode
from boundary_tui.core.errors import Invalid
from boundary_tui.core.models import Patient
from boundary_tui.core.text import name_problem, too_long
from boundary_tui.core.times import DateProblem, parse_date, show_date

MAX_ADDRESS_LENGTH = 500
"""Longest address (several lines of a letter's address block, with slack)."""

MAX_PHONE_LENGTH = 30
"""Longest phone number as typed (spaces, brackets, an extension)."""

MIN_PHONE_DIGITS = 6
"""Fewer digits than this is not a number anyone could ring."""


@dataclass(frozen=True, slots=True)
class PatientDetails:
    """A patient's details, checked and tidied."""

    nhs_number: str
    """Ten digits, no spaces."""
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    """`LS6 2AB`, or empty when none was given."""
    phone: str
    """As typed (outer spaces removed); searched by its digits."""
    address: str


def details(fields: Mapping[str, Any], *, today: date | None = None) -> PatientDetails:
    """The details in `fields` (names as the CSV columns), tidied. Raises `Invalid` listing every problem.

    `date_of_birth` may be a `date` or text (`14/03/1978`, `1978-03-14`); given
    `today` (the practice's date), a birth after it is refused.
    """
    problems: dict[str, str] = {}
    given = str(fields.get("given_name", "")).strip()
    family = str(fields.get("family_name", "")).strip()
    for key, label, value in (("given_name", "Given name", given), ("family_name", "Family name", family)):
        if reason := name_problem(value, label):
            problems[key] = reason
    number = str(fields.get("nhs_number", ""))
    if reason := nhs.problem(number):
        problems["nhs_number"] = reason
    born = fields.get("date_of_birth")
    if not isinstance(born, date):
        try:
            born = parse_date(str(born or ""))
        except DateProblem as problem:
            problems["date_of_birth"] = str(problem)
    if isinstance(born, date) and today is not None and born > today:
        problems["date_of_birth"] = f"{show_date(born)} is in the future: check the date of birth."
    raw_postcode = str(fields.get("postcode", "") or "").strip()
    canonical = postcode.normalise(raw_postcode) if raw_postcode else ""
    if raw_postcode and canonical is None:
        problems["postcode"] = f"{raw_postcode!r} is not a UK postcode."
    raw_phone = str(fields.get("phone", "") or "").strip()
    if len(raw_phone) > MAX_PHONE_LENGTH or (raw_phone and len(phone.digits(raw_phone)) < MIN_PHONE_DIGITS):
        problems["phone"] = f"{raw_phone!r} is not a phone number."
    address = str(fields.get("address", "") or "").strip()
    if reason := too_long(address, "The address", MAX_ADDRESS_LENGTH):
        problems["address"] = reason
    if problems:
        raise Invalid(problems)
    assert isinstance(born, date)
    return PatientDetails(
        nhs_number=nhs.digits_of(number),
        given_name=given,
        family_name=family,
        date_of_birth=born,
        postcode=canonical or "",
        phone=raw_phone,
        address=address,
    )


def problems(fields: Mapping[str, Any], *, today: date | None = None) -> dict[str, str]:
    """Everything wrong with a patient's details, by field (empty when they can be stored)."""
    try:
        details(fields, today=today)
    except Invalid as invalid:
        return invalid.problems
    return {}


def identity(patient: Patient) -> str:
    """`Martin O'Brien · born 14 Mar 1978 · NHS 943 476 5919`: who a form or dialog is about (rule 13).

    Name, date of birth and NHS number together: two patients may share a name,
    never all three."""
    return f"{patient.full_name} · born {show_date(patient.date_of_birth)} · NHS {nhs.format_nhs(patient.nhs_number)}"
