"""Rules 1 and 12 as the story escalates: "book only with", the concern's kind, and bookings made before.

* A concern may name whom the patient may be booked with; the guard refuses
  anyone else, offering allowed clinicians of the same job title first.
* The concern's kind changes as a recorded concern change, with a reason.
* Future appointments a later restriction forbids (or that now need a
  chaperone) are listed, and stay in the manager's queue until moved or cancelled.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store
from boundary_tui.store.queue import AFFECTED, QueueStore
from tests.helpers.practice import NOW, Practice

TOMORROW_TEN = NOW.replace(hour=10) + timedelta(days=1)
REVIEW = date(2027, 1, 31)


@pytest.fixture
def ortiz(store: Store) -> int:
    """A male GP colleague: Dr Luis Ortiz (clinician id)."""
    return store.clinicians.add("Dr Luis Ortiz", "GP", by="test").id


def staff_of(store: Store, clinician_id: int) -> int:
    clinician = store.clinicians.get(clinician_id)
    assert clinician is not None
    return clinician.staff_id


def open_on_jo(store: Store, practice: Practice, **more):
    values = {
        "kind": "amorous_advances",
        "targets": [practice.hart_staff],
        "chaperone_scope": "targets",
        "review_on": REVIEW,
        "by": practice.manager,
    }
    values.update(more)
    return store.concerns.open(practice.jo, **values)


# -- book only with -------------------------------------------------------------------------------


def test_book_only_with_refuses_anyone_else_offering_allowed_clinicians_of_the_same_job_first(
    store: Store, practice: Practice, ortiz: int
) -> None:
    open_on_jo(store, practice, allowed=[practice.patel_staff, staff_of(store, ortiz)])
    with pytest.raises(Refused) as refused:
        store.appointments.book(
            patient_id=practice.jo, clinician_id=practice.oneill, starts_at=TOMORROW_TEN, by=practice.reception
        )
    message = str(refused.value)
    assert message.startswith("Not with Grace O'Neill: an open concern says book this patient only with ")
    assert "No other Practice nurse can be booked" in message
    assert refused.value.alternatives == ("Dr Luis Ortiz", "Dr Rajesh Patel")
    booked = store.appointments.book(
        patient_id=practice.jo, clinician_id=ortiz, starts_at=TOMORROW_TEN, by=practice.reception
    )
    assert booked.clinician_name == "Dr Luis Ortiz"


def test_the_refusal_offers_the_same_job_title_first(store: Store, practice: Practice, ortiz: int) -> None:
    with pytest.raises(Refused) as refused:
        store.appointments.book(
            patient_id=practice.obrien, clinician_id=practice.hart, starts_at=TOMORROW_TEN, by=practice.reception
        )
    assert "Book with Dr Luis Ortiz (GP), Dr Rajesh Patel (GP) instead, or Grace O'Neill (Practice nurse)." in str(
        refused.value
    )
    assert refused.value.alternatives == ("Dr Luis Ortiz", "Dr Rajesh Patel", "Grace O'Neill")


def test_the_banner_says_it_in_one_short_line(store: Store, practice: Practice, ortiz: int) -> None:
    open_on_jo(store, practice, allowed=[practice.patel_staff, staff_of(store, ortiz)])
    patient = store.patients.get(practice.jo)
    assert patient is not None
    lines = store.concerns.restriction_for(patient).banner_lines()
    assert lines == ["Not with Dr Amelia Hart", "Only with Dr Luis Ortiz, Dr Rajesh Patel"]


def test_an_override_is_still_possible_outside_the_list(store: Store, practice: Practice) -> None:
    open_on_jo(store, practice, allowed=[practice.patel_staff])
    booked = store.appointments.book(
        patient_id=practice.jo,
        clinician_id=practice.oneill,
        starts_at=TOMORROW_TEN,
        by=practice.reception,
        override_reason="Dressing must be changed today; no GP free",
        chaperone_name="Priya Shah",
    )
    assert booked.override_id is not None


def test_a_clinician_on_both_lists_is_refused_with_the_reason(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as invalid:
        open_on_jo(store, practice, allowed=[practice.hart_staff, practice.patel_staff])
    assert invalid.value.problems["allowed"] == (
        "Dr Amelia Hart cannot be on both lists: whom not to book, and whom only to book with. Take them off one."
    )


def test_an_empty_allowed_list_is_refused_it_would_mean_no_one(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as invalid:
        open_on_jo(store, practice, allowed=[])
    assert "would mean nobody could be booked" in invalid.value.problems["allowed"]


def test_only_clinicians_can_be_on_the_allowed_list(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as invalid:
        open_on_jo(store, practice, allowed=[practice.reception])
    assert invalid.value.problems["allowed"] == "Only clinicians can be booked: Priya Shah has no diary."


def test_the_allowed_list_is_changed_and_removed_with_a_reason_on_the_timeline(
    store: Store, practice: Practice, ortiz: int
) -> None:
    concern = open_on_jo(store, practice)
    changed = store.concerns.change(
        concern.id,
        reason="Dr Hart asked he be seen only by her male colleagues.",
        allowed=[practice.patel_staff, staff_of(store, ortiz)],
        by=practice.manager,
    )
    assert [t.name for t in changed.allowed] == ["Dr Luis Ortiz", "Dr Rajesh Patel"]
    lifted = store.concerns.change(concern.id, reason="No longer needed.", allowed=None, by=practice.manager)
    assert lifted.allowed == ()
    timeline = store.timeline.for_patient(practice.jo)
    assert timeline is not None
    texts = [e.text for e in timeline.entries if e.kind == "allowed_changed"]
    assert texts == [
        "Book only with: Dr Luis Ortiz, Dr Rajesh Patel (was: anyone not on the do-not-book list). "
        "Why: Dr Hart asked he be seen only by her male colleagues.",
        "Book only with: anyone not on the do-not-book list (was: Dr Luis Ortiz, Dr Rajesh Patel). "
        "Why: No longer needed.",
    ]


# -- the kind follows the escalation --------------------------------------------------------------


def test_the_kind_changes_as_a_recorded_change_with_a_reason(store: Store, practice: Practice) -> None:
    concern = open_on_jo(store, practice)
    store.concerns.change(concern.id, reason="A burst of messages a day", kind="harassment", by=practice.manager)
    stalking = store.concerns.change(concern.id, reason="Waits in the car park", kind="stalking", by=practice.manager)
    assert stalking.kind == "stalking"
    timeline = store.timeline.for_patient(practice.jo)
    assert timeline is not None
    assert [e.text for e in timeline.entries if e.kind == "kind_changed"] == [
        "Harassment (was: Amorous advances). Why: A burst of messages a day",
        "Stalking (was: Harassment). Why: Waits in the car park",
    ]
    with pytest.raises(Invalid, match="Choose what kind"):
        store.concerns.change(concern.id, reason="x", kind="shouting", by=practice.manager)


# -- bookings made before the restriction (rule 12) -------------------------------------------------


def test_an_existing_appointment_with_the_new_target_is_listed_until_moved(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.jo, clinician_id=practice.hart, starts_at=TOMORROW_TEN, by=practice.reception
    )
    assert store.appointments.affected(practice.jo) == []
    open_on_jo(store, practice)
    [found] = store.appointments.affected(practice.jo)
    assert (found.appointment.id, found.why) == (booked.id, "Not with Dr Amelia Hart (open concern)")
    [item] = [i for i in QueueStore(store).items() if i.kind == AFFECTED]
    assert item.appointment_id == booked.id and item.name == "Smith, Jo"
    assert item.what == "Move or cancel Tue 24 Nov 10:00 with Dr Amelia Hart: Not with Dr Amelia Hart (open concern)"
    store.appointments.move(
        booked.id, clinician_id=practice.patel, starts_at=TOMORROW_TEN, reason=found.why, by=practice.manager
    )
    assert store.appointments.affected(practice.jo) == []
    assert [i for i in QueueStore(store).items() if i.kind == AFFECTED] == []


def test_a_chaperone_now_required_is_listed_until_one_is_named(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.jo, clinician_id=practice.patel, starts_at=TOMORROW_TEN, by=practice.reception
    )
    open_on_jo(store, practice, chaperone_scope="all")
    [found] = store.appointments.affected(practice.jo)
    assert found.why == "A chaperone is now required with Dr Rajesh Patel"
    store.appointments.move(
        booked.id,
        clinician_id=practice.patel,
        starts_at=TOMORROW_TEN,
        reason=found.why,
        chaperone_name="Grace O'Neill",
        by=practice.manager,
    )
    assert store.appointments.affected() == []


def test_an_appointment_outside_a_new_allowed_list_is_listed_and_cancelling_clears_it(
    store: Store, practice: Practice
) -> None:
    booked = store.appointments.book(
        patient_id=practice.jo, clinician_id=practice.oneill, starts_at=TOMORROW_TEN, by=practice.reception
    )
    concern = open_on_jo(store, practice)
    assert store.appointments.affected(practice.jo) == []
    store.concerns.change(concern.id, reason="Male GPs only", allowed=[practice.patel_staff], by=practice.manager)
    [found] = store.appointments.affected(practice.jo)
    assert found.why == "Only with Dr Rajesh Patel (open concern)"
    store.appointments.cancel(booked.id, reason=found.why, by=practice.manager)
    assert store.appointments.affected() == []


def test_past_appointments_and_emergency_overrides_are_not_listed(store: Store, practice: Practice, clock) -> None:
    store.appointments.book(
        patient_id=practice.jo, clinician_id=practice.hart, starts_at=NOW.replace(hour=10), by=practice.reception
    )
    store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=TOMORROW_TEN,
        by=practice.reception,
        override_reason="Chest pain",
        chaperone_name="Grace O'Neill",
    )
    open_on_jo(store, practice)
    clock.set(NOW.replace(hour=11))
    assert store.appointments.affected() == []


def test_fifty_future_appointments_are_judged_in_one_look(store: Store, practice: Practice) -> None:
    """The benchmark's case (`benchmarks/affected.py`): every one with the new target is found."""
    day = TOMORROW_TEN
    booked = 0
    while booked < 50:
        if day.weekday() < 5:
            store.appointments.book(
                patient_id=practice.jo, clinician_id=practice.hart, starts_at=day, by=practice.reception
            )
            booked += 1
        day += timedelta(days=1)
    open_on_jo(store, practice)
    assert len(store.appointments.affected(practice.jo)) == 50
