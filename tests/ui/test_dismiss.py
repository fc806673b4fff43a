"""A form or dialog is dismissed once, and only while it is on top (`ui/textual_fixes.py`).

Textual 8.2.8 runs the result callback and pops whatever is on top: two Esc
presses on a loaded machine killed the desk with `InvalidStateError`, and an Esc
queued before F1 popped the help screen instead of the form.
"""

from __future__ import annotations

from boundary_tui.app import BoundaryApp
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.help import HelpScreen
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import RECEPTION_PIN
from tests.helpers.quick import choose_patient


async def open_form(app: BoundaryApp, pilot) -> ContactFormScreen:  # type: ignore[no-untyped-def]
    await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
    await choose_patient(pilot, "martin o'brien")
    await pilot.press("f3")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ContactFormScreen)
    return form


async def test_two_escapes_handled_back_to_back_dismiss_the_form_once(app: BoundaryApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        form.action_cancel()
        form.action_cancel()  # the second Esc, handled before the first one's pop has been seen
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, DeskScreen)
        assert len(app.screen_stack) == 2  # the desk is still there: nothing else was popped


async def test_an_escape_meant_for_a_form_under_help_leaves_help_and_the_form_alone(app: BoundaryApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        form.action_cancel()  # queued before F1 came up
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen) and form in app.screen_stack
        await pilot.press("escape")  # help goes
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")  # and now the form
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.is_running


async def test_the_palettes_search_finishing_as_it_closes_does_not_crash(app: BoundaryApp) -> None:
    """A late worker showing the match list of a palette whose list is already gone (seen under load in CI)."""
    from textual.command import CommandList, CommandPalette

    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.query_one(CommandList).remove()
        palette._list_visible = not palette._list_visible  # what the late worker does
        await settle(pilot)
        assert app.is_running
