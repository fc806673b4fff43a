"""Driving the real desk under Pilot for the benchmarks: signing in with the demo staff's own PINs.

PINs come from `boundary_tui.demo.DEMO_ACCOUNTS` (never written here), so a change
to the demo's PINs or PIN rules changes the benchmarks with it.
"""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.demo import DEMO_ACCOUNTS
from boundary_tui.ui.screens.desk import DeskScreen

RECEPTION = "Priya Shah"
MANAGER = "Margaret Lewis"


def demo_pin(name: str) -> str:
    return next(a.pin for a in DEMO_ACCOUNTS if a.name == name)


async def sign_in(app: BoundaryApp, pilot: Pilot[None], name: str = RECEPTION) -> DeskScreen:
    """Choose `name`, type their PIN, and wait for the desk (checking a PIN is deliberately slow)."""
    await pilot.pause()
    staff = app.screen.query_one("#staff-list", OptionList)
    labels = [str(staff.get_option_at_index(i).prompt) for i in range(staff.option_count)]
    staff.highlighted = next(i for i, label in enumerate(labels) if label.startswith(name))
    await pilot.press("enter", *demo_pin(name), "enter")
    for _ in range(600):
        if isinstance(app.screen, DeskScreen):
            await pilot.pause()
            return app.screen
        await asyncio.sleep(0.02)
    raise RuntimeError(f"{name} could not sign in with the demo PIN")


async def choose(app: BoundaryApp, pilot: Pilot[None], search: str) -> None:
    """Search for a patient and choose the first match (Enter)."""
    app.screen.query_one("#search", Input).value = search
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
