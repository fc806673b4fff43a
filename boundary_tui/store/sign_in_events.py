"""Sign-in events: every attempt to sign in, refused or not, and what they say about a lock-out.

`sign_in_events` is append-only and in the hash chain. An account's lock-out
state is folded from its events by `core.lockout` rather than kept in a
counter, so it cannot be reset without leaving a trace: only a right PIN, a
manager lifting the lock, or a new PIN or setup code (each an event of its
own) starts the count again. Helpers for `store.staff`; they run inside the
caller's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boundary_tui.core import lockout
from boundary_tui.core.times import from_db
from boundary_tui.store import evidence

if TYPE_CHECKING:
    from sqlite_utils import Database

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


def record(db: Database, staff_id: int, outcome: str, *, at: str) -> None:
    """One sign-in event (inside the caller's write transaction)."""
    evidence.append(db, "sign_in_events", {"staff_id": staff_id, "at": at, "outcome": outcome})


def attempts(db: Database, staff_id: int) -> list[lockout.Attempt]:
    """The account's wrong PINs and lock-outs since the last event that ends a run, oldest first."""
    rows = db.execute(
        f"""SELECT outcome, at FROM sign_in_events
            WHERE staff_id = ? AND outcome IN ('{lockout.WRONG_PIN}', '{lockout.LOCKED}')
              AND id > coalesce((SELECT max(id) FROM sign_in_events WHERE staff_id = ? AND ({_ENDS_A_RUN})), 0)
            ORDER BY id""",
        [staff_id, staff_id],
    ).fetchall()
    return [lockout.Attempt(outcome, from_db(at)) for outcome, at in rows]


def lock_state(db: Database, staff_id: int) -> lockout.LockState:
    return lockout.state_of(attempts(db, staff_id))
