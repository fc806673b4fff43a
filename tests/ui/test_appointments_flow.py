"""Appointments at the desk after booking: moved and cancelled with a reason, flagged when a restriction
came later, and the bad input of issue 16 (a past appointment, a slot another desk just took, a second
appointment the same morning)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, OptionList, Static

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from boundary_tui.ui.screens.appointment_cancel import CancelAppointmentScreen
from boundary_tui.ui.screens.appointments import AppointmentsScreen
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.desk import DeskScreen
from tests.helpers.pilot import settle
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient
from tests.helpers.screens_tour import sign_in_quickly

SIZE = (80, 24)
TOMORROW_TEN = NOW.replace(hour=10) + timedelta(days=1)


def text(app: BoundaryApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def book(store: Store, patient: int, clinician: int, at=TOMORROW_TEN):
    return store.appointments.book(patient_id=patient, clinician_id=clinician, starts_at=at, by=1)


async def test_ctrl_o_cancels_an_appointment_with_the_reason_on_record(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    booked = book(store, practice.jo, practice.patel)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentsScreen)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CancelAppointmentScreen)
        await pilot.press("ctrl+s")  # no reason yet
        await settle(pilot)
        assert "Say why the appointment is cancelled" in text(app, "#reason-problem")
        form.query_one("#reason", Input).value = "Patient phoned: feeling better."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)  # the list had only that one: nothing left to show
        assert any(
            "Cancelled: Tue 24 Nov 2026 10:00 with Dr Rajesh Patel" in str(n.message) for n in app._notifications
        )
        pane = text(app, "#appointments")
        assert "No upcoming appointments." in pane
        assert "cancelled by Priya Shah on 23 Nov 2026 (Patient phoned: feeling better.)" in pane
    assert store.appointments.get(booked.id).status == "cancelled"  # type: ignore[union-attr]


async def test_a_past_appointment_is_not_cancelled_and_the_form_says_why(
    app: BoundaryApp, store: Store, practice: Practice, clock: FixedClock
) -> None:
    booked = book(store, practice.jo, practice.patel, at=NOW.replace(hour=9, minute=30))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("ctrl+o", "c")
        await settle(pilot)
        assert isinstance(app.screen, CancelAppointmentScreen)
        clock.set(NOW.replace(hour=9, minute=45))  # the morning went on while the form was open
        app.screen.query_one("#reason", Input).value = "Did not come"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CancelAppointmentScreen)  # nothing lost
        assert "has already passed: a past appointment is not cancelled" in text(app, "#form-problem")
    assert store.appointments.get(booked.id).is_booked  # type: ignore[union-attr]


async def test_a_move_onto_a_slot_another_desk_just_took_offers_the_next_free_one(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    mine = book(store, practice.jo, practice.patel)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("ctrl+o", "m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        await pilot.press("g", "r")  # Grace O'Neill, type-to-find
        await settle(pilot)
        assert form.clinician is not None and form.clinician.name == "Grace O'Neill"
        assert form.slot is not None and form.slot.starts_at == TOMORROW_TEN  # the same time
        with Store(practice.path, clock=FixedClock(NOW)) as other_desk:
            other_desk.appointments.book(
                patient_id=practice.siobhan, clinician_id=practice.oneill, starts_at=TOMORROW_TEN, by=1
            )
        form.query_one("#reason", Input).value = "Nurse review instead"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BookingScreen)
        assert "has just been booked by someone else. The next free slot is 10:10" in text(app, "#form-problem")
        assert form.slot is not None and form.slot.label == "10:10"
        assert store.appointments.get(mine.id).is_booked  # type: ignore[union-attr]
        await pilot.press("ctrl+s")  # take the offer
        await settle(pilot)
    [moved] = store.appointments.upcoming_for(practice.jo)
    assert (moved.clinician_name, moved.starts_at, moved.moved_from) == (
        "Grace O'Neill",
        TOMORROW_TEN + timedelta(minutes=10),
        mine.id,
    )


async def test_a_second_appointment_the_same_morning_is_asked_about_first(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    book(store, practice.jo, practice.patel, at=NOW.replace(hour=11))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("h", "a", "enter", "enter")  # Dr Hart, the first free slot this morning
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert "Jo Smith already has an appointment this morning: 11:00 with Dr Rajesh Patel" in str(
            question.query_one(Static).render()
        )
        await pilot.press("enter")  # "Go back" is the default
        await settle(pilot)
        assert isinstance(app.screen, BookingScreen) and len(store.appointments.upcoming_for(practice.jo)) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("tab", "enter")  # "Book both"
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert len(store.appointments.upcoming_for(practice.jo)) == 2


async def test_a_refused_booking_is_refused_without_first_asking_about_a_second_appointment(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    """Dr Hart for O'Brien the morning he already has one: the refusal, not "book both?" (seen in tmux)."""
    book(store, practice.obrien, practice.patel, at=NOW.replace(hour=11))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("h", "a", "enter", "enter")  # Dr Hart, the first free slot this morning
        await settle(pilot)
        assert isinstance(app.screen, BookingScreen), "asked about a booking the rules refuse"
        assert "Not with Dr Amelia Hart" in text(app, "#form-problem") or "Not with Dr Amelia Hart" in text(
            app, "#guard-message"
        )
    assert len(store.appointments.upcoming_for(practice.obrien)) == 1


