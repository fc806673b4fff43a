"""Appointments after booking: cancelled and moved with a reason, who and when; a move frees its old slot.

A move is the old appointment cancelled (recorded `moved`) and a new one booked
in its place (recorded `booked`, `moved_from` the old one), in one transaction.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import Invalid, Refused, SlotTaken
from boundary_tui.core.times import to_db
from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from tests.helpers.practice import NOW, Practice

TOMORROW_TEN = NOW.replace(hour=10) + timedelta(days=1)


def book(store: Store, patient: int, clinician: int, at=TOMORROW_TEN, **more):
    return store.appointments.book(patient_id=patient, clinician_id=clinician, starts_at=at, by=1, **more)


def changes(store: Store, appointment_id: int) -> list[tuple[str, str, int | None]]:
    return store.db.execute(
        "SELECT change, reason, recorded_by FROM appointment_changes WHERE appointment_id = ? ORDER BY id",
        [appointment_id],
    ).fetchall()


def test_cancelling_records_the_reason_who_and_when_and_frees_the_slot(store: Store, practice: Practice) -> None:
    booked = book(store, practice.jo, practice.hart)
    cancelled = store.appointments.cancel(booked.id, reason="Patient phoned: feeling better.", by=practice.reception)
    assert cancelled.status == "cancelled" and not cancelled.is_booked
    assert changes(store, booked.id)[-1] == ("cancelled", "Patient phoned: feeling better.", practice.reception)
    row = store.db.execute("SELECT cancelled_at, cancelled_by FROM appointments WHERE id = ?", [booked.id]).fetchone()
    assert row == (to_db(NOW), practice.reception)
    assert store.appointments.upcoming_for(practice.jo) == []
    assert book(store, practice.zoe, practice.hart, chaperone_name="Priya Shah").starts_at == TOMORROW_TEN


def test_a_cancellation_needs_a_reason(store: Store, practice: Practice) -> None:
    booked = book(store, practice.jo, practice.hart)
    with pytest.raises(Invalid) as invalid:
        store.appointments.cancel(booked.id, reason="  ", by=practice.reception)
    assert "Say why the appointment is cancelled" in invalid.value.problems["reason"]
    assert store.appointments.get(booked.id).is_booked  # type: ignore[union-attr]


def test_an_appointment_in_the_past_is_not_cancelled(store: Store, practice: Practice, clock: FixedClock) -> None:
    booked = book(store, practice.jo, practice.hart, at=NOW.replace(hour=10))
    clock.set(NOW.replace(hour=11))
    with pytest.raises(Refused, match="has already passed: a past appointment is not cancelled"):
        store.appointments.cancel(booked.id, reason="Did not come", by=practice.reception)


def test_cancelling_twice_is_refused_with_the_reason(store: Store, practice: Practice) -> None:
    booked = book(store, practice.jo, practice.hart)
    store.appointments.cancel(booked.id, reason="Phoned", by=practice.reception)
    with pytest.raises(Refused, match="no longer booked"):
        store.appointments.cancel(booked.id, reason="Again", by=practice.reception)


def test_moving_to_another_clinician_at_the_same_time_frees_the_old_slot_in_the_same_save(
    store: Store, practice: Practice
) -> None:
    old = book(store, practice.jo, practice.hart)
    new = store.appointments.move(
        old.id, clinician_id=practice.patel, starts_at=TOMORROW_TEN, reason="Dr Hart asked", by=practice.manager
    )
    assert (new.clinician_name, new.starts_at, new.moved_from) == ("Dr Rajesh Patel", TOMORROW_TEN, old.id)
    assert store.appointments.get(old.id).status == "cancelled"  # type: ignore[union-attr]
    assert changes(store, old.id)[-1] == ("moved", "Dr Hart asked", practice.manager)
    [(change, reason, by)] = changes(store, new.id)
    assert change == "booked" and by == practice.manager
    assert reason == "Moved from Tue 24 Nov 2026 10:00 with Dr Amelia Hart: Dr Hart asked"
    assert [a.id for a in store.appointments.upcoming_for(practice.jo)] == [new.id]
    assert book(store, practice.siobhan, practice.hart).starts_at == TOMORROW_TEN  # the old slot is free
    report = verify(practice.path)
    assert report.ok, report.describe()


def test_a_refused_move_changes_nothing(store: Store, practice: Practice) -> None:
    old = book(store, practice.obrien, practice.patel)
    with pytest.raises(Refused, match="Not with Dr Amelia Hart"):
        store.appointments.move(
            old.id, clinician_id=practice.hart, starts_at=TOMORROW_TEN, reason="Asked for her", by=practice.reception
        )
    with pytest.raises(Invalid, match="Say why the appointment is moved"):
        store.appointments.move(old.id, clinician_id=practice.oneill, starts_at=TOMORROW_TEN, reason="", by=1)
    assert store.appointments.get(old.id).is_booked  # type: ignore[union-attr]
    assert changes(store, old.id) == [("booked", "", 1)]


def test_moving_onto_a_slot_another_desk_just_took_offers_the_next_free_one_and_loses_nothing(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    """Two desks, one file: the first to commit wins; the loser keeps the old appointment and gets an offer."""
    mine = book(store, practice.obrien, practice.patel)
    half_past = TOMORROW_TEN + timedelta(minutes=30)
    with Store(practice.path, clock=FixedClock(NOW)) as other_desk:
        other_desk.appointments.book(
            patient_id=practice.jo, clinician_id=practice.oneill, starts_at=half_past, by=practice.reception
        )
    with pytest.raises(SlotTaken) as taken:
        store.appointments.move(
            mine.id, clinician_id=practice.oneill, starts_at=half_past, reason="Nurse review", by=practice.reception
        )
    assert "The next free slot is 10:40" in str(taken.value)
    assert store.appointments.get(mine.id).is_booked  # type: ignore[union-attr]
    moved = store.appointments.move(
        mine.id,
        clinician_id=practice.oneill,
        starts_at=taken.value.next_free.starts_at,  # type: ignore[attr-defined]
        reason="Nurse review",
        by=practice.reception,
    )
    assert moved.starts_at == half_past + timedelta(minutes=10)


def test_moving_to_the_same_place_adds_a_chaperone_or_is_refused(store: Store, practice: Practice) -> None:
    old = book(store, practice.jo, practice.patel)
    with pytest.raises(Invalid, match="already is"):
        store.appointments.move(old.id, clinician_id=practice.patel, starts_at=TOMORROW_TEN, reason="x", by=1)
    new = store.appointments.move(
        old.id,
        clinician_id=practice.patel,
        starts_at=TOMORROW_TEN,
        reason="Chaperone now required",
        by=practice.manager,
        chaperone_name="Grace O'Neill",
    )
    assert new.chaperone_name == "Grace O'Neill" and new.starts_at == TOMORROW_TEN


# -- removal takes the bookings with it (rule 12) ------------------------------------------------


def remove(store: Store, practice: Practice) -> None:
    from tests.helpers.drafts import act

    act(store, practice, "police_reported", crime_reference="13/1/26", patient=practice.jo)
    act(
        store,
        practice,
        "removal_effective",
        patient=practice.jo,
        removal_route="immediate",
        effective_on=NOW.date(),
    )


def test_removal_cancels_every_future_appointment_each_recorded(store: Store, practice: Practice) -> None:
    first = book(store, practice.jo, practice.patel)
    second = book(store, practice.jo, practice.oneill, at=TOMORROW_TEN + timedelta(days=1))
    remove(store, practice)
    for appointment in (first, second):
        assert store.appointments.get(appointment.id).status == "cancelled"  # type: ignore[union-attr]
        assert changes(store, appointment.id)[-1] == (
            "cancelled",
            "Removed from the practice list on 23 Nov 2026.",
            practice.manager,
        )
    [removal] = [a for a in store.actions.for_patient(practice.jo) if a.kind == "removal_effective"]
    assert [a.id for a in store.actions.cancelled_with(removal)] == [first.id, second.id]
    report = verify(practice.path)
    assert report.ok, report.describe()


def test_removal_while_another_desk_books_never_leaves_a_booking_standing(practice: Practice) -> None:
    """BEGIN IMMEDIATE orders the two saves; either order ends with no booking for someone off the list."""
    # Booking first, then the removal: the removal cancels it.
    with Store(practice.path, clock=FixedClock(NOW)) as desk, Store(practice.path, clock=FixedClock(NOW)) as office:
        booked = book(desk, practice.jo, practice.patel)
        remove(office, practice)
        assert desk.appointments.get(booked.id).status == "cancelled"  # type: ignore[union-attr]
    # Removal first, then the booking: refused (rule 4).
    with Store(practice.path, clock=FixedClock(NOW)) as desk:
        with pytest.raises(Refused, match="removed from the practice list"):
            book(desk, practice.jo, practice.oneill, at=TOMORROW_TEN + timedelta(hours=1))
        assert desk.appointments.upcoming_for(practice.jo) == []


# -- recorded in the tamper-evident record -----------------------------------------------------------


def test_the_recorded_states_say_where_each_appointment_was_left(store: Store, practice: Practice) -> None:
    old = book(store, practice.jo, practice.hart)
    new = store.appointments.move(old.id, clinician_id=practice.patel, starts_at=TOMORROW_TEN, reason="r", by=1)
    states = dict(
        store.db.execute(
            "SELECT change, state FROM appointment_changes WHERE appointment_id IN (?, ?) AND change <> 'booked' "
            "OR appointment_id = ?",
            [old.id, old.id, new.id],
        ).fetchall()
    )
    assert json.loads(states["moved"])["status"] == "cancelled"
    assert json.loads(states["booked"])["clinician_id"] == practice.patel


def test_cancellations_and_moves_are_on_the_timeline_and_in_the_export_with_their_proofs(
    store: Store, practice: Practice
) -> None:
    from boundary_tui.export import document, render

    old = book(store, practice.obrien, practice.patel)
    store.appointments.move(
        old.id, clinician_id=practice.oneill, starts_at=TOMORROW_TEN, reason="Nurse review", by=practice.manager
    )
    later = book(store, practice.obrien, practice.patel, at=TOMORROW_TEN + timedelta(days=1))
    store.appointments.cancel(later.id, reason="Phoned to cancel", by=practice.reception)
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None
    shown = [(e.label, e.text, dict(e.facts)) for e in timeline.entries if e.source == "appointment"]
    assert shown == [
        (
            "Appointment moved",
            "Nurse review",
            {
                "Appointment": "Tue 24 Nov 2026 10:00 with Dr Rajesh Patel",
                "Moved to": "Tue 24 Nov 2026 10:00 with Grace O'Neill",
            },
        ),
        ("Appointment cancelled", "Phoned to cancel", {"Appointment": "Wed 25 Nov 2026 10:00 with Dr Rajesh Patel"}),
    ]
    doc = document(store, practice.obrien, generated_by="test")
    assert doc is not None and doc.problems == ()
    entries = [e for e in doc.entries if e.source == "appointment"]
    assert [e.source_label for e in entries] == ["Appointment change", "Appointment change"]
    assert all(e.verified for e in entries)
    markdown = render(doc, "md").decode()
    assert "Appointment moved" in markdown and "Moved to" in markdown
