"""Staff accounts: who may sign in, with what role, and who did each write.

PINs are stored only as scrypt hashes. Every write elsewhere in the store asks
`actor()` for the signed-in member of staff inside its transaction, so a
disabled account cannot write even from a desk that is still signed in.
Five wrong PINs in a row lock an account for five minutes (`core.lockout`);
every attempt, refused or not, is kept in the append-only `sign_in_events`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from boundary_tui.core import lockout
from boundary_tui.core import staff as rules
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Staff
from boundary_tui.core.pin import hash_pin, pin_problem, verify_pin
from boundary_tui.core.text import broken_unicode
from boundary_tui.core.times import from_db, show_date, to_db
from boundary_tui.store import evidence, facts
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

_COLUMNS = "id, name, role, disabled_at, pin_hash IS NOT NULL AS has_pin"

FIRST_RUN_BY = "first run at the desk"
"""`created_by` of the manager created on the first-run screen."""


def _staff(row: Any) -> Staff:
    return Staff(id=row[0], name=row[1], role=row[2], disabled=row[3] is not None, has_pin=bool(row[4]))


@dataclass(frozen=True)
class Account:
    """A member of staff as `boundary-tui staff list` shows them."""

    staff: Staff
    bookable: bool
    """Also a clinician (has a diary)."""
    disabled_at: datetime | None
    disabled_by: str | None
    locked_until: datetime | None


class StaffStore(Repo):
    """Staff accounts and sign-in."""

    def all(self) -> list[Staff]:
        """Everyone, disabled included, by name."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM staff ORDER BY name COLLATE NOCASE").fetchall()
        return [_staff(r) for r in rows]

    def can_sign_in(self) -> list[Staff]:
        """The names offered on the sign-in screen: enabled accounts with a PIN."""
        return [s for s in self.all() if s.has_pin and not s.disabled]

    def needs_first_manager(self) -> bool:
        """Nobody can sign in yet: the desk must walk someone through creating the first manager."""
        return self._nobody_can_sign_in()

    def _nobody_can_sign_in(self) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM staff WHERE pin_hash IS NOT NULL AND disabled_at IS NULL LIMIT 1"
        ).fetchone()
        return row is None

    def get(self, staff_id: int) -> Staff | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM staff WHERE id = ?", [staff_id]).fetchone()
        return _staff(row) if row else None

    def by_name(self, name: str) -> Staff | None:
        if broken_unicode(name, "name"):
            return None  # no stored name holds broken Unicode (a command-line argument may: `staff pin $'\xff'`)
        row = self.db.execute(f"SELECT {_COLUMNS} FROM staff WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return _staff(row) if row else None

    def accounts(self) -> list[Account]:
        """Everyone with their sign-in state, by name (for `staff list`)."""
        rows = self.db.execute(
            f"""SELECT {_COLUMNS}, disabled_by, locked_until,
                       EXISTS (SELECT 1 FROM clinicians c WHERE c.staff_id = staff.id AND c.active = 1)
                FROM staff ORDER BY name COLLATE NOCASE"""
        ).fetchall()
        return [
            Account(
                staff=_staff(r),
                bookable=bool(r[7]),
                disabled_at=from_db(r[3]) if r[3] else None,
                disabled_by=r[5],
                locked_until=from_db(r[6]) if r[6] else None,
            )
            for r in rows
        ]

    def actor(self, staff_id: int) -> Staff:
        """The member of staff making a write; refused if unknown or disabled."""
        staff = self.get(staff_id)
        if staff is None:
            raise Refused("Nobody is signed in with that account: sign in again.")
        if staff.disabled:
            raise Refused(f"{staff.name}'s account is disabled: nothing was saved.")
        return staff

    # -- creating accounts ------------------------------------------------------------

    @staticmethod
    def _check(name: str, role: str, pin: str | None) -> None:
        if problems := rules.problems(name, role, pin):
            raise Invalid(problems)

    def add(self, name: str, role: str, pin: str | None, *, by: str, by_id: int | None = None) -> Staff:
        """A new account. `pin` may be None for staff who never sign in (imported clinicians).

        `by` describes who created it (a signed-in manager, or the command line).
        """
        self._check(name, role, pin)
        hashed = hash_pin(pin) if pin is not None else None
        with immediate(self.db):
            if self.by_name(name):
                raise Invalid({"name": f"There is already a member of staff called {name.strip()}."})
            cursor = self.db.execute(
                "INSERT INTO staff (name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                [name.strip(), role, hashed, self.now_db(), by],
            )
            staff_id = cursor.lastrowid
            facts.record_staff(self.db, int(staff_id or 0), "added", by=by_id, reason=by, at=self.now_db())
        staff = self.get(int(staff_id or 0))
        assert staff is not None
        return staff

    def enrol(self, name: str, role: str, pin: str, *, by: str, by_id: int | None = None) -> tuple[Staff, bool]:
        """Let someone sign in: a new account, or a PIN for staff who have none yet.

        Clinicians come into the database from the clinicians import without a
        PIN; adding them by name gives them one (and the role asked for) instead
        of refusing. Returns the account and whether it was newly created.
        """
        self._check(name, role, pin)
        hashed = hash_pin(pin)  # slow on purpose: outside the write lock
        with immediate(self.db):
            existing = self.by_name(name)
            if existing is None:
                staff_id = self.db.execute(
                    "INSERT INTO staff (name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                    [name.strip(), role, hashed, self.now_db(), by],
                ).lastrowid
                created = True
            else:
                self._refuse_if_unavailable(existing)
                staff_id = existing.id
                self.db.execute(
                    "UPDATE staff SET pin_hash = ?, role = ?, failed_pins = 0, locked_until = NULL WHERE id = ?",
                    [hashed, role, existing.id],
                )
                created = False
            change = "added" if created else "pin_set"
            facts.record_staff(self.db, int(staff_id or 0), change, by=by_id, reason=by, at=self.now_db())
        staff = self.get(int(staff_id or 0))
        assert staff is not None
        return staff, created

    def create_first_manager(self, name: str, pin: str) -> Staff:
        """The first account on a database nobody can sign in to yet (the first-run screen).

        Refused once anyone can sign in, so the first-run screen can never be
        used to make a second manager behind the practice's back.
        """
        self._check(name, "manager", pin)
        hashed = hash_pin(pin)
        with immediate(self.db):
            if not self._nobody_can_sign_in():
                raise Refused("Someone has already set up this practice database: sign in with your own PIN.")
            existing = self.by_name(name)
            if existing is None:
                staff_id = self.db.execute(
                    "INSERT INTO staff (name, role, pin_hash, created_at, created_by) VALUES (?, 'manager', ?, ?, ?)",
                    [name.strip(), hashed, self.now_db(), FIRST_RUN_BY],
                ).lastrowid
            else:
                self._refuse_if_unavailable(existing)
                staff_id = existing.id
                self.db.execute(
                    """UPDATE staff SET pin_hash = ?, role = 'manager', failed_pins = 0, locked_until = NULL
                       WHERE id = ?""",
                    [hashed, existing.id],
                )
            change = "added" if existing is None else "pin_set"
            facts.record_staff(self.db, int(staff_id or 0), change, by=None, reason=FIRST_RUN_BY, at=self.now_db())
        staff = self.get(int(staff_id or 0))
        assert staff is not None
        return staff

    @staticmethod
    def _refuse_if_unavailable(existing: Staff) -> None:
        if existing.disabled:
            raise Refused(f"{existing.name}'s account is disabled: it cannot be given a PIN.")
        if existing.has_pin:
            raise Invalid({"name": f"{existing.name} can already sign in (they have a PIN)."})

    def set_pin(self, staff_id: int, pin: str) -> None:
        """Give an account a (new) PIN."""
        if reason := pin_problem(pin):
            raise Invalid({"pin": reason})
        hashed = hash_pin(pin)
        with immediate(self.db):
            self.db.execute(
                "UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?", [hashed, staff_id]
            )
            facts.record_staff(self.db, staff_id, "pin_set", by=None, at=self.now_db())

    def reset_pin(self, staff_id: int, pin: str, *, by: str) -> Staff:
        """A new PIN for someone who forgot theirs (or locked themselves out); recorded with who did it."""
        if reason := pin_problem(pin):
            raise Invalid({"pin": reason})
        hashed = hash_pin(pin)
        with immediate(self.db):
            staff = self.get(staff_id)
            if staff is None:
                raise Refused("There is no such member of staff.")
            if staff.disabled:
                raise Refused(f"{staff.name}'s account is disabled: it cannot be given a PIN.")
            self.db.execute(
                "UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?", [hashed, staff_id]
            )
            evidence.append(
                self.db, "sign_in_events", {"staff_id": staff_id, "at": self.now_db(), "outcome": f"pin_reset by {by}"}
            )
            facts.record_staff(self.db, staff_id, "pin_reset", by=None, reason=by, at=self.now_db())
        reset = self.get(staff_id)
        assert reset is not None
        return reset

    def disable(self, staff_id: int, *, by: str) -> Staff:
        """Stop an account signing in or writing anything, from this moment on every desk.

        The account stays (its name is on the timeline); who disabled it and when
        is kept on the row. The last manager who can sign in cannot be disabled:
        nobody could then open or close concerns.
        """
        with immediate(self.db):
            staff = self.get(staff_id)
            if staff is None:
                raise Refused("There is no such member of staff.")
            if staff.disabled:
                raise Refused(f"{staff.name}'s account is already disabled.")
            if staff.is_manager and staff.has_pin:
                others = self.db.execute(
                    """SELECT count(*) FROM staff WHERE role = 'manager' AND pin_hash IS NOT NULL
                       AND disabled_at IS NULL AND id <> ?""",
                    [staff_id],
                ).fetchone()[0]
                if not others:
                    raise Refused(
                        f"{staff.name} is the only manager who can sign in: add another manager first "
                        "(boundary-tui staff add NAME --role manager), or nobody could manage concerns."
                    )
            self.db.execute(
                "UPDATE staff SET disabled_at = ?, disabled_by = ? WHERE id = ?", [self.now_db(), by, staff_id]
            )
            facts.record_staff(self.db, staff_id, "disabled", by=None, reason=by, at=self.now_db())
        disabled = self.get(staff_id)
        assert disabled is not None
        return disabled

    # -- signing in -------------------------------------------------------------------

    def sign_in(self, staff_id: int, pin: str) -> Staff:
        """Check a PIN. Refuses with a plain reason; records every outcome.

        The PIN is checked (slowly, by design) outside the write lock; the
        counter and lock are then read again and written in one transaction,
        so two desks guessing at once still lock the account after five.
        """
        row = self.db.execute(f"SELECT {_COLUMNS}, pin_hash FROM staff WHERE id = ?", [staff_id]).fetchone()
        if row is None:
            raise Refused("Choose your name from the list.")
        staff, stored = _staff(row), row[5]
        if not stored and not staff.disabled:
            raise Refused(f"{staff.name} has no PIN yet. Ask the practice manager to set one.")
        right = bool(stored) and verify_pin(pin, stored)
        now = self.now()
        with immediate(self.db):
            disabled_at, failed, locked_text = self.db.execute(
                "SELECT disabled_at, failed_pins, locked_until FROM staff WHERE id = ?", [staff_id]
            ).fetchone()
            locked_until = from_db(locked_text) if locked_text else None
            refusal: str | None = None
            if disabled_at is not None:
                self._record(staff.id, "refused_disabled")
                refusal = (
                    f"{staff.name}'s account was disabled on {show_date(from_db(disabled_at).date())}: "
                    "it cannot sign in. Ask the practice manager."
                )
            elif lockout.is_locked(locked_until, now):
                assert locked_until is not None
                self._record(staff.id, "refused_locked")
                refusal = lockout.locked_message(staff.name, locked_until, now)
            elif right:
                self.db.execute("UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = ?", [staff_id])
                self._record(staff.id, "signed_in")
            else:
                after = lockout.after_wrong_pin(failed, now)
                self.db.execute(
                    "UPDATE staff SET failed_pins = ?, locked_until = ? WHERE id = ?",
                    [after.failed_pins, to_db(after.locked_until) if after.locked_until else None, staff_id],
                )
                self._record(staff.id, "wrong_pin")
                refusal = f"That PIN is not right for {staff.name}."
                if after.locked_until is not None:
                    self._record(staff.id, "locked")
                    refusal += " " + lockout.locked_message(staff.name, after.locked_until, now)
                elif after.tries_left <= 2:
                    tries = "one more wrong PIN" if after.tries_left == 1 else f"{after.tries_left} more wrong PINs"
                    refusal += f" Try again: {tries} will lock the account for {lockout.LOCKOUT_MINUTES} minutes."
                else:
                    refusal += " Try again."
        if refusal is not None:
            raise Refused(refusal)
        return staff

    def _record(self, staff_id: int, outcome: str) -> None:
        """One sign-in event; runs inside the caller's `immediate()` transaction."""
        evidence.append(self.db, "sign_in_events", {"staff_id": staff_id, "at": self.now_db(), "outcome": outcome})
