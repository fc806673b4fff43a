"""Pilot shortcuts for flows that are about something other than the search box."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from boundary_tui.core.vocabulary import ACTION_KINDS
from boundary_tui.ui.screens.action_form import ActionFormScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from tests.helpers.pilot import settle


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


async def open_kind(pilot: Pilot[None], kind: str) -> ActionFormScreen:
    """F6, highlight the kind, Enter (focus moves to its first field)."""
    await pilot.press("f6")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ActionFormScreen)
    form.query_one("#kind", OptionList).highlighted = ACTION_KINDS.index(kind)  # as if arrowed down
    await pilot.press("enter")
    await settle(pilot)
    return form
