"""What a receptionist typed into the search box, understood.

One box takes a name, a date of birth, an NHS number, a postcode or a phone
number (and combinations such as `smith 03/04/1985`). Parsing is pure: the
store turns the result into SQL. Nothing typed here ever reaches SQLite as
syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from boundary_tui.core import nhs, phone, postcode
from boundary_tui.core.text import query_terms
from boundary_tui.core.times import DateProblem, looks_like_date, parse_date

MIN_NUMBER_PREFIX = 3
"""Digits needed before a partial NHS or phone number is searched."""

_NUMBERISH = re.compile(r"^\+?[\d\s-]+$")
_WORD = re.compile(r"[^\W_]")

NOTHING_TO_SEARCH = (
    "Search ignores punctuation: type part of a name, a date of birth, an NHS number, a postcode or a phone number."
)


@dataclass(frozen=True)
class Lookup:
    """A parsed search. Empty fields are not filters."""

    name_terms: tuple[str, ...] = ()
    date_of_birth: date | None = None
    nhs_number: str | None = None
    """A complete, valid NHS number: exact match."""
    number_prefix: str | None = None
    """Partial digits: start of an NHS number."""
    phone_prefix: str | None = None
    """Digits in national form (starting 0): start of a phone number."""
    postcode_prefix: str | None = None
    """Compact upper-case start of a postcode."""
    problems: tuple[str, ...] = field(default=())
    """Things to tell the user (an impossible date, a bad check digit)."""

    @property
    def is_empty(self) -> bool:
        """Nothing to search for (the user may still need to see `problems`)."""
        return not (
            self.name_terms
            or self.date_of_birth
            or self.nhs_number
            or self.number_prefix
            or self.phone_prefix
            or self.postcode_prefix
        )


def parse(text: str) -> Lookup:
    """Understand one search box entry."""
    text = text.strip()
    if not text:
        return Lookup()
    if not _WORD.search(text):
        return Lookup(problems=(NOTHING_TO_SEARCH,))
    if _NUMBERISH.match(text) and not looks_like_date(text):
        return _parse_number(text)
    if postcode.normalise(text):
        return Lookup(postcode_prefix=postcode.compact(text))
    names: list[str] = []
    problems: list[str] = []
    dob: date | None = None
    postcode_prefix: str | None = None
    for word in text.split():
        if looks_like_date(word):
            try:
                dob = parse_date(word)
            except DateProblem as problem:
                problems.append(str(problem))
        elif any(c.isdigit() for c in word) and postcode.is_partial(word):
            postcode_prefix = postcode.compact(word)
        else:
            names.extend(query_terms(word))
    return Lookup(
        name_terms=tuple(names),
        date_of_birth=dob,
        postcode_prefix=postcode_prefix,
        problems=tuple(problems),
    )


def _parse_number(text: str) -> Lookup:
    """Digits only: an NHS number (whole or started) and/or a phone number.

    A number starting `0` or `+` is searched as a phone number too; UK phone
    numbers start with 0 and English NHS numbers never do.
    """
    compact = nhs.digits_of(text).lstrip("+")
    national = phone.digits(text)
    phone_prefix = national if national.startswith("0") and len(national) >= MIN_NUMBER_PREFIX else None
    if text.startswith("+"):
        return Lookup(phone_prefix=phone_prefix)
    if len(compact) == 10:
        reason = nhs.problem(compact)
        if reason and not phone_prefix:
            return Lookup(problems=(reason,))
        return Lookup(nhs_number=None if reason else compact, phone_prefix=phone_prefix)
    if len(compact) > 10:
        if phone_prefix:
            return Lookup(phone_prefix=phone_prefix)
        return Lookup(problems=(f"An NHS number has 10 digits; {compact} has {len(compact)}.",))
    if len(compact) < MIN_NUMBER_PREFIX:
        return Lookup()
    return Lookup(number_prefix=compact, phone_prefix=phone_prefix)
