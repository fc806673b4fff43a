"""Staff accounts: who may sign in, with what role, and who did each write.

PINs are stored only as scrypt hashes. Every write elsewhere in the store asks
`actor()` for the signed-in member of staff inside its transaction, so a
disabled account cannot write even from a desk that is still signed in.

Nobody sets another person's PIN. A new account (`enrol`), or one whose owner
forgot their PIN (`issue_setup_code`), gets a one-time setup code instead
(`core.pin`: random, stored hashed, valid 24 hours); its owner types it at a
desk and then chooses their own PIN (`complete_setup`). Only the first manager
of an empty database chooses a PIN directly, on the desk's first-run screen.

Wrong PINs lock an account, for longer each time, and from the fourth lock-out
in a row until a manager lifts it (`core.lockout`); the state is folded from the
append-only `sign_in_events`, where every attempt, refused or not, is kept
(`store.sign_in_events`). The `failed_pins` and `locked_until` columns of the
first schema are no longer read or written: a counter anyone with `sqlite3`
could reset decided nothing.

Signing in works when the file cannot be written (read-only, a full disk, a
lock another program holds): a desk must still show its banners. The attempt's
events are then kept in memory (`Store.unrecorded`), count towards the
lock-out like written ones, and are written first by the next write of a
sign-in event that goes through (or `Store.record_unrecorded`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from boundary_tui.core import lockout
from boundary_tui.core import staff as rules
from boundary_tui.core.errors import CannotWrite, Invalid, Refused
from boundary_tui.core.models import Staff
from boundary_tui.core.pin import (
    SETUP_CODE_VALID,
    hash_pin,
    hash_setup_code,
    new_setup_code,
    pin_problem,
    setup_code_expires,
    verify_pin,
)
from boundary_tui.core.roles import require_manager
from boundary_tui.core.text import broken_unicode
from boundary_tui.core.times import from_db, london, london_today, show_date
from boundary_tui.store import facts
from boundary_tui.store import sign_in_events as events
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

_COLUMNS = "id, name, role, disabled_at, pin_hash IS NOT NULL AS has_pin, pin_hash LIKE 'setup$%' AS setup_pending"

FIRST_RUN_BY = "first run at the desk"
"""`created_by` of the manager created on the first-run screen."""


def _staff(row: Any) -> Staff:
    return Staff(
        id=row[0],
        name=row[1],
        role=row[2],
        disabled=row[3] is not None,
        has_pin=bool(row[4]),
        setup_pending=bool(row[5]),
    )


def _when(moment: datetime, now: datetime) -> str:
    """`09:12` today, `24 Nov 09:12` another day (London)."""
    if london_today(moment) == london_today(now):
        return f"{london(moment):%H:%M}"
    return f"{london(moment):%d %b %H:%M}"


class SetupCodeAccepted(Refused):
    """The setup code was right: its owner must now choose their own PIN (`complete_setup`) before signing in."""

    def __init__(self, staff: Staff) -> None:
        super().__init__(
            f"{staff.name} has a setup code, not a PIN yet: at a desk, choose your name, type the code, "
            "then choose your own PIN."
        )
        self.staff = staff


class Account(NamedTuple):
    """A member of staff as `boundary-tui staff list` shows them."""

    staff: Staff
    bookable: bool
    """Also a clinician (has a diary)."""
    disabled_at: datetime | None
    disabled_by: str | None
    lock: lockout.LockState
    setup_code_expires: datetime | None
    """When their setup code stops working, if they have one instead of a PIN."""


class SetupCode(NamedTuple):
    """A one-time code just issued: shown once to whoever issued it, never stored in the clear."""

    staff: Staff
    code: str
    expires: datetime
    created: bool = False
    """The account was created with it (`enrol`)."""


class _Check(NamedTuple):
    """A PIN (or code) checked against what was stored when it was read (outside the write lock)."""

    staff: Staff
    stored: str | None
    right: bool


class StaffStore(Repo):
    """Staff accounts and sign-in."""

    def all(self) -> list[Staff]:
        """Everyone, disabled included, by name."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM staff ORDER BY name COLLATE NOCASE").fetchall()
        return [_staff(r) for r in rows]

    def can_sign_in(self) -> list[Staff]:
        """The names offered on the sign-in screen: enabled accounts with a PIN or a setup code."""
        return [s for s in self.all() if s.has_pin and not s.disabled]

    def needs_first_manager(self) -> bool:
        """Nobody can sign in yet: the desk must walk someone through creating the first manager."""
        return self._nobody_can_sign_in()

    def _nobody_can_sign_in(self) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM staff WHERE pin_hash IS NOT NULL AND disabled_at IS NULL LIMIT 1"
        ).fetchone()
        return row is None

    def managers_who_can_vouch(self) -> list[Staff]:
        """Managers who could type a PIN right now: enabled, with a PIN of their own, not held locked.

        When there is none, the command line cannot ask for a manager's PIN: it
        lets the service account add a manager, issue a setup code or lift a lock
        without one (and says so), or the practice could never get back in.
        """
        managers = [s for s in self.all() if s.is_manager and s.has_pin and not s.setup_pending and not s.disabled]
        return [m for m in managers if not self._lock_state(m.id).held]

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
            f"""SELECT {_COLUMNS}, disabled_by, pin_hash,
                       EXISTS (SELECT 1 FROM clinicians c WHERE c.staff_id = staff.id AND c.active = 1)
                FROM staff ORDER BY name COLLATE NOCASE"""
        ).fetchall()
        return [
            Account(
                staff=_staff(r),
                bookable=bool(r[8]),
                disabled_at=from_db(r[3]) if r[3] else None,
                disabled_by=r[6],
                lock=self._lock_state(r[0]),
                setup_code_expires=setup_code_expires(r[7]),
            )
            for r in rows
        ]

    def lock_state(self, staff_id: int) -> lockout.LockState:
        """Where the account stands after its wrong PINs (`core.lockout`)."""
        return self._lock_state(staff_id)

    def _lock_state(self, staff_id: int) -> lockout.LockState:
        """Folded from the account's written events, then those this desk could not write yet."""
        return lockout.state_of([*events.attempts(self.db, staff_id), *self._store.unrecorded.attempts(staff_id)])

    def lockouts(self) -> list[tuple[Staff, lockout.LockState]]:
        """Enabled accounts locked out at least once since their last right PIN (the manager's queue)."""
        found = []
        for staff in self.all():
            if staff.disabled or not staff.has_pin:
                continue
            state = self._lock_state(staff.id)
            if state.lockouts:
                found.append((staff, state))
        return found

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
        """A new account with a PIN already chosen (scripts, the demo, tests), or None for staff
        who never sign in (imported clinicians). People get a setup code instead: `enrol`.

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

    def enrol(self, name: str, role: str, *, by: str, by_id: int | None = None) -> SetupCode:
        """Let someone sign in: a new account, or a first PIN for staff who have none yet, by setup code.

        Clinicians come into the database from the clinicians import without a
        PIN; enrolling them by name gives them a setup code (and the role asked
        for) instead of refusing. The code is returned once and stored only hashed.
        """
        self._check(name, role, None)
        code, expires, hashed = self._new_code()
        with self._store.unrecorded.taken() as kept, immediate(self.db):
            events.record_kept(self.db, kept)  # this desk's sign-ins not written yet come first
            existing = self.by_name(name)
            if existing is None:
                staff_id = self.db.execute(
                    "INSERT INTO staff (name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                    [name.strip(), role, hashed, self.now_db(), by],
                ).lastrowid
            else:
                self._refuse_if_unavailable(existing)
                staff_id = existing.id
                self.db.execute("UPDATE staff SET pin_hash = ?, role = ? WHERE id = ?", [hashed, role, existing.id])
            staff_id = int(staff_id or 0)
            events.record(self.db, staff_id, events.SETUP_CODE_ISSUED, at=self.now_db())
            change = "added" if existing is None else "pin_set"
            facts.record_staff(self.db, staff_id, change, by=by_id, reason=f"{by}: setup code issued", at=self.now_db())
        staff = self.get(staff_id)
        assert staff is not None
        return SetupCode(staff, code, expires, created=existing is None)

    def _new_code(self) -> tuple[str, datetime, str]:
        """A setup code, when it expires, and what is stored for it (hashed: slow, so outside the write lock)."""
        code = new_setup_code()
        expires = self.now() + SETUP_CODE_VALID
        return code, expires, hash_setup_code(code, expires=expires)

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
                self.db.execute("UPDATE staff SET pin_hash = ?, role = 'manager' WHERE id = ?", [hashed, existing.id])
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
            raise Invalid({"name": f"{existing.name} can already sign in (they have a PIN or a setup code)."})

    def set_pin(self, staff_id: int, pin: str) -> None:
        """Give an account a PIN chosen already (the demo, scripts): checked like any new PIN."""
        staff = self.get(staff_id)
        if staff is None:
            raise Refused("There is no such member of staff.")
        if reason := pin_problem(pin, staff.role):
            raise Invalid({"pin": reason})
        hashed = hash_pin(pin)
        with self._store.unrecorded.taken() as kept, immediate(self.db):
            events.record_kept(self.db, kept)  # this desk's sign-ins not written yet come first
            self.db.execute("UPDATE staff SET pin_hash = ? WHERE id = ?", [hashed, staff_id])
            events.record(self.db, staff_id, events.PIN_SET, at=self.now_db())
            facts.record_staff(self.db, staff_id, "pin_set", by=None, at=self.now_db())

    def issue_setup_code(self, staff_id: int, *, by: str, by_id: int | None = None) -> SetupCode:
        """A one-time code for someone who forgot their PIN (or has none): their PIN stops working
        and any lock-out ends; they choose a new PIN with the code. Recorded with who issued it."""
        code, expires, hashed = self._new_code()
        with self._store.unrecorded.taken() as kept, immediate(self.db):
            events.record_kept(self.db, kept)  # this desk's sign-ins not written yet come first
            staff = self.get(staff_id)
            if staff is None:
                raise Refused("There is no such member of staff.")
            if staff.disabled:
                raise Refused(f"{staff.name}'s account is disabled: it cannot be given a PIN.")
            if by_id is not None:
                require_manager(self.actor(by_id), "issue a setup code")
            self.db.execute("UPDATE staff SET pin_hash = ? WHERE id = ?", [hashed, staff_id])
            events.record(self.db, staff_id, events.SETUP_CODE_ISSUED, at=self.now_db())
            change = "pin_reset" if staff.has_pin else "pin_set"
            facts.record_staff(self.db, staff_id, change, by=by_id, reason=f"{by}: setup code issued", at=self.now_db())
        issued = self.get(staff_id)
        assert issued is not None
        return SetupCode(issued, code, expires)

    def disable(self, staff_id: int, *, by: str, by_id: int | None = None) -> Staff:
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
            if by_id is not None:
                require_manager(self.actor(by_id), "disable an account")
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
            facts.record_staff(self.db, staff_id, "disabled", by=by_id, reason=by, at=self.now_db())
        disabled = self.get(staff_id)
        assert disabled is not None
        return disabled

    def lift_lock(self, staff_id: int, *, by: str, by_id: int | None) -> Staff:
        """A manager ends an account's lock-out (and its run of wrong PINs): recorded, with who.

        `by_id` is the manager (None only when the command line found no manager
        who could vouch: `managers_who_can_vouch`); `by` says who, in words.
        """
        with self._store.unrecorded.taken() as kept, immediate(self.db):
            events.record_kept(self.db, kept)  # this desk's sign-ins not written yet come first
            if by_id is not None:
                require_manager(self.actor(by_id), "lift a lock-out")
            staff = self.get(staff_id)
            if staff is None:
                raise Refused("There is no such member of staff.")
            if not self._lock_state(staff_id).lockouts:
                raise Refused(f"{staff.name}'s account is not locked out: nothing to lift.")
            events.record(self.db, staff_id, events.LOCK_LIFTED, at=self.now_db())
            facts.record_staff(self.db, staff_id, "lock_lifted", by=by_id, reason=by, at=self.now_db())
        return staff

    # -- signing in -------------------------------------------------------------------

    def sign_in(self, staff_id: int, pin: str) -> Staff:
        """Check a PIN. Refuses with a plain reason; records every outcome.

        The PIN is checked (slowly, by design) outside the write lock; the lock-out
        state is then read and the outcome written in one transaction, so two desks
        guessing at once still lock the account after five. A right setup code
        raises `SetupCodeAccepted`: its owner must choose a PIN (`complete_setup`).
        """
        check = self._check_secret(staff_id, pin)
        at = self.now_db()
        try:
            with self._store.unrecorded.taken() as kept, immediate(self.db):
                events.record_kept(self.db, kept)
                refusal, outcomes = self._judge(check)
                setup = refusal is None and setup_code_expires(check.stored) is not None
                if refusal is None:
                    outcomes.append(events.SETUP_CODE_ACCEPTED if setup else events.SIGNED_IN)
                for outcome in outcomes:
                    events.record(self.db, staff_id, outcome, at=at)
        except CannotWrite as cannot:
            return self._sign_in_unrecorded(check, at, cannot)
        if refusal is not None:
            raise Refused(refusal)
        if setup:
            raise SetupCodeAccepted(check.staff)
        return check.staff

    def _sign_in_unrecorded(self, check: _Check, at: str, cannot: CannotWrite) -> Staff:
        """The file cannot be written: judge the attempt all the same (reading), keep its events in memory.

        A wrong PIN counts towards the lock-out as ever, so a held lock or a full
        disk is no chance to guess. A right setup code is refused without a count:
        choosing a PIN has to be written."""
        refusal, outcomes = self._judge(check)
        if refusal is None and setup_code_expires(check.stored) is not None:
            raise Refused(f"{check.staff.name} cannot choose a PIN while the database cannot be written. {cannot}")
        if refusal is None:
            outcomes.append(events.SIGNED_IN)
        self._store.unrecorded.keep(check.staff.id, outcomes, at=at, reason=str(cannot))
        if refusal is not None:
            raise Refused(refusal)
        return check.staff

    def complete_setup(self, staff_id: int, code: str, pin: str) -> Staff:
        """Sign in with a setup code and the PIN its owner chose: the code is used up, the PIN is theirs."""
        staff = self.get(staff_id)
        if staff is None:
            raise Refused("Choose your name from the list.")
        if reason := pin_problem(pin, staff.role):
            raise Invalid({"pin": reason})
        check = self._check_secret(staff_id, code)
        if setup_code_expires(check.stored) is None:
            raise Refused(f"{staff.name} has a PIN already (the setup code was used): sign in with the PIN.")
        if check.right and verify_pin(pin, check.stored or ""):
            raise Invalid({"pin": "Choose a PIN of your own, not the setup code."})
        hashed = hash_pin(pin)
        with self._store.unrecorded.taken() as kept, immediate(self.db):
            events.record_kept(self.db, kept)
            refusal, outcomes = self._judge(check)
            for outcome in outcomes:
                events.record(self.db, staff_id, outcome, at=self.now_db())
            if refusal is None:
                self.db.execute("UPDATE staff SET pin_hash = ? WHERE id = ?", [hashed, staff_id])
                events.record(self.db, staff_id, events.SIGNED_IN, at=self.now_db())
                facts.record_staff(
                    self.db, staff_id, "pin_set", by=staff_id, reason="chose their own PIN with a setup code",
                    at=self.now_db(),
                )  # fmt: skip
        if refusal is not None:
            raise Refused(refusal)
        return check.staff

    def change_pin(self, staff_id: int, current: str, pin: str) -> Staff:
        """A signed-in member of staff changes their own PIN. A wrong current PIN counts towards the lock-out."""
        staff = self.actor(staff_id)
        problems: dict[str, str] = {}
        if not current:
            problems["current"] = "Type your current PIN."
        if reason := pin_problem(pin, staff.role):
            problems["pin"] = reason
        if problems:
            raise Invalid(problems)
        check = self._check_secret(staff_id, current)
        if check.right and setup_code_expires(check.stored) is None and verify_pin(pin, check.stored or ""):
            raise Invalid({"pin": "That is your current PIN: choose a different one."})
        hashed = hash_pin(pin)
        with self._store.unrecorded.taken() as kept, immediate(self.db):
            events.record_kept(self.db, kept)
            refusal, outcomes = self._judge(check)
            for outcome in outcomes:
                events.record(self.db, staff_id, outcome, at=self.now_db())
            if refusal is None:
                self.db.execute("UPDATE staff SET pin_hash = ? WHERE id = ?", [hashed, staff_id])
                events.record(self.db, staff_id, events.PIN_CHANGED, at=self.now_db())
                facts.record_staff(self.db, staff_id, "pin_changed", by=staff_id, at=self.now_db())
        if refusal is not None:
            raise Invalid({"current": refusal})
        return check.staff

    def _check_secret(self, staff_id: int, secret: str) -> _Check:
        """Read the account and check the PIN or code against it (slow: scrypt, outside the write lock)."""
        row = self.db.execute(f"SELECT {_COLUMNS}, pin_hash FROM staff WHERE id = ?", [staff_id]).fetchone()
        if row is None:
            raise Refused("Choose your name from the list.")
        staff, stored = _staff(row), row[6]
        if not stored and not staff.disabled:
            raise Refused(f"{staff.name} has no PIN yet. Ask a practice manager for a setup code.")
        return _Check(staff, stored, right=bool(stored) and verify_pin(secret, stored))

    def _judge(self, check: _Check) -> tuple[str | None, list[str]]:
        """Why the attempt is refused (or None if it is right), and the events to record for it.

        Run inside the write transaction (the caller records the events), or, when the file
        cannot be written, outside any (the caller keeps them in memory)."""
        staff, now = check.staff, self.now()
        disabled_at, current = self.db.execute(
            "SELECT disabled_at, pin_hash FROM staff WHERE id = ?", [staff.id]
        ).fetchone()
        if disabled_at is not None:
            return (
                f"{staff.name}'s account was disabled on {show_date(from_db(disabled_at).date())}: "
                "it cannot sign in. Ask a practice manager."
            ), [events.REFUSED_DISABLED]
        state = self._lock_state(staff.id)
        if state.is_locked(now):
            return lockout.locked_message(staff.name, state, now), [events.REFUSED_LOCKED]
        if current != check.stored:
            # A new PIN or setup code was stored while this one was being checked: not a guess at either.
            return f"{staff.name}'s PIN was changed a moment ago: type the new one.", [events.REFUSED_PIN_REPLACED]
        if not check.right:
            after, locked = lockout.after_wrong_pin(state, now)
            outcomes = [lockout.WRONG_PIN, lockout.LOCKED] if locked else [lockout.WRONG_PIN]
            return lockout.wrong_pin_message(staff.name, after, now, locked=locked), outcomes
        expires = setup_code_expires(check.stored)
        if expires is not None and now >= expires:
            return (
                f"The setup code for {staff.name} stopped working at {_when(expires, now)}. "
                "Ask a practice manager for a new one."
            ), [events.REFUSED_EXPIRED_CODE]
        return None, []
