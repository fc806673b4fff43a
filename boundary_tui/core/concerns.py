"""Concerns: whom not to book, the chaperone scope and the review date, as a manager sets them.

The draft is what the manager chose; `problems()` says everything wrong with
it at once. The store asks it inside its write transaction (after checking
who is asking and which staff exist), and the concern form asks it before a
round trip: one set of rules, in one set of words, for the desk and for a
script.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from boundary_tui.core.models import Concern, Staff
from boundary_tui.core.removal import add_months
from boundary_tui.core.text import reason_problem, too_long
from boundary_tui.core.times import show_date
from boundary_tui.core.vocabulary import CHAPERONE_SCOPES, CONCERN_KINDS

MAX_SUMMARY_LENGTH = 4000
"""Longest discreet summary (shown only behind F7): a paragraph or two; the detail is on the timeline."""

REVIEW_AFTER_MONTHS = 3
"""A new concern's suggested review date: three months on, the manager looks again (rule 10)."""

NO_TARGETS = "Name at least one member of staff the behaviour is aimed at."
"""A concern protects somebody: without a target it restricts nothing."""

EMPTY_ALLOWED = (
    "An empty 'book only with' list would mean nobody could be booked: name at least one clinician, "
    "or leave the list off (then anyone not on the do-not-book list can be booked)."
)
"""A "book only with" list is either absent or names someone: never "nobody" by accident."""


@dataclass(frozen=True, slots=True)
class ConcernDraft:
    """A concern as the manager chose it, before the store has checked it."""

    kind: str
    targets: tuple[int, ...]
    """Staff ids not to book with (the do-not-book list)."""
    chaperone_scope: str
    review_on: date | None
    summary: str = ""
    reason: str = ""
    """Why it is being changed (a change only; it goes on the timeline)."""
    allowed: tuple[int, ...] | None = None
    """Staff ids of the clinicians the patient may be booked with ("book only with"); None: no such list."""


def suggested_review(today: date) -> date:
    """The review date a new concern starts with."""
    return add_months(today, REVIEW_AFTER_MONTHS)


def target_choices(staff: Sequence[Staff], current: Collection[int]) -> list[Staff]:
    """Who can be named: everyone enabled, plus anyone already named (even if disabled since)."""
    return [s for s in staff if not s.disabled or s.id in current]


def what_changed(was: Concern, draft: ConcernDraft) -> tuple[str, ...]:
    """The fields a change would alter, in the order the timeline records them."""
    changed: list[str] = []
    if draft.kind != was.kind:
        changed.append("kind")
    if set(draft.targets) != {t.staff_id for t in was.targets}:
        changed.append("targets")
    if set(draft.allowed or ()) != {t.staff_id for t in was.allowed}:
        changed.append("allowed")
    if draft.chaperone_scope != was.chaperone_scope:
        changed.append("chaperone_scope")
    if draft.review_on is not None and draft.review_on != was.review_on:
        changed.append("review_on")
    if draft.summary != was.summary:
        changed.append("summary")
    return tuple(changed)


def problems(
    draft: ConcernDraft,
    *,
    today: date,
    staff_ids: Collection[int],
    was: Concern | None = None,
    clinician_ids: Collection[int] | None = None,
    staff_names: Mapping[int, str] | None = None,
) -> dict[str, str]:
    """Everything wrong with a concern to open (or, given `was`, a change to it), by field.

    `staff_ids` are the members of staff who may be named (`staff_names`, to
    name them in a problem); `clinician_ids` the
    staff ids of bookable clinicians (who may be on a "book only with" list;
    None: not checked); `today` is the practice's date (a review date cannot be
    in the past, unless a change leaves it as it was).
    """
    found: dict[str, str] = {}
    names = dict(staff_names or {})
    if draft.kind not in CONCERN_KINDS:
        found["kind"] = f"Choose what kind of behaviour: {', '.join(CONCERN_KINDS.values())}."
    if not draft.targets:
        found["targets"] = NO_TARGETS
    elif unknown := [t for t in draft.targets if t not in staff_ids]:
        found["targets"] = f"Not a member of staff: {', '.join(map(str, unknown))}."
    if draft.allowed is not None:
        if not draft.allowed:
            found["allowed"] = EMPTY_ALLOWED
        elif both := [t for t in draft.allowed if t in draft.targets]:
            found["allowed"] = (
                f"{_names(both, names)} cannot be on both lists: whom not to book, and whom only to book with. "
                "Take them off one."
            )
        elif clinician_ids is not None and (not_bookable := [t for t in draft.allowed if t not in clinician_ids]):
            found["allowed"] = f"Only clinicians can be booked: {_names(not_bookable, names)} has no diary."
    if draft.chaperone_scope not in CHAPERONE_SCOPES:
        found["chaperone_scope"] = "Choose the chaperone scope: none, targets only or all consultations."
    if was is None or draft.review_on != was.review_on:
        if draft.review_on is None:
            found["review_on"] = "Set a date to review this concern."
        elif draft.review_on < today:
            found["review_on"] = f"The review date {show_date(draft.review_on)} is in the past."
    if why_not := too_long(draft.summary, "The summary", MAX_SUMMARY_LENGTH):
        found["summary"] = why_not
    if was is not None:
        if why_not := reason_problem(draft.reason, "Say why the concern is being changed (it goes on the timeline)."):
            found["reason"] = why_not
        elif not found and not what_changed(was, draft):
            found["reason"] = "Nothing was changed."
    return found


def _names(staff_ids: Sequence[int], names: Mapping[int, str]) -> str:
    return ", ".join(names.get(s, f"staff {s}") for s in staff_ids)


def close_problems(reason: str) -> dict[str, str]:
    """What is wrong with closing a concern for this reason (every closing says why)."""
    if why_not := reason_problem(reason, "Say why the concern is being closed (it goes on the timeline)."):
        return {"reason": why_not}
    return {}
