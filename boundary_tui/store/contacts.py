"""Contacts: logging what a patient did, and correcting a log without rewriting it.

Any signed-in member of staff may log a contact (rule 6). A correction is a
new row pointing at the one it amends (rule 5): only the person who logged the
original, or a practice manager, may amend it, and only its latest version.
Rows are written through `evidence.append` inside `immediate()`; the database
refuses UPDATE and DELETE on them whatever the client.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache, partial
from operator import itemgetter
from sys import intern
from typing import TYPE_CHECKING, Any

from boundary_tui.core import contacts as rules
from boundary_tui.core.amendments import reason_problem
from boundary_tui.core.contacts import Contact, ContactDraft
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.core.models import Staff, Target
from boundary_tui.core.times import to_db
from boundary_tui.store import evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.kept import KeptRows
from boundary_tui.store.repo import Repo

if TYPE_CHECKING:
    from boundary_tui.store import Store

_SELECT = """
    SELECT c.id, c.patient_id, c.concern_id, c.occurred_at, c.logged_at, c.logged_by, s.name, c.channel,
           c.aimed_at, c.description, c.evidence_location, c.gift_handling, c.witnesses, c.effect, c.severity,
           c.police_called, c.police_officer, c.police_reference, c.amends_id, c.amend_reason
    FROM contacts c JOIN staff s ON s.id = c.logged_by
