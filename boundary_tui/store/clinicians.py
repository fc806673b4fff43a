"""Clinicians: the bookable members of staff (GPs, nurses, HCAs)."""

from __future__ import annotations

from typing import Any

from boundary_tui.core.errors import Invalid
from boundary_tui.core.models import Clinician
from boundary_tui.core.text import name_problem
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
        problems: dict[str, str] = {}
        if reason := name_problem(name, "Name"):
            problems["name"] = reason
        if not job_title.strip():
            problems["job_title"] = "Enter a job title (GP, Practice nurse, HCA…)."
        if problems:
            raise Invalid(problems)
        now = self.now_db()
        with immediate(self.db):
            row = self.db.execute("SELECT id FROM staff WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
            if row:
                staff_id = row[0]
            else:
                staff_id = self.db.execute(
                    "INSERT INTO staff (name, role, created_at, created_by) VALUES (?, 'clinician', ?, ?)",
                    [name.strip(), now, by],
                ).lastrowid
            self.db.execute(
                """INSERT INTO clinicians (staff_id, job_title, created_at, created_by) VALUES (?, ?, ?, ?)
                   ON CONFLICT(staff_id) DO UPDATE SET job_title = excluded.job_title, active = 1""",
                [staff_id, job_title.strip(), now, by],
            )
        clinician = self.for_staff(int(staff_id or 0))
        assert clinician is not None
        return clinician
