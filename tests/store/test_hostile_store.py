"""Hostile input against the data layer: whatever is typed is either stored byte for byte
and read back the same, or refused with a plain `Invalid` message. Never a traceback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given

from boundary_tui.core.contacts import ContactDraft
from boundary_tui.core.errors import Invalid
from boundary_tui.core.text import name_problem, printable
from boundary_tui.store import Store
from tests.helpers.fuzz import fuzz, hostile_text
from tests.helpers.practice import NOW, Practice

SETTINGS = fuzz(60)


@SETTINGS
@given(description=hostile_text, witnesses=hostile_text, effect=hostile_text, evidence=hostile_text,
       officer=hostile_text)  # fmt: skip
def test_contact_fields_round_trip_or_are_refused_plainly(
    store: Store, practice: Practice, description: str, witnesses: str, effect: str, evidence: str, officer: str
) -> None:
    draft = ContactDraft(
        occurred_at=NOW - timedelta(hours=1),
        channel="in_person",
        aimed_at=(practice.hart_staff,),
        description=description,
        witnesses=witnesses,
        effect=effect,
        evidence_location=evidence,
        police_called=True,
        police_officer=officer[:200],
        police_reference="ref",
    )
    try:
        saved = store.contacts.log(practice.obrien, draft, by=practice.reception)
    except Invalid as invalid:
        assert invalid.problems and all(isinstance(m, str) and m for m in invalid.problems.values())
        return
    back = store.contacts.get(saved.id)
    assert back is not None
    assert (back.description, back.witnesses, back.effect, back.evidence_location, back.police_officer) == (
        description, witnesses, effect, evidence, officer[:200],
    )  # fmt: skip


@SETTINGS
@given(given_name=hostile_text, family_name=hostile_text)
def test_patient_names_round_trip_or_are_refused_plainly(store: Store, given_name: str, family_name: str) -> None:
    from boundary_tui.core.nhs import with_check_digit

    number = next(
        n for i in range(100) if (n := with_check_digit(f"99980{i:04d}")) and not store.patients.by_nhs_number(n)
    )
    try:
        patient = store.patients.add(
            nhs_number=number, given_name=given_name, family_name=family_name, date_of_birth="1980-01-01", by="test"
        )
    except Invalid as invalid:
        assert set(invalid.problems) <= {"given_name", "family_name"}
        return
    assert (patient.given_name, patient.family_name) == (given_name.strip(), family_name.strip())
    shown = printable(patient.full_name)
    assert "\x1b" not in shown and "\x00" not in shown


@SETTINGS
@given(text=hostile_text)
def test_search_takes_anything(store: Store, text: str) -> None:
    result = store.patients.lookup(text)
    assert isinstance(result.message, str) and len(result.patients) <= 50


@pytest.mark.parametrize("name", ["Priya Shah\u200b", "\u202eEve", "Zo\u00eb\u2060"])
def test_invisible_characters_in_names_are_refused(name: str) -> None:
    assert "invisible" in (name_problem(name, "Name") or "")


@pytest.mark.parametrize("name", ["Zoë", "Siobhán", "O'Brien", "Ní Bhriain", "D'Arcy-Smith", "José María"])
def test_real_names_are_fine(name: str) -> None:
    assert name_problem(name, "Name") is None
