"""Rule 8's course of conduct, and how often contacts came (the sparkline).

Harassment needs a *course of conduct*: conduct on at least two occasions
(Protection from Harassment Act 1997, s.7). The fewer and further apart the
occasions, the harder it is to show they form one course, so the timeline says
when they are months apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from boundary_tui.core.times import LONDON_ZONE, show_date

MONTHS_APART_DAYS = 60
"""A gap this long between two contacts is "months apart"."""

BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class CourseOfConduct:
    """How many contacts, on how many days, and the longest quiet spell."""

    contacts: int = 0
    days: int = 0
    first: date | None = None
    last: date | None = None
    longest_gap: int = 0
    """Days between the two contacts furthest apart in time (consecutive)."""
    gap_from: date | None = None
    gap_to: date | None = None

    @property
    def is_course(self) -> bool:
        """Two or more contacts: the legal threshold for harassment."""
        return self.contacts >= 2

    @property
    def months_apart(self) -> bool:
        return self.contacts >= 2 and self.longest_gap >= MONTHS_APART_DAYS

    def sentence(self) -> str:
        """The line the timeline and the export show."""
        if self.contacts == 0 or self.first is None or self.last is None:
            return "No contacts logged yet."
        if self.contacts == 1:
            return (
                f"One contact logged ({show_date(self.first)}). A second would make a course of conduct: "
                "two or more occasions is the legal threshold for harassment."
            )
        days = "the same day" if self.days == 1 else f"{self.days} different days"
        text = (
            f"Course of conduct: {self.contacts} contacts on {days} between {show_date(self.first)} and "
            f"{show_date(self.last)} (two or more occasions is the legal threshold for harassment)."
        )
        if self.months_apart and self.gap_from and self.gap_to:
            months = self.longest_gap // 30
            span = f"{months} months between {show_date(self.gap_from)} and {show_date(self.gap_to)}"
            lead = "The two occasions are" if self.contacts == 2 else "Some occasions are"
            text += (
                f" {lead} months apart ({span}): the further apart they are, the harder it is to show one course "
                "of conduct. Keep logging every contact."
            )
        return text


def course_of_conduct(days_of_contacts: Sequence[date]) -> CourseOfConduct:
    """From the practice dates of the current contacts (any order)."""
    if not days_of_contacts:
        return CourseOfConduct()
    ordered = sorted(days_of_contacts)
    gap, gap_from, gap_to = 0, None, None
    for before, after in zip(ordered, ordered[1:], strict=False):
        if (after - before).days > gap:
            gap, gap_from, gap_to = (after - before).days, before, after
    return CourseOfConduct(
        contacts=len(ordered),
        days=len(set(ordered)),
        first=ordered[0],
        last=ordered[-1],
        longest_gap=gap,
        gap_from=gap_from,
        gap_to=gap_to,
    )


@dataclass(frozen=True)
class WeeklyCounts:
    """Contacts per week (Monday to Sunday, practice dates) over the concern's life."""

    first_week: date
    counts: tuple[int, ...]

    @property
    def last_week(self) -> date:
        return self.first_week + timedelta(weeks=max(0, len(self.counts) - 1))

    @property
    def peak(self) -> int:
        return max(self.counts, default=0)

    def weeks_per_mark(self, width: int) -> int:
        """How many weeks one character stands for when `width` characters are available."""
        return max(1, -(-len(self.counts) // max(1, width)))

    def bars(self, width: int) -> str:
        """A sparkline at most `width` characters wide; each mark shows its busiest week."""
        per = self.weeks_per_mark(width)
        marks = [max(self.counts[i : i + per]) for i in range(0, len(self.counts), per)]
        peak = max(marks, default=0)
        if peak == 0:
            return BARS[0] * len(marks)
        top = len(BARS) - 1
        return "".join(BARS[0] if n == 0 else BARS[max(1, round(n / peak * top))] for n in marks)

    def caption(self, width: int) -> str:
        """What the sparkline shows, in words."""
        per = self.weeks_per_mark(width)
        unit = "week" if per == 1 else f"{per} weeks (busiest week shown)"
        return (
            f"Contacts per {unit}, {show_date(self.first_week)} to {show_date(self.last_week)}: "
            f"at most {self.peak} in a week"
        )


def practice_day(moment: datetime) -> date:
    """`london_today(moment)`, without the call: a long timeline has thousands of moments.

    No cache: zoneinfo's C conversion (~0.6 µs) is within a few tenths of a µs of one,
    and a cache by hour grew all day at a desk (13,000 hours after 300 records)."""
    return moment.astimezone(LONDON_ZONE).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_counts(days_of_contacts: Sequence[date], start: date, end: date) -> WeeklyCounts:
    """Count contacts per week from the week of `start` to the week of `end`."""
    first = monday_of(min([start, *days_of_contacts]))
    last = monday_of(max([end, *days_of_contacts]))
    counts = [0] * ((last - first).days // 7 + 1)
    monday = first.toordinal()  # whole weeks from a Monday: no need to find each day's Monday
    for day in days_of_contacts:
        counts[(day.toordinal() - monday) // 7] += 1
    return WeeklyCounts(first_week=first, counts=tuple(counts))
