"""NHS numbers: checked with the maintained `nhs-number` package, shown 3-3-4.

The Modulus 11 check alone passes `0000000000`, so we also require a number from
an issued range (England/Wales/IoM, Scotland, Northern Ireland) or the
synthetic test range 999 used by demo and training databases.
"""

from __future__ import annotations

import re

from nhs_number import constants
from nhs_number.validate import calculate_checksum, is_valid

_ACCEPTED_RANGES = (
    constants.REGION_ENGLAND_WALES_IOM,
    constants.REGION_SCOTLAND,
    constants.REGION_NORTHERN_IRELAND,
    constants.REGION_SYNTHETIC,
)

_SEPARATORS = re.compile(r"[\s-]+")


def digits_of(text: str) -> str:
    """The text with spaces and dashes removed (what a person typed, compacted)."""
    return _SEPARATORS.sub("", text.strip())


def problem(text: str) -> str | None:
    """Why this is not a usable NHS number, or None if it is one."""
    compact = digits_of(text)
    if not compact:
        return "Enter an NHS number (10 digits)."
    if not compact.isdigit() or not compact.isascii():
        return f"{text.strip()!r} is not an NHS number: it must be 10 digits."
    if len(compact) != 10:
        return f"An NHS number has 10 digits; {compact} has {len(compact)}."
    if not is_valid(compact):
        return f"{format_nhs(compact)} is not a valid NHS number (the check digit does not match)."
    if not any(region.contains_number(compact) for region in _ACCEPTED_RANGES):  # type: ignore[no-untyped-call]
        return f"{format_nhs(compact)} is not in a range the NHS issues."
    return None


def normalise(text: str) -> str:
    """The 10 digits of a valid NHS number. Raises ValueError with `problem()`'s message."""
    reason = problem(text)
    if reason:
        raise ValueError(reason)
    return digits_of(text)


def format_nhs(number: str) -> str:
    """`943 476 5919`: the 3-3-4 grouping used on NHS paperwork."""
    if len(number) == 10 and number.isdigit():
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


def with_check_digit(first_nine: str) -> str | None:
    """A full number from nine digits, or None where no check digit exists (remainder 10)."""
    check = calculate_checksum(first_nine)
    if check is None or check == 10:
        return None
    return first_nine + str(check)
