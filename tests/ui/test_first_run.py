"""First run on an empty database, and signing in: no default PINs, lockout and disabled accounts at the desk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from boundary_tui.store.staff import FIRST_RUN_BY
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.first_run import FirstRunScreen
from boundary_tui.ui.screens.sign_in import SignInScreen
from tests.helpers.pilot import settle, sign_in, text_of, type_text
from tests.helpers.practice import NOW, RECEPTION_PIN, Practice

SIZE = (120, 40)


async def fill(pilot, name: str, pin: str, again: str, *, typing: bool = False) -> None:
    """Fill the three fields (typing them key by key, or setting them to save time) and save."""
    screen = pilot.app.screen
    for field, value in (("name", name), ("pin", pin), ("pin_again", again)):
        box = screen.query_one(f"#{field}", Input)
        box.value = "" if typing else value
        if typing:
            box.focus()
            await type_text(pilot, value)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_an_empty_database_walks_through_creating_the_first_manager(tmp_path: Path) -> None:
    path = tmp_path / "new-practice.db"
    app = BoundaryApp(db_path=path, clock=FixedClock(NOW))
    assert app.store.staff.all() == []  # no default accounts, no default PINs
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FirstRunScreen)
        assert app.screen.focused is form.query_one("#name")

        await fill(pilot, "Margaret Lewis", "12ab", "12ab")
        assert "digits only" in text_of(app, "#pin-problem")
        await fill(pilot, "Margaret Lewis", "4815", "4815")
        assert "A manager's PIN has at least 6 digits" in text_of(app, "#pin-problem")
        await fill(pilot, "Margaret Lewis", "123456", "123456")
        assert "Digits in a row (like 1234, 4321 or 2468) are too easy to guess" in text_of(app, "#pin-problem")
        await fill(pilot, "Margaret Lewis", "947261", "947216")
        assert "The two PINs are different" in text_of(app, "#pin_again-problem")
        await fill(pilot, "", "947261", "947261")
        assert "empty" in text_of(app, "#name-problem")
        assert app.store.staff.all() == []
        await pilot.press("escape")
        assert app.screen is form and "ctrl+q to quit" in text_of(app, "#form-problem")

        await fill(pilot, "Ann Lee", "947261", "947261", typing=True)
        sign_in_screen = app.screen
        assert isinstance(sign_in_screen, SignInScreen)
        assert "Ann Lee is the practice manager" in text_of(app, "#sign-in-note")
        assert sign_in_screen.focused is sign_in_screen.query_one("#pin")  # already on her name
        await type_text(pilot, "947261")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.sub_title == "Signed in: Ann Lee (manager)"
        assert app.screen.query("#queue")
    with Store(path) as store:
        [manager] = store.staff.all()
        assert manager.name == "Ann Lee" and manager.is_manager
        assert store.db.execute("SELECT created_by FROM staff").fetchone()[0] == FIRST_RUN_BY


async def test_a_database_someone_can_sign_in_to_never_shows_the_first_run(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)


async def test_five_wrong_pins_at_the_desk_lock_the_account_until_the_clock_moves_on(
    app: BoundaryApp, clock: FixedClock
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", "0000")
        for _ in range(4):
            await type_text(pilot, "0000")
            await pilot.press("enter")
            await settle(pilot)
        assert "Priya Shah's account is locked after 5 wrong PINs, until 09:05" in text_of(app, "#sign-in-message")
        await type_text(pilot, RECEPTION_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and "locked" in text_of(app, "#sign-in-message")
        clock.advance(minutes=5)
        await type_text(pilot, RECEPTION_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_someone_disabled_while_the_sign_in_screen_was_open_is_refused_plainly(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.staff.disable(practice.reception, by="command line (it)")  # from another terminal
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        assert isinstance(app.screen, SignInScreen)
        assert "Priya Shah's account was disabled on 23 Nov 2026: it cannot sign in" in text_of(app, "#sign-in-message")
