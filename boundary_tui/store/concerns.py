"""Concerns: the do-not-book targets and chaperone scope for one patient.

The `concerns` row holds the current state; every change (opened, targets or
scope changed, reviewed, closed) is also written to the append-only
`concern_changes` table with who, when and why, so the timeline keeps the
history even though the restriction itself changes.

What a concern may hold is `core.concerns` (the form asks the same rules);
here, inside the write transaction, come the checks that need the database:
who is asking, which patient, which concern, which staff exist.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Any

from boundary_tui.core import concerns as rules
from boundary_tui.core.concerns import ConcernDraft
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Concern, Patient, Target
from boundary_tui.core.restriction import Restriction
from boundary_tui.core.roles import require_manager
from boundary_tui.core.times import from_db, london_today, show_date
from boundary_tui.core.vocabulary import CHAPERONE_SCOPES, CONCERN_KINDS
from boundary_tui.store import evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo


class Keep(Enum):
    """`ConcernStore.change(allowed=...)` left out: the "book only with" list stays as it is."""

    AS_IT_IS = "as it is"


_SELECT = """
    SELECT c.id, c.patient_id, c.kind, c.chaperone_scope, c.summary, c.review_on, c.status,
           c.opened_at, o.name, c.closed_at, x.name, c.close_reason
    FROM concerns c
    JOIN staff o ON o.id = c.opened_by
    LEFT JOIN staff x ON x.id = c.closed_by
