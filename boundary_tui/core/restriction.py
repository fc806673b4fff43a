"""What the desk must know before booking: the restriction on one patient.

Built from the patient's open concerns and list status. It drives the banner
("Not with Dr X"), the chaperone marker and the booking guard, and says only
what the desk needs (rule 11): never the narrative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from boundary_tui.core.models import Concern, Target
from boundary_tui.core.times import show_date


@dataclass(frozen=True)
class Restriction:
    """The booking restriction on a patient (empty when none applies)."""

    do_not_book: tuple[Target, ...] = ()
    """Staff targeted by an open concern: never booked with this patient."""
    only_with: tuple[Target, ...] | None = None
    """Clinicians an open concern says the patient may be booked with ("book only with"); None: no such list.
    Several concerns with lists: only those every list names (an empty tuple: nobody)."""
    chaperone_for_all: bool = False
    """An open concern asks for a chaperone at every consultation."""
    chaperone_with: tuple[Target, ...] = ()
    """Staff with whom any consultation (emergency only) needs a chaperone."""
    removed_on: date | None = None
    """The patient left the practice list on this date: no bookings at all."""
    spo_until: date | None = None
    """A Stalking Protection Order is in force until this date (rule 9): the banner says so."""

    @classmethod
    def from_concerns(
        cls, concerns: Iterable[Concern], *, removed_on: date | None = None, spo_until: date | None = None
    ) -> Restriction:
        """Combine every open concern: targets add up, the widest chaperone scope wins."""
        targets: dict[int, Target] = {}
        chaperone_with: dict[int, Target] = {}
        only_with: dict[int, Target] | None = None
        for_all = False
        for concern in concerns:
            if not concern.is_open:
                continue
            if concern.allowed:
                named = {t.staff_id: t for t in concern.allowed}
                only_with = named if only_with is None else {k: v for k, v in only_with.items() if k in named}
            for target in concern.targets:
                targets.setdefault(target.staff_id, target)
                if concern.chaperone_scope == "targets":
                    chaperone_with.setdefault(target.staff_id, target)
            for_all = for_all or concern.chaperone_scope == "all"
        if only_with is not None:
            only_with = {k: v for k, v in only_with.items() if k not in targets}
        return cls(
            do_not_book=tuple(targets.values()),
            only_with=tuple(only_with.values()) if only_with is not None else None,
            chaperone_for_all=for_all,
            chaperone_with=() if for_all else tuple(chaperone_with.values()),
            removed_on=removed_on,
            spo_until=spo_until,
        )

    @property
    def restricts_booking(self) -> bool:
        """Whether the banner must show."""
        return bool(self.do_not_book) or self.only_with is not None or self.removed_on is not None

    @property
    def chaperone_required(self) -> bool:
        """Whether the chaperone marker must show."""
        return self.chaperone_for_all or bool(self.chaperone_with)

    def targets(self, staff_id: int) -> bool:
        """Whether this member of staff must not be booked with the patient."""
        return any(t.staff_id == staff_id for t in self.do_not_book)

    def outside_only_with(self, staff_id: int) -> bool:
        """Whether a "book only with" list applies and does not name this member of staff."""
        return self.only_with is not None and all(t.staff_id != staff_id for t in self.only_with)

    def forbids(self, staff_id: int) -> bool:
        """Whether booking this member of staff is refused (rule 1): a target, or outside the list."""
        return self.targets(staff_id) or self.outside_only_with(staff_id)

    def allows(self, staff_id: int) -> bool:
        return not self.forbids(staff_id)

    def needs_chaperone_with(self, staff_id: int) -> bool:
        """Whether a consultation with this member of staff needs a chaperone."""
        return self.chaperone_for_all or any(t.staff_id == staff_id for t in self.chaperone_with)

    def banner_lines(self) -> list[str]:
        """The banner text, one line per restriction, discreet by design."""
        if self.removed_on is not None:
            lines = [f"Removed from list on {show_date(self.removed_on)}: do not book"]
        else:
            lines = [f"Not with {t.name}" for t in self.do_not_book]
            if self.only_with is not None:
                names = ", ".join(t.name for t in self.only_with)
                lines.append(f"Only with {names}" if names else "Only with: nobody left to book (ask the manager)")
        if self.spo_until is not None:
            lines.append(f"Stalking Protection Order until {show_date(self.spo_until)}")
        return lines

    def marker_text(self) -> str:
        """The chaperone marker text, or '' when no chaperone is needed."""
        if self.chaperone_for_all:
            return "Chaperone required for all consultations"
        if self.chaperone_with:
            names = ", ".join(t.name for t in self.chaperone_with)
            return f"Chaperone required with {names}"
        return ""
