"""UK postcodes, typed any way (`sw1a1aa`, `SW1A  1AA`) and stored one way (`SW1A 1AA`)."""

from __future__ import annotations

import re

_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_PARTIAL = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9]?[A-Z]?$")


def compact(text: str) -> str:
    """Upper case with every space removed: the search key."""
    return "".join(text.split()).upper()


def normalise(text: str) -> str | None:
    """`SW1A 1AA` for anything that is a full postcode, else None."""
    match = _FULL.match(compact(text))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def is_partial(text: str) -> bool:
    """Whether a search word is the start of a postcode (`LS6`, `LS62`, `LS6 2A`).

    Needs a letter then a digit, so names never look like postcodes.
    """
    key = compact(text)
    return bool(_OUTWARD.match(key) or _PARTIAL.match(key) or _FULL.match(key))
