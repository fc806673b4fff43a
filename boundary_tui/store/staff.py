"""Staff accounts: who may sign in, with what role, and who did each write.

PINs are stored only as scrypt hashes. Every write elsewhere in the store asks
`actor()` for the signed-in member of staff inside its transaction, so a
disabled account cannot write even from a desk that is still signed in.
"""

from __future__ import annotations

from typing import Any

from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import ROLES, Staff
from boundary_tui.core.pin import hash_pin, pin_problem, verify_pin
from boundary_tui.core.text import name_problem
from boundary_tui.store import evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

_COLUMNS = "id, name, role, disabled_at, pin_hash IS NOT NULL AS has_pin"


def _staff(row: Any) -> Staff:
    return Staff(id=row[0], name=row[1], role=row[2], disabled=row[3] is not None, has_pin=bool(row[4]))


class StaffStore(Repo):
    """Staff accounts and sign-in."""

    def all(self) -> list[Staff]:
        """Everyone, disabled included, by name."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM staff ORDER BY name COLLATE NOCASE").fetchall()
        return [_staff(r) for r in rows]

    def can_sign_in(self) -> list[Staff]:
        """The names offered on the sign-in screen: enabled accounts with a PIN."""
        return [s for s in self.all() if s.has_pin and not s.disabled]

    def get(self, staff_id: int) -> Staff | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM staff WHERE id = ?", [staff_id]).fetchone()
        return _staff(row) if row else None

    def by_name(self, name: str) -> Staff | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM staff WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return _staff(row) if row else None

    def actor(self, staff_id: int) -> Staff:
        """The member of staff making a write; refused if unknown or disabled."""
        staff = self.get(staff_id)
        if staff is None:
            raise Refused("Nobody is signed in with that account: sign in again.")
        if staff.disabled:
            raise Refused(f"{staff.name}'s account is disabled: nothing was saved.")
        return staff

    def add(self, name: str, role: str, pin: str | None, *, by: str) -> Staff:
        """A new account. `pin` may be None for staff who never sign in (imported clinicians).

        `by` describes who created it (a signed-in manager, or the command line).
        """
        problems: dict[str, str] = {}
        if reason := name_problem(name, "Name"):
            problems["name"] = reason
        if role not in ROLES:
            problems["role"] = f"Role must be one of: {', '.join(ROLES)}."
        if pin is not None and (reason := pin_problem(pin)):
            problems["pin"] = reason
        if problems:
            raise Invalid(problems)
        hashed = hash_pin(pin) if pin is not None else None
        with immediate(self.db):
            if self.by_name(name):
                raise Invalid({"name": f"There is already a member of staff called {name.strip()}."})
            cursor = self.db.execute(
                "INSERT INTO staff (name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                [name.strip(), role, hashed, self.now_db(), by],
            )
            staff_id = cursor.lastrowid
        staff = self.get(int(staff_id or 0))
        assert staff is not None
        return staff

    def set_pin(self, staff_id: int, pin: str) -> None:
        """Give an account a (new) PIN."""
        if reason := pin_problem(pin):
            raise Invalid({"pin": reason})
        hashed = hash_pin(pin)
        with immediate(self.db):
            self.db.execute(
                "UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?", [hashed, staff_id]
            )

    def sign_in(self, staff_id: int, pin: str) -> Staff:
        """Check a PIN. Refuses with a plain reason; records the outcome."""
        row = self.db.execute(f"SELECT {_COLUMNS}, pin_hash FROM staff WHERE id = ?", [staff_id]).fetchone()
        if row is None:
            raise Refused("Choose your name from the list.")
        staff, stored = _staff(row), row[5]
        if staff.disabled:
            self._record(staff.id, "refused_disabled")
            raise Refused(f"{staff.name}'s account is disabled. Ask the practice manager.")
        if not stored:
            raise Refused(f"{staff.name} has no PIN yet. Ask the practice manager to set one.")
        if not verify_pin(pin, stored):
            self._record(staff.id, "wrong_pin")
            raise Refused(f"That PIN is not right for {staff.name}. Try again.")
        self._record(staff.id, "signed_in")
        return staff

    def _record(self, staff_id: int, outcome: str) -> None:
        with immediate(self.db):
            evidence.append(self.db, "sign_in_events", {"staff_id": staff_id, "at": self.now_db(), "outcome": outcome})
