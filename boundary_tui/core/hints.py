"""Rule 8: what to do next, from what is (and is not) on the timeline.

Each hint follows the defence bodies' advice (PRODUCT.md) and disappears once
the matching action is recorded. Pure: the timeline, the export and the tests
all ask here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boundary_tui.core.actions import Action
from boundary_tui.core.contacts import Contact
from boundary_tui.core.list_status import ListStatus
from boundary_tui.core.models import Concern
from boundary_tui.core.times import london_today, show_date

REMOVAL_KINDS = frozenset({"removal_requested", "removal_effective"})


@dataclass(frozen=True)
class Hint:
    """One suggested next step."""

    code: str
    """Stable name (tests and exports refer to it)."""
    text: str
    urgent: bool = False


def next_steps(
    contacts: Sequence[Contact],
    actions: Sequence[Action],
    concerns: Sequence[Concern],
    status: ListStatus,
) -> list[Hint]:
    """Hints for one patient, most urgent first.

    `contacts` and `actions` are the current versions (amended entries
    replaced), in any order.
    """
    hints: list[Hint] = []
    contacts = sorted(contacts, key=lambda c: (c.occurred_at, c.id))
    actions = sorted(actions, key=lambda a: (a.occurred_at, a.id))
    kinds = {a.kind for a in actions}
    removed = status.removed_on is not None

    if due := status.confirmation_due_on:
        late = due < status.today
        when = f"was due by {show_date(due)}: it is overdue" if late else f"is due by {show_date(due)}"
        hints.append(
            Hint(
                "confirm_removal",
                f"Written confirmation of the immediate removal {when}. Send it, then record "
                "'Removal confirmed in writing' (F6).",
                urgent=True,
            )
        )

    reports = [a.occurred_at for a in actions if a.kind == "police_reported"]
    unreported = [
        c
        for c in contacts
        if c.severity == "threatening" and not c.police_called and not any(r >= c.occurred_at for r in reports)
    ]
    if unreported:
        last = unreported[-1]
        more = f" ({len(unreported)} threatening contacts not reported)" if len(unreported) > 1 else ""
        hints.append(
            Hint(
                "police_threat",
                f"A threatening contact on {show_date(london_today(last.occurred_at))}{more}: report it to the "
                "police (999 if anyone is in danger now) and record the crime reference (F6).",
                urgent=True,
            )
        )

    if contacts and not any(c.is_open for c in concerns):
        closed = [c.closed_at for c in concerns if c.closed_at is not None]
        since_closed = [c for c in contacts if not closed or c.occurred_at > max(closed)]
        if since_closed and not removed:
            names = sorted({t.name for c in since_closed for t in c.aimed_at})
            whom = f" with {', '.join(names)}" if names else ""
            hints.append(
                Hint(
                    "open_concern",
                    f"Contacts are logged but no concern is open: the practice manager should open one (F5) so "
                    f"the desk stops booking them{whom}.",
                )
            )

    if contacts and "defence_body_contacted" not in kinds:
        hints.append(
            Hint(
                "defence_body",
                "Contacts are logged but no defence-body advice is recorded: get advice early (MDU, MPS, "
                "MDDUS…) and record it (F6).",
            )
        )

    if contacts and "line_manager_informed" not in kinds:
        hints.append(
            Hint("line_manager", "Tell the line manager or practice manager, and record that they were told (F6).")
        )

    warnings = [a for a in actions if a.kind == "warning_letter_sent"]
    serious = any(c.severity != "note" for c in contacts)
    if not removed and not warnings and (len(contacts) >= 2 or serious):
        hints.append(
            Hint(
                "warning_letter",
                "Consider a warning letter from the practice manager or a senior partner: the behaviour is "
                "inappropriate and must stop, or removal from the list and the police will follow "
                "(W writes a draft; record it with F6 once sent).",
            )
        )

    if warnings and not removed:
        warned = warnings[-1].occurred_at
        after = [c for c in contacts if c.occurred_at > warned]
        answered = any(
            a.occurred_at >= warned and (a.kind == "police_reported" or a.kind in REMOVAL_KINDS) for a in actions
        )
        if after and not answered:
            count = "1 contact" if len(after) == 1 else f"{len(after)} contacts"
            lapse = status.warning_lapses_on
            until = f" (the warning supports an ordinary removal until {show_date(lapse)})" if lapse else ""
            hints.append(
                Hint(
                    "after_warning",
                    f"{count} since the warning letter of {show_date(london_today(warned))}: consider reporting "
                    f"to the police and removal from the practice list{until}.",
                )
            )
    return hints
