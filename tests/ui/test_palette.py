"""The command palette (ctrl+p) on the desk: find a patient, run a desk action, show names literally."""

from __future__ import annotations

from typing import Any

from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import Input

from boundary_tui.app import BoundaryApp
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import HOSTILE_NAME, MANAGER_PIN, RECEPTION_PIN, Practice

SIZE = (120, 40)


async def palette(pilot: Any, query: str) -> list[Content]:
    """Open the palette, type `query` key by key, and return the hits' prompts once the search is done."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await settle(pilot)
    return prompts(pilot)


def prompts(pilot: Any) -> list[Content]:
    commands = pilot.app.screen.query_one(CommandList)
    found = [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]
    return [p for p in found if isinstance(p, Content)]


async def palette_more(pilot: Any, query: str) -> list[Content]:
    """Type into the palette that is already open."""
    await pilot.press(*query)
    await settle(pilot)
    return prompts(pilot)


def texts(found: list[Content]) -> list[str]:
    return [prompt.plain for prompt in found]


async def choose_first(pilot: Any) -> None:
    await pilot.press("enter")
    await settle(pilot)


def desk_of(app: BoundaryApp) -> DeskScreen:
    assert isinstance(app.screen, DeskScreen)
    return app.screen


async def test_a_patient_is_found_by_name_and_chosen(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        found = texts(await palette(pilot, "fairb"))
        assert any(line.startswith("Fairbairn, Zoë") for line in found), found
        await choose_first(pilot)
        desk = desk_of(app)
        assert desk.view is not None and desk.view.patient.id == practice.zoe
        assert desk.query_one("#flag-banner").display is True


async def test_a_patient_is_found_by_nhs_number_and_chosen(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        found = texts(await palette(pilot, "943 476 5919"))
        assert found and found[0].startswith("O'Brien, Martin"), found
        assert "NHS 943 476 5919" in found[0]
        await choose_first(pilot)
        desk = desk_of(app)
        assert desk.view is not None and desk.view.patient.id == practice.obrien


async def test_a_patient_line_says_nothing_of_the_concern(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        found = texts(await palette(pilot, "obrien"))
        line = next(line for line in found if line.startswith("O'Brien"))
        for secret in ("Hart", "chaperone", "Cards", "concern", "Not with"):
            assert secret not in line


async def test_a_desk_action_runs_for_the_chosen_patient(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        before = texts(await palette(pilot, "timeline"))
        assert not any(line.startswith("Timeline") for line in before)  # no patient chosen yet
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, "martin o")
        await choose_first(pilot)
        found = texts(await palette(pilot, "timeline"))
        assert found[0].startswith("Timeline") and "Martin O'Brien" in found[0], found
        await choose_first(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.timeline is not None and app.screen.timeline.patient.id == practice.obrien


async def test_manager_actions_are_offered_to_managers_only(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await palette(pilot, "martin o")
        await choose_first(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        offered = texts(prompts(pilot))  # with nothing typed: what fits now
        assert any(line.startswith("Book an appointment") for line in offered)
        managers_only = ("Record an action", "Open or change a concern", "Manager's")
        assert not any(line.startswith(managers_only) for line in offered)
        assert not any(line.startswith("Record an action") for line in texts(await palette_more(pilot, "record")))

    manager_app = BoundaryApp(db_path=app.store.path, clock=app.clock)
    async with manager_app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await palette(pilot, "martin o")
        await choose_first(pilot)
        found = texts(await palette(pilot, "record"))
        assert any(line.startswith("Record an action") for line in found), found


async def test_a_hostile_name_is_shown_literally_and_runs_nothing(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        found = await palette(pilot, "example")
        line = next(prompt for prompt in found if "Example" in prompt.plain)
        assert line.plain.startswith(f"Example, {HOSTILE_NAME}")
        assert not any("click" in str(span.style) for span in line.spans)
        # Click the hit, where a parsed link would sit, then choose it.
        await pilot.click(CommandList, offset=(14, 0))
        await settle(pilot)
        assert app.is_running
        if isinstance(app.screen, CommandPalette):
            await choose_first(pilot)
        desk = desk_of(app)
        assert desk.view is not None and desk.view.patient.id == practice.eve
        await palette(pilot, "[@click=app.quit]x[/] a[/]b")  # typed markup, too
        assert app.is_running


async def test_no_palette_before_sign_in_or_when_locked_and_no_patients_in_forms(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")  # nobody signed in: no palette
        await settle(pilot)
        assert not isinstance(app.screen, CommandPalette)
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await palette(pilot, "martin o")
        await choose_first(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("ctrl+p")  # no palette on the lock screen at all
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        pin = app.screen.query_one("#pin", Input)
        pin.focus()
        await pilot.press(*RECEPTION_PIN, "enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        found = texts(await palette(pilot, "zoe"))
        assert not any("Fairbairn" in line for line in found), found
