"""A tour of the desk: the Pilot steps behind the README's pictures and the snapshot tests.

`screenshots/generate.py` runs every step on the full demo and saves the SVGs
the README shows; `tests/ui/test_snapshots.py` runs the same steps on a small demo
and compares them with the snapshots. One set of steps, so the pictures and the
snapshots show the same screens.

Every picture is taken at 120x40 on a demo built at `NOW` with a `FixedClock`
and still cursors (`blink=False`), so it changes only when a screen does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.demo import sign_in_note
from boundary_tui.demo.staff import demo_pin

SIZE = (120, 40)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
"""Monday 23 November 2026, 09:30 at the practice (GMT)."""

MANAGER = ("Margaret Lewis", demo_pin("Margaret Lewis"))
RECEPTION = ("Priya Shah", demo_pin("Priya Shah"))

Steps = Callable[[Pilot[None]], Awaitable[None]]


def demo_app(db: Path) -> BoundaryApp:
    """The desk on a demo database, as `boundary-tui --demo` starts it, with time standing still."""
    return BoundaryApp(db_path=db, clock=FixedClock(NOW), sign_in_note=sign_in_note(), blink=False)


async def settle(pilot: Pilot[None]) -> None:
    """Let searches and saves finish, and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def sign_in(pilot: Pilot[None], who: tuple[str, str]) -> None:
    name, pin = who
    await settle(pilot)
    staff = pilot.app.screen.query_one("#staff-list", OptionList)
    labels = [str(staff.get_option_at_index(i).prompt) for i in range(staff.option_count)]
    staff.highlighted = next(i for i, label in enumerate(labels) if label.startswith(name))
    await pilot.press("enter", *pin, "enter")
    await settle(pilot)


async def find(pilot: Pilot[None], text: str) -> None:
    """Type a search (set at once: the keys are not the point) and choose the single match."""
    search = pilot.app.screen.query_one("#search", Input)
    search.focus()
    search.value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


# -- the tour ---------------------------------------------------------------------------


async def sign_in_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def desk_flagged(pilot: Pilot[None]) -> None:
    """Reception finds Martin O'Brien: not with Dr Hart, chaperone with her."""
    await sign_in(pilot, RECEPTION)
    await find(pilot, "martin o'brien")


async def booking_refused(pilot: Pilot[None]) -> None:
    """F2, Dr Hart highlighted, a slot chosen: refused, with who may be booked instead."""
    await desk_flagged(pilot)
    await press(pilot, "f2")
    await press(pilot, "up", "tab", "tab", "enter")


async def contact_walk_in(pilot: Pilot[None]) -> None:
    """F3, Enter (in person, now, aimed at Dr Hart), what happened; ctrl+s would save it."""
    await desk_flagged(pilot)
    await press(pilot, "f3")
    await press(pilot, "enter")
    pilot.app.screen.query_one("#description", TextArea).insert(
        "Came to the front desk at 09:20 and asked for Dr Hart by name. Told she is not available; "
        "said 'I'll wait, she'll want to see me.' Left a sealed card for her at 09:28."
    )
    await settle(pilot)


async def timeline(pilot: Pilot[None]) -> None:
    """F4 on Zoë Fairbairn: contacts per week, course of conduct, rule 9, next steps."""
    await sign_in(pilot, MANAGER)
    await find(pilot, "zoe fairbairn")
    await press(pilot, "f4")


async def contact_copies(pilot: Pilot[None]) -> None:
    """F4 on Martin O'Brien, Enter on the letter: its scan attached, with kind, size and SHA-256."""
    from boundary_tui.ui.widgets.timeline_view import TimelineView

    await sign_in(pilot, RECEPTION)
    await find(pilot, "martin o'brien")
    await press(pilot, "f4")
    view = pilot.app.screen.query_one("#timeline-entries", TimelineView)
    view.cursor = next(i for i, e in enumerate(view.entries) if e.channel == "letter")
    await settle(pilot)
    await press(pilot, "enter")


async def manager_queue(pilot: Pilot[None]) -> None:
    """A manager's desk: the queue at the foot (F8), its first item opened with Enter."""
    await sign_in(pilot, MANAGER)
    await press(pilot, "f8")
    await press(pilot, "enter")


async def concern_editor(pilot: Pilot[None]) -> None:
    """F5 on a patient with an open concern: change targets, chaperone, review date."""
    await sign_in(pilot, MANAGER)
    await find(pilot, "martin o'brien")
    await press(pilot, "f5")


async def lock_screen(pilot: Pilot[None]) -> None:
    """F9: nothing of the desk shows; the same person types their PIN to carry on."""
    await desk_flagged(pilot)
    await press(pilot, "f9")


async def help_screen(pilot: Pilot[None]) -> None:
    """F1 at the desk: its keys and the practice's steps."""
    await desk_flagged(pilot)
    await press(pilot, "f1")


async def command_palette(pilot: Pilot[None]) -> None:
    """ctrl+p, "smith": patients by name (or NHS number); an action's name finds the action."""
    await desk_flagged(pilot)
    await press(pilot, "ctrl+p")
    pilot.app.screen.query_one(Input).value = "smith"
    await settle(pilot)


async def first_run(pilot: Pilot[None]) -> None:
    """A new, empty database: the first practice manager is created here."""
    await settle(pilot)
    await press(pilot, *"Margaret Lewis")


@dataclass(frozen=True)
class Shot:
    """One picture: its file name (without .svg), what it shows, and how to get there."""

    name: str
    caption: str
    steps: Steps
    empty: bool = False
    """Taken on a new, empty database instead of the demo."""


TOUR = (
    Shot("sign-in", "Signing in: choose your name, type your PIN", sign_in_screen),
    Shot("desk-flagged-patient", "The desk with a flagged patient: banner and chaperone marker", desk_flagged),
    Shot("booking-refused", "A refused booking, with who may be booked instead", booking_refused),
    Shot("contact-walk-in", "Logging a walk-in: F3, Enter, what happened, ctrl+s", contact_walk_in),
    Shot("timeline", "The timeline: contacts per week, course of conduct, where the patient stands", timeline),
    Shot(
        "contact-copies",
        "A contact with its copy of the evidence: kind, size, SHA-256 (i attaches more)",
        contact_copies,
    ),
    Shot("manager-queue", "A manager's desk: the queue of what is due, and the week's exports", manager_queue),
    Shot("concern-editor", "The concern editor (F5, managers)", concern_editor),
    Shot("lock-screen", "The locked desk (F9): no patient data", lock_screen),
    Shot("help", "Help (F1): the keys of the screen and the practice's steps", help_screen),
    Shot("command-palette", "The command palette (ctrl+p): patients and desk actions", command_palette),
    Shot("first-run", "First run: creating the practice manager", first_run, empty=True),
)
