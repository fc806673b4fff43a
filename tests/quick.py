"""Pilot shortcuts for flows that are about something other than the search box."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from boundary_tui.ui.screens.contact_form import ContactFormScreen
from tests.conftest import settle


async def choose_patient(pilot: Pilot[None], text: str) -> None:
    """Search for `text` and press Enter, without typing it key by key (~80 ms a key here)."""
    search = pilot.app.screen.query_one("#search", Input)
    search.focus()
    search.value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def open_contact_form(pilot: Pilot[None], description: str) -> ContactFormScreen:
    """F3 on the chosen patient, "in person" (Enter), and what happened filled in at once."""
    await pilot.press("f3", "enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ContactFormScreen)
    form.query_one("#description", TextArea).text = description
    return form
