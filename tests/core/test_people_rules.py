"""What a patient, an account and a clinician must be: the same words at the desk, the CLI and an import."""

from __future__ import annotations

from datetime import date

import pytest

from boundary_tui.core import clinicians, patients, staff
from boundary_tui.core.errors import Invalid

GOOD = {
    "nhs_number": "943 476 5919",
    "given_name": " Martin ",
    "family_name": "O'Brien",
    "date_of_birth": "14/03/1978",
    "postcode": "ls62ab",
    "phone": "0113 496 0000",
}


def test_a_patients_details_are_tidied() -> None:
    details = patients.details(GOOD)
    assert details.nhs_number == "9434765919" and details.given_name == "Martin"
    assert details.date_of_birth == date(1978, 3, 14) and details.postcode == "LS6 2AB"
    assert patients.problems(GOOD) == {}


def test_every_problem_with_a_patient_is_reported_at_once() -> None:
    bad = {
        "nhs_number": "123",
        "given_name": "",
        "family_name": "x" * 101,
        "date_of_birth": "31/02/1978",
        "postcode": "nowhere",
        "phone": "12",
        "address": "y" * (patients.MAX_ADDRESS_LENGTH + 1),
    }
    found = patients.problems(bad)
    assert set(found) == set(bad)
    assert found["address"] == "The address is longer than 500 characters."
    assert found["phone"] == "'12' is not a phone number."
    with pytest.raises(Invalid) as invalid:
        patients.details(bad)
    assert invalid.value.problems == found


def test_a_phone_number_is_long_enough_to_ring_and_short_enough_to_be_one() -> None:
    assert "phone" not in patients.problems({**GOOD, "phone": "1" * patients.MIN_PHONE_DIGITS})
    assert "phone" in patients.problems({**GOOD, "phone": "1" * (patients.MIN_PHONE_DIGITS - 1)})
    assert "phone" in patients.problems({**GOOD, "phone": "1" * (patients.MAX_PHONE_LENGTH + 1)})


def test_an_account_needs_a_name_a_role_and_a_usable_pin() -> None:
    assert staff.problems("Priya Shah", "reception", "4815") == {}
    assert staff.problems("Priya Shah", "reception", "1234") == {
        "pin": "Digits in a row (like 1234, 4321 or 2468) are too easy to guess. Choose another."
    }
    assert staff.problems("Priya Shah", "manager", "4815") == {"pin": "A manager's PIN has at least 6 digits."}
    assert staff.problems("Dr New", "clinician", None) == {}  # imported clinicians sign in later
    found = staff.problems("", "boss", "12")
    assert found == {
        "name": "Name is empty.",
        "role": "Role must be one of: reception, clinician, manager.",
        "pin": "A PIN has at least 4 digits.",
    }
    assert staff.problems("", "manager", "947261", name_label="Your name") == {"name": "Your name is empty."}


@pytest.mark.parametrize(
    ("name", "title", "field", "message"),
    [
        ("", "GP", "name", "Name is empty."),
        ("Dr New", " ", "job_title", "Enter a job title (GP, Practice nurse, HCA…)."),
        ("Dr New", "x" * 101, "job_title", "The job title is longer than 100 characters."),
        ("Dr New", "GP\x1b[2J", "job_title", "(control characters)"),
        ("Dr New", "GP \ud800", "job_title", "(broken Unicode)"),
    ],
)
def test_a_clinicians_name_and_job_title(name: str, title: str, field: str, message: str) -> None:
    found = clinicians.problems(name, title)
    assert list(found) == [field] and message in found[field]
    assert clinicians.problems("Dr New", "GP") == {}


def test_nobody_on_the_list_was_born_after_today() -> None:
    today = date(2026, 11, 23)
    assert patients.problems({**GOOD, "date_of_birth": "23/11/2026"}, today=today) == {}
    found = patients.problems({**GOOD, "date_of_birth": date(2026, 11, 24)}, today=today)
    assert found == {"date_of_birth": "24 Nov 2026 is in the future: check the date of birth."}
