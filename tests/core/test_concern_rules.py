"""What a concern may hold: one set of rules and words for the store and the concern form."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from boundary_tui.core import concerns as rules
from boundary_tui.core.concerns import ConcernDraft
from boundary_tui.core.models import Concern, Staff, Target
from boundary_tui.core.text import MAX_REASON_LENGTH

TODAY = date(2026, 11, 23)
HART, PATEL = 1, 2
STAFF = {HART, PATEL}

NEW = ConcernDraft(kind="harassment", targets=(HART,), chaperone_scope="targets", review_on=date(2027, 2, 23))

OPEN = Concern(
    id=7,
    patient_id=3,
    kind="harassment",
    chaperone_scope="targets",
    targets=(Target(HART, "Dr Amelia Hart"),),
    summary="Cards.",
    review_on=date(2026, 11, 1),  # already due: a change that leaves it alone is still fine
    status="open",
    opened_at=datetime(2026, 10, 1, tzinfo=UTC),
    opened_by="Margaret Lewis",
)
CHANGE = ConcernDraft(
    kind="harassment",
    targets=(PATEL,),
    chaperone_scope="targets",
    review_on=date(2026, 11, 1),
    summary="Cards.",
    reason="Now Dr Patel.",
)


def test_a_sound_concern_has_no_problems() -> None:
    assert rules.problems(NEW, today=TODAY, staff_ids=STAFF) == {}
    assert rules.problems(CHANGE, today=TODAY, staff_ids=STAFF, was=OPEN) == {}


def test_every_problem_is_reported_at_once_by_field() -> None:
    draft = ConcernDraft(kind="", targets=(), chaperone_scope="sometimes", review_on=None, summary="x" * 4001)
    found = rules.problems(draft, today=TODAY, staff_ids=STAFF)
    assert set(found) == {"kind", "targets", "chaperone_scope", "review_on", "summary"}
    assert found["kind"].startswith("Choose what kind of behaviour: Amorous advances, Harassment")
    assert found["targets"] == rules.NO_TARGETS
    assert found["review_on"] == "Set a date to review this concern."
    assert found["summary"] == "The summary is longer than 4,000 characters."


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"targets": (HART, 99)}, "targets", "Not a member of staff: 99."),
        ({"review_on": date(2026, 11, 22)}, "review_on", "The review date 22 Nov 2026 is in the past."),
        ({"summary": "half \ud800 a character"}, "summary", "cannot be stored (broken Unicode)"),
    ],
)
def test_one_problem_each(change: dict[str, object], field: str, message: str) -> None:
    found = rules.problems(replace(NEW, **change), today=TODAY, staff_ids=STAFF)  # type: ignore[arg-type]
    assert list(found) == [field] and message in found[field]


def test_a_change_needs_a_reason_of_the_shared_length_and_must_change_something() -> None:
    def why(reason: str, **change: object) -> str | None:
        draft = replace(CHANGE, reason=reason, **change)  # type: ignore[arg-type]
        return rules.problems(draft, today=TODAY, staff_ids=STAFF, was=OPEN).get("reason")

    assert why("  ") == "Say why the concern is being changed (it goes on the timeline)."
    assert why("x" * (MAX_REASON_LENGTH + 1)) == f"The reason is longer than {MAX_REASON_LENGTH:,} characters."
    assert why("x" * MAX_REASON_LENGTH) is None
    assert why("No change.", targets=(HART,)) == "Nothing was changed."


def test_a_review_date_left_as_it_was_is_not_checked_but_a_new_one_is() -> None:
    assert "review_on" not in rules.problems(CHANGE, today=TODAY, staff_ids=STAFF, was=OPEN)
    moved = replace(CHANGE, review_on=date(2026, 11, 2))
    assert "is in the past" in rules.problems(moved, today=TODAY, staff_ids=STAFF, was=OPEN)["review_on"]


def test_what_changed_names_the_fields_in_timeline_order() -> None:
    assert rules.what_changed(OPEN, CHANGE) == ("targets",)
    everything = replace(CHANGE, chaperone_scope="all", review_on=date(2027, 1, 1), summary="More cards.")
    assert rules.what_changed(OPEN, everything) == ("targets", "chaperone_scope", "review_on", "summary")
    assert rules.what_changed(OPEN, replace(CHANGE, targets=(HART, HART))) == ()


def test_closing_needs_a_reason() -> None:
    assert rules.close_problems("") == {"reason": "Say why the concern is being closed (it goes on the timeline)."}
    assert rules.close_problems("Moved away.") == {}
    assert "broken Unicode" in rules.close_problems("\udfff")["reason"]


def test_a_new_concern_is_reviewed_after_three_months() -> None:
    assert rules.REVIEW_AFTER_MONTHS == 3
    assert rules.suggested_review(TODAY) == date(2027, 2, 23)
    assert rules.suggested_review(date(2026, 11, 30)) == date(2027, 2, 28)


def test_who_can_be_named_keeps_anyone_already_named() -> None:
    staff = [Staff(1, "Dr Amelia Hart", "clinician"), Staff(2, "Left", "reception", disabled=True)]
    assert [s.id for s in rules.target_choices(staff, [])] == [1]
    assert [s.id for s in rules.target_choices(staff, [2])] == [1, 2]
