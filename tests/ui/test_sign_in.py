"""Signing in at a desk that faces the public: names without roles, a setup code instead of someone
else's PIN, choosing and changing your own PIN (issue 14, part 5)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Label, OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.pin_form import PinFormScreen
from boundary_tui.ui.screens.sign_in import SignInScreen
from tests.helpers.pilot import settle, sign_in, text_of, type_text
from tests.helpers.practice import RECEPTION_PIN, Practice
from tests.ui.test_palette import palette, texts

SIZE = (80, 24)
"""The smallest desk terminal every screen must work in."""


def names(app: BoundaryApp) -> list[str]:
    staff_list = app.screen.query_one("#staff-list", OptionList)
    return [str(staff_list.get_option_at_index(i).prompt) for i in range(staff_list.option_count)]


async def fill(pilot: Any, **fields: str) -> None:
    """Type into the form's fields (key by key: they are password boxes) and press ctrl+s."""
    for field, value in fields.items():
        box = pilot.app.screen.query_one(f"#{field}", Input)
        box.value = ""
        box.focus()
        await type_text(pilot, value)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_the_sign_in_list_shows_names_only(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert names(app) == ["Margaret Lewis", "Priya Shah"]


async def test_a_new_colleague_types_their_setup_code_then_chooses_their_own_pin(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    issued = store.staff.enrol("Ben Clarke", "reception", by="Margaret Lewis", by_id=practice.manager)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert names(app) == ["Ben Clarke", "Margaret Lewis", "Priya Shah"]
        assert str(app.screen.query_one("#pin-label", Label).render()).startswith("Setup code (8 digits")
        await pilot.press("down")
        assert str(app.screen.query_one("#pin-label", Label).render()) == "PIN"
        await pilot.press("up")
        await sign_in(pilot, "Ben Clarke", issued.code)
        form = app.screen
        assert isinstance(form, PinFormScreen)
        assert "Choose your PIN · Ben Clarke" in str(form.query_one(".dialog-title").render())
        assert form.focused is form.query_one("#pin")

        await fill(pilot, pin="1212", pin_again="1212")
        assert "repeated pattern" in text_of(app, "#pin-problem")
        await fill(pilot, pin="3917", pin_again="3971")
        assert "The two new PINs are different" in text_of(app, "#pin_again-problem")
        await fill(pilot, pin="3917", pin_again="3917")
        assert isinstance(app.screen, DeskScreen)
        assert app.sub_title == "Signed in: Ben Clarke (reception)"
    ben = issued.staff.id
    assert store.staff.sign_in(ben, "3917").name == "Ben Clarke"
    changes = store.db.execute("SELECT change, recorded_by FROM staff_changes WHERE staff_id = ? ORDER BY id", [ben])
    assert changes.fetchall() == [("added", practice.manager), ("pin_set", ben)]
    assert verify(practice.path).ok


async def test_leaving_the_choose_pin_form_signs_nobody_in(app: BoundaryApp, store: Store) -> None:
    issued = store.staff.enrol("Ben Clarke", "reception", by="test")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Ben Clarke", issued.code)
        assert isinstance(app.screen, PinFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.staff is None
        assert "Not signed in: Ben Clarke must choose a PIN first" in text_of(app, "#sign-in-message")
    assert store.staff.get(issued.staff.id).setup_pending  # type: ignore[union-attr]


async def test_an_expired_setup_code_says_to_ask_for_a_new_one(
    app: BoundaryApp, store: Store, clock: FixedClock
) -> None:
    issued = store.staff.enrol("Ben Clarke", "reception", by="test")
    clock.advance(hours=25)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Ben Clarke", issued.code)
        assert isinstance(app.screen, SignInScreen)
        message = text_of(app, "#sign-in-message")
        assert "The setup code for Ben Clarke stopped working at 09:00" in message
        assert "Ask a practice manager for a new one" in message


async def test_staff_change_their_own_pin_at_the_desk(app: BoundaryApp, store: Store, practice: Practice) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("ctrl+r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PinFormScreen) and form.focused is form.query_one("#current")
        assert "Change your PIN · Priya Shah" in str(form.query_one(".dialog-title").render())
        await fill(pilot, current="9183", pin="6284", pin_again="6284")
        assert "That PIN is not right for Priya Shah" in text_of(app, "#current-problem")
        await fill(pilot, current=RECEPTION_PIN, pin="0000", pin_again="0000")
        assert "One digit repeated" in text_of(app, "#pin-problem")
        await fill(pilot, current=RECEPTION_PIN, pin="6284", pin_again="6284")
        assert isinstance(app.screen, DeskScreen)
        assert any("PIN changed" in str(n.message) for n in app._notifications)
    assert store.staff.sign_in(practice.reception, "6284").name == "Priya Shah"
    last = store.db.execute("SELECT change, recorded_by FROM staff_changes ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("pin_changed", practice.reception)


async def test_the_palette_offers_changing_your_pin(app: BoundaryApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        found = texts(await palette(pilot, "pin"))
        assert any(line.startswith("Change my PIN") for line in found)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PinFormScreen)
