"""The manager's queue: what needs a manager's attention, soonest first (rules 9 and 10).

* concerns whose review date has come, or comes within a few days;
* emergency booking overrides no manager has reviewed yet;
* warning letters about to lapse (after 12 months they no longer support an ordinary removal);
* immediate removals still waiting for their written confirmation (due within 7 days);
* Stalking Protection Orders nearing their expiry;
* staff accounts locked out by wrong PINs (`core.lockout`): a manager lifts the lock.
* future appointments a restriction that came later forbids, or that now need a
  chaperone (rule 12), until each is moved or cancelled.

Beside what is due, `recent_exports()` lists every export and evidence bundle
of the last `EXPORTS_DAYS` days (patient, which format, for whom, by whom, when):
nothing to do, but a disclosure the manager did not expect stands out at once.

Read straight from the evidence tables, so the queue is right whichever desk
(or script) wrote them. Actions that a later entry amends are superseded: only
the amending entry counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from boundary_tui.core import booking_guard, lockout, removal
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.roles import require_manager
from boundary_tui.core.times import from_db, london, london_today, show, show_date, to_db
from boundary_tui.core.vocabulary import CONCERN_KINDS, RECIPIENTS
from boundary_tui.store import evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

REVIEW_SOON_DAYS = 7
"""A concern shows this many days before its review date (and stays until reviewed)."""

WARNING_NOTICE_DAYS = 30
"""A warning letter shows this many days before it lapses."""

SPO_NOTICE_DAYS = 60
"""An SPO shows this many days before it expires: the police need time to apply again."""

REVIEW, OVERRIDE, WARNING, CONFIRMATION, SPO = "review", "override", "warning", "confirmation", "spo"
LOCKOUT = "lockout"
AFFECTED = "affected"
EXPORT = "export"

EXPORTS_DAYS = 7
"""How far back the queue lists exports and bundles ("exports this week")."""

_ORDER = {LOCKOUT: 0, CONFIRMATION: 1, AFFECTED: 2, OVERRIDE: 3, REVIEW: 4, SPO: 5, WARNING: 6}
"""Same due date: a locked-out colleague first (they cannot work), then the legal deadline."""

_CURRENT = "NOT EXISTS (SELECT 1 FROM actions later WHERE later.amends_id = a.id)"
"""SQL: this action has not been superseded by an amending entry."""


@dataclass(frozen=True)
class QueueItem:
    """One thing for a manager to do, about one patient."""

    kind: str
    """`review`, `override`, `warning`, `confirmation`, `spo`, `affected` or `lockout`."""
    patient_id: int | None
    """The patient the item is about (None for a lock-out: it is about a member of staff)."""
    name: str
    """Whose item: the patient (`O'Brien, Martin`) or the member of staff locked out (user text: show literally)."""
    due_on: date
    what: str
    """What to do, in a few words (may hold staff names: user text)."""
    override_id: int | None = None
    """For `override` items: the override to mark reviewed."""
    staff_id: int | None = None
    """For `lockout` items: the account whose lock a manager can lift."""
    appointment_id: int | None = None
    """For `affected` items: the appointment to move or cancel."""


def due_text(due_on: date, today: date) -> str:
    """`today`, `in 3 days`, `2 days overdue`: how urgent, at a glance."""
    days = (due_on - today).days
    if days == 0:
        return "today"
    if days > 0:
        return "tomorrow" if days == 1 else f"in {days} days"
    return "1 day overdue" if days == -1 else f"{-days} days overdue"


def when_text(item: QueueItem, today: date) -> str:
    """The urgency column: a deadline for most items, the age of an unreviewed override or a lock-out."""
    if item.kind not in (OVERRIDE, LOCKOUT, EXPORT):
        return due_text(item.due_on, today)
    days = (today - item.due_on).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _day(text: str | None) -> date | None:
    """A stored date (`2026-11-23`) or timestamp as the practice's date; None if absent or unreadable."""
    if not text:
        return None
    try:
        if len(text) > 10:
            return london_today(from_db(text))
        return date.fromisoformat(text)
    except ValueError:
        return None


def _name(row: Any, given: int, family: int) -> str:
    return f"{row[family]}, {row[given]}"


