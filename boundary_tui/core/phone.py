"""Phone numbers: stored as typed, searched by their digits in UK national form."""

from __future__ import annotations

import re


def digits(text: str) -> str:
    """`+44 7700 900123` → `07700900123`; `(01632) 960 001` → `01632960001`."""
    raw = re.sub(r"\D", "", text)
    if text.strip().startswith("+44") and raw.startswith("44"):
        raw = "0" + raw[2:]
    return raw
