"""Pilot shortcuts for flows that are about something other than the search box."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import settle


async def choose_patient(pilot: Pilot[None], text: str) -> None:
    """Search for `text` and press Enter, without typing it key by key (~80 ms a key here)."""
    search = pilot.app.screen.query_one("#search", Input)
    search.focus()
    search.value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
