"""Recording actions in the data layer: managers only, each kind's fields, rule 9 before any removal."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest

from boundary_tui.core.actions import ACTION_FIELDS, ActionDraft
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.vocabulary import ACTION_KINDS
from boundary_tui.store import Store
from tests.helpers.drafts import act
from tests.helpers.practice import NOW, Practice

TODAY = date(2026, 11, 23)

MINIMAL: dict[str, dict[str, Any]] = {
    "spoke_to_patient": {"notes": "Told him at the desk that the cards must stop."},
    "defence_body_contacted": {"organisation": "MDU"},
    "line_manager_informed": {"notes": "Dr Hart told the practice manager."},
    "warning_letter_sent": {"signed_by": "Margaret Lewis"},
    "care_transferred": {"notes": "To Dr Patel."},
    "chaperone_arranged": {},
    "police_reported": {"crime_reference": "13/1/26", "officer": "PC 1 Jones"},
    "police_warning": {"officer": "PC 1 Jones"},
    "removal_requested": {"removal_route": "immediate"},
    "removal_effective": {"removal_route": "immediate", "effective_on": TODAY},
    "removal_confirmed_in_writing": {},
    "spo_granted": {"effective_on": TODAY, "expires_on": date(2028, 11, 23)},
    "concern_reviewed": {"notes": "Keep as is."},
    "concern_closed": {"notes": "No contact for six months."},
    "other": {"notes": "Asked the landlord's agent to pass on a message."},
}


def test_every_kind_has_a_form_and_minimal_fields() -> None:
    assert set(ACTION_FIELDS) == set(ACTION_KINDS) == set(MINIMAL)


@pytest.mark.parametrize("kind", list(MINIMAL))
def test_each_kind_is_recorded_with_its_own_fields(store: Store, practice: Practice, kind: str) -> None:
    patient = practice.obrien
    if kind in ("removal_requested", "removal_effective"):
        act(store, practice, "police_reported", crime_reference="13/1/26", when=NOW - timedelta(hours=2))
    if kind == "removal_confirmed_in_writing":
        patient = practice.declan  # already removed
    action = act(store, practice, kind, patient=patient, **MINIMAL[kind])
    assert action.kind == kind and action.recorded_by == practice.manager and action.recorded_at == NOW
    for field, value in MINIMAL[kind].items():
        assert getattr(action, field) == value


@pytest.mark.parametrize("kind", [k for k, specs in ACTION_FIELDS.items() if any(s.required for s in specs)])
def test_each_kind_refuses_without_its_required_fields(store: Store, practice: Practice, kind: str) -> None:
    with pytest.raises(Invalid) as refused:
        act(store, practice, kind)
    required = {s.name for s in ACTION_FIELDS[kind] if s.required}
    assert required <= set(refused.value.problems)


def test_fields_of_another_kind_are_refused(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid, match="does not apply to 'Warning letter sent'"):
        act(store, practice, "warning_letter_sent", signed_by="M", crime_reference="13/1/26")


def test_only_managers_record_actions(store: Store, practice: Practice) -> None:
    with pytest.raises(Refused, match="Only a practice manager can record 'warning letter sent'"):
        act(store, practice, "warning_letter_sent", by=practice.reception, signed_by="Priya Shah")
    assert store.actions.for_patient(practice.obrien) == []


def test_an_action_in_the_future_is_refused(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid, match="in the future"):
        act(store, practice, "warning_letter_sent", when=NOW + timedelta(hours=1), signed_by="M")


# -- rule 9 ----------------------------------------------------------------------------------


def test_ordinary_removal_needs_a_current_warning(store: Store, practice: Practice, clock) -> None:
    with pytest.raises(Refused, match="needs a warning letter sent within the previous 12 months"):
        act(store, practice, "removal_requested", removal_route="ordinary")
    act(store, practice, "warning_letter_sent", when=NOW - timedelta(days=400), signed_by="M")
    with pytest.raises(Refused, match="lapsed on"):
        act(store, practice, "removal_requested", removal_route="ordinary")
    act(store, practice, "warning_letter_sent", when=NOW - timedelta(days=30), signed_by="M")
    assert act(store, practice, "removal_requested", removal_route="ordinary").removal_route == "ordinary"


def test_immediate_removal_needs_a_police_report_and_takes_the_patient_off_the_list(
    store: Store, practice: Practice
) -> None:
    with pytest.raises(Refused, match="reported to the police first"):
        act(store, practice, "removal_effective", removal_route="immediate", effective_on=TODAY)
    patient = store.patients.get(practice.obrien)
    assert patient is not None and not patient.is_removed
    act(store, practice, "police_reported", crime_reference="13/9/26", when=NOW - timedelta(days=2))
    act(store, practice, "removal_effective", removal_route="immediate", effective_on=TODAY)
    patient = store.patients.get(practice.obrien)
    assert patient is not None and patient.is_removed and patient.removed_on == TODAY
    assert store.concerns.restriction_for(patient).banner_lines() == ["Removed from list on 23 Nov 2026: do not book"]
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None and timeline.status.confirmation_due_on == date(2026, 11, 30)


def test_a_removal_that_fails_leaves_the_patient_on_the_list(store: Store, practice: Practice) -> None:
    """The removal and the mark on the patient are one transaction: nothing half-done."""
    act(store, practice, "police_reported", crime_reference="13/9/26", when=NOW - timedelta(days=2))
    with pytest.raises(Invalid):
        act(store, practice, "removal_effective", removal_route="immediate", effective_on=TODAY + timedelta(days=3))
    patient = store.patients.get(practice.obrien)
    assert patient is not None and not patient.is_removed


def test_an_spo_lasts_at_least_two_years(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid, match="at least 2 years"):
        act(store, practice, "spo_granted", effective_on=TODAY, expires_on=date(2028, 11, 22))


def test_the_spo_shows_on_the_banner_until_it_expires(store: Store, practice: Practice, clock) -> None:
    act(store, practice, "spo_granted", effective_on=TODAY, expires_on=date(2028, 11, 23))
    patient = store.patients.get(practice.obrien)
    assert patient is not None
    lines = store.concerns.restriction_for(patient).banner_lines()
    assert lines == ["Not with Dr Amelia Hart", "Stalking Protection Order until 23 Nov 2028"]
    clock.set(NOW + timedelta(days=365 * 2))  # 22 Nov 2028: still in force on its last day
    assert "Stalking Protection Order until 23 Nov 2028" in store.concerns.restriction_for(patient).banner_lines()
    clock.set(NOW + timedelta(days=365 * 2 + 2))
    assert store.concerns.restriction_for(patient).banner_lines() == ["Not with Dr Amelia Hart"]


def test_a_corrected_spo_expiry_replaces_the_original_on_the_banner(store: Store, practice: Practice) -> None:
    spo = act(store, practice, "spo_granted", effective_on=TODAY, expires_on=date(2029, 1, 1))
    fixed = store.actions.amend(
        spo.id,
        ActionDraft(kind="spo_granted", occurred_at=spo.occurred_at, effective_on=TODAY, expires_on=date(2028, 12, 1)),
        reason="Expiry misread from the order",
        by=practice.manager,
    )
    assert fixed.amends_id == spo.id
    assert store.actions.spo_until(practice.obrien) == date(2028, 12, 1)


def test_only_managers_correct_actions_and_the_kind_stays(store: Store, practice: Practice) -> None:
    letter = act(store, practice, "warning_letter_sent", signed_by="M")
    draft = ActionDraft(kind="warning_letter_sent", occurred_at=letter.occurred_at, signed_by="Margaret Lewis")
    with pytest.raises(Refused, match="Only a practice manager"):
        store.actions.amend(letter.id, draft, reason="Full name", by=practice.reception)
    other_kind = ActionDraft(kind="police_warning", occurred_at=letter.occurred_at)
    with pytest.raises(Invalid, match="keeps the kind"):
        store.actions.amend(letter.id, other_kind, reason="Oops", by=practice.manager)


def test_actions_and_their_corrections_cannot_be_rewritten_with_raw_sql(store: Store, practice: Practice) -> None:
    letter = act(store, practice, "warning_letter_sent", signed_by="M")
    fixed = store.actions.amend(
        letter.id,
        ActionDraft(kind="warning_letter_sent", occurred_at=letter.occurred_at, signed_by="Margaret Lewis"),
        reason="Full name",
        by=practice.manager,
    )
    conn = sqlite3.connect(practice.path)
    try:
        for action_id in (letter.id, fixed.id):
            for statement in (
                f"UPDATE actions SET signed_by = 'someone else' WHERE id = {action_id}",
                f"UPDATE actions SET amends_id = NULL WHERE id = {action_id}",
                f"DELETE FROM actions WHERE id = {action_id}",
            ):
                with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                    conn.execute(statement)
            row = conn.execute("SELECT * FROM actions WHERE id = ?", [action_id]).fetchone()
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(f"INSERT OR REPLACE INTO actions VALUES ({', '.join('?' * len(row))})", row)
    finally:
        conn.close()
    assert store.actions.get(letter.id) == letter and store.actions.get(fixed.id) == fixed
