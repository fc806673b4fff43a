"""The access and disclosure log: every view of a patient's record, and every copy handed out, on the record.

The record will be read by the police, a defence body, a regulator or the
patient; who looked at it, and who gave it to whom, is part of it. Each view
(the timeline, a concern's details, an entry) and each export or bundle is an
append-only row in the patient's own chain, with who, when, for whom and the
chain head at that moment, so a disclosure names exactly what was disclosed.
Reception's views are logged like everyone's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from boundary_tui.core.contacts import text_problem
from boundary_tui.core.errors import Invalid
from boundary_tui.core.text import MAX_DETAIL_LENGTH
from boundary_tui.core.times import from_db
from boundary_tui.core.vocabulary import DISCLOSURES, RECIPIENTS
from boundary_tui.store import evidence, facts
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

VIEWS = ("timeline_viewed", "details_viewed", "entry_viewed")
HANDED_OUT = ("exported", "bundled")


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One view of the record, or one copy of it handed out."""

    id: int
    patient_id: int
    what: str
    detail: str
    recipient: str | None
    recipient_detail: str
    format: str | None
    chain_head: str | None
    recorded_at: datetime
    recorded_by: str
    """The member of staff, or the computer account for the command line."""

    @property
    def label(self) -> str:
        return DISCLOSURES.get(self.what, self.what)

    @property
    def recipient_label(self) -> str:
        return RECIPIENTS.get(self.recipient or "", "")

    def sentence(self) -> str:
        """`Exported (json) for the police (PC 123, crime ref 13/456): by Margaret Lewis.`"""
        text = self.label
        if self.format:
            text += f" ({self.format})"
        if self.recipient:
            text += f" for {self.recipient_label.lower() if self.recipient != 'patient_sar' else self.recipient_label}"
            if self.recipient_detail:
                text += f" ({self.recipient_detail})"
        if self.detail:
            text += f": {self.detail}"
        return f"{text}, by {self.recorded_by}."


class DisclosureStore(Repo):
    """Record and read views and disclosures of a patient's record."""

    def viewed(self, patient_id: int, what: str, *, by: int, detail: str = "") -> int:
        """A member of staff opened part of the record (any role: views are logged for everyone)."""
        if what not in VIEWS:
            raise ValueError(f"{what} is not a view")
        return self._record(patient_id, what, by=by, detail=detail)

    def handed_out(
        self,
        patient_id: int,
        what: str,
        *,
        recipient: str,
        recipient_detail: str = "",
        format: str | None = None,
        by: int | None,
    ) -> int:
        """An export or bundle was made for someone: who asked for it, for whom, and what it held."""
        if what not in HANDED_OUT:
            raise ValueError(f"{what} is not a disclosure")
        problems: dict[str, str] = {}
        if recipient not in RECIPIENTS:
            problems["recipient"] = f"Say for whom it is: {', '.join(RECIPIENTS.values())}."
        if reason := text_problem(recipient_detail, "Who exactly", MAX_DETAIL_LENGTH):
            problems["recipient_detail"] = reason
        if problems:
            raise Invalid(problems)
        return self._record(
            patient_id, what, by=by, recipient=recipient, recipient_detail=recipient_detail.strip(), fmt=format
        )

    def _record(
        self,
        patient_id: int,
        what: str,
        *,
        by: int | None,
        detail: str = "",
        recipient: str | None = None,
        recipient_detail: str = "",
        fmt: str | None = None,
    ) -> int:
        with immediate(self.db):
            if by is not None:
                self._store.staff.actor(by)
            head = self.db.execute("SELECT hash FROM chain ORDER BY id DESC LIMIT 1").fetchone()
            return evidence.append(
                self.db,
                "disclosures",
                {
                    "patient_id": patient_id,
                    "what": what,
                    "detail": detail,
                    "recipient": recipient,
                    "recipient_detail": recipient_detail,
                    "format": fmt,
                    "chain_head": head[0] if head else None,
                    "recorded_at": self.now_db(),
                    "recorded_by": by,
                    "account": facts.account(),
                },
            )

    def for_patient(self, patient_id: int) -> list[Disclosure]:
        rows = self.db.execute(
            f"{_SELECT} WHERE d.patient_id = ? ORDER BY d.recorded_at, d.id", [patient_id]
        ).fetchall()
        return [_disclosure(r) for r in rows]

    def handed_out_since(self, since: datetime) -> list[Disclosure]:
        """Every export and bundle made since `since`, newest first (the manager's queue: "exports this week")."""
        from boundary_tui.core.times import to_db

        rows = self.db.execute(
            f"{_SELECT} WHERE d.what IN ('exported', 'bundled') AND d.recorded_at >= ? ORDER BY d.recorded_at DESC",
            [to_db(since)],
        ).fetchall()
        return [_disclosure(r) for r in rows]


_SELECT = """
    SELECT d.id, d.patient_id, d.what, d.detail, d.recipient, d.recipient_detail, d.format, d.chain_head,
           d.recorded_at, coalesce(s.name, 'computer account ' || d.account)
    FROM disclosures d LEFT JOIN staff s ON s.id = d.recorded_by
"""


def _disclosure(row: tuple[object, ...]) -> Disclosure:
    return Disclosure(
        id=int(str(row[0])),
        patient_id=int(str(row[1])),
        what=str(row[2]),
        detail=str(row[3]),
        recipient=str(row[4]) if row[4] is not None else None,
        recipient_detail=str(row[5]),
        format=str(row[6]) if row[6] is not None else None,
        chain_head=str(row[7]) if row[7] is not None else None,
        recorded_at=from_db(str(row[8])),
        recorded_by=str(row[9]),
    )
