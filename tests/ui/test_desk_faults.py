"""Database faults as the person at the desk meets them: a plain message, the entry kept,
no traceback, no fresh empty database, nothing half-written.

`test_database_faults.py` covers the same faults at the store level.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlite_utils import Database
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from boundary_tui.ui import live
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.widgets.status_line import StatusLine
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient, open_contact_form

SIZE = (120, 40)
POLL = 0.05


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "REFRESH_SECONDS", POLL)


async def contact_form(pilot: Pilot[None], description: str) -> ContactFormScreen:
    await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
    await choose_patient(pilot, "martin o'brien")
    return await open_contact_form(pilot, description)


def notifications(app: BoundaryApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def form_problem(form: ContactFormScreen) -> str:
    return str(form.query_one("#form-problem", Static).render())


def delete(path: Path, tmp_path: Path) -> str:
    path.unlink()
    return "has been deleted or moved while this desk was using it"


def replace(path: Path, tmp_path: Path) -> str:
    copy = tmp_path / "restored-from-somewhere.db"
    shutil.copyfile(path, copy)
    os.replace(copy, path)
    return "has been replaced by another file while this desk was using it"


@pytest.mark.parametrize("fault", [delete, replace])
async def test_a_database_deleted_or_replaced_under_a_running_desk_is_reported_and_nothing_is_created(
    app: BoundaryApp, practice: Practice, tmp_path: Path, fault: object
) -> None:
    assert callable(fault)
    description = "Letter pushed under the door of the practice."
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await contact_form(pilot, description)
        says = fault(practice.path, tmp_path)

        # The desk's poll notices within one interval, while the form is still open.
        await pilot.pause(POLL * 4)
        await settle(pilot)
        assert says in notifications(app)

        # Saving says the same in plain words and keeps the entry.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert says in form_problem(form) and "Nothing more will be saved from this desk" in form_problem(form)
        assert form.query_one("#description", TextArea).text == description

        # Back at the desk: the F-keys (on the patient still chosen) and searching say so too; nothing crashes.
        app.pop_screen()
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        for key in ("f3", "f5", "f6", "f7") if fault is delete else ("f3",):  # each reads before opening
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is desk and says in notifications(app), key
        await choose_patient(pilot, "jo smith")
        assert says in desk.query_one("#lookup-message", StatusLine).message
        assert desk.view is None  # a new search un-chose Martin O'Brien; nobody else could be chosen
        assert app.is_running

        # Locking still hides the desk; the lock screen says why nobody can sign in.
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert says in str(app.screen.query_one("#sign-in-message", Static).render())
    if fault is delete:
        assert not practice.path.exists()  # no fresh, empty database in its place


async def test_a_full_disk_during_a_save_is_a_clear_message_the_entry_kept_and_nothing_half_written(
    practice: Practice, clock: FixedClock
) -> None:
    connections: list[Database] = []

    def no_room_to_grow(db: Database) -> None:
        """Every connection of the desk, in any thread, may not grow the file: as good as a full disk."""
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")  # small rows still fit in pages with room; a letter does not
        connections.append(db)

    description = "Copied out in full from the letter: " + "I know where you live. " * 420
    app = BoundaryApp(store=Store(practice.path, clock=clock, on_connect=no_room_to_grow))
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form(pilot, description)
        before = verify(practice.path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "The disk holding the database is full" in form_problem(form)
        assert "nothing was saved" in form_problem(form)
        assert form.query_one("#description", TextArea).text == description
        after = verify(practice.path)
        assert after.ok and after.counts == before.counts and after.entries == before.entries

        # Space freed: ctrl+s saves the same entry.
        for db in connections:
            db.execute("PRAGMA max_page_count = 1073741823")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    with Store(practice.path, create=False) as store:
        [saved] = store.contacts.for_patient(practice.obrien)
    assert saved.description == description
    assert verify(practice.path).ok
