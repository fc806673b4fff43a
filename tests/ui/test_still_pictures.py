"""What makes pictures of the app repeatable: the header clock reads the app's clock
(in UK time), and text cursors are steady (`blink=True` makes them blink)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.ui.widgets.practice_header import PracticeClock
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import RECEPTION_PIN, Practice

SIZE = (120, 40)


async def header_time(app: BoundaryApp) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        return str(app.screen.query_one(PracticeClock).render())


async def test_the_header_clock_is_the_apps_clock_in_uk_time(practice: Practice) -> None:
    winter = BoundaryApp(db_path=practice.path, clock=FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)))
    assert await header_time(winter) == "09:00:00"
    summer = BoundaryApp(db_path=practice.path, clock=FixedClock(datetime(2026, 7, 1, 8, 0, 5, tzinfo=UTC)))
    assert await header_time(summer) == "09:00:05"  # BST


async def test_steady_cursors_unless_blinking_is_asked_for(practice: Practice) -> None:
    for blink in (False, True):
        app = BoundaryApp(db_path=practice.path, clock=FixedClock(datetime(2026, 11, 23, tzinfo=UTC)), blink=blink)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
            await settle(pilot)
            search = app.screen.query_one("#search", Input)
            assert search.has_focus
            assert search.cursor_blink is blink
