"""Several desks on one database: many processes saving at once, two desks racing for a slot,
and a save that has to wait for another desk, as the person at the form sees it.

The desks here are real processes (`tests/desks.py`) with their own `Store` on
the shared file, started together so that they really contend for the lock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.times import london
from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from tests.helpers.desks import desks, go, wait_ready
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

DESKS = 20
SAVES = int(os.environ.get("BOUNDARY_TUI_STRESS_SAVES", "500"))
"""Contacts each desk saves: the issue's 20 x 500 runs in ~10 s on 2 cores, so it is the default."""

SIZE = (120, 40)


# -- many desks saving at once ------------------------------------------------------------


def test_twenty_desks_saving_contacts_at_once_lose_nothing_and_see_no_error(practice: Practice) -> None:
    command = ("save", practice.path, practice.obrien, practice.reception, SAVES)
    with desks(*[command] * DESKS) as running:
        for desk in running:
            wait_ready(desk)
        started = time.perf_counter()
        for desk in running:  # all of them are waiting on this line: they start together
            go(desk)
        outcomes = []
        for desk in running:
            out, err = desk.communicate(timeout=300)
            assert desk.returncode == 0, err
            outcomes.append(json.loads(out))
        seconds = time.perf_counter() - started

    errors = [error for outcome in outcomes for error in outcome["errors"]]
    assert errors == []
    ids = [contact_id for outcome in outcomes for contact_id in outcome["ids"]]
    assert len(ids) == DESKS * SAVES
    assert len(set(ids)) == len(ids)
    with Store(practice.path, create=False) as store:
        stored = {c.id for c in store.contacts.for_patient(practice.obrien)}
    assert set(ids) <= stored and len(stored) == len(ids)
    report = verify(practice.path)
    assert report.ok, report.describe()
    assert report.counts["contacts"] == len(ids)
    # A figure for the record (pytest -s shows it); never asserted.
    print(f"\n{DESKS} desks x {SAVES} contacts: {seconds:.1f} s, {len(ids) / seconds:,.0f} commits/s, 0 errors")


def test_a_save_waits_out_a_queue_of_other_saves_longer_than_the_timeout(practice: Practice) -> None:
    """Only a lock held with no commit at all for the whole timeout is "busy"; a moving queue is waited out."""
    done = threading.Event()

    def busy_desk() -> None:
        """Another desk saving back to back: it takes the lock again the moment it commits."""
        other = sqlite3.connect(practice.path, isolation_level=None)
        for n in range(20):  # ~1 s of saves, four times the waiting desk's timeout
            other.execute("BEGIN IMMEDIATE")
            if n == 0:
                done.set()
            other.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('stress', ?)", [str(n)])
            time.sleep(0.05)
            other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=busy_desk)
    thread.start()
    done.wait()
    with Store(practice.path, clock=FixedClock(NOW), timeout=0.25) as desk:
        booked = desk.appointments.book(
            patient_id=practice.jo, clinician_id=practice.patel, starts_at=NOW.replace(hour=10), by=practice.reception
        )
    thread.join()
    assert booked.id


# -- two desks, one slot ----------------------------------------------------------------------

RACES = [NOW.replace(hour=10), NOW.replace(hour=11, minute=30), NOW.replace(hour=16, minute=50)]
LAST = NOW.replace(hour=17, minute=50)
"""The day's last slot: the desk that loses it is told there is nothing later that day."""


