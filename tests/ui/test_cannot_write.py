"""A desk that cannot write still shows the banners (issue 15): signing in works, saving says why not.

The file read-only, the disk full, or another program holding the write lock:
staff sign in all the same (the sign-in event is kept in memory and written once
the file can be written), see every banner and marker, and every save is refused
with the reason, everything typed kept. Wrong PINs count towards the lock-out as
ever. Read at 80x24, as on PuTTY's or Windows Terminal's first window.
"""

from __future__ import annotations

import asyncio
import os
import resource
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from boundary_tui.app import BoundaryApp
from boundary_tui.core import lockout
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import CannotWrite, Refused
from boundary_tui.store import Store, connection
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.desk import DeskScreen
from tests.helpers.pilot import settle, sign_in, text_of
from tests.helpers.practice import NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient
from tests.ui.test_hostile_faults import NOBODY, LockHolder, in_child

SIZE = (80, 24)
BUSY = 0.2


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", BUSY)


@pytest.fixture
def holder(practice: Practice) -> Any:
    lock = LockHolder(practice.path)
    yield lock
    lock.release()


def sign_in_events(path: Path, staff_id: int) -> list[str]:
    with Store(path, create=False) as store:
        rows = store.db.execute("SELECT outcome FROM sign_in_events WHERE staff_id = ? ORDER BY id", [staff_id])
        return [row[0] for row in rows.fetchall()]


async def book_with_patel(pilot: Any) -> BookingScreen:
    """F2 on the chosen patient, Dr Patel's first free slot, Enter: returns the form (still open if refused)."""
    await pilot.press("f2")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, BookingScreen)
    await pilot.press("tab", "tab", "enter")
    await settle(pilot)
    return form