class QueueStore(Repo):
    """What the manager's queue holds today, and marking overrides reviewed."""

    def items(self) -> list[QueueItem]:
        """Everything due, soonest (or most overdue) first."""
        today = london_today(self.now())
        items = [
            *self._reviews(today),
            *self._overrides(),
            *self._warnings(today),
            *self._confirmations(),
            *self._spos(today),
            *self._lockouts(),
            *self._affected(),
        ]
        return sorted(items, key=lambda i: (i.due_on, _ORDER[i.kind], i.name.casefold()))

    def _reviews(self, today: date) -> Iterable[QueueItem]:
        rows = self.db.execute(
            """SELECT c.patient_id, p.given_name, p.family_name, c.review_on, c.kind
               FROM concerns c JOIN patients p ON p.id = c.patient_id
               WHERE c.status = 'open' AND c.review_on IS NOT NULL AND c.review_on <= ?
               ORDER BY c.review_on""",
            [(today + timedelta(days=REVIEW_SOON_DAYS)).isoformat()],
        ).fetchall()
        for row in rows:
            yield QueueItem(
                kind=REVIEW,
                patient_id=row[0],
                name=_name(row, 1, 2),
                due_on=date.fromisoformat(row[3]),
                what=f"Review the concern ({CONCERN_KINDS.get(row[4], row[4]).lower()})",
            )

    def _overrides(self) -> Iterable[QueueItem]:
        rows = self.db.execute(
            """SELECT o.id, o.patient_id, p.given_name, p.family_name, o.recorded_at, cs.name, bs.name
               FROM booking_overrides o
               JOIN patients p ON p.id = o.patient_id
               JOIN clinicians c ON c.id = o.clinician_id
               JOIN staff cs ON cs.id = c.staff_id
               JOIN staff bs ON bs.id = o.recorded_by
               WHERE NOT EXISTS (SELECT 1 FROM override_reviews r WHERE r.override_id = o.id)
               ORDER BY o.recorded_at"""
        ).fetchall()
        for row in rows:
            recorded = from_db(row[4])
            yield QueueItem(
                kind=OVERRIDE,
                patient_id=row[1],
                name=_name(row, 2, 3),
                due_on=london_today(recorded),
                what=f"Emergency booking with {row[5]} by {row[6]} on {show_date(london_today(recorded))}",
                override_id=row[0],
            )

    def _warnings(self, today: date) -> Iterable[QueueItem]:
        """The latest current warning of each registered patient, when it lapses soon."""
        rows = self.db.execute(
            f"""SELECT a.patient_id, p.given_name, p.family_name, a.occurred_at
                FROM actions a JOIN patients p ON p.id = a.patient_id
                WHERE a.kind = 'warning_letter_sent' AND p.status = 'registered' AND {_CURRENT}"""
        ).fetchall()
        latest: dict[int, tuple[date, str]] = {}
        for row in rows:
            warned_on = _day(row[3])
            if warned_on is not None and (row[0] not in latest or warned_on > latest[row[0]][0]):
                latest[row[0]] = (warned_on, _name(row, 1, 2))
        for patient_id, (warned_on, name) in latest.items():
            lapses_on = removal.warning_lapses_on(warned_on)
            if today <= lapses_on <= today + timedelta(days=WARNING_NOTICE_DAYS):
                yield QueueItem(
                    kind=WARNING,
                    patient_id=patient_id,
                    name=name,
                    due_on=lapses_on,
                    what=f"Warning letter of {show_date(warned_on)} lapses",
                )

    def _confirmations(self) -> Iterable[QueueItem]:
        """Immediate removals with no written confirmation on or after the removal date."""
        removals = self.db.execute(
            f"""SELECT a.patient_id, p.given_name, p.family_name, a.occurred_at, a.effective_on
                FROM actions a JOIN patients p ON p.id = a.patient_id
                WHERE a.kind = 'removal_effective' AND a.removal_route = 'immediate' AND {_CURRENT}"""
        ).fetchall()
        if not removals:
            return
        confirmed: dict[int, list[date]] = {}
        for patient_id, occurred_at in self.db.execute(
            f"""SELECT a.patient_id, a.occurred_at FROM actions a
                WHERE a.kind = 'removal_confirmed_in_writing' AND {_CURRENT}"""
        ).fetchall():
            if (day := _day(occurred_at)) is not None:
                confirmed.setdefault(patient_id, []).append(day)
        for row in removals:
            removed_on = _day(row[4]) or _day(row[3])
            if removed_on is None:
                continue
            if any(day >= removed_on for day in confirmed.get(row[0], [])):
                continue
            yield QueueItem(
                kind=CONFIRMATION,
                patient_id=row[0],
                name=_name(row, 1, 2),
                due_on=removal.confirmation_due_on(removed_on),
                what=f"Confirm in writing: immediate removal on {show_date(removed_on)}",
            )

    def _spos(self, today: date) -> Iterable[QueueItem]:
        """Each patient's latest-expiring current SPO, when it expires soon."""
        rows = self.db.execute(
            f"""SELECT a.patient_id, p.given_name, p.family_name, a.expires_on
                FROM actions a JOIN patients p ON p.id = a.patient_id
                WHERE a.kind = 'spo_granted' AND a.expires_on IS NOT NULL AND {_CURRENT}"""
        ).fetchall()
        latest: dict[int, tuple[date, str]] = {}
        for row in rows:
            expires_on = _day(row[3])
            if expires_on is not None and (row[0] not in latest or expires_on > latest[row[0]][0]):
                latest[row[0]] = (expires_on, _name(row, 1, 2))
        for patient_id, (expires_on, name) in latest.items():
            if today <= expires_on <= today + timedelta(days=SPO_NOTICE_DAYS):
                yield QueueItem(
                    kind=SPO,
                    patient_id=patient_id,
                    name=name,
                    due_on=expires_on,
                    what="Stalking Protection Order expires: ask the police",
                )

    def _lockouts(self) -> Iterable[QueueItem]:
        """Accounts locked out since their last right PIN: someone may be guessing, and the person may be stuck."""
        now = self.now()
        for staff, state in self._store.staff.lockouts():
            yield QueueItem(
                kind=LOCKOUT,
                patient_id=None,
                name=staff.name,
                due_on=london_today(state.locked_at or now),
                what=lockout.queue_text(state, now),
                staff_id=staff.id,
            )

    def _affected(self) -> Iterable[QueueItem]:
        """Future appointments a later restriction forbids (rule 12): due on the appointment's own day."""
        for found in self._store.appointments.affected():
            appointment = found.appointment
            yield QueueItem(
                kind=AFFECTED,
                patient_id=appointment.patient_id,
                name=found.patient_name,
                due_on=london_today(appointment.starts_at),
                what=(
                    f"Move or cancel {london(appointment.starts_at):%a %d %b %H:%M} with "
                    f"{appointment.clinician_name}: {found.why}"
                ),
                appointment_id=appointment.id,
            )

    def recent_exports(self) -> list[QueueItem]:
        """Every export and bundle of the last `EXPORTS_DAYS` days, newest first (the command line's too)."""
        now = self.now()
        rows = self.db.execute(
            """SELECT d.patient_id, p.given_name, p.family_name, d.what, d.format, d.recipient, d.recipient_detail,
                      d.recorded_at, coalesce(s.name, 'computer account ' || d.account)
               FROM disclosures d JOIN patients p ON p.id = d.patient_id
               LEFT JOIN staff s ON s.id = d.recorded_by
               WHERE d.what IN ('exported', 'bundled') AND d.recorded_at >= ?
               ORDER BY d.recorded_at DESC, d.id DESC""",
            [to_db(now - timedelta(days=EXPORTS_DAYS))],
        ).fetchall()
        items = []
        for row in rows:
            when = from_db(row[7])
            what = "evidence bundle" if row[3] == "bundled" else f"export ({row[4] or 'md'})"
            recipient = RECIPIENTS.get(row[5] or "", row[5] or "someone not recorded")
            detail = f" ({row[6]})" if row[6] else ""
            items.append(
                QueueItem(
                    kind=EXPORT,
                    patient_id=row[0],
                    name=_name(row, 1, 2),
                    due_on=london_today(when),
                    what=f"For {recipient}{detail}, by {row[8]}: {what}, {london(when):%a %d %b %H:%M}",
                )
            )
        return items

    # -- writes (managers only: rule 6) ---------------------------------------------

    def mark_override_reviewed(self, override_id: int, *, note: str = "", by: int) -> int:
        """Record that a manager has looked at an emergency override (append-only; managers only)."""
        note = note.strip()
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            require_manager(actor, "mark a booking override reviewed")
            if self.db.execute("SELECT 1 FROM booking_overrides WHERE id = ?", [override_id]).fetchone() is None:
                raise Refused("That booking override does not exist.")
            done = self.db.execute(
                """SELECT r.reviewed_at, s.name FROM override_reviews r JOIN staff s ON s.id = r.reviewed_by
                   WHERE r.override_id = ?""",
                [override_id],
            ).fetchone()
            if done:
                raise Refused(f"{done[1]} already reviewed this override on {show(from_db(done[0]))}.")
            if problems := booking_guard.review_problems(note):
                raise Invalid(problems)
            return evidence.append(
                self.db,
                "override_reviews",
                {"override_id": override_id, "note": note, "reviewed_at": self.now_db(), "reviewed_by": by},
            )
