"""Locking the desk (rule 11): F9 at once, idle time with the store's clock, no patient data shown; only the
person who locked it unlocks it, and anyone else takes a separate, deliberate path."""

from __future__ import annotations

import html
import threading
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import Button, Input

from boundary_tui.app import BoundaryApp, idle_limit
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.screens.sign_in import SignInScreen, SomeoneElseScreen
from tests.helpers.pilot import settle, sign_in, someone_else, text_of, type_text
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

SIZE = (120, 40)

PATIENT_WORDS = ("Martin", "Brien", "Declan", "Murphy", "476", "5919", "LS6", "Hart", "Chaperone", "removed")
"""Anything of the patients on screen before the lock; none of it may show on the lock screen."""


def screen_text(app: BoundaryApp) -> str:
    """Everything drawn on the terminal, as text (from the SVG screenshot)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def unlock(pilot: Any, pin: str) -> None:
    """Type the PIN on the lock screen (only the person who locked it can unlock it)."""
    assert isinstance(pilot.app.screen, LockScreen)
    await type_text(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)


async def test_f9_locks_at_once_and_the_lock_screen_shows_no_patient_data(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "declan")
        await pilot.press("f2")  # a toast naming the patient: "Declan Murphy-Jones was removed…"
        await choose_patient(pilot, "martin o'brien")
        screen_before = screen_text(app)
        assert all(word in screen_before for word in ("Martin", "Declan", "Hart", "5919"))

        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.is_locked and app.sub_title == "Locked"
        shown = screen_text(app)
        assert "Desk locked" in shown and "Priya" in shown
        assert [word for word in PATIENT_WORDS if word in shown] == []
        assert app.screen.focused is app.screen.query_one("#pin", Input)


async def test_the_same_person_unlocks_and_finds_the_desk_as_they_left_it(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        desk = app.screen
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")  # an empty PIN is not a guess
        await settle(pilot)
        assert "Type your PIN" in text_of(app, "#sign-in-message")
        await unlock(pilot, "0000")
        assert "That PIN is not right for Priya Shah" in text_of(app, "#sign-in-message")
        await unlock(pilot, RECEPTION_PIN)
        assert app.screen is desk and not app.is_locked
        assert isinstance(desk, DeskScreen) and desk.view is not None and desk.view.patient.family_name == "O'Brien"
        assert app.sub_title == "Signed in: Priya Shah (reception)"


async def test_someone_else_unlocking_gets_a_fresh_desk_and_nothing_left_open_is_saved(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "zoe")
        old_desk = app.screen
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, BookingScreen)
        app.screen.query_one("#chaperone", Input).focus()
        await type_text(pilot, "Priya Shah")
        await pilot.press("f9")  # locks from inside a form too
        await settle(pilot)
        await someone_else(pilot, "Margaret Lewis", MANAGER_PIN)

        desk = app.screen
        assert isinstance(desk, DeskScreen) and desk is not old_desk
        assert desk.view is None and app.sub_title == "Signed in: Margaret Lewis (manager)"
        assert not [s for s in app.screen_stack if isinstance(s, (BookingScreen, LockScreen, SomeoneElseScreen))]
        assert desk.query("#queue")  # a manager's desk
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert store.appointments.upcoming_for(practice.zoe) == []


async def test_idle_time_locks_the_desk_by_the_stores_clock(app: BoundaryApp, clock: FixedClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert app.lock_if_idle() is False  # nobody signed in: nothing to lock
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        assert app.idle_limit == timedelta(minutes=5)
        clock.advance(minutes=4, seconds=59)
        assert app.lock_if_idle() is False
        await pilot.press("slash")  # someone is using the desk: the idle time starts again
        clock.advance(minutes=4, seconds=59)
        assert app.lock_if_idle() is False
        clock.advance(seconds=1)
        assert app.lock_if_idle() is True
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        clock.advance(hours=1)
        assert app.lock_if_idle() is False  # already locked
        assert sum(isinstance(s, LockScreen) for s in app.screen_stack) == 1


async def test_the_idle_time_comes_from_the_setting_unless_the_app_is_told(store: Store, practice: Practice) -> None:
    store.settings.set("idle_lock_minutes", "2")
    from_setting = BoundaryApp(store=store)
    told = BoundaryApp(store=store, idle_lock_minutes=0.5)
    async with from_setting.run_test(size=SIZE):
        assert from_setting.idle_limit == timedelta(minutes=2)
    async with told.run_test(size=SIZE):
        assert told.idle_limit == timedelta(seconds=30)


@pytest.mark.parametrize(("setting", "minutes"), [("5", 5), ("1.5", 1.5), ("0", 5), ("-3", 5), ("soon", 5), ("", 5)])
def test_a_desk_never_stays_unlocked_for_want_of_a_sensible_setting(setting: str, minutes: float) -> None:
    assert idle_limit(setting) == timedelta(minutes=minutes)


async def test_f9_does_nothing_before_anyone_signs_in(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and not isinstance(app.screen, LockScreen)


async def test_a_save_that_finishes_while_locked_does_not_uncover_the_desk(
    app: BoundaryApp, practice: Practice
) -> None:
    release = threading.Event()
    real_book = app.store.appointments.book

    def slow_book(**kwargs: Any) -> Any:
        release.wait(timeout=10)
        return real_book(**kwargs)

    app.store.appointments.book = slow_book  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        await pilot.press("tab", "tab", "enter")  # book the first free slot; the save is now waiting
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)  # the finished form did not pop the lock
        assert form in app.screen_stack
        await unlock(pilot, RECEPTION_PIN)
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert "with Dr Amelia Hart" in text_of(app, "#appointments")
    assert [a.patient_id for a in app.store.appointments.upcoming_for(practice.jo)] == [practice.jo]


async def test_the_lock_screen_offers_no_other_names_and_only_its_owners_pin_unlocks_it(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        desk = app.screen
        await pilot.press("f9")
        await settle(pilot)
        assert not app.screen.query("#staff-list")
        shown = screen_text(app)
        assert "Margaret" not in shown and "manager" not in shown
        assert text_of(app, "#sign-in-note") == "Locked at 09:00 by Priya Shah. Priya Shah: type your PIN to carry on."
        assert "Someone else: sign in" in str(app.screen.query_one("#someone-else", Button).label)
        await pilot.press("up", "down")  # no list to move in: nothing happens
        await unlock(pilot, MANAGER_PIN)  # another person's right PIN is just a wrong PIN here
        assert isinstance(app.screen, LockScreen)
        assert "That PIN is not right for Priya Shah" in text_of(app, "#sign-in-message")
        await unlock(pilot, RECEPTION_PIN)
        assert app.screen is desk
    outcomes = [r[0] for r in store.db.execute("SELECT outcome FROM sign_in_events ORDER BY id").fetchall()]
    assert outcomes[-2:] == ["wrong_pin", "signed_in"]


async def test_someone_else_changes_nothing_until_they_have_signed_in_and_esc_goes_back(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        desk = app.screen
        await pilot.press("f9")
        await settle(pilot)
        await pilot.click("#someone-else")
        await settle(pilot)
        assert isinstance(app.screen, SomeoneElseScreen) and app.is_locked
        assert "Signing in here closes Priya Shah's desk: anything not saved is dropped" in text_of(
            app, "#sign-in-note"
        )
        await sign_in(pilot, "Margaret Lewis", "000000")  # a wrong PIN: still locked, the desk still there
        assert isinstance(app.screen, SomeoneElseScreen) and desk in app.screen_stack
        await pilot.press("escape")  # clears the PIN
        await pilot.press("escape")  # on an empty PIN: back to the lock
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and app.is_locked
        await unlock(pilot, RECEPTION_PIN)
        assert app.screen is desk and isinstance(desk, DeskScreen) and desk.view is not None