async def test_a_flagged_appointment_is_marked_on_the_pane_and_waits_in_the_managers_queue(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    booked = book(store, practice.jo, practice.hart)
    store.concerns.open(
        practice.jo,
        kind="harassment",
        targets=[practice.hart_staff],
        chaperone_scope="none",
        review_on=(NOW + timedelta(days=90)).date(),
        by=practice.manager,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in_quickly(pilot, "Margaret Lewis", MANAGER_PIN)
        queue = app.screen.query_one("#queue", OptionList)
        lines = [str(queue.get_option_at_index(i).prompt) for i in range(queue.option_count)]
        [line] = [x for x in lines if "Booking" in x]
        assert "Smith, Jo" in line and "Move or cancel Tue 24 Nov 10:00 with Dr Amelia Hart: Not with Dr" in line
        await pilot.press("f8")
        await settle(pilot)
        queue.highlighted = lines.index(line)
        await pilot.press("enter")  # opens the patient, and the appointments to deal with
        await settle(pilot)
        assert isinstance(app.screen, AppointmentsScreen)
        await pilot.press("escape")
        await settle(pilot)
        pane = text(app, "#appointments")
        assert "Tue 24 Nov 2026 10:00 with Dr Amelia Hart" in pane
        assert "⚠ Not with Dr Amelia Hart (open concern): move or cancel (ctrl+o)" in pane
        await pilot.press("ctrl+o", "m")
        await settle(pilot)
        move = app.screen
        assert isinstance(move, BookingScreen)
        assert move.clinician is not None and move.clinician.name == "Dr Rajesh Patel"
        assert move.query_one("#reason", Input).value == "Not with Dr Amelia Hart (open concern)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        listed = app.screen  # back to the patient's appointments: the new one, unflagged
        assert isinstance(listed, AppointmentsScreen)
        [line] = [str(o.prompt) for o in listed.query_one(OptionList).options]
        assert line == "Tue 24 Nov 2026 10:00 with Dr Rajesh Patel"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert "Booking" not in "".join(str(queue.get_option_at_index(i).prompt) for i in range(queue.option_count))
    assert store.appointments.get(booked.id).status == "cancelled"  # type: ignore[union-attr]


async def test_ctrl_n_with_nothing_logged_here_says_what_to_do(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "o'brien")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert any("F3 logs a contact, then ctrl+n logs another like it" in str(n.message) for n in app._notifications)


async def test_the_concern_form_refuses_a_clinician_on_both_lists_with_the_reason(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "o'brien")
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        form.query_one("#allowed").focus()
        await pilot.press("h", "a", "space", "p", "a", "space")  # Dr Hart is on the do-not-book list already
        form.query_one("#reason", Input).value = "Only her male colleagues"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert text(app, "#allowed-problem") == (
            "Dr Amelia Hart cannot be on both lists: whom not to book, and whom only to book with. Take them off one."
        )
    [concern] = store.concerns.for_patient(practice.obrien)
    assert concern.allowed == ()
