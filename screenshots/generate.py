"""Regenerate the README's pictures from the real app on demo data.

    .venv/bin/python screenshots/generate.py

Drives `BoundaryApp` with Pilot at 120x40 on a fresh demo database with a fixed
clock, so the pictures change only when the screens do.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.demo import build_demo

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def sign_in(pilot: Pilot[None], name: str, pin: str) -> None:
    staff = pilot.app.screen.query_one("#staff-list", OptionList)
    labels = [str(staff.get_option_at_index(i).prompt) for i in range(staff.option_count)]
    staff.highlighted = next(i for i, label in enumerate(labels) if label.startswith(name))
    await pilot.press("enter", *pin, "enter")
    await settle(pilot)


async def find(pilot: Pilot[None], text: str) -> None:
    search = pilot.app.screen.query_one("#search", Input)
    search.focus()
    search.value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def sign_in_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def desk_flagged(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "Priya Shah", "2222")
    await find(pilot, "martin o'brien")


async def booking_refused(pilot: Pilot[None]) -> None:
    await desk_flagged(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("up", "tab", "tab", "enter")
    await settle(pilot)


SHOTS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "sign-in": sign_in_screen,
    "desk-flagged-patient": desk_flagged,
    "booking-refused": booking_refused,
}


async def shoot(db: Path, name: str, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    app = BoundaryApp(db_path=db, clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await steps(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db, now=NOW)
        for name, steps in SHOTS.items():
            await shoot(db, name, steps)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
