"""Loading one patient's timeline: every record, read in one consistent snapshot.

The rows are read inside a single read transaction, so a contact saved by
another desk half-way through cannot leave the timeline showing an amendment
without its original. Assembly (order, amendments, hints) is `core.timeline`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from boundary_tui.core.amendments import current
from boundary_tui.core.list_status import ListStatus, list_status
from boundary_tui.core.models import Patient
from boundary_tui.core.timeline import (
    AppointmentChange,
    BookingOverride,
    ConcernChange,
    Disclosed,
    Timeline,
    assemble,
)
from boundary_tui.core.times import london_today
from boundary_tui.store.collector import built_apart
from boundary_tui.store.contacts import moment
from boundary_tui.store.repo import Repo

if TYPE_CHECKING:
    from boundary_tui.store.db import Db


@contextmanager
def snapshot(db: Db) -> Iterator[None]:
    """Reads that see one moment of the database (joins a transaction already open)."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("COMMIT")


class TimelineStore(Repo):
    """Read models for the timeline screen and the export."""

    _last: tuple[tuple[object, ...], Timeline] | None = None
    """The last timeline assembled, with what it was assembled from (see `for_patient`)."""

    def for_patient(
        self, patient_id: int, *, reuse: bool = False, stored: dict[str, dict[int, dict[str, Any]]] | None = None
    ) -> Timeline | None:
        """The patient's whole timeline, or None if they are not on the list.

        Assembling 5,000 entries takes tens of ms. With `reuse` (the screen),
        looking at the same record again (back from a dialog, F4 again) costs a
        version check instead: the last timeline is kept with the patient's
        version and the practice's date (status and next steps depend on today),
        read in the same snapshot, so a save by any desk, or midnight, means
        assembling it again. An export never reuses: it reads every row afresh,
        and passes `stored` to get the contacts' rows as stored from the same read
        (`ContactStore.for_patient`), under `"contacts"`. Otherwise a read after a
        change builds only what is new: rows already parsed are kept
        (`store/kept.py`), and so are the entries built from them (`assemble`'s
        `previous`).
        """
        store = self._store
        with snapshot(self.db), built_apart():
            now = self.now()
            key = (patient_id, london_today(now), store.patient_version(patient_id))
            last = self._last
            if reuse and stored is None and last is not None and last[0] == key:
                return replace(last[1], now=now)
            patient = store.patients.get(patient_id)
            if patient is None:
                return None
            timeline = assemble(
                patient=patient,
                now=now,
                concerns=store.concerns.for_patient(patient_id, include_closed=True),
                contacts=store.contacts.for_patient(
                    patient_id, stored=stored.setdefault("contacts", {}) if stored is not None else None
                ),
                actions=store.actions.for_patient(patient_id),
                changes=self._changes(patient_id),
                overrides=self._overrides(patient_id),
                appointment_changes=self._appointment_changes(patient_id),
                disclosures=self._disclosures(patient_id),
                attachments=store.attachments.for_patient(patient_id),
                previous=last[1] if last is not None and last[0][0] == patient_id and stored is None else None,
            )
            self._last = (key, timeline)
            return timeline

    def forget(self) -> None:
        """Drop the timeline and the rows kept for reuse (the desk has moved on; see `for_patient`)."""
        self._last = None
        self._store.contacts.forget()

    def status_for(self, patient: Patient) -> ListStatus:
        """Rule 9's status alone (for the action form), without assembling the whole timeline."""
        actions = current(self._store.actions.for_patient(patient.id))
        return list_status(patient, actions, london_today(self.now()))

    def _disclosures(self, patient_id: int) -> list[Disclosed]:
        """Every view and disclosure of the record (`store.disclosures`), oldest first."""
        rows = self.db.execute(
            """SELECT d.id, d.what, d.detail, d.recipient, d.recipient_detail, d.format, d.recorded_at,
                      coalesce(s.name, 'computer account ' || d.account)
               FROM disclosures d LEFT JOIN staff s ON s.id = d.recorded_by
               WHERE d.patient_id = ? ORDER BY d.recorded_at, d.id""",
            [patient_id],
        ).fetchall()
        return [
            Disclosed(
                id=r[0],
                what=r[1],
                detail=r[2] or "",
                recipient=r[3],
                recipient_detail=r[4] or "",
                format=r[5],
                recorded_at=moment(r[6]),
                recorded_by_name=r[7],
            )
            for r in rows
        ]

    def _changes(self, patient_id: int) -> list[ConcernChange]:
        rows = self.db.execute(
            """SELECT c.id, c.concern_id, c.change, c.detail, c.reason, c.recorded_at, s.name
               FROM concern_changes c JOIN staff s ON s.id = c.recorded_by
               WHERE c.patient_id = ? ORDER BY c.recorded_at, c.id""",
            [patient_id],
        ).fetchall()
        return [
            ConcernChange(
                id=r[0],
                concern_id=r[1],
                change=r[2],
                detail=r[3],
                reason=r[4],
                recorded_at=moment(r[5]),
                recorded_by_name=r[6],
            )
            for r in rows
        ]

    def _appointment_changes(self, patient_id: int) -> list[AppointmentChange]:
        """Appointments cancelled or moved, from their recorded changes (the state each change left)."""
        rows = self.db.execute(
            """SELECT ch.id, ch.appointment_id, ch.change, ch.state, ch.reason, ch.recorded_at, s.name,
                      n.clinician_id, n.starts_at, n.chaperone_name
               FROM appointment_changes ch
               LEFT JOIN staff s ON s.id = ch.recorded_by
               LEFT JOIN appointments n ON ch.change = 'moved' AND n.moved_from = ch.appointment_id
               WHERE ch.patient_id = ? AND ch.change IN ('cancelled', 'moved') ORDER BY ch.recorded_at, ch.id""",
            [patient_id],
        ).fetchall()
        if not rows:
            return []
        names = {c.id: c.name for c in self._store.clinicians.all(active_only=False)}
        changes = []
        for r in rows:
            state = json.loads(r[3]) if r[3] else {}
            clinician_id = int(state.get("clinician_id") or 0)
            changes.append(
                AppointmentChange(
                    id=r[0],
                    appointment_id=r[1],
                    change=r[2],
                    clinician_name=names.get(clinician_id, f"clinician {clinician_id}"),
                    starts_at=moment(str(state.get("starts_at"))),
                    reason=r[4],
                    recorded_at=moment(r[5]),
                    recorded_by_name=r[6] or "",
                    moved_to_clinician=names.get(r[7], "") if r[7] is not None else "",
                    moved_to_at=moment(r[8]) if r[8] else None,
                    moved_to_chaperone=r[9] or "",
                )
            )
        return changes

    def _overrides(self, patient_id: int) -> list[BookingOverride]:
        rows = self.db.execute(
            """SELECT o.id, o.appointment_id, cs.name, a.starts_at, o.reason, o.chaperone_name, o.recorded_at, s.name,
                      r.reviewed_at, rs.name, r.note
               FROM booking_overrides o
               JOIN appointments a ON a.id = o.appointment_id
               JOIN clinicians cl ON cl.id = o.clinician_id
               JOIN staff cs ON cs.id = cl.staff_id
               JOIN staff s ON s.id = o.recorded_by
               LEFT JOIN override_reviews r ON r.override_id = o.id
               LEFT JOIN staff rs ON rs.id = r.reviewed_by
               WHERE o.patient_id = ? ORDER BY o.recorded_at, o.id""",
            [patient_id],
        ).fetchall()
        return [
            BookingOverride(
                id=r[0],
                appointment_id=r[1],
                clinician_name=r[2],
                starts_at=moment(r[3]),
                reason=r[4],
                chaperone_name=r[5],
                recorded_at=moment(r[6]),
                recorded_by_name=r[7],
                reviewed_at=moment(r[8]) if r[8] else None,
                reviewed_by_name=r[9] or "",
                review_note=r[10] or "",
            )
            for r in rows
        ]
