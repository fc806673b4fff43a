"""Esc, F9 and ctrl+s pressed together, in every order, on every form (issue 15).

A receptionist who sees someone walk up mid-entry presses F9 while a hand is
still on ctrl+s or Esc. Whatever order the three arrive in, at once: the app
does not crash, the desk locks, and after the PIN the form is as it was (a
question "throw away?" on top of it, answered "keep editing", at most), or it
was saved, exactly once. Nothing typed is lost. Read at 80x24.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.screens.lock import LockScreen
from tests.helpers.pilot import settle
from tests.helpers.practice import Practice
from tests.helpers.screens_tour import STOPS, Stop, alive, arrive, stop_app

SIZE = (80, 24)

TYPED: dict[str, tuple[str, str]] = {
    # stop: (field, what is typed into it)
    "booking": ("#date", "31/02/2027"),  # no such day: ctrl+s shows the problem, saves nothing
    "contact-form": ("#description", "Waited in the car park for Dr Hart."),  # saves
    "concern-form": ("#summary", "Cards and letters addressed to Dr Hart."),  # no reason typed: not saved
    "concern-close": ("#reason", "   "),  # no reason yet: not saved
    "action-form": ("#notes", "Told him the behaviour must stop."),
    "change-pin": ("#current", "12"),  # no new PIN: not saved
    "appointment-move": ("#reason", "   "),
    "appointment-cancel": ("#reason", "   "),
    "override-review": ("#note", "Appropriate: chest pain."),  # saves (the note is optional)
}

FORM_STOPS = [stop for stop in STOPS if stop.name in TYPED]


def field_value(screen: Any, selector: str) -> str:
    widget = screen.query_one(selector)
    return widget.text if isinstance(widget, TextArea) else widget.value


def type_into(screen: Any, selector: str, text: str) -> None:
    widget = screen.query_one(selector)
    if isinstance(widget, TextArea):
        widget.text = text
    else:
        assert isinstance(widget, Input)
        widget.value = text


async def together(pilot: Pilot[None], *keys: str) -> None:
    """Send `keys` in one burst, as a terminal delivers keys pressed at once (no waiting in between)."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


async def unlock(pilot: Pilot[None], pin: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LockScreen)
    screen.query_one("#pin", Input).value = pin
    screen.query_one("#pin", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


ORDERS = list(permutations(("escape", "f9", "ctrl+s")))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(order) for order in ORDERS])
@pytest.mark.parametrize("stop", FORM_STOPS, ids=[stop.name for stop in FORM_STOPS])
async def test_esc_f9_and_ctrl_s_together_in_any_order_crash_nothing_and_lose_nothing(
    practice: Practice, tmp_path: Path, stop: Stop, order: tuple[str, ...]
) -> None:
    selector, text = TYPED[stop.name]
    app = stop_app(stop, practice, tmp_path)
    assert stop.who is not None
    async with app.run_test(size=SIZE) as pilot:
        form = await arrive(pilot, stop)
        assert isinstance(form, FormScreen)
        saved: list[object] = []
        save = form._save_draft

        def counted(draft: object) -> object:
            result = save(draft)
            saved.append(result)
            return result

        form._save_draft = counted
        type_into(form, selector, text)
        await settle(pilot)

        await together(pilot, *order)
        alive(app, str(order))
        assert isinstance(app.screen, LockScreen), "F9 locks, whatever came with it"
        await unlock(pilot, stop.who[1])
        while isinstance(app.screen, ConfirmScreen):  # "Throw away what you typed?": keep editing
            await pilot.press("escape")
            await settle(pilot)
        alive(app, f"{order}, unlocked")

        assert len(saved) <= 1, "saved twice"
        if form in app.screen_stack:
            assert app.screen is form, f"{type(app.screen).__name__} on top"
            assert field_value(form, selector) == text, "what was typed is gone"
            assert not saved, "saved, yet the form is still open"
        else:
            assert saved, "the form went and nothing was saved: the typing is lost"
