"""Wrong PINs: after five in a row the account locks for five minutes.

A four-digit PIN is guessed in at most 10,000 tries; the lock makes that take
weeks at the desk instead of minutes. Pure: the store reads the counter and the
lock time inside its write transaction, asks here, and writes back the answer,
all with the store's clock (so tests move time instead of waiting).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from boundary_tui.core.times import humanize, london

MAX_WRONG_PINS = 5
"""Wrong PINs in a row that lock an account."""

LOCKOUT_MINUTES = 5
LOCKOUT = timedelta(minutes=LOCKOUT_MINUTES)
"""How long a locked account stays locked."""


@dataclass(frozen=True)
class AfterWrongPin:
    """The account's state after one more wrong PIN."""

    failed_pins: int
    """Wrong PINs in a row still counting towards a lock (0 once locked)."""
    locked_until: datetime | None
    """Set when this wrong PIN locked the account."""

    @property
    def tries_left(self) -> int:
        return MAX_WRONG_PINS - self.failed_pins


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Whether the account is still locked at `now` (the lock lifts on its own)."""
    return locked_until is not None and now < locked_until


def after_wrong_pin(failed_pins: int, now: datetime) -> AfterWrongPin:
    """Count one more wrong PIN; the fifth in a row locks the account and restarts the count."""
    failed = failed_pins + 1
    if failed >= MAX_WRONG_PINS:
        return AfterWrongPin(failed_pins=0, locked_until=now + LOCKOUT)
    return AfterWrongPin(failed_pins=failed, locked_until=None)


def locked_message(name: str, locked_until: datetime, now: datetime) -> str:
    """What the person at the desk reads while the account is locked."""
    return (
        f"{name}'s account is locked after {MAX_WRONG_PINS} wrong PINs, until {london(locked_until):%H:%M} "
        f"({humanize(locked_until, now)}). Try again then, or ask the practice manager."
    )
