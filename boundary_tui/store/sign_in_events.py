"""Sign-in events: every attempt to sign in, refused or not, and what they say about a lock-out.

`sign_in_events` is append-only and in the hash chain. An account's lock-out
state is folded from its events by `core.lockout` rather than kept in a
counter, so it cannot be reset without leaving a trace: only a right PIN, a
manager lifting the lock, or a new PIN or setup code (each an event of its
own) starts the count again. Helpers for `store.staff`; they run inside the
caller's transaction.

When the file cannot be written (read-only, a full disk, a lock another program
holds), signing in must still work, or nobody could see the banners: the
events are then kept in memory (`Unrecorded`), counted in the lock-out state
like written ones (a wrong PIN still counts), and written, in order and with
the time they happened, as soon as a write goes through.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from boundary_tui.core import lockout
from boundary_tui.core.times import from_db
from boundary_tui.store import evidence

if TYPE_CHECKING:
    from boundary_tui.store.db import Db

SIGNED_IN = "signed_in"
LOCK_LIFTED = "lock_lifted"
PIN_SET = "pin_set"
PIN_CHANGED = "pin_changed"
SETUP_CODE_ISSUED = "setup_code_issued"
SETUP_CODE_ACCEPTED = "setup_code_accepted"
REFUSED_DISABLED = "refused_disabled"
REFUSED_LOCKED = "refused_locked"
REFUSED_EXPIRED_CODE = "refused_expired_code"
REFUSED_PIN_REPLACED = "refused_pin_replaced"

_ENDS_A_RUN = " OR ".join(f"outcome = '{o}' OR outcome LIKE '{o} %'" for o in lockout.ENDS_A_RUN)
"""SQL: an event after which wrong PINs count from nothing (`core.lockout.ENDS_A_RUN`)."""


def record(db: Db, staff_id: int, outcome: str, *, at: str) -> None:
    """One sign-in event (inside the caller's write transaction)."""
    evidence.append(db, "sign_in_events", {"staff_id": staff_id, "at": at, "outcome": outcome})


def attempts(db: Db, staff_id: int) -> list[lockout.Attempt]:
    """The account's wrong PINs and lock-outs since the last event that ends a run, oldest first."""
    rows = db.execute(
        f"""SELECT outcome, at FROM sign_in_events
            WHERE staff_id = ? AND outcome IN ('{lockout.WRONG_PIN}', '{lockout.LOCKED}')
              AND id > coalesce((SELECT max(id) FROM sign_in_events WHERE staff_id = ? AND ({_ENDS_A_RUN})), 0)
            ORDER BY id""",
        [staff_id, staff_id],
    ).fetchall()
    return [lockout.Attempt(outcome, from_db(at)) for outcome, at in rows]


def lock_state(db: Db, staff_id: int) -> lockout.LockState:
    return lockout.state_of(attempts(db, staff_id))


class Kept(NamedTuple):
    """A sign-in event not written yet."""

    staff_id: int
    outcome: str
    at: str
    """When it happened (UTC text, as stored)."""


class Unrecorded:
    """This desk's sign-in events that could not be written yet, oldest first (thread-safe)."""

    def __init__(self) -> None:
        self._kept: list[Kept] = []
        self._lock = threading.Lock()
        self.reason = ""
        """Why the last of them could not be written (the store's message)."""

    def __bool__(self) -> bool:
        return bool(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def keep(self, staff_id: int, outcomes: Sequence[str], *, at: str, reason: str) -> None:
        with self._lock:
            self._kept.extend(Kept(staff_id, outcome, at) for outcome in outcomes)
            self.reason = reason

    def kept(self) -> list[Kept]:
        with self._lock:
            return list(self._kept)

    def attempts(self, staff_id: int) -> list[lockout.Attempt]:
        """The account's kept events, as `core.lockout` folds them (after those written)."""
        return [lockout.Attempt(k.outcome, from_db(k.at)) for k in self.kept() if k.staff_id == staff_id]

    @contextmanager
    def taken(self) -> Iterator[list[Kept]]:
        """The kept events, to write in a transaction opened inside this block (`record_kept`):
        they are forgotten only if the block ends without an error (the transaction committed),
        and kept again, before any kept meanwhile, if it does not.

            with unrecorded.taken() as kept, immediate(db):
                record_kept(db, kept)
        """
        with self._lock:
            taken, self._kept = self._kept, []
        try:
            yield taken
        except BaseException:
            with self._lock:
                self._kept[:0] = taken
            raise


def record_kept(db: Db, kept: Sequence[Kept]) -> None:
    """Write kept events, in the order they happened (inside the caller's write transaction)."""
    for event in kept:
        record(db, event.staff_id, event.outcome, at=event.at)
