"""Rule 9: where the patient stands on the practice list, from the actions on record.

Whether a warning is on record and when it lapses (ordinary removal), whether
a police report is on record (immediate removal), the written-confirmation
deadline of an immediate removal, and a Stalking Protection Order until its
expiry. Built from current actions only (amended ones replaced).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from boundary_tui.core import removal
from boundary_tui.core.actions import Action
from boundary_tui.core.models import Patient
from boundary_tui.core.times import show_date
from boundary_tui.core.vocabulary import REMOVAL_ROUTES


@dataclass(frozen=True)
class ListStatus:
    """The facts rule 9 turns on, and the lines that state them."""

    today: date
    warning_on: date | None = None
    police_reported_on: date | None = None
    crime_reference: str = ""
    removal_route: str | None = None
    requested_on: date | None = None
    request_effective_on: date | None = None
    removed_on: date | None = None
    confirmed_on: date | None = None
    spo_granted_on: date | None = None
    spo_until: date | None = None

    @property
    def warning_lapses_on(self) -> date | None:
        return removal.warning_lapses_on(self.warning_on) if self.warning_on else None

    @property
    def warning_current(self) -> bool:
        return self.warning_on is not None and removal.warning_is_current(self.warning_on, self.today)

    @property
    def confirmation_due_on(self) -> date | None:
        """The last day to confirm an immediate removal in writing, while that is outstanding."""
        if self.removal_route != "immediate" or self.removed_on is None or self.confirmed_on is not None:
            return None
        return removal.confirmation_due_on(self.removed_on)

    @property
    def spo_in_force(self) -> bool:
        return self.spo_until is not None and self.today <= self.spo_until

    def lines(self) -> list[str]:
        """One sentence per fact, for the timeline header and the export."""
        lines: list[str] = []
        if self.removed_on is not None:
            route = f" ({self.removal_route} route)" if self.removal_route else ""
            line = f"Removed from the practice list on {show_date(self.removed_on)}{route}."
            due = self.confirmation_due_on
            if due is not None:
                left = (due - self.today).days
                if left < 0:
                    line += f" Written confirmation was due by {show_date(due)}: OVERDUE by {-left} days."
                else:
                    line += f" Written confirmation due by {show_date(due)} ({left} days left)."
            elif self.confirmed_on is not None:
                line += f" Confirmed in writing on {show_date(self.confirmed_on)}."
            lines.append(line)
        elif self.requested_on is not None:
            route = REMOVAL_ROUTES.get(self.removal_route or "", "").split(" (")[0].lower()
            when = f", to take effect on {show_date(self.request_effective_on)}" if self.request_effective_on else ""
            lines.append(f"Removal requested on {show_date(self.requested_on)} ({route} route){when}.")
        else:
            lines.append("On the practice list.")
        if self.warning_on is None:
            lines.append("Warning letter: none on record (ordinary removal needs one within the previous 12 months).")
        elif self.warning_current:
            lines.append(
                f"Warning letter sent {show_date(self.warning_on)}: supports an ordinary removal until "
                f"{show_date(self.warning_lapses_on or self.warning_on)}."
            )
        else:
            lines.append(
                f"Warning letter sent {show_date(self.warning_on)} lapsed on "
                f"{show_date(self.warning_lapses_on or self.warning_on)}: ordinary removal needs a new one."
            )
        if self.police_reported_on is None:
            lines.append("Police report: none on record (immediate removal needs one).")
        else:
            reference = f", crime reference {self.crime_reference}" if self.crime_reference else ""
            lines.append(f"Reported to the police on {show_date(self.police_reported_on)}{reference}.")
        if self.spo_until is not None:
            granted = f"granted {show_date(self.spo_granted_on)}, " if self.spo_granted_on else ""
            if self.spo_in_force:
                lines.append(f"Stalking Protection Order: {granted}in force until {show_date(self.spo_until)}.")
            else:
                lines.append(f"Stalking Protection Order: {granted}expired on {show_date(self.spo_until)}.")
        return lines


def list_status(patient: Patient, actions: Sequence[Action], today: date) -> ListStatus:
    """Rule 9's facts from the patient's current actions, oldest first."""
    warning_on = police_on = requested_on = request_effective = confirmed_on = None
    spo_granted = spo_until = removed_on = None
    crime_reference = ""
    route: str | None = None
    for action in sorted(actions, key=lambda a: (a.occurred_at, a.id)):
        if action.kind == "warning_letter_sent":
            warning_on = action.on
        elif action.kind == "police_reported":
            police_on, crime_reference = action.on, action.crime_reference
        elif action.kind == "removal_requested":
            requested_on, request_effective, route = action.on, action.effective_on, action.removal_route
        elif action.kind == "removal_effective":
            removed_on, route = action.effective_on or action.on, action.removal_route
        elif action.kind == "removal_confirmed_in_writing":
            confirmed_on = action.on
        elif (
            action.kind == "spo_granted" and action.expires_on and (spo_until is None or action.expires_on > spo_until)
        ):
            spo_granted, spo_until = action.effective_on, action.expires_on
    if patient.is_removed:
        removed_on = patient.removed_on or removed_on
    else:
        removed_on = None
    return ListStatus(
        today=today,
        warning_on=warning_on,
        police_reported_on=police_on,
        crime_reference=crime_reference,
        removal_route=route,
        requested_on=requested_on,
        request_effective_on=request_effective,
        removed_on=removed_on,
        confirmed_on=confirmed_on if removed_on and confirmed_on and confirmed_on >= removed_on else None,
        spo_granted_on=spo_granted,
        spo_until=spo_until,
    )