"""


_SELECTED = (
    "id", "patient_id", "concern_id", "occurred_at", "logged_at", "logged_by", "", "channel", "aimed_at",
    "description", "evidence_location", "gift_handling", "witnesses", "effect", "severity", "police_called",
    "police_officer", "police_reference", "amends_id", "amend_reason",
)  # fmt: skip
"""The columns of `_SELECT` by name (`""`: the staff name), for rows read as `c.*, s.name`."""


def moment(text: str) -> datetime:
    """Stored UTC text as an aware datetime (`fromisoformat`: ~30x faster than strptime on 5,000 rows)."""
    return datetime.fromisoformat(text).astimezone(UTC)


@lru_cache(maxsize=1024)
def _targets(text: str) -> tuple[Target, ...]:
    """Decoded once per distinct list: a long timeline repeats the same few."""
    return tuple(Target(staff_id=t["staff_id"], name=t["name"]) for t in json.loads(text or "[]"))


_SHARED_IDS: dict[int, int] = {}
"""One int object per patient and concern id read (see `_contact`); emptied when it gets long."""


def _shared(value: int | None) -> int | None:
    if value is None:
        return None
    if len(_SHARED_IDS) > 4096:
        _SHARED_IDS.clear()
    return _SHARED_IDS.setdefault(value, value)


def _contact(row: Any) -> Contact:
    # Positional, in `Contact`'s field order: a long timeline builds 5,000 of these, and
    # passing 20 fields by keyword cost twice as long as building the tuple. The few values
    # every row repeats (who logged it, channel, severity, gift; the patient and concern) are
    # one object each, not one per row: a desk holds a long record all day (~1.3 MB less for
    # 5,000 contacts).
    return Contact(
        row[0],  # id
        _shared(row[1]),  # type: ignore[arg-type]  # patient_id (never NULL)
        _shared(row[2]),  # concern_id
        moment(row[3]),  # occurred_at
        moment(row[4]),  # logged_at
        row[5],  # logged_by
        intern(row[6]),  # logged_by_name
        intern(row[7]),  # channel
        _targets(row[8]),  # aimed_at
        row[9],  # description
        row[10],  # evidence_location
        row[11] and intern(row[11]),  # gift_handling
        row[12],  # witnesses
        row[13],  # effect
        intern(row[14]),  # severity
        bool(row[15]),  # police_called
        row[16],  # police_officer
        row[17],  # police_reference
        row[18],  # amends_id
        row[19],  # amend_reason
    )


class ContactStore(Repo):
    """Log contacts; read them back per patient."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._kept = KeptRows(_contact)

    def get(self, contact_id: int) -> Contact | None:
        row = self.db.execute(f"{_SELECT} WHERE c.id = ?", [contact_id]).fetchone()
        return _contact(row) if row else None

    def for_patient(self, patient_id: int, *, stored: dict[int, dict[str, Any]] | None = None) -> list[Contact]:
        """Every contact of the patient, amended versions included, in the order they happened.

        Rows already read for this patient are kept (`store/kept.py`): a re-read
        fetches only the new ones. `stored` (the export) reads every row afresh and
        is filled with each row as stored (every column, by id), from the same read:
        what the export hashes for the tamper-evidence proofs.
        """
        if stored is None:
            ids = self.db.execute(
                "SELECT id FROM contacts WHERE patient_id = ? ORDER BY occurred_at, id", [patient_id]
            ).fetchall()
            return self._kept.read(patient_id, [i for (i,) in ids], partial(self._rows, patient_id))
        cursor = self.db.execute(
            "SELECT c.*, s.name FROM contacts c JOIN staff s ON s.id = c.logged_by"
            " WHERE c.patient_id = ? ORDER BY c.occurred_at, c.id",
            [patient_id],
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        # The columns in `_SELECT`'s order (the staff name is the last one read), at C speed.
        pick = itemgetter(*(names.index(n) if n else len(names) - 1 for n in _SELECTED))
        columns = names[:-1]
        stored.update((r[0], dict(zip(columns, r, strict=False))) for r in rows)
        return [_contact(pick(r)) for r in rows]

    def forget(self) -> None:
        """Let go of the rows kept for the last patient read (see `store/kept.py`)."""
        self._kept.forget()

    def _rows(self, patient_id: int, only: Sequence[int] | None) -> Iterable[Any]:
        """The patient's rows in `_SELECT`'s order: all, or `only` these ids (see `KeptRows`), as a cursor."""
        if only is None:
            return self.db.execute(f"{_SELECT} WHERE c.patient_id = ?", [patient_id])
        marks = ",".join("?" * len(only))
        return self.db.execute(f"{_SELECT} WHERE c.id IN ({marks})", list(only))

    def log(self, patient_id: int, draft: ContactDraft, *, by: int) -> Contact:
        """Log a contact (any signed-in staff). Raises `Invalid` with every problem at once."""
        with immediate(self.db):
            self._store.staff.actor(by)
            if self._store.patients.get(patient_id) is None:
                raise Refused("That patient is not on the practice list.")
            values = self._checked(patient_id, draft, by)
            contact_id = evidence.append(self.db, "contacts", values)
        return self._saved(contact_id)

    def amend(self, contact_id: int, draft: ContactDraft, *, reason: str, by: int) -> Contact:
        """Correct a contact with a new entry pointing at it; the original stays on record."""
        with immediate(self.db):
            actor = self._store.staff.actor(by)
            original = self.get(contact_id)
            if original is None:
                raise Refused("That contact does not exist.")
            self._may_amend(actor, original)
            newer = self.db.execute("SELECT id FROM contacts WHERE amends_id = ?", [contact_id]).fetchone()
            if newer:
                raise Refused(
                    "That entry has already been corrected: amend its latest version (shown first on the timeline)."
                )
            found: dict[str, str] = {}
            if problem := reason_problem(reason):
                found["amend_reason"] = problem
            if draft == original.as_draft():
                found["form"] = "Nothing was changed: correct a field, or cancel."
            try:
                values = self._checked(original.patient_id, draft, by)
            except Invalid as invalid:
                raise Invalid(found | invalid.problems) from None
            if found:
                raise Invalid(found)
            values |= {"concern_id": original.concern_id, "amends_id": contact_id, "amend_reason": reason.strip()}
            new_id = evidence.append(self.db, "contacts", values)
        return self._saved(new_id)

    # -- inside the write transaction ---------------------------------------------------

    def _may_amend(self, actor: Staff, original: Contact) -> None:
        if not actor.is_manager and actor.id != original.logged_by:
            raise Refused(
                f"Only {original.logged_by_name}, who logged this contact, or a practice manager can correct it. "
                "Log a new contact if something else happened."
            )

    def _checked(self, patient_id: int, draft: ContactDraft, by: int) -> dict[str, Any]:
        """The row to append, or `Invalid` with every problem."""
        staff = {s.id: s for s in self._store.staff.all()}
        found = rules.problems(draft, now=self.now(), staff_ids=staff)
        if found:
            raise Invalid(found)
        aimed = [{"staff_id": s, "name": staff[s].name} for s in dict.fromkeys(draft.aimed_at)]
        return {
            "patient_id": patient_id,
            "concern_id": self._concern_for(patient_id, draft.aimed_at),
            "occurred_at": to_db(draft.occurred_at),
            "logged_at": self.now_db(),
            "logged_by": by,
            "channel": draft.channel,
            "aimed_at": json.dumps(aimed, ensure_ascii=False),
            "description": draft.description,
            "evidence_location": draft.evidence_location,
            "gift_handling": draft.gift_handling if draft.channel in rules.GIFT_CHANNELS else None,
            "witnesses": draft.witnesses,
            "effect": draft.effect,
            "severity": draft.severity,
            "police_called": int(draft.police_called),
            "police_officer": draft.police_officer,
            "police_reference": draft.police_reference,
        }

    def _concern_for(self, patient_id: int, aimed_at: tuple[int, ...]) -> int | None:
        """The open concern this contact belongs to: one naming a person it was aimed at, else the latest."""
        rows = self.db.execute(
            """SELECT c.id, EXISTS (SELECT 1 FROM concern_targets t WHERE t.concern_id = c.id
                                    AND t.staff_id IN (SELECT value FROM json_each(?)))
               FROM concerns c WHERE c.patient_id = ? AND c.status = 'open' ORDER BY c.opened_at DESC""",
            [json.dumps(list(aimed_at)), patient_id],
        ).fetchall()
        for concern_id, names_target in rows:
            if names_target:
                return int(concern_id)
        return int(rows[0][0]) if rows else None

    def _saved(self, contact_id: int) -> Contact:
        contact = self.get(contact_id)
        assert contact is not None
        return contact
