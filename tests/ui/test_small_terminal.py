"""On any terminal (issue 15): at 80x24, what the desk says is in sight without scrolling.

80 columns by 24 lines is PuTTY's and Windows Terminal's first window. There a
refused booking says why where it is seen, a wrong PIN on the lock screen is
said in sight, a match line keeps the whole NHS number and date of birth (the
name is shortened instead), and the footer keeps F1 (help) and F9 (lock).
"""

from __future__ import annotations

from datetime import date

from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.match_list import MatchList
from tests.helpers.pilot import on_screen, settle, text_of, type_text
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN
from tests.helpers.quick import choose_patient
from tests.helpers.screens_tour import shown_region, sign_in_quickly

SIZE = (80, 24)

LONG_NAME = ("Alexandrina-Wilhelmina", "Featherstonehaugh-Cholmondeley")
"""A patient whose name is longer than a match line has room for."""


def wholly_in_sight(widget: Widget) -> None:
    """Every cell of `widget` is drawn on the screen now: nothing of it scrolled away or cut off."""
    region = widget.region
    assert region.height > 0 and region.width > 0, f"{widget!r} is not drawn"
    assert shown_region(widget) == region, f"{widget!r}: {region} drawn only as {shown_region(widget)}"
    assert region.bottom <= SIZE[1] and region.right <= SIZE[0]


def screen_says(app: BoundaryApp, text: str) -> bool:
    return any(text in line for line in on_screen(app))


async def test_a_refused_booking_with_dr_hart_is_in_sight_without_scrolling(app: BoundaryApp) -> None:
    """Enter on Dr Hart's slot for Martin O'Brien: the refusal and who to book instead show at once at 80x24."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        await pilot.press("up", "tab", "tab", "enter")  # Dr Amelia Hart, her first free slot
        await settle(pilot)
        assert app.screen is form
        problem = form.query_one("#form-problem")
        assert "Not with Dr Amelia Hart" in text_of(app, "#form-problem")
        wholly_in_sight(problem)
        assert screen_says(app, "Not with Dr Amelia Hart")
        assert screen_says(app, "Book with Dr Rajesh Patel")
        wholly_in_sight(form.query_one(".dialog-title"))  # and whom it is about


async def test_a_wrong_pin_on_the_lock_screen_is_said_in_sight(app: BoundaryApp) -> None:
    """F9, a wrong PIN, Enter: "That PIN is not right" shows on the lock screen at 80x24."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, "0000")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and app.is_locked
        message = app.screen.query_one("#sign-in-message")
        assert "That PIN is not right for Priya Shah" in text_of(app, "#sign-in-message")
        wholly_in_sight(message)
        assert screen_says(app, "That PIN is not right")
        assert app.screen.query_one("#pin", Input).value == ""


async def test_match_lines_keep_the_whole_nhs_number_and_date_of_birth(app: BoundaryApp, store: Store) -> None:
    """At 80 columns a long name is shortened (…) so the date of birth and all ten NHS digits stay in sight."""
    store.patients.add(
        nhs_number="9990000085",
        given_name=LONG_NAME[0],
        family_name=LONG_NAME[1],
        date_of_birth=date(1972, 4, 18),
        postcode="LS7 3QR",
        by="test",
    )
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        search = app.screen.query_one("#search", Input)
        search.value = "featherstonehaugh"
        await settle(pilot)
        results = app.screen.query_one("#results", MatchList)
        assert results.option_count == 1
        [line] = [text for text in on_screen(app) if "999 000 0085" in text]
        assert "18 Apr 1972" in line and "LS7 3QR" in line
        assert "…" in line and LONG_NAME[0] not in line  # the name gave way, not the numbers
        assert "Featherstonehaugh" in line

        search.value = "o'brien"
        await settle(pilot)
        [line] = [text for text in on_screen(app) if "O'Brien, Martin" in text]
        assert "14 Mar 1978" in line and "943 476 5919" in line and "LS6 2AB" in line


def footer_keys(app: BoundaryApp) -> dict[str, FooterKey]:
    """The keys the footer offers, by key, among those drawn wholly on screen."""
    shown = {}
    for key in app.screen.query(FooterKey):
        region = key.region
        if region.width and shown_region(key) == region and region.right <= SIZE[0]:
            shown[key.key] = key
    return shown


async def test_the_footer_keeps_f1_and_f9_at_80_columns(app: BoundaryApp) -> None:
    """At 80 columns the footer shows Help (F1) and Lock (F9) on the desk, for reception and manager alike."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        keys = footer_keys(app)
        assert "f1" in keys and "f9" in keys, sorted(keys)
        assert screen_says(app, "f1 Help") and screen_says(app, "f9 Lock")


async def test_the_managers_footer_keeps_f1_and_f9_on_the_desk_and_the_timeline(app: BoundaryApp) -> None:
    """A manager's desk offers more keys than fit: F1 and F9 are the ones kept, on the desk and the timeline."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        keys = footer_keys(app)
        assert "f1" in keys and "f9" in keys, sorted(keys)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        keys = footer_keys(app)
        assert "f1" in keys and "f9" in keys, sorted(keys)
