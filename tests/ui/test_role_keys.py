"""Screens that stay true and offer only what works (issue 15).

Relative times ("3 minutes ago") are said again while the timeline or the
concern details stay open. A key reception cannot use (F5 and F6 on the desk;
F6, W and E on the timeline) is not offered to them in the footer, in help
(F1) or in the command palette, but is to a manager. The palette offers none of
Textual's own commands (theme, keys, maximize, screenshot, quit).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from boundary_tui.ui import live
from boundary_tui.ui.screens.concern_details import ConcernDetailsScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.help import HelpScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.timeline_view import TimelineView
from tests.helpers.drafts import log
from tests.helpers.pilot import settle, shown_within
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient
from tests.helpers.screens_tour import sign_in_quickly
from tests.ui.test_palette import palette, prompts, texts

SIZE = (80, 24)

RECEPTION = ("Priya Shah", RECEPTION_PIN)
MANAGER = ("Margaret Lewis", MANAGER_PIN)

DESK_MANAGER_KEYS = ("f5", "f6")
TIMELINE_MANAGER_KEYS = ("f6", "w", "e")


def view_text(view: TimelineView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def footer_keys(app: BoundaryApp) -> set[str]:
    """Every key the footer of the screen on top offers (shown or cut off by a narrow terminal)."""
    return {key.key for key in app.screen.query(FooterKey)}


async def help_keys(pilot: Any) -> set[str]:
    """F1, the keys it lists (lower case, as pressed), then Esc back."""
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    listed = {line.keys.lower() for line in pilot.app.screen.keys}
    await pilot.press("escape")
    await settle(pilot)
    return listed


# -- relative times stay true ----------------------------------------------------------------


async def test_the_timeline_left_open_keeps_its_ago_times_true(
    app: BoundaryApp, store: Store, practice: Practice, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contact logged a minute ago says so; left open while three hours pass, it says "3 hours ago"."""
    monkeypatch.setattr(live, "REFRESH_SECONDS", 0.1)
    log(store, practice, occurred_at=NOW - timedelta(minutes=1), description="Phoned for Dr Hart.")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, *RECEPTION)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f4")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        view = timeline.query_one("#timeline-entries", TimelineView)
        assert "(a minute ago)" in view_text(view)

        clock.advance(hours=3)
        assert await shown_within(pilot, lambda: "(3 hours ago)" in view_text(view)), view_text(view)
        shown = view_text(view)
        assert "(a minute ago)" not in shown


