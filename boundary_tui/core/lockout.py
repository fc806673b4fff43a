"""Wrong PINs: five in a row lock an account, and each further lock-out lasts longer.

A locked desk faces the public. With a fixed five-minute lock, anyone could
keep the practice manager locked out all day (five wrong PINs every five
minutes) and guess slowly for ever. So lock-outs grow while no right PIN comes
in between: 5 minutes, then 15, then an hour, and from the fourth the account
stays locked until a practice manager lifts it (the manager's queue at the
desk, or `boundary-tui staff unlock`). Every lock-out shows in the manager's
queue.

The state is derived, not stored: it is folded from the account's sign-in
events (`wrong_pin`, `locked`, and those that end a run of wrong PINs), which
are append-only and in the hash chain, so nobody can quietly reset a counter.
Pure: the store reads the events inside its write transaction, asks here, and
records what this module decides, all with the store's clock (tests move time
instead of waiting).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from boundary_tui.core.times import humanize, london, london_today

MAX_WRONG_PINS = 5
"""Wrong PINs in a row that lock an account."""

LOCK_STEPS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
"""How long the first, second and third lock-out in a row last."""

HELD_FROM = len(LOCK_STEPS) + 1
"""From this lock-out in a row on, the account stays locked until a manager lifts it."""

WRONG_PIN = "wrong_pin"
LOCKED = "locked"

ENDS_A_RUN = ("signed_in", "lock_lifted", "pin_set", "pin_changed", "setup_code_issued", "pin_reset")
"""Sign-in outcomes after which wrong PINs count from nothing again: a right PIN, a
manager lifting the lock, a new PIN or setup code. (Older databases recorded a reset
as `pin_reset by …`: anything starting with one of these counts.)"""


def ends_a_run(outcome: str) -> bool:
    return outcome.split(" ", 1)[0] in ENDS_A_RUN


def lock_length(lockout: int) -> timedelta | None:
    """How long the `lockout`-th lock-out in a row lasts (1 is the first); None: until a manager lifts it."""
    return LOCK_STEPS[lockout - 1] if 1 <= lockout < HELD_FROM else None


def duration_text(length: timedelta | None) -> str:
    """`5 minutes`, `1 hour`, `until a practice manager lifts it`."""
    if length is None:
        return "until a practice manager lifts it"
    minutes = int(length.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"


class Attempt(NamedTuple):
    """One sign-in event of an account, as stored."""

    outcome: str
    at: datetime


class LockState(NamedTuple):
    """Where an account stands after its sign-in events."""

    wrong_pins: int = 0
    """Wrong PINs since the last lock-out (or the start of the run): they count towards the next."""
    lockouts: int = 0
    """Lock-outs in a row with no right PIN (or lift) in between."""
    locked_at: datetime | None = None
    """When the latest of them began."""
    wrong_in_run: int = 0
    """Every wrong PIN of the run (what the manager's queue reports)."""
    run_began: datetime | None = None
    """The first wrong PIN of the run."""

    @property
    def held(self) -> bool:
        """Locked until a manager lifts it."""
        return self.lockouts >= HELD_FROM

    @property
    def locked_until(self) -> datetime | None:
        """When the latest lock-out ends (None if there is none, or it is held)."""
        length = lock_length(self.lockouts)
        if self.locked_at is None or length is None:
            return None
        return self.locked_at + length

    def is_locked(self, now: datetime) -> bool:
        if self.held:
            return True
        until = self.locked_until
        return until is not None and now < until

    @property
    def tries_left(self) -> int:
        """Wrong PINs before the next lock-out."""
        return MAX_WRONG_PINS - self.wrong_pins

    @property
    def next_lock(self) -> timedelta | None:
        """How long the next lock-out would last (None: until lifted)."""
        return lock_length(self.lockouts + 1)


def _fold(state: LockState, attempt: Attempt) -> LockState:
    if ends_a_run(attempt.outcome):
        return LockState()
    if attempt.outcome == WRONG_PIN:
        return state._replace(
            wrong_pins=state.wrong_pins + 1,
            wrong_in_run=state.wrong_in_run + 1,
            run_began=state.run_began or attempt.at,
        )
    if attempt.outcome == LOCKED:
        return state._replace(wrong_pins=0, lockouts=state.lockouts + 1, locked_at=attempt.at)
    return state  # refused attempts (locked, disabled, expired code) change nothing


def state_of(attempts: Iterable[Attempt]) -> LockState:
    """The account's state after these events, oldest first (all of them, or those since the last that ends a run)."""
    state = LockState()
    for attempt in attempts:
        state = _fold(state, attempt)
    return state


def after_wrong_pin(state: LockState, now: datetime) -> tuple[LockState, bool]:
    """One more wrong PIN: the new state, and whether it locks the account (then record `locked` too)."""
    after = _fold(state, Attempt(WRONG_PIN, now))
    if after.wrong_pins >= MAX_WRONG_PINS:
        return _fold(after, Attempt(LOCKED, now)), True
    return after, False


# -- what people read -------------------------------------------------------------------


def locked_message(name: str, state: LockState, now: datetime) -> str:
    """What the person at the desk (or the command line) reads while the account is locked."""
    wrong = f"{state.wrong_in_run} wrong PINs" if state.wrong_in_run != 1 else "a wrong PIN"
    until = state.locked_until
    if state.held or until is None:
        return f"{name}'s account is locked after {wrong}: ask a practice manager to lift the lock."
    return (
        f"{name}'s account is locked after {wrong}, until {london(until):%H:%M} "
        f"({humanize(until, now)}). Try again then, or ask a practice manager."
    )


def wrong_pin_message(name: str, state: LockState, now: datetime, *, locked: bool) -> str:
    """After a wrong PIN: that it was wrong, and what the next ones will do."""
    message = f"That PIN is not right for {name}."
    if locked:
        return f"{message} {locked_message(name, state, now)}"
    if state.tries_left <= 2:
        tries = "one more wrong PIN" if state.tries_left == 1 else f"{state.tries_left} more wrong PINs"
        return f"{message} Try again: {tries} will lock the account {_for(state.next_lock)}."
    return f"{message} Try again."


def _for(length: timedelta | None) -> str:
    return duration_text(length) if length is None else f"for {duration_text(length)}"


def queue_text(state: LockState, now: datetime) -> str:
    """The manager's queue: `Locked after 15 wrong PINs since 09:12 (until 10:30): lift the lock`."""
    began = state.run_began or state.locked_at or now
    since = f"{london(began):%H:%M}" if london_today(began) == london_today(now) else f"{london(began):%d %b %H:%M}"
    until = state.locked_until
    if state.held or until is None:
        status = "held until a manager lifts it"
    elif now < until:
        status = f"until {london(until):%H:%M}"
    else:
        following = state.next_lock
        then = "the next holds it until lifted" if following is None else f"the next lasts {duration_text(following)}"
        status = f"lock ended {london(until):%H:%M}; {then}"
    return f"Locked after {state.wrong_in_run} wrong PINs since {since} ({status}): lift the lock"
