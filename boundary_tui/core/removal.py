"""Rule 9's dates: when a warning lapses, when written confirmation is due, how long an SPO lasts.

* Ordinary removal from the list needs a warning given within the previous 12 months.
* Immediate removal needs a police report on record and written confirmation within 7 days.
* A Stalking Protection Order (applied for by the police) lasts at least 2 years and shows
  on the banner until it expires.
"""

from __future__ import annotations

from datetime import date, timedelta

WARNING_VALID_MONTHS = 12
CONFIRMATION_DAYS = 7
SPO_MINIMUM_YEARS = 2


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the end of the month where that day does not exist (29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")


def warning_lapses_on(warned_on: date) -> date:
    """The first day on which a warning no longer supports an ordinary removal."""
    return add_months(warned_on, WARNING_VALID_MONTHS)


def warning_is_current(warned_on: date, today: date) -> bool:
    return warned_on <= today < warning_lapses_on(warned_on)


def confirmation_due_on(removed_on: date) -> date:
    """The last day to send written confirmation of an immediate removal."""
    return removed_on + timedelta(days=CONFIRMATION_DAYS)


def spo_minimum_expiry(granted_on: date) -> date:
    """The earliest expiry a Stalking Protection Order can have (at least 2 years)."""
    return add_months(granted_on, 12 * SPO_MINIMUM_YEARS)