async def test_concern_details_left_open_keep_their_ago_times_true(
    app: BoundaryApp, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F7 says the concern was opened "a month ago"; left open two more months, it says so."""
    monkeypatch.setattr(ConcernDetailsScreen, "TIMES_REFRESH_SECONDS", 0.1)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, *RECEPTION)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f7")
        await settle(pilot)
        details = app.screen
        assert isinstance(details, ConcernDetailsScreen)

        def said() -> str:
            return "\n".join(str(s.render()) for s in details.query(".concern-detail"))

        assert "(a month ago)" in said()
        clock.advance(days=61)
        assert await shown_within(pilot, lambda: "(3 months ago)" in said()), said()
        assert "(a month ago)" not in said()


# -- keys offered by role --------------------------------------------------------------------


async def test_reception_is_not_offered_the_managers_desk_keys_anywhere(app: BoundaryApp) -> None:
    """Reception's desk: no F5 or F6 in the footer, in help or in the palette; pressed anyway, they only refuse."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in_quickly(pilot, *RECEPTION)
        await choose_patient(pilot, "martin o'brien")
        assert not footer_keys(app) & set(DESK_MANAGER_KEYS), footer_keys(app)
        assert {"f2", "f3", "f4"} <= footer_keys(app)
        assert not (await help_keys(pilot)) & set(DESK_MANAGER_KEYS)
        await pilot.press("ctrl+p")
        await settle(pilot)
        offered = texts(prompts(pilot))
        assert any(line.startswith("Book an appointment") for line in offered)
        assert not any(line.startswith(("Open or change a concern", "Record an action")) for line in offered)
        await pilot.press("escape")
        await settle(pilot)
        desk = app.screen
        for key in DESK_MANAGER_KEYS:
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is desk
        assert sum("Managers only" in str(n.title) for n in app._notifications) == 2


async def test_a_manager_is_offered_the_managers_desk_keys(app: BoundaryApp) -> None:
    """A manager's desk offers F5 and F6 in the footer, in help and in the palette."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, *MANAGER)
        await choose_patient(pilot, "martin o'brien")
        assert set(DESK_MANAGER_KEYS) <= footer_keys(app), footer_keys(app)
        assert set(DESK_MANAGER_KEYS) <= await help_keys(pilot)
        offered = texts(await palette(pilot, "concern"))
        assert any(line.startswith("Open or change a concern") for line in offered), offered


async def open_timeline(pilot: Any, who: tuple[str, str]) -> TimelineScreen:
    await sign_in_quickly(pilot, *who)
    await choose_patient(pilot, "martin o'brien")
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


async def test_reception_is_not_offered_the_managers_timeline_keys_anywhere(app: BoundaryApp) -> None:
    """Reception's timeline: no F6, W or E in the footer, in help or in the palette; pressed anyway, they refuse."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        timeline = await open_timeline(pilot, RECEPTION)
        assert not footer_keys(app) & set(TIMELINE_MANAGER_KEYS), footer_keys(app)
        assert "f3" in footer_keys(app)
        assert not (await help_keys(pilot)) & set(TIMELINE_MANAGER_KEYS)
        for query in ("", "letter", "export", "action"):
            await pilot.press("ctrl+p")
            await settle(pilot)
            if isinstance(app.screen, CommandPalette):
                await pilot.press(*query)
                await settle(pilot)
                offered = texts(prompts(pilot))
                assert not any(("letter" in line.lower() or "export" in line.lower()) for line in offered), offered
                assert not any(line.startswith("Record an action") for line in offered), offered
                await pilot.press("escape")
                await settle(pilot)
        assert app.screen is timeline
        for key in TIMELINE_MANAGER_KEYS:
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is timeline, f"{key} opened {type(app.screen).__name__}"
        assert sum("Managers only" in str(n.title) for n in app._notifications) == 3


async def test_a_manager_is_offered_the_managers_timeline_keys(app: BoundaryApp) -> None:
    """A manager's timeline offers F6, W and E in the footer and in help."""
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, MANAGER)
        assert set(TIMELINE_MANAGER_KEYS) <= footer_keys(app), footer_keys(app)
        assert set(TIMELINE_MANAGER_KEYS) <= await help_keys(pilot)


# -- no system commands -----------------------------------------------------------------------

SYSTEM_COMMANDS = ("theme", "keys", "maximize", "minimize", "screenshot", "quit")
"""Textual's own commands, by the first word of their titles ("Theme", "Keys", "Save screenshot"…)."""


def titles(pilot: Any) -> list[str]:
    """The palette's hits by title (their first line), lower case."""
    return [line.split("\n")[0].lower() for line in texts(prompts(pilot))]


def is_system(title: str) -> bool:
    return any(title.startswith((word, f"change {word}", f"show {word}", f"save {word}")) for word in SYSTEM_COMMANDS)


@pytest.mark.parametrize("who", [RECEPTION, MANAGER], ids=["reception", "manager"])
async def test_the_palette_offers_none_of_textuals_own_commands(app: BoundaryApp, who: tuple[str, str]) -> None:
    """ctrl+p on the desk or the timeline: no "Theme", "Keys", "Maximize", "Screenshot" or "Quit"."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, *who)
        await choose_patient(pilot, "martin o'brien")
        for where in ("desk", "timeline"):
            if where == "timeline":
                await pilot.press("f4")
                await settle(pilot)
                assert isinstance(app.screen, TimelineScreen)
            else:
                assert isinstance(app.screen, DeskScreen)
            for query in ("", *SYSTEM_COMMANDS):
                await pilot.press("ctrl+p")
                await settle(pilot)
                if not isinstance(app.screen, CommandPalette):
                    continue  # no palette here at all: nothing offered either
                await pilot.press(*query)
                await settle(pilot)
                offered = titles(pilot)
                assert not [title for title in offered if is_system(title)], (where, query, offered)
                await pilot.press("escape")
                await settle(pilot)
        assert app.is_running
