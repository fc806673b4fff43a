"""Hostile input, the terminal: every screen of the desk resized to 40x12 and to 300x80.

A reception PC's terminal gets split, zoomed and dragged to a corner. On every
screen of the tour (`tests/helpers/screens_tour.py`) the app must keep running, keep the
focus where it was and in sight, and keep every field, list and button reachable
(scrolled to, if the screen is too small to show it all): at 40x12 a dialog
scrolls and its lists shrink (`-short`, `BoundaryApp.VERTICAL_BREAKPOINTS`), a
row of buttons too wide scrolls sideways. Then forms are used at 40x12: what was
typed survives the resizes and Save still saves it, under the name of whoever is
signed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, SelectionList, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.first_run import FirstRunScreen
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.screens.sign_in import SignInScreen
from tests.helpers.pilot import settle
from tests.helpers.practice import RECEPTION_PIN, Practice
from tests.helpers.screens_tour import STOPS, Stop, alive, arrive, bring_into_view, shown_region, stop_app

SMALL = (40, 12)
HUGE = (300, 80)
NORMAL = (120, 40)
SIZES = [SMALL, HUGE, NORMAL]


async def resize(pilot: Pilot[None], width: int, height: int) -> None:
    await pilot.resize_terminal(width, height)
    await pilot.pause(0.02)  # Textual passes a resize on to the screen 1/120 s later
    await pilot.pause()


def room_for(widget: Widget) -> Size:
    """The most of `widget` that can be shown at once: the view of the nearest container that
    scrolls it (each way), else the screen. A container that clips without scrolling gives no room."""
    height = width = None
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        view = ancestor.scrollable_content_region
        if height is None and ancestor.allow_vertical_scroll:
            height = view.height
        if width is None and ancestor.allow_horizontal_scroll:
            width = view.width
    screen = widget.screen.size
    return Size(screen.width if width is None else width, screen.height if height is None else height)


def in_sight(widget: Widget) -> bool:
    """As much of `widget` is on screen as there is room for (all of it, if it fits)."""
    shown, region, room = shown_region(widget), widget.region, room_for(widget)
    return (
        bool(shown) and shown.height >= min(region.height, room.height) and shown.width >= min(region.width, room.width)
    )


def fully_shown(widget: Widget) -> bool:
    shown = shown_region(widget)
    return bool(shown) and shown.size == widget.region.size


async def highlight_stays_in_sight(pilot: Pilot[None], widget: OptionList) -> list[int]:
    """Move through every option of a list; returns the options that were highlighted out of sight."""
    widget.focus()
    await pilot.pause()
    hidden = []
    for index in range(widget.option_count):
        widget.highlighted = index  # the list scrolls to it at once
        line = widget.region.y + widget._index_to_line[index] - round(widget.scroll_offset.y)
        shown = shown_region(widget)
        if not shown.y <= line < shown.bottom:
            hidden.append(index)
    return hidden


@pytest.mark.parametrize("stop", STOPS, ids=[stop.name for stop in STOPS])
async def test_every_screen_survives_40x12_and_300x80_with_everything_reachable(
    stop: Stop, practice: Practice, tmp_path: Path
) -> None:
    app = stop_app(stop, practice, tmp_path)
    async with app.run_test(size=NORMAL) as pilot:
        screen = await arrive(pilot, stop)
        focused = app.focused
        for size in SIZES:
            await resize(pilot, *size)
            where = f"{stop.name} at {size[0]}x{size[1]}"
            alive(app, where)
            assert app.size == size and app.screen is screen, where
            assert app.focused is focused, f"{where}: the focus moved to {app.focused!r}"
            if focused is not None:
                assert in_sight(focused), f"{where}: the focused {focused!r} is out of sight"
            for selector in stop.reach if size != NORMAL else ():  # back where it started: the focus is enough
                widget = screen.query_one(selector)
                await bring_into_view(pilot, widget)
                assert in_sight(widget), (
                    f"{where}: {selector} cannot be brought into view: {shown_region(widget)} of {widget.region}"
                )
                if size == SMALL and isinstance(widget, OptionList | SelectionList) and widget.option_count:
                    hidden = await highlight_stays_in_sight(pilot, widget)
                    assert not hidden, f"{where}: {selector} highlights options {hidden} out of sight"
            if focused is not None:
                focused.focus()  # back where the person left it (the lists above took it)
                await pilot.pause()
        await settle(pilot)
        alive(app, stop.name)


# -- using forms in a small terminal --------------------------------------------------------

CONTACT = "In car park [b]1h[/b] @desk $x"


def contact_stop() -> Stop:
    return next(stop for stop in STOPS if stop.screen is ContactFormScreen)


async def test_a_contact_typed_before_a_resize_is_kept_and_saved_at_40x12(practice: Practice, tmp_path: Path) -> None:
    app = stop_app(contact_stop(), practice, tmp_path)
    async with app.run_test(size=NORMAL, notifications=True) as pilot:
        form = await arrive(pilot, contact_stop())
        await pilot.press("enter")  # in person at the practice: on to what happened
        description = form.query_one("#description", TextArea)
        assert app.focused is description
        await pilot.press(*CONTACT[:15])
        for size in (SMALL, HUGE, SMALL):
            await resize(pilot, *size)
            assert app.focused is description and fully_shown(description)
        await pilot.press(*CONTACT[15:])
        await settle(pilot)
        assert description.text == CONTACT
        save = form.query_one("#save")
        await bring_into_view(pilot, save)
        assert fully_shown(save)
        await pilot.click(save)
        await settle(pilot)
        alive(app)
        assert isinstance(app.screen, DeskScreen)
    row = app.store.db.execute("SELECT description, logged_by FROM contacts").fetchall()
    assert row == [(CONTACT, practice.reception)]


async def test_booking_at_40x12_the_slot_list_is_in_sight_and_enter_books(practice: Practice, tmp_path: Path) -> None:
    stop = next(stop for stop in STOPS if stop.screen is BookingScreen)
    app = stop_app(stop, practice, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        form = await arrive(pilot, stop)
        assert isinstance(form, BookingScreen)
        assert form.clinician is not None and form.clinician.name == "Dr Rajesh Patel"
        await pilot.press("tab", "tab")  # date, then the free slots
        await settle(pilot)
        slots = form.query_one("#slot", OptionList)
        assert app.focused is slots and fully_shown(slots)
        await pilot.press("down", "down")
        await settle(pilot)
        assert await highlight_stays_in_sight(pilot, slots) == []
        slots.highlighted = 2
        await pilot.press("enter")
        await settle(pilot)
        alive(app)
        assert isinstance(app.screen, DeskScreen)
    booked = app.store.appointments.upcoming_for(practice.obrien)
    assert [(a.clinician_name, a.starts_at.hour, a.starts_at.minute) for a in booked] == [("Dr Rajesh Patel", 9, 20)]


async def test_keep_editing_at_40x12_keeps_the_text_and_throw_away_is_reachable(
    practice: Practice, tmp_path: Path
) -> None:
    stop = next(stop for stop in STOPS if stop.screen is ConfirmScreen)
    app = stop_app(stop, practice, tmp_path)
    async with app.run_test(size=NORMAL) as pilot:
        await arrive(pilot, stop)
        await resize(pilot, *SMALL)
        keep = app.screen.query_one("#no")
        assert app.focused is keep and fully_shown(keep)
        await pilot.click(keep)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert form.query_one("#description", TextArea).text == "Asked for Dr Hart at the desk."
        await pilot.press("escape")
        await settle(pilot)
        throw_away = app.screen.query_one("#yes")
        await pilot.press("tab")  # to "Throw it away": the row scrolls sideways to it
        await settle(pilot)
        assert app.focused is throw_away and fully_shown(throw_away)
        await pilot.click(throw_away)
        await settle(pilot)
        alive(app)
        assert isinstance(app.screen, DeskScreen)
    assert app.store.db.execute("SELECT count(*) FROM contacts").fetchone() == (0,)


async def test_first_run_and_sign_in_work_at_40x12(tmp_path: Path) -> None:
    app = BoundaryApp(db_path=tmp_path / "new.db")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*"Margaret Lewis", "tab", *"947261", "tab", *"947261")
        await settle(pilot)
        assert fully_shown(app.screen.query_one("#pin_again", Input))
        save = app.screen.query_one("#save")
        await bring_into_view(pilot, save)
        await pilot.click(save)
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        pin = app.screen.query_one("#pin", Input)
        assert app.focused is pin and fully_shown(pin)
        await pilot.press(*"947261", "enter")
        await settle(pilot)
        alive(app)
        assert isinstance(app.screen, DeskScreen)
        assert app.staff is not None and app.staff.name == "Margaret Lewis"


async def test_a_desk_locked_at_40x12_unlocks_with_the_form_and_its_text(practice: Practice, tmp_path: Path) -> None:
    app = stop_app(contact_stop(), practice, tmp_path)
    async with app.run_test(size=NORMAL) as pilot:
        form = await arrive(pilot, contact_stop())
        await pilot.press("enter", *"Rang four times")
        await resize(pilot, *SMALL)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        pin = app.screen.query_one("#pin", Input)
        assert app.focused is pin and fully_shown(pin)
        await pilot.press("ctrl+q")  # a locked desk cannot be quit, at any size
        await pilot.press(*RECEPTION_PIN, "enter")
        await settle(pilot)
        alive(app)
        assert app.screen is form
        assert form.query_one("#description", TextArea).text == "Rang four times"
        await resize(pilot, *NORMAL)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert app.store.db.execute("SELECT description, logged_by FROM contacts").fetchall() == [
        ("Rang four times", practice.reception)
    ]
