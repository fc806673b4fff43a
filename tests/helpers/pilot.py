"""Pilot helpers that act like a person at the desk: sign in, type, wait for the screen to settle."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList

from boundary_tui.app import BoundaryApp


async def settle(pilot: Pilot[None]) -> None:
    """Let background work (lookups, saves) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def shown_within(pilot: Pilot[None], check: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Wait, pressing nothing, for what a screen's own timer puts on it: True once `check()` holds.

    A fixed pause measured the machine: with both cores busy beside the test suite, half a
    second was not always enough for a timer of a tenth of a second to have run.
    """
    deadline = time.monotonic() + seconds
    while True:
        await settle(pilot)
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)


async def sign_in(pilot: Pilot[None], name: str, pin: str) -> None:
    """Choose `name` with the arrow keys, Enter, type the PIN, Enter."""
    await pilot.pause()
    staff_list = pilot.app.screen.query_one("#staff-list", OptionList)
    names = [str(staff_list.get_option_at_index(i).prompt) for i in range(staff_list.option_count)]
    target = next(i for i, label in enumerate(names) if label.startswith(name))
    await pilot.press(*(["down"] * (target - (staff_list.highlighted or 0))))
    await pilot.press("enter")
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def someone_else(pilot: Pilot[None], name: str, pin: str) -> None:
    """On the lock screen: the deliberate path for anyone but the person who locked it (ctrl+o), then sign in."""
    await pilot.press("ctrl+o")
    await settle(pilot)
    await sign_in(pilot, name, pin)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type into the focused widget, one key per character."""
    await pilot.press(*text)
    await settle(pilot)


def text_of(app: BoundaryApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def on_screen(app: BoundaryApp) -> list[str]:
    """The terminal's lines as drawn now (every screen showing, dialogs over the desk), as plain text."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def layouts_counted(screen: Screen[object]) -> list[int]:
    """From now on, one item per time `screen` lays its widgets out again (a key that changes only a box
    should cost none)."""
    laid_out: list[int] = []
    refresh_layout = screen._refresh_layout

    def counted(*args: object, **kwargs: object) -> None:
        laid_out.append(1)
        refresh_layout(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return laid_out
