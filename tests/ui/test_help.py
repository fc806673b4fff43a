"""Help (F1): the keys of the screen it is opened from, read from that screen's bindings."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from boundary_tui.app import BoundaryApp
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.help import HelpScreen, Pairs, keys_of
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

SIZE = (120, 40)


def keys(help_screen: Any) -> dict[str, str]:
    assert isinstance(help_screen, HelpScreen)
    return {line.keys: line.does for line in help_screen.keys}


def shown(help_screen: HelpScreen) -> str:
    """Everything the help says, as plain text (its titles and notes, then each line of its two lists)."""
    titles = [str(static.render()) for static in help_screen.query("Static")]
    lines = [f"{first} {second}" for pairs in help_screen.query(Pairs) for first, second in pairs.rows]
    return "\n".join(titles + lines)


async def test_f1_on_the_desk_lists_the_desk_keys_and_the_practice_steps(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f1")
        await settle(pilot)
        help_keys = keys(app.screen)
        assert help_keys["F2"] == "Book an appointment for the chosen patient"
        assert "walk-in" in help_keys["F3"]
        for key in ("F1", "F4", "F7", "F9", "/", "Esc", "Enter", "ctrl+p"):
            assert key in help_keys, key
        for key in ("F5", "F6", "F8"):  # managers only: not offered to reception
            assert key not in help_keys, key
        text = shown(app.screen)
        assert "Keys at the desk" in text
        for step in ("professional", "targeted clinician", "chaperone", "Log every contact", "defence body"):
            assert step in text, step
        for step in ("warning letter", "Police", "Removal from the list"):
            assert step in text, step
        await pilot.press("f1")  # F1 again closes it, like Esc
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_a_managers_help_lists_the_managers_keys(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("f1")
        await settle(pilot)
        help_keys = keys(app.screen)
        for key in ("F5", "F6", "F8"):
            assert key in help_keys, key


async def test_f1_on_the_timeline_lists_the_timeline_keys(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f4")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        await pilot.press("f1")
        await settle(pilot)
        help_keys = keys(app.screen)
        assert help_keys["Esc"] == "Back to the desk"
        assert "Correct the highlighted entry" in help_keys["a"]
        assert "warning letter" in help_keys["w"]
        assert help_keys["Enter"] == "The whole entry, every field"
        assert "F2" not in help_keys  # a desk key, not this screen's
        assert "Keys on the timeline" in shown(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is timeline


async def test_f1_in_a_form_lists_the_form_keys_and_keeps_what_was_typed(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f3", "enter", *"Asked for Dr Hart")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        await pilot.press("f1")
        await settle(pilot)
        help_keys = keys(app.screen)
        assert help_keys["ctrl+s"].startswith("Save")
        assert help_keys["Esc"].startswith("Cancel")
        assert "Tab" in help_keys
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert "Asked for Dr Hart" in form.query_one("#description").text  # type: ignore[attr-defined]


async def test_f1_on_the_lock_screen_shows_no_patient_and_keeps_the_desk_locked(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("f1")
        await settle(pilot)
        text = shown(app.screen)
        assert "Keys on the lock screen" in text
        assert "O'Brien" not in text and "Amelia Hart" not in text
        assert "F9" not in keys(app.screen)  # already locked
        assert "ctrl+p" not in keys(app.screen)  # no palette on the lock screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and app.is_locked


class ExportingTimeline(TimelineScreen):
    """A screen that gains a key, as the timeline did when it learnt to export."""

    BINDINGS = [Binding("x", "close", "Example key", id="timeline.example")]


async def test_a_key_added_to_a_screen_shows_in_its_help_without_editing_the_help(
    app: BoundaryApp, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = ExportingTimeline(app.store, practice.manager).show(practice.obrien)
        await app.push_screen(screen)
        await settle(pilot)
        by_key = {line.keys: line.does for line in keys_of(screen)}
        assert by_key["x"] == "Example key"
        assert by_key["e"].startswith("Export the record as evidence")
        assert by_key["a"].startswith("Correct")  # the keys it inherits stay
