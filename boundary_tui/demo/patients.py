"""The practice list: thousands of made-up patients in the NHS test range, from a seeded generator.

Every value comes from the one `random.Random` in the order written here, so a
seed always gives the same practice: change the order of a draw and every demo
patient after it changes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from boundary_tui.core import nhs
from boundary_tui.demo.names import FAMILY_NAMES, GIVEN_NAMES, INWARD_LETTERS, OUTWARD_CODES, STREETS, TOWN
from boundary_tui.demo.staff import DEMO_BY
from boundary_tui.demo.stories.scene import DemoPatient
from boundary_tui.store import Store
from boundary_tui.store.patients import patient_row


def nhs_numbers(rng: random.Random, count: int) -> list[str]:
    """Valid numbers in the 999 test range (never issued to real people)."""
    numbers: set[str] = set()
    while len(numbers) < count:
        number = nhs.with_check_digit(f"999{rng.randrange(10**6):06d}")
        if number:
            numbers.add(number)
    # Sorted first: a set's order changes from one Python process to the next (hash
    # randomisation), and the same seed must give the same demo everywhere.
    ordered = sorted(numbers)
    rng.shuffle(ordered)
    return ordered


def postcode(rng: random.Random) -> str:
    return f"{rng.choice(OUTWARD_CODES)} {rng.randrange(1, 10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def phone(rng: random.Random) -> str:
    return f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}"


def address(rng: random.Random) -> str:
    return f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {TOWN}"


def birth_date(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randrange(365, 95 * 365))


def add_patients(store: Store, rng: random.Random, count: int, today: date, *, spare_numbers: int = 0) -> None:
    """`count` patients, written at once (a demo of 100,000 takes seconds).

    `spare_numbers` more NHS numbers are drawn and left unused: the demo has always
    drawn them here for its story patients (who draw their own later), and drawing
    them keeps every seed's practice as it was.
    """
    now = store.patients.now_db()
    numbers = nhs_numbers(rng, count + spare_numbers)
    rows = []
    for number in numbers[:count]:
        rows.append(
            patient_row(
                {
                    "nhs_number": number,
                    "given_name": rng.choice(GIVEN_NAMES),
                    "family_name": rng.choice(FAMILY_NAMES),
                    "date_of_birth": birth_date(rng, today),
                    "postcode": postcode(rng),
                    "phone": phone(rng),
                    "address": address(rng),
                },
                now=now,
                by=DEMO_BY,
            )
        )
    store.patients.insert_rows(rows)


def add_story_patient(store: Store, rng: random.Random, person: DemoPatient) -> int:
    """A patient with a story, added the way the desk adds one; returns the patient's id."""
    while True:
        number = nhs.with_check_digit(f"999{rng.randrange(10**6):06d}")
        if number and store.patients.by_nhs_number(number) is None:
            break
    # Drawn even for a fixed number: the rest of the demo stays as every seed made it.
    if person.nhs_number and store.patients.by_nhs_number(person.nhs_number) is None:
        number = person.nhs_number
    patient = store.patients.add(
        nhs_number=number,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        postcode=postcode(rng),
        phone=phone(rng),
        address=address(rng),
        by=DEMO_BY,
    )
    return patient.id