def test_two_desks_booking_the_same_slot_at_the_same_moment(practice: Practice) -> None:
    slots = [*RACES, LAST]
    # Two receptionists, two patients, the same clinician and slot, pressing Enter at once.
    first = ("book", practice.path, practice.jo, practice.reception, practice.patel, *[s.isoformat() for s in slots])
    second = ("book", practice.path, practice.siobhan, practice.manager, practice.patel, *first[5:])
    with desks(first, second) as running:
        for slot in slots:
            for desk in running:
                wait_ready(desk)
            for desk in running:
                go(desk)
            outcomes = []
            for desk in running:
                assert desk.stdout is not None
                outcomes.append(json.loads(desk.stdout.readline()))
            booked = [o for o in outcomes if "booked" in o]
            taken = [o for o in outcomes if "taken" in o]
            assert len(booked) == 1 and len(taken) == 1, outcomes
            label = london(slot).strftime("%H:%M")
            assert f"Dr Rajesh Patel at {label} has just been booked by someone else." in taken[0]["taken"]
            if slot == LAST:
                assert taken[0]["next_free"] is None
                assert "There are no more free slots that day." in taken[0]["taken"]
            else:
                offered = london(slot + timedelta(minutes=10)).strftime("%H:%M")
                assert taken[0]["next_free"] == offered
                assert f"The next free slot is {offered}." in taken[0]["taken"]
    with Store(practice.path, create=False) as store:
        rows = store.db.execute(
            "SELECT starts_at, count(*) FROM appointments WHERE clinician_id = ? GROUP BY starts_at",
            [practice.patel],
        ).fetchall()
    assert len(rows) == len(slots) and all(count == 1 for _, count in rows)


async def test_the_booking_form_offers_the_next_free_slot_when_another_desk_took_it(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        await pilot.press("enter", "down", "down", "down")  # Dr Hart, then 09:30
        await settle(pilot)
        assert form.slot is not None and form.slot.label == "09:30"

        # Meanwhile another desk books 09:30 with Dr Hart for someone else.
        store.appointments.book(
            patient_id=practice.siobhan,
            clinician_id=practice.hart,
            starts_at=NOW.replace(minute=30),
            by=practice.manager,
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        problem = str(form.query_one("#form-problem", Static).render())
        assert "Dr Amelia Hart at 09:30 has just been booked by someone else. The next free slot is 09:40." in problem
        assert "09:40 is highlighted: press Enter to book it" in str(form.query_one("#slot-problem", Static).render())
        slots = form.query_one("#slot", OptionList)
        assert form.focused is slots and form.slot is not None and form.slot.label == "09:40"
        assert "09:30" not in [str(slots.get_option_at_index(i).prompt) for i in range(slots.option_count)]

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    [booked] = store.appointments.upcoming_for(practice.jo)
    assert (booked.clinician_id, booked.starts_at) == (practice.hart, NOW.replace(minute=40))


# -- a save that has to wait ------------------------------------------------------------------


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another program (or a stuck desk) holding the database's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def open_contact_form(pilot: Pilot[None], app: BoundaryApp, description: str) -> ContactFormScreen:
    """Signed in at reception, Martin O'Brien chosen, F3, in person, the description typed."""
    await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
    await choose_patient(pilot, "martin o'brien")
    await pilot.press("f3", "enter")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ContactFormScreen)
    form.query_one("#description", TextArea).text = description
    return form


async def test_a_lock_held_longer_than_the_timeout_is_a_plain_message_and_ctrl_s_tries_again(
    practice: Practice, clock: FixedClock
) -> None:
    description = "Phoned twice asking for Dr Hart's home address."
    app = BoundaryApp(store=Store(practice.path, clock=clock, timeout=0.3))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_contact_form(pilot, app, description)
        other = hold_write_lock(practice.path)
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            problem = str(form.query_one("#form-problem", Static).render())
            assert "is busy: another desk has held it for too long" in problem
            assert "Everything typed is still here: press ctrl+s to save it." in problem
            assert "locked" not in problem.lower()
            assert form.query_one("#description", TextArea).text == description
            assert str(form.query_one("#save", Button).label) == form.SAVE_LABEL
        finally:
            other.rollback()
            other.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    with Store(practice.path, create=False) as store:
        [saved] = store.contacts.for_patient(practice.obrien)
    assert saved.description == description


async def test_a_save_waiting_for_another_desk_says_so_then_saves(
    app: BoundaryApp, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ContactFormScreen, "SLOW_SAVE_SECONDS", 0.05)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_contact_form(pilot, app, "Waited outside the staff entrance.")
        other = hold_write_lock(practice.path)
        try:
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)  # well inside the store's 5 s busy timeout
            assert app.screen is form
            button = form.query_one("#save", Button)
            assert str(button.label) == form.WAITING_LABEL and button.disabled
        finally:
            other.commit()  # the other desk finishes its save
            other.close()
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    with Store(practice.path, create=False) as store:
        assert [c.description for c in store.contacts.for_patient(practice.obrien)] == [
            "Waited outside the staff entrance."
        ]
