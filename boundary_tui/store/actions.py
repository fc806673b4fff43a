"""Actions: the steps the practice took, recorded by managers (rule 6).

`record()` checks the fields (`core.actions.problems`) and rule 9
(`core.actions.removal_refusal`) inside its write transaction, and marks the
patient removed in that same transaction when a removal takes effect, so the
banner and the record never disagree. Corrections are new rows (rule 5).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from boundary_tui.core import actions as rules
from boundary_tui.core.actions import Action, ActionDraft
from boundary_tui.core.amendments import current, reason_problem
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Appointment, Patient, Staff
from boundary_tui.core.roles import require_manager
from boundary_tui.core.times import london_today, show_date, to_db
from boundary_tui.core.vocabulary import ACTION_KINDS
from boundary_tui.store import evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.contacts import moment
from boundary_tui.store.repo import Repo

_SELECT = """
    SELECT a.id, a.patient_id, a.concern_id, a.kind, a.occurred_at, a.recorded_at, a.recorded_by, s.name, a.notes,
           a.signed_by, a.organisation, a.officer, a.crime_reference, a.removal_route, a.effective_on,
           a.expires_on, a.amends_id, a.amend_reason
    FROM actions a JOIN staff s ON s.id = a.recorded_by
"""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _action(row: Any) -> Action:
    return Action(
        id=row[0],
        patient_id=row[1],
        concern_id=row[2],
        kind=row[3],
        occurred_at=moment(row[4]),
        recorded_at=moment(row[5]),
        recorded_by=row[6],
        recorded_by_name=row[7],
        notes=row[8],
        signed_by=row[9],
        organisation=row[10],
        officer=row[11],
        crime_reference=row[12],
        removal_route=row[13],
        effective_on=_day(row[14]),
        expires_on=_day(row[15]),
        amends_id=row[16],
        amend_reason=row[17],
    )


class ActionStore(Repo):
    """Record actions; read them back; the SPO that shows on the banner."""

    def get(self, action_id: int) -> Action | None:
        row = self.db.execute(f"{_SELECT} WHERE a.id = ?", [action_id]).fetchone()
        return _action(row) if row else None

    def for_patient(self, patient_id: int) -> list[Action]:
        """Every action of the patient, amended versions included, in the order they happened."""
        rows = self.db.execute(f"{_SELECT} WHERE a.patient_id = ? ORDER BY a.occurred_at, a.id", [patient_id])
        return [_action(r) for r in rows.fetchall()]

    def spo_until(self, patient_id: int, today: date | None = None) -> date | None:
        """The expiry of the Stalking Protection Order in force today, if any (rule 9: on the banner)."""
        today = today or london_today(self.now())
        rows = self.db.execute(
            f"{_SELECT} WHERE a.patient_id = ? AND a.kind = 'spo_granted' ORDER BY a.id", [patient_id]
        ).fetchall()
        expiries = [a.expires_on for a in current([_action(r) for r in rows]) if a.expires_on and a.expires_on >= today]
        return max(expiries, default=None)

    def record(self, patient_id: int, draft: ActionDraft, *, by: int) -> Action:
        """Record an action (managers only), refusing what rule 9 forbids."""
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            require_manager(actor, f"record '{ACTION_KINDS.get(draft.kind, 'an action').lower()}'")
            patient = self._store.patients.get(patient_id)
            if patient is None:
                raise Refused("That patient is not on the practice list.")
            history = current(self.for_patient(patient_id))
            self._check(patient, draft, history)
            now = self.now_db()
            self._apply(patient, draft, actor, at=now)
            action_id = evidence.append(self.db, "actions", self._row(patient_id, draft, by, at=now))
        return self._saved(action_id)

    def amend(self, action_id: int, draft: ActionDraft, *, reason: str, by: int) -> Action:
        """Correct an action with a new entry pointing at it (managers only); the original stays."""
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            require_manager(actor, "correct an action")
            original = self.get(action_id)
            if original is None:
                raise Refused("That action does not exist.")
            if self.db.execute("SELECT 1 FROM actions WHERE amends_id = ?", [action_id]).fetchone():
                raise Refused(
                    "That entry has already been corrected: amend its latest version (shown first on the timeline)."
                )
            patient = self._store.patients.get(original.patient_id)
            assert patient is not None
            found: dict[str, str] = {}
            if draft.kind != original.kind:
                found["kind"] = (
                    f"A correction keeps the kind ('{original.kind_label}'): record a new action for something else."
                )
            if problem := reason_problem(reason):
                found["amend_reason"] = problem
            if draft == original.as_draft():
                found["form"] = "Nothing was changed: correct a field, or cancel."
            found |= rules.problems(draft, now=self.now())
            if found:
                raise Invalid(found)
            history = [a for a in current(self.for_patient(original.patient_id)) if a.id != action_id]
            self._check(patient, draft, history, amending=original)
            now = self.now_db()
            self._apply(patient, draft, actor, at=now)
            values = self._row(original.patient_id, draft, by, at=now) | {
                "concern_id": original.concern_id,
                "amends_id": action_id,
                "amend_reason": reason.strip(),
            }
            new_id = evidence.append(self.db, "actions", values)
        return self._saved(new_id)

    # -- inside the write transaction ---------------------------------------------------

    def _check(
        self, patient: Patient, draft: ActionDraft, history: list[Action], *, amending: Action | None = None
    ) -> None:
        if found := rules.problems(draft, now=self.now()):
            raise Invalid(found)
        if refusal := rules.removal_refusal(draft, history):
            raise Refused(refusal)
        was_removed = patient.is_removed and not (amending and amending.kind == "removal_effective")
        if draft.kind == "removal_requested" and patient.is_removed and amending is None:
            raise Refused(f"{patient.full_name} is already off the practice list (since {_since(patient)}).")
        if draft.kind == "removal_effective" and was_removed and patient.removed_on != draft.effective_on:
            raise Refused(
                f"{patient.full_name} was already removed from the practice list on {_since(patient)}. "
                "If that date is wrong, correct the 'removal effective' entry instead."
            )
        if draft.kind == "removal_confirmed_in_writing" and not patient.is_removed:
            raise Refused(f"{patient.full_name} is still on the practice list: there is no removal to confirm.")

    def _apply(self, patient: Patient, draft: ActionDraft, actor: Staff, *, at: str) -> None:
        """What an action changes besides the timeline: a removal takes the patient off the list and
        cancels their future appointments (recorded at the action's own moment: `cancelled_with`)."""
        if draft.kind == "removal_effective" and draft.effective_on and patient.removed_on != draft.effective_on:
            self._store.patients.mark_removed(patient.id, draft.effective_on, by=actor.name, by_id=actor.id, at=at)

    def cancelled_with(self, action: Action) -> list[Appointment]:
        """The appointments a removal cancelled as it took effect (none for any other action)."""
        if action.kind != "removal_effective":
            return []
        return self._store.appointments.cancelled_at(action.patient_id, action.recorded_at)

    def _row(self, patient_id: int, draft: ActionDraft, by: int, *, at: str) -> dict[str, Any]:
        specs = rules.fields_of(draft.kind)
        concern = self.db.execute(
            "SELECT id FROM concerns WHERE patient_id = ? AND status = 'open' ORDER BY opened_at DESC LIMIT 1",
            [patient_id],
        ).fetchone()
        return {
            "patient_id": patient_id,
            "concern_id": concern[0] if concern else None,
            "kind": draft.kind,
            "occurred_at": to_db(draft.occurred_at),
            "recorded_at": at,
            "recorded_by": by,
            "notes": draft.notes,
            "signed_by": draft.signed_by,
            "organisation": draft.organisation,
            "officer": draft.officer,
            "crime_reference": draft.crime_reference,
            "removal_route": draft.removal_route if "removal_route" in specs else None,
            "effective_on": draft.effective_on.isoformat() if draft.effective_on else None,
            "expires_on": draft.expires_on.isoformat() if draft.expires_on else None,
        }

    def _saved(self, action_id: int) -> Action:
        action = self.get(action_id)
        assert action is not None
        return action


def _since(patient: Patient) -> str:
    return show_date(patient.removed_on) if patient.removed_on else "an earlier date"
