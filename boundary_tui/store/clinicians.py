"""Clinicians: the bookable members of staff (GPs, nurses, HCAs).

What a name and job title may be is `core.clinicians`; here they are stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boundary_tui.core import clinicians as rules
from boundary_tui.core.errors import Invalid
from boundary_tui.core.models import Clinician
from boundary_tui.store import facts
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

_SELECT = """
    SELECT c.id, c.staff_id, s.name, c.job_title, c.active
    FROM clinicians c JOIN staff s ON s.id = c.staff_id
"""


def _clinician(row: Any) -> Clinician:
    return Clinician(id=row[0], staff_id=row[1], name=row[2], job_title=row[3], active=bool(row[4]))


class ClinicianStore(Repo):
    """Who can be booked."""

    def all(self, *, active_only: bool = True) -> list[Clinician]:
        where = "WHERE c.active = 1 AND s.disabled_at IS NULL" if active_only else ""
        rows = self.db.execute(f"{_SELECT} {where} ORDER BY s.name COLLATE NOCASE").fetchall()
        return [_clinician(r) for r in rows]

    def get(self, clinician_id: int) -> Clinician | None:
        row = self.db.execute(f"{_SELECT} WHERE c.id = ?", [clinician_id]).fetchone()
        return _clinician(row) if row else None

    def for_staff(self, staff_id: int) -> Clinician | None:
        row = self.db.execute(f"{_SELECT} WHERE c.staff_id = ?", [staff_id]).fetchone()
        return _clinician(row) if row else None

    def add(self, name: str, job_title: str, *, by: str) -> Clinician:
        """Make someone bookable, creating their staff record (without a PIN) if needed.

        Idempotent: adding an existing clinician again updates the job title.
        """
        problems = rules.problems(name, job_title)
        if problems:
            raise Invalid(problems)
        now = self.now_db()
        with immediate(self.db):
            staff_id, _ = self._save(name.strip(), job_title.strip(), now=now, by=by)
        clinician = self.for_staff(staff_id)
        assert clinician is not None
        return clinician

    def upsert_rows(self, rows: Sequence[tuple[str, str]], *, by: str, by_id: int | None = None) -> tuple[int, int]:
        """Add or update clinicians (name, job title), keyed on name, in one transaction (import).

        Rows must already pass `core.clinicians.problems`. Returns (added, updated);
        a clinician whose job title is unchanged is left alone.
        """
        now = self.now_db()
        added = updated = 0
        with immediate(self.db):
            for name, job_title in rows:
                _, outcome = self._save(name, job_title, now=now, by=by, by_id=by_id)
                added += outcome == "added"
                updated += outcome == "updated"
        return added, updated

    def _save(self, name: str, job_title: str, *, now: str, by: str, by_id: int | None = None) -> tuple[int, str]:
        """Insert or update one clinician inside the caller's transaction: (staff id, added|updated|unchanged)."""
        row = self.db.execute(
            """SELECT s.id, c.job_title, c.active FROM staff s LEFT JOIN clinicians c ON c.staff_id = s.id
               WHERE s.name = ? COLLATE NOCASE""",
            [name],
        ).fetchone()
        if row is None:
            staff_id = int(
                self.db.execute(
                    "INSERT INTO staff (name, role, created_at, created_by) VALUES (?, 'clinician', ?, ?)",
                    [name, now, by],
                ).lastrowid
                or 0
            )
            outcome = "added"
        else:
            staff_id = int(row[0])
            if row[1] == job_title and row[2] == 1:
                return staff_id, "unchanged"
            outcome = "added" if row[1] is None else "updated"
        self.db.execute(
            """INSERT INTO clinicians (staff_id, job_title, created_at, created_by) VALUES (?, ?, ?, ?)
               ON CONFLICT(staff_id) DO UPDATE SET job_title = excluded.job_title, active = 1""",
            [staff_id, job_title, now, by],
        )
        change = "added" if row is None else "diary_changed"
        facts.record_staff(self.db, staff_id, change, by=by_id, reason=by, at=now)
        return staff_id, outcome