"""


class ConcernStore(Repo):
    """Open, change and close concerns; work out a patient's restriction."""

    def _targets(self, concern_id: int, table: str = "concern_targets") -> tuple[Target, ...]:
        rows = self.db.execute(
            f"""SELECT s.id, s.name FROM {table} t JOIN staff s ON s.id = t.staff_id
               WHERE t.concern_id = ? ORDER BY s.name COLLATE NOCASE""",
            [concern_id],
        ).fetchall()
        return tuple(Target(staff_id=r[0], name=r[1]) for r in rows)

    def _allowed(self, concern_id: int) -> tuple[Target, ...]:
        """The concern's "book only with" list (empty: it has none)."""
        return self._targets(concern_id, "concern_allowed")

    def _concern(self, row: Any) -> Concern:
        return Concern(
            id=row[0],
            patient_id=row[1],
            kind=row[2],
            chaperone_scope=row[3],
            targets=self._targets(row[0]),
            summary=row[4],
            review_on=date.fromisoformat(row[5]) if row[5] else None,
            status=row[6],
            opened_at=from_db(row[7]),
            opened_by=row[8],
            closed_at=from_db(row[9]) if row[9] else None,
            closed_by=row[10],
            close_reason=row[11],
            allowed=self._allowed(row[0]),
        )

    def get(self, concern_id: int) -> Concern | None:
        row = self.db.execute(f"{_SELECT} WHERE c.id = ?", [concern_id]).fetchone()
        return self._concern(row) if row else None

    def for_patient(self, patient_id: int, *, include_closed: bool = False) -> list[Concern]:
        status = "" if include_closed else "AND c.status = 'open'"
        rows = self.db.execute(
            f"{_SELECT} WHERE c.patient_id = ? {status} ORDER BY c.opened_at",
            [patient_id],
        ).fetchall()
        return [self._concern(r) for r in rows]

    def restriction_for(self, patient: Patient) -> Restriction:
        """What the banner and the booking guard must know about this patient."""
        return Restriction.from_concerns(
            self.for_patient(patient.id),
            removed_on=patient.removed_on,
            spo_until=self._store.actions.spo_until(patient.id),
        )

    # -- writes (managers only: rule 6) ---------------------------------------------

    def _problems(self, draft: ConcernDraft, was: Concern | None = None) -> dict[str, str]:
        """`core.concerns.problems`, with what only the database knows: who exists, who is bookable."""
        named = list(dict.fromkeys([*draft.targets, *(draft.allowed or ())]))
        rows = self.db.execute(
            f"""SELECT s.id, s.name, c.id IS NOT NULL FROM staff s LEFT JOIN clinicians c ON c.staff_id = s.id
                WHERE s.id IN ({",".join("?" * len(named))})""",
            named,
        ).fetchall()
        return rules.problems(
            draft,
            today=london_today(self.now()),
            staff_ids={r[0] for r in rows},
            was=was,
            clinician_ids={r[0] for r in rows if r[2]},
            staff_names={r[0]: r[1] for r in rows},
        )

    def _set_list(self, table: str, concern_id: int, staff_ids: Sequence[int]) -> None:
        self.db.execute(f"DELETE FROM {table} WHERE concern_id = ?", [concern_id])
        self.db.conn.executemany(
            f"INSERT INTO {table} (concern_id, staff_id) VALUES (?, ?)", [(concern_id, s) for s in staff_ids]
        )

    def _state(self, concern_id: int) -> dict[str, Any]:
        concern = self.get(concern_id)
        assert concern is not None
        return {
            "kind": concern.kind,
            "targets": [{"staff_id": t.staff_id, "name": t.name} for t in concern.targets],
            "allowed": [{"staff_id": t.staff_id, "name": t.name} for t in concern.allowed],
            "chaperone_scope": concern.chaperone_scope,
            "review_on": concern.review_on.isoformat() if concern.review_on else None,
            "status": concern.status,
        }

    def _record_change(self, concern_id: int, patient_id: int, change: str, detail: str, reason: str, by: int) -> None:
        evidence.append(
            self.db,
            "concern_changes",
            {
                "concern_id": concern_id,
                "patient_id": patient_id,
                "change": change,
                "detail": detail,
                "state": json.dumps(self._state(concern_id), ensure_ascii=False, sort_keys=True),
                "reason": reason,
                "recorded_at": self.now_db(),
                "recorded_by": by,
            },
        )

    def open(
        self,
        patient_id: int,
        *,
        kind: str,
        targets: Sequence[int],
        chaperone_scope: str,
        review_on: date | None,
        summary: str = "",
        allowed: Sequence[int] | None = None,
        by: int,
    ) -> Concern:
        """Open a concern (managers only). Every problem with the input is reported together.

        `allowed`: the clinicians (staff ids) the patient may be booked with, if the
        concern says "book only with"; None for no such list (an empty one is refused).
        """
        targets = list(dict.fromkeys(targets))
        only = tuple(dict.fromkeys(allowed)) if allowed is not None else None
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            require_manager(actor, "open a concern")
            patient = self._store.patients.get(patient_id)
            if patient is None:
                raise Refused("That patient is not on the practice list.")
            draft = ConcernDraft(kind, tuple(targets), chaperone_scope, review_on, summary, allowed=only)
            if problems := self._problems(draft):
                raise Invalid(problems)
            now = self.now_db()
            concern_id = int(
                self.db.execute(
                    """INSERT INTO concerns (patient_id, kind, chaperone_scope, summary, review_on, status,
                                             opened_at, opened_by, updated_at, updated_by)
                       VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)""",
                    [
                        patient_id,
                        kind,
                        chaperone_scope,
                        summary,
                        review_on.isoformat() if review_on else None,
                        now,
                        by,
                        now,
                        by,
                    ],
                ).lastrowid
                or 0
            )
            self._set_list("concern_targets", concern_id, targets)
            self._set_list("concern_allowed", concern_id, only or ())
            concern = self.get(concern_id)
            assert concern is not None
            names = ", ".join(t.name for t in concern.targets)
            detail = f"{CONCERN_KINDS[kind]} concern opened. Do not book with: {names}."
            if concern.allowed:
                detail += f" Book only with: {', '.join(t.name for t in concern.allowed)}."
            self._record_change(
                concern_id, patient_id, "opened", f"{detail} {CHAPERONE_SCOPES[chaperone_scope]}.", "", by
            )
        return concern

    def change(
        self,
        concern_id: int,
        *,
        reason: str,
        by: int,
        targets: Sequence[int] | None = None,
        chaperone_scope: str | None = None,
        review_on: date | None = None,
        summary: str | None = None,
        kind: str | None = None,
        allowed: Sequence[int] | None | Keep = Keep.AS_IT_IS,
    ) -> Concern:
        """Change the kind (as the behaviour escalates), targets, "book only with" list, chaperone scope,
        review date or summary (managers only, with a reason). Left out (None): unchanged; `allowed=None`
        removes the "book only with" list."""
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            require_manager(actor, "change a concern")
            concern = self.get(concern_id)
            if concern is None:
                raise Refused("That concern does not exist.")
            if not concern.is_open:
                raise Refused("That concern is closed: open a new one if the behaviour has started again.")
            targets = list(dict.fromkeys(targets)) if targets is not None else [t.staff_id for t in concern.targets]
            if isinstance(allowed, Keep):
                only = tuple(t.staff_id for t in concern.allowed) or None
            else:
                only = tuple(dict.fromkeys(allowed)) if allowed is not None else None
            draft = ConcernDraft(
                kind=concern.kind if kind is None else kind,
                targets=tuple(targets),
                allowed=only,
                chaperone_scope=concern.chaperone_scope if chaperone_scope is None else chaperone_scope,
                review_on=concern.review_on if review_on is None else review_on,
                summary=concern.summary if summary is None else summary,
                reason=reason,
            )
            if problems := self._problems(draft, was=concern):
                raise Invalid(problems)
            now = self.now_db()
            changes: list[tuple[str, str]] = []
            changed = rules.what_changed(concern, draft)
            if "kind" in changed:
                self.db.execute("UPDATE concerns SET kind = ? WHERE id = ?", [draft.kind, concern_id])
                changes.append(
                    (
                        "kind_changed",
                        f"{CONCERN_KINDS[draft.kind]} (was: {CONCERN_KINDS.get(concern.kind, concern.kind)}).",
                    )
                )
            if "targets" in changed:
                self._set_list("concern_targets", concern_id, targets)
                before = ", ".join(t.name for t in concern.targets)
                after = ", ".join(t.name for t in self._targets(concern_id))
                changes.append(("targets_changed", f"Do not book with: {after} (was: {before})."))
            if "allowed" in changed:
                self._set_list("concern_allowed", concern_id, only or ())
                anyone = "anyone not on the do-not-book list"
                before = ", ".join(t.name for t in concern.allowed) or anyone
                after = ", ".join(t.name for t in self._allowed(concern_id)) or anyone
                changes.append(("allowed_changed", f"Book only with: {after} (was: {before})."))
            if "chaperone_scope" in changed:
                scope = draft.chaperone_scope
                self.db.execute("UPDATE concerns SET chaperone_scope = ? WHERE id = ?", [scope, concern_id])
                changes.append(
                    ("scope_changed", f"{CHAPERONE_SCOPES[scope]} (was: {CHAPERONE_SCOPES[concern.chaperone_scope]}).")
                )
            if "review_on" in changed and draft.review_on is not None:
                self.db.execute(
                    "UPDATE concerns SET review_on = ? WHERE id = ?", [draft.review_on.isoformat(), concern_id]
                )
                was = show_date(concern.review_on) if concern.review_on else "none"
                changes.append(("review_date_changed", f"Review by {show_date(draft.review_on)} (was: {was})."))
            if "summary" in changed:
                self.db.execute("UPDATE concerns SET summary = ? WHERE id = ?", [draft.summary, concern_id])
                changes.append(("summary_changed", "Summary updated."))
            self.db.execute("UPDATE concerns SET updated_at = ?, updated_by = ? WHERE id = ?", [now, by, concern_id])
            for change, detail in changes:
                self._record_change(concern_id, concern.patient_id, change, detail, reason.strip(), by)
        updated = self.get(concern_id)
        assert updated is not None
        return updated

    def close(self, concern_id: int, *, reason: str, by: int) -> Concern:
        """Close a concern (managers only): its restrictions lift at once, its history stays."""
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            require_manager(actor, "close a concern")
            concern = self.get(concern_id)
            if concern is None:
                raise Refused("That concern does not exist.")
            if not concern.is_open:
                raise Refused("That concern is already closed.")
            if problems := rules.close_problems(reason):
                raise Invalid(problems)
            now = self.now_db()
            self.db.execute(
                """UPDATE concerns SET status = 'closed', closed_at = ?, closed_by = ?, close_reason = ?,
                   updated_at = ?, updated_by = ? WHERE id = ?""",
                [now, by, reason.strip(), now, by, concern_id],
            )
            self._record_change(
                concern_id, concern.patient_id, "closed", "Concern closed: restrictions lifted.", reason.strip(), by
            )
        closed = self.get(concern_id)
        assert closed is not None
        return closed
