"""Rules 1-4, enforced by the store: a direct call is refused exactly like the desk."""

from __future__ import annotations

from datetime import timedelta

import pytest

from boundary_tui.core.errors import Invalid, Refused, SlotTaken
from boundary_tui.store import Store
from tests.helpers.practice import NOW, Practice

TEN = NOW.replace(hour=10)


def test_rule1_targeted_clinician_is_refused_naming_who_can_be_booked(store: Store, practice: Practice) -> None:
    with pytest.raises(Refused) as refused:
        store.appointments.book(
            patient_id=practice.obrien, clinician_id=practice.hart, starts_at=TEN, by=practice.reception
        )
    message = str(refused.value)
    assert "Not with Dr Amelia Hart" in message
    assert "Dr Rajesh Patel" in message and "Grace O'Neill" in message
    assert refused.value.alternatives == ("Dr Rajesh Patel", "Grace O'Neill")
    assert store.appointments.upcoming_for(practice.obrien) == []


def test_rule1_another_clinician_is_booked(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.obrien, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
    )
    assert booked.clinician_name == "Dr Rajesh Patel"
    assert not booked.chaperone_required
    assert store.appointments.upcoming_for(practice.obrien) == [booked]


def test_rule1_closed_concern_no_longer_restricts(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.sinclair, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
    )
    assert booked.id


def test_rule2_override_needs_a_reason_and_a_chaperone(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as invalid:
        store.appointments.book(
            patient_id=practice.obrien,
            clinician_id=practice.hart,
            starts_at=TEN,
            by=practice.reception,
            override_reason="Chest pain",
        )
    assert set(invalid.value.problems) == {"chaperone"}
    with pytest.raises(Refused):
        store.appointments.book(
            patient_id=practice.obrien,
            clinician_id=practice.hart,
            starts_at=TEN,
            by=practice.reception,
            override_reason="   ",
            chaperone_name="Grace O'Neill",
        )


def test_rule2_override_is_recorded_as_its_own_entry(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=TEN,
        by=practice.reception,
        override_reason="Chest pain; no one else free",
        chaperone_name="Grace O'Neill",
    )
    assert booked.override_id is not None
    assert booked.chaperone_required and booked.chaperone_name == "Grace O'Neill"
    row = store.db.execute(
        "SELECT patient_id, clinician_id, reason, chaperone_name, recorded_by, recorded_at FROM booking_overrides"
    ).fetchone()
    assert row == (
        practice.obrien,
        practice.hart,
        "Chest pain; no one else free",
        "Grace O'Neill",
        practice.reception,
        "2026-11-23T09:00:00.000000Z",
    )


def test_rule2_override_is_refused_where_no_restriction_applies(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as invalid:
        store.appointments.book(
            patient_id=practice.jo,
            clinician_id=practice.hart,
            starts_at=TEN,
            by=practice.reception,
            override_reason="why not",
            chaperone_name="X",
        )
    assert "override_reason" in invalid.value.problems


def test_rule3_chaperone_for_all_consultations_needs_a_name(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as invalid:
        store.appointments.book(
            patient_id=practice.zoe, clinician_id=practice.oneill, starts_at=TEN, by=practice.reception
        )
    assert "chaperone is required" in invalid.value.problems["chaperone"]
    booked = store.appointments.book(
        patient_id=practice.zoe,
        clinician_id=practice.oneill,
        starts_at=TEN,
        by=practice.reception,
        chaperone_name="Priya Shah",
    )
    assert booked.chaperone_required and booked.chaperone_name == "Priya Shah"


def test_rule3_the_database_refuses_a_chaperoned_booking_without_a_name(store: Store, practice: Practice) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            """INSERT INTO appointments (patient_id, clinician_id, starts_at, chaperone_required, booked_at, booked_by)
               VALUES (?, ?, '2026-11-23T10:00:00.000000Z', 1, 'x', ?)""",
            [practice.zoe, practice.oneill, practice.reception],
        )


def test_rule4_removed_patient_is_refused_with_everyone(store: Store, practice: Practice) -> None:
    for clinician in (practice.hart, practice.patel, practice.oneill):
        with pytest.raises(Refused, match="removed from the practice list on 02 Nov 2026"):
            store.appointments.book(
                patient_id=practice.declan,
                clinician_id=clinician,
                starts_at=TEN,
                by=practice.reception,
                override_reason="emergency",
                chaperone_name="X",
            )


def test_taken_slot_is_refused_and_the_next_free_one_offered(store: Store, practice: Practice) -> None:
    store.appointments.book(patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception)
    with pytest.raises(SlotTaken) as taken:
        store.appointments.book(
            patient_id=practice.obrien, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
        )
    assert "10:10" in str(taken.value)
    assert taken.value.next_free is not None


def test_the_database_itself_refuses_a_double_booked_slot(store: Store, practice: Practice) -> None:
    import sqlite3

    store.appointments.book(patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            """INSERT INTO appointments (patient_id, clinician_id, starts_at, booked_at, booked_by)
               VALUES (?, ?, '2026-11-23T10:00:00.000000Z', 'x', ?)""",
            [practice.obrien, practice.patel, practice.reception],
        )


@pytest.mark.parametrize(
    ("moment", "problem"),
    [
        (NOW - timedelta(hours=1), "already passed"),
        (NOW.replace(hour=10, minute=5), "10-minute mark"),
        (NOW.replace(hour=19), "08:00 to 18:00"),
        (NOW + timedelta(days=5), "weekends"),
    ],
)
def test_impossible_slots_are_refused(store: Store, practice: Practice, moment, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        store.appointments.book(
            patient_id=practice.jo, clinician_id=practice.patel, starts_at=moment, by=practice.reception
        )


def test_booking_records_who_and_when(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
    )
    row = store.db.execute("SELECT booked_by, booked_at FROM appointments WHERE id = ?", [booked.id]).fetchone()
    assert row == (practice.reception, "2026-11-23T09:00:00.000000Z")


def test_a_disabled_account_cannot_book(store: Store, practice: Practice) -> None:
    store.db.execute("UPDATE staff SET disabled_at = 'x' WHERE id = ?", [practice.reception])
    with pytest.raises(Refused, match="disabled"):
        store.appointments.book(
            patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception
        )


def test_day_slots_mark_taken_and_past(store: Store, practice: Practice) -> None:
    store.appointments.book(patient_id=practice.jo, clinician_id=practice.patel, starts_at=TEN, by=practice.reception)
    slots = store.appointments.day_slots(practice.patel, NOW.date())
    assert len(slots) == 60
    by_label = {s.label: s for s in slots}
    assert by_label["08:50"].past and not by_label["09:00"].past
    assert not by_label["10:00"].free and by_label["10:10"].free


def test_day_slots_follow_london_time_in_summer(store: Store, practice: Practice) -> None:
    from datetime import date

    slots = store.appointments.day_slots(practice.patel, date(2027, 6, 1))
    assert slots[0].label == "08:00"
    assert slots[0].starts_at.hour == 7  # 08:00 BST is 07:00 UTC
