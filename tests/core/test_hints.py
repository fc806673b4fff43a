"""Rule 8: each next-step hint appears when the record calls for it and goes once the action is recorded."""

from __future__ import annotations

from datetime import date, timedelta

from boundary_tui.store import Store
from tests.helpers.drafts import act, log
from tests.helpers.practice import NOW, Practice


def codes(store: Store, patient: int) -> list[str]:
    timeline = store.timeline.for_patient(patient)
    assert timeline is not None
    return [h.code for h in timeline.hints]


def test_no_contacts_no_hints(store: Store, practice: Practice) -> None:
    assert codes(store, practice.obrien) == []


def test_defence_body_advice_is_suggested_until_recorded(store: Store, practice: Practice) -> None:
    log(store, practice)
    assert "defence_body" in codes(store, practice.obrien)
    act(store, practice, "defence_body_contacted", organisation="MDU")
    assert "defence_body" not in codes(store, practice.obrien)


def test_telling_the_line_manager_is_suggested_until_recorded(store: Store, practice: Practice) -> None:
    log(store, practice)
    assert "line_manager" in codes(store, practice.obrien)
    act(store, practice, "line_manager_informed", notes="Dr Hart told Margaret Lewis.")
    assert "line_manager" not in codes(store, practice.obrien)


def test_a_threatening_contact_calls_for_the_police_until_reported(store: Store, practice: Practice) -> None:
    log(store, practice, severity="concerning")
    assert "police_threat" not in codes(store, practice.obrien)
    log(store, practice, severity="threatening", occurred_at=NOW - timedelta(minutes=50))
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None
    [hint] = [h for h in timeline.hints if h.code == "police_threat"]
    assert hint.urgent and timeline.hints[0] is hint  # most urgent first
    act(store, practice, "police_reported", crime_reference="13/5/26")
    assert "police_threat" not in codes(store, practice.obrien)


def test_police_called_at_the_time_counts_as_reported(store: Store, practice: Practice) -> None:
    log(store, practice, severity="threatening", police_called=True, police_reference="CAD 123")
    assert "police_threat" not in codes(store, practice.obrien)


def test_a_course_of_conduct_suggests_a_warning_letter_until_one_is_sent(store: Store, practice: Practice) -> None:
    log(store, practice, occurred_at=NOW - timedelta(days=3))
    assert "warning_letter" not in codes(store, practice.obrien)
    log(store, practice)
    assert "warning_letter" in codes(store, practice.obrien)
    act(store, practice, "warning_letter_sent", signed_by="Margaret Lewis")
    assert "warning_letter" not in codes(store, practice.obrien)


def test_contacts_after_the_warning_suggest_police_or_removal_until_one_is_recorded(
    store: Store, practice: Practice
) -> None:
    log(store, practice, occurred_at=NOW - timedelta(days=20))
    act(store, practice, "warning_letter_sent", when=NOW - timedelta(days=10), signed_by="Margaret Lewis")
    assert "after_warning" not in codes(store, practice.obrien)
    log(store, practice, occurred_at=NOW - timedelta(days=2))
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None
    [hint] = [h for h in timeline.hints if h.code == "after_warning"]
    assert "1 contact since the warning letter of 13 Nov 2026" in hint.text
    assert "removal from the practice list" in hint.text and "until 13 Nov 2027" in hint.text
    act(store, practice, "removal_requested", removal_route="ordinary")
    assert "after_warning" not in codes(store, practice.obrien)


def test_contacts_without_an_open_concern_suggest_opening_one(store: Store, practice: Practice) -> None:
    log(store, practice, patient=practice.jo, aimed_at=(practice.patel_staff,))
    timeline = store.timeline.for_patient(practice.jo)
    assert timeline is not None
    [hint] = [h for h in timeline.hints if h.code == "open_concern"]
    assert "with Dr Rajesh Patel" in hint.text
    store.concerns.open(
        practice.jo,
        kind="harassment",
        targets=[practice.patel_staff],
        chaperone_scope="none",
        review_on=date(2027, 1, 1),
        by=practice.manager,
    )
    assert "open_concern" not in codes(store, practice.jo)


def test_an_immediate_removal_must_be_confirmed_in_writing_within_seven_days(
    store: Store, practice: Practice, clock
) -> None:
    act(store, practice, "police_reported", crime_reference="13/9/26", when=NOW - timedelta(days=1))
    act(store, practice, "removal_effective", removal_route="immediate", effective_on=date(2026, 11, 23))
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None
    [hint] = [h for h in timeline.hints if h.code == "confirm_removal"]
    assert "is due by 30 Nov 2026" in hint.text
    clock.set(NOW + timedelta(days=8))
    assert "it is overdue" in next(h.text for h in store.timeline.for_patient(practice.obrien).hints)  # type: ignore[union-attr]
    act(store, practice, "removal_confirmed_in_writing", when=NOW + timedelta(days=8))
    assert "confirm_removal" not in codes(store, practice.obrien)
