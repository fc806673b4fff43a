"""One limit per kind of text, defined once: a reason is as long on a booking override as on a concern."""

from __future__ import annotations

import ast
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import boundary_tui
from boundary_tui.core import amendments, booking_guard, concerns
from boundary_tui.core.concerns import ConcernDraft
from boundary_tui.core.errors import Invalid
from boundary_tui.core.models import Clinician, Concern, Patient, Target
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.text import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH

PACKAGE = Path(boundary_tui.__file__).parent
LIMIT = re.compile(r"^MAX_\w+_LENGTH$")


def test_every_limit_is_defined_once_and_only_in_core() -> None:
    defined: Counter[str] = Counter()
    where: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and LIMIT.match(target.id):
                    defined[target.id] += 1
                    where[target.id] = str(path.relative_to(PACKAGE))
    assert defined and all(count == 1 for count in defined.values()), defined
    assert all(place.startswith("core/") for place in where.values()), where


HART = Clinician(id=1, staff_id=1, name="Dr Amelia Hart", job_title="GP")
OBRIEN = Patient(1, "9434765919", "Martin", "O'Brien", date(1978, 3, 14), "LS6 2AB")
CONCERN = Concern(
    id=1,
    patient_id=1,
    kind="harassment",
    chaperone_scope="targets",
    targets=(Target(1, "Dr Amelia Hart"),),
    summary="",
    review_on=None,
    status="open",
    opened_at=datetime(2026, 1, 1, tzinfo=UTC),
    opened_by="M",
)
TARGETED = Restriction.from_concerns([CONCERN])


def override_problems(reason: str, chaperone: str = "Ann Lee") -> dict[str, str]:
    try:
        booking_guard.check(
            patient=OBRIEN,
            clinician=HART,
            restriction=TARGETED,
            clinicians=[HART],
            chaperone_name=chaperone,
            override_reason=reason,
        )
    except Invalid as invalid:
        return invalid.problems
    return {}


def change_reason_problem(reason: str) -> str | None:
    draft = ConcernDraft("harassment", (1,), "all", None, "", reason)
    return concerns.problems(draft, today=date(2026, 11, 23), staff_ids={1}, was=CONCERN).get("reason")


@pytest.mark.parametrize("length", [MAX_REASON_LENGTH, MAX_REASON_LENGTH + 1])
def test_every_reason_has_the_same_limit(length: int) -> None:
    reason = "x" * length
    refused = length > MAX_REASON_LENGTH
    assert ("override_reason" in override_problems(reason)) is refused
    assert ("reason" in concerns.close_problems(reason)) is refused
    assert (change_reason_problem(reason) is not None) is refused
    assert (amendments.reason_problem(reason) is not None) is refused
    if refused:
        message = f"The reason is longer than {MAX_REASON_LENGTH:,} characters."
        assert override_problems(reason)["override_reason"] == message
        assert concerns.close_problems(reason)["reason"] == message
        assert change_reason_problem(reason) == message
        assert amendments.reason_problem(reason) == message


def test_a_chaperone_is_a_person_with_a_name_as_long_as_anyone_elses() -> None:
    assert "chaperone" not in override_problems("Chest pain", "x" * MAX_NAME_LENGTH)
    assert "chaperone" in override_problems("Chest pain", "x" * (MAX_NAME_LENGTH + 1))


def test_a_managers_note_on_an_override() -> None:
    assert booking_guard.review_problems("") == {}
    assert booking_guard.review_problems(" appropriate: chest pain ") == {}
    too_long = booking_guard.review_problems("x" * (MAX_NOTE_LENGTH + 1))
    assert too_long == {"note": f"The note is longer than {MAX_NOTE_LENGTH:,} characters."}