async def test_signing_in_while_another_program_holds_the_write_lock_shows_the_banners(
    practice: Practice, clock: FixedClock, holder: LockHolder
) -> None:
    holder.hold("write")
    app = BoundaryApp(db_path=practice.path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        desk = app.screen
        assert isinstance(desk, DeskScreen), "signing in must not need a write"
        warning = text_of(app, "#write-problem")
        assert "Signing in could not be recorded yet, and nothing can be saved now" in warning
        assert "busy" in warning
        assert desk.query_one("#write-problem").region.height > 0  # on screen, above the matches

        await choose_patient(pilot, "martin o'brien")
        assert "Not with Dr Amelia Hart" in text_of(app, "#flag-banner")
        assert "Chaperone required with Dr Amelia Hart" in text_of(app, "#chaperone-marker")

        form = await book_with_patel(pilot)
        assert app.screen is form, "nothing is confirmed that was not kept"
        problem = str(form.query_one("#form-problem", Static).render())
        assert "busy" in problem and "Everything typed is still here" in problem
        assert form.query_one("#form-problem").region.height > 0  # in sight at 80x24

        holder.release()
        await pilot.press("ctrl+s")  # the same booking, saved once the lock goes
        await settle(pilot)
        assert app.screen is desk
        desk._record_unrecorded()
        await settle(pilot)
        assert not desk.query_one("#write-problem").display
    assert sign_in_events(practice.path, practice.reception)[-1:] == ["signed_in"]


def test_wrong_pins_count_while_the_file_cannot_be_written(
    practice: Practice, clock: FixedClock, holder: LockHolder
) -> None:
    """A held lock is no chance to guess: five wrong PINs lock the account, written once it can be."""
    holder.hold("write")
    with Store(practice.path, clock=clock, read_only_ok=True) as store:
        for _ in range(lockout.MAX_WRONG_PINS):
            with pytest.raises(Refused, match="not right"):
                store.staff.sign_in(practice.reception, "0000")
        assert store.staff.lock_state(practice.reception).is_locked(clock.now())
        with pytest.raises(Refused, match="locked"):
            store.staff.sign_in(practice.reception, RECEPTION_PIN)  # the right PIN, too late
        assert len(store.unrecorded) == lockout.MAX_WRONG_PINS + 2  # wrong ×5, locked, refused_locked
        with pytest.raises(CannotWrite):
            store.record_unrecorded()
        assert len(store.unrecorded) == lockout.MAX_WRONG_PINS + 2  # still kept
        holder.release()
        assert store.record_unrecorded() == lockout.MAX_WRONG_PINS + 2
        assert not store.unrecorded
    with Store(practice.path, clock=clock) as store:  # another desk sees the lock-out now
        assert store.staff.lock_state(practice.reception).is_locked(clock.now())
    assert sign_in_events(practice.path, practice.reception)[-3:] == ["wrong_pin", "locked", "refused_locked"]


def test_kept_sign_ins_are_written_before_the_next_one(
    practice: Practice, clock: FixedClock, holder: LockHolder
) -> None:
    holder.hold("write")
    with Store(practice.path, clock=clock, read_only_ok=True) as store:
        with pytest.raises(Refused):
            store.staff.sign_in(practice.reception, "0000")
        assert store.staff.sign_in(practice.reception, RECEPTION_PIN).id == practice.reception
        holder.release()
        clock.advance(minutes=1)
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
        assert not store.unrecorded
    assert sign_in_events(practice.path, practice.reception)[-3:] == ["wrong_pin", "signed_in", "signed_in"]


# -- the file read-only, the disk full: in a child that cannot ignore permissions ------------------


def desk_that_cannot_write(path: Path, break_it: Any, mend_it: Any, *, at_start: bool) -> dict[str, Any]:
    """Sign in on a file that cannot be written, read the banner, try to book; mend it, book.

    `at_start`: broken before the desk starts, else while the sign-in screen waits."""

    async def desk() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        if at_start:
            break_it()
        app = BoundaryApp(db_path=path, clock=FixedClock(NOW))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            if not at_start:
                break_it()
            await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
            seen["desk"] = isinstance(app.screen, DeskScreen)
            if not seen["desk"]:
                seen["sign-in says"] = text_of(app, "#sign-in-message")
                return seen
            desk = app.screen
            seen["warning"] = text_of(app, "#write-problem")
            await choose_patient(pilot, "martin o'brien")
            seen["banner"] = text_of(app, "#flag-banner")
            form = await book_with_patel(pilot)
            seen["booking refused"] = str(form.query_one("#form-problem", Static).render())
            seen["form kept"] = app.screen is form
            mend_it()
            await pilot.press("ctrl+s")
            await settle(pilot)
            seen["booked"] = app.screen is desk
            desk._record_unrecorded()
            await settle(pilot)
            await pilot.pause(0.1)
            await settle(pilot)
            seen["warning after"] = text_of(app, "#write-problem")
        return seen

    return asyncio.run(desk())


def test_a_read_only_file_still_shows_the_banners(practice: Practice, shared_dir: Path) -> None:
    path = shared_dir / "practice.db"
    path.write_bytes(practice.path.read_bytes())
    if os.geteuid() == 0:
        for owned in (shared_dir, path):  # the desk's own folder and file, as on a real server
            os.chown(owned, NOBODY, NOBODY)
    seen = in_child(
        lambda: desk_that_cannot_write(path, lambda: path.chmod(0o444), lambda: path.chmod(0o644), at_start=True),
        unprivileged=True,
    )
    assert seen["desk"], seen
    assert "is read-only: banners and markers are shown, but nothing can be saved" in seen["warning"]
    assert "Not with Dr Amelia Hart" in seen["banner"]
    assert "read-only: nothing was saved" in seen["booking refused"], seen
    assert seen["form kept"] and seen["booked"], seen
    assert seen["warning after"] == "", seen
    assert sign_in_events(path, practice.reception)[-1:] == ["signed_in"]


def test_a_full_disk_still_lets_staff_sign_in(practice: Practice) -> None:
    """The disk fills while the sign-in screen waits (no file may grow by a byte): signing in is kept
    in memory; space freed, it is written."""

    def full() -> None:
        wal = Path(f"{practice.path}-wal")
        size = wal.stat().st_size if wal.exists() else 0
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    def space_freed() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    seen = in_child(lambda: desk_that_cannot_write(practice.path, full, space_freed, at_start=False))
    assert seen["desk"], seen
    assert "Signing in could not be recorded yet" in seen["warning"] and "disk" in seen["warning"], seen
    assert "Not with Dr Amelia Hart" in seen["banner"]
    assert "nothing was saved" in seen["booking refused"], seen
    assert seen["form kept"] and seen["booked"], seen
    assert seen["warning after"] == "", seen
    assert sign_in_events(practice.path, practice.reception)[-1:] == ["signed_in"]
