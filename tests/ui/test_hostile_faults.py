"""Hostile faults on the database file, at start-up and under a running desk.

The file emptied, cut in half, overwritten with random bytes, deleted, made
read-only, locked by another process past the busy timeout, or on a full disk:
each is a plain message (no traceback), a form keeps what was typed so it can
be saved again, nothing confirmed is lost, nothing is confirmed that was not
kept, and no fresh empty database takes the place of the practice's.

`test_database_file.py`, `test_database_faults.py` and `test_desk_faults.py`
cover the neighbouring cases (a damaged file given to the desk, a deleted or
replaced file under the contact form, a full disk with `max_page_count`).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.cli import main
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store, connection
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.cli import run_cli
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient, open_contact_form, open_kind

SIZE = (120, 40)
BUSY = 0.2
"""The busy timeout in these tests (5 s at a real desk)."""

NOBODY = 65534


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", BUSY)
    monkeypatch.setattr(connection, "EMPTY_FILE_GRACE_SECONDS", 0.02)


@pytest.fixture(autouse=True)
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv("BOUNDARY_TUI_EXPORTS", str(folder))
    return folder


# -- what is done to the file ----------------------------------------------------------------


def emptied(path: Path) -> None:
    os.truncate(path, 0)


def halved(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def scrambled(path: Path) -> None:
    """Random bytes over the whole file, in place (same file, same size)."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.write(random.Random(7).randbytes(size))


def deleted(path: Path) -> None:
    path.unlink()


DAMAGE: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # fault: (do it, what a desk using the file says, what start-up says)
    "emptied": (emptied, "has been emptied (it is now 0 bytes)", "is empty (0 bytes)"),
    "halved": (halved, "has been cut short", "is damaged or is not a boundary-tui database"),
    "scrambled": (
        scrambled,
        "has been overwritten with something that is not a database",
        "is damaged or is not a boundary-tui database",
    ),
    "deleted": (deleted, "has been deleted or moved", "There is no database at"),
}


def snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def notes(app: BoundaryApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def problem(screen: Any) -> str:
    return str(screen.query_one("#form-problem", Static).render())


def contact_count(path: Path, patient: int) -> int:
    with Store(path, create=False) as store:
        return len(store.contacts.for_patient(patient))


class LockHolder:
    """Another process holding a lock on the practice file until `release()` (or the test ends)."""

    STATEMENTS = {
        # A program in the middle of a long write: other writers wait, readers read on.
        "write": ["BEGIN IMMEDIATE"],
        # A program that took the whole file for itself: nobody can read or write.
        "exclusive": ["PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE"],
    }

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen[str] | None = None

    def hold(self, kind: str) -> None:
        code = (
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(self.path)!r}, isolation_level=None)\n"
            f"for s in {self.STATEMENTS[kind]!r}: c.execute(s)\n"
            "c.execute('CREATE TABLE IF NOT EXISTS held (x)')\n"
            "print('holding', flush=True)\n"
            "sys.stdin.read()\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "holding\n"

    def release(self) -> None:
        """The program ends without committing: the lock goes, and its write with it."""
        if self.process is not None:
            self.process.kill()
            self.process.communicate()
            self.process = None


@pytest.fixture
def holder(practice: Practice) -> Iterator[LockHolder]:
    lock = LockHolder(practice.path)
    yield lock
    lock.release()


# -- start-up: the desk and every command on a damaged, missing or locked file ------------------


@pytest.mark.parametrize("fault", ["emptied", "halved", "scrambled"])
def test_the_app_refuses_a_damaged_file_at_start_and_leaves_it_as_it_is(
    practice: Practice, clock: FixedClock, fault: str
) -> None:
    damage, _, says = DAMAGE[fault]
    damage(practice.path)
    before = snapshot(practice.path)
    with pytest.raises(StoreError, match=re.escape(says)):
        BoundaryApp(db_path=practice.path, clock=clock)
    assert snapshot(practice.path) == before  # an emptied file stays empty: no new practice in its place
    assert not Path(f"{practice.path}-wal").exists()


COMMANDS = {
    "desk": [],
    "verify": ["verify"],
    "export": ["export", "9434765919", "--format", "md", "-o", "{out}"],
    "backup": ["backup", "{out}"],
    "staff list": ["staff", "list"],
    "import": ["import", "patients", "{csv}"],
}
CREATES_A_NEW_DATABASE = {"desk", "import"}
"""Given a path with no file, these start a new practice there (the first run): not a fault."""


@pytest.mark.parametrize("fault", ["emptied", "halved", "scrambled", "deleted"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_a_damaged_or_missing_file_plainly(
    practice: Practice,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    command: str,
) -> None:
    if fault == "deleted" and command in CREATES_A_NEW_DATABASE:
        command = "verify"  # (the desk and import on a missing file are a first run)
    monkeypatch.setattr(BoundaryApp, "run", lambda *a, **k: pytest.fail("the desk started on a bad file"))
    csv = tmp_path / "patients.csv"
    csv.write_text(
        "nhs_number,given_name,family_name,date_of_birth,postcode,phone\n9990000085,Al,Bee,1990-01-01,LS1 1AA,\n"
    )
    out = tmp_path / "out.file"
    damage, _, says = DAMAGE[fault]
    damage(practice.path)
    before = snapshot(practice.path)
    argv = [arg.format(out=out, csv=csv) for arg in COMMANDS[command]]
    code = main(["--db", str(practice.path)] if command == "desk" else [*argv, "--db", str(practice.path)])
    stderr = capsys.readouterr().err
    assert code == 1
    assert says in stderr and stderr.startswith("boundary-tui: ")
    assert snapshot(practice.path) == before  # not repaired, not replaced, not created
    assert not out.exists()  # no export, no backup made from it


def test_the_desk_on_an_emptied_file_says_so_without_a_traceback(practice: Practice) -> None:
    """The real command, in its own process: the message, exit 1, and the file still empty."""
    emptied(practice.path)
    result = run_cli("--db", str(practice.path))
    assert result.returncode == 1
    assert "is empty (0 bytes)" in result.stderr and "Restore the latest backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert practice.path.stat().st_size == 0


def test_a_file_locked_by_another_program_at_start(
    practice: Practice, clock: FixedClock, holder: LockHolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Held for itself (locking_mode exclusive): the desk and every command say it is busy; nothing changes."""
    holder.hold("exclusive")
    before = snapshot(practice.path)
    with pytest.raises(StoreError, match="is busy: another desk has held it for too long"):
        BoundaryApp(db_path=practice.path, clock=clock)
    for argv in (["verify"], ["staff", "list"], ["export", practice.obrien_nhs, "--format", "json"]):
        assert main([*argv, "--db", str(practice.path)]) == 1
        captured = capsys.readouterr()
        assert "is busy" in captured.err and "Nothing was lost" in captured.err, argv
        assert captured.out == ""
    assert snapshot(practice.path) == before


# -- under a running desk: the file damaged or deleted while a manager works -----------------------

ENTRY = "Letter pushed under the door, addressed to Dr Hart: 'I will wait for you after surgery.'"


@pytest.mark.parametrize("fault", ["emptied", "halved", "scrambled", "deleted"])
async def test_the_file_damaged_under_a_working_desk_is_said_everywhere_and_nothing_is_confirmed(
    practice: Practice, clock: FixedClock, exports: Path, fault: str
) -> None:
    damage, says, _ = DAMAGE[fault]
    app = BoundaryApp(db_path=practice.path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        # One contact confirmed first: the desk now answers from pages it holds in memory.
        await open_contact_form(pilot, "A card left at reception for Dr Hart.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen) and "Contact logged" in notes(app)
        await pilot.press("f4")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        form = await open_contact_form(pilot, ENTRY)

        damage(practice.path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and says in problem(form)  # said on the form, not "Saved"
        assert "restart boundary-tui" in problem(form)
        assert form.query_one("#description", TextArea).text == ENTRY
        await pilot.press("ctrl+s")  # again: the same answer, still nothing confirmed
        await settle(pilot)
        assert app.screen is form and says in problem(form)  # a confirmed save would have closed the form

        # Esc asks before throwing the entry away; then every key that needs the file says why not.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert app.screen is timeline
        for screen, keys in ((timeline, ("e", "f6", "f3")), (desk, ("f2", "f4", "f6", "f3"))):
            if screen is desk:
                await pilot.press("escape")
                await settle(pilot)
            for key in keys:
                app.clear_notifications()
                await pilot.press(key)
                await settle(pilot)
                assert app.screen is screen and says in notes(app), key
        assert app.is_running
    assert not exports.exists()  # nothing exported from a damaged file
    if fault == "deleted":
        assert not practice.path.exists()  # no fresh, empty database in its place
    else:
        with pytest.raises(StoreError, match="empty|damaged"):  # never opens as a practice again
            Store(practice.path, create=False)


# -- under a running desk: another program holding the write lock past the busy timeout ------------


async def export_for_the_practice(pilot: Pilot[None]) -> None:
    """`e`, Markdown, for the practice's own use (the last of "for whom"), saved."""
    await pilot.press("e", "enter")
    await settle(pilot)
    await pilot.press("enter", *(["down"] * 5), "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_lock_held_past_the_timeout_keeps_every_form_and_each_saves_once_it_goes(
    practice: Practice, clock: FixedClock, holder: LockHolder, exports: Path
) -> None:
    app = BoundaryApp(db_path=practice.path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        desk = app.screen

        async def refused_then_saved(form: Any, save_keys: tuple[str, ...] = ("ctrl+s",)) -> None:
            holder.hold("write")
            await pilot.press(*save_keys)
            await settle(pilot)
            assert app.screen is form
            assert "is busy" in problem(form) and "press ctrl+s to save it" in problem(form)
            holder.release()
            await pilot.press("ctrl+s")  # the same entry, saved
            await settle(pilot)
            assert app.screen is desk

        form = await open_contact_form(pilot, ENTRY)
        await refused_then_saved(form)

        await pilot.press("f2")
        await settle(pilot)
        booking = app.screen
        assert isinstance(booking, BookingScreen) and booking.clinician is not None
        assert booking.clinician.name == "Dr Rajesh Patel"
        await refused_then_saved(booking, ("tab", "tab", "enter"))  # date, free slots, book the first

        action = await open_kind(pilot, "warning_letter_sent")
        await refused_then_saved(action)

        # Reading is not held up: the timeline opens while the lock is held. An export is a disclosure the
        # record keeps (with a signed checkpoint), so it waits for the lock like any save, and says so.
        holder.hold("write")
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        await export_for_the_practice(pilot)
        assert not exports.exists() or not list(exports.iterdir())
        assert any("busy" in str(n.message) for n in app._notifications)
        holder.release()
        if not isinstance(app.screen, TimelineScreen):  # the export form is kept with what was chosen
            await pilot.press("ctrl+s")
            await settle(pilot)
        else:
            await export_for_the_practice(pilot)
        assert len(list(exports.iterdir())) == 1
    with Store(practice.path, clock=clock, create=False) as store:
        [contact] = store.contacts.for_patient(practice.obrien)
        assert contact.description == ENTRY
        assert len(store.appointments.upcoming_for(practice.obrien)) == 1
        assert [a.kind for a in store.actions.for_patient(practice.obrien)] == ["warning_letter_sent"]


# -- under a running desk, in a child process: the file made read-only; the disk full ----------------


def load_everything() -> None:
    """Import now what the desk loads on first use: a child that became `nobody` cannot read
    the interpreter's own files (they are private to root here)."""
    import importlib
    import pkgutil

    import textual.widgets

    import boundary_tui

    for module in pkgutil.walk_packages(boundary_tui.__path__, "boundary_tui."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)
    for name in ("textual.drivers.linux_driver", "textual.drivers.headless_driver", "concurrent.futures.thread"):
        importlib.import_module(name)


def in_child(scenario: Callable[[], dict[str, Any]], *, unprivileged: bool = False) -> dict[str, Any]:
    """Run `scenario` in a forked child and return what it reports (or its traceback, as `error`).

    Root ignores permissions, so for `unprivileged` a child of root becomes `nobody`
    first (as `test_database_file.run_unprivileged` does). A file-size limit set by a
    scenario stays in the child, away from pytest's own files.
    """
    if unprivileged:
        load_everything()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        report: dict[str, Any]
        try:
            signal.alarm(60)  # never hang the suite
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over the size limit: an error, not death
            if unprivileged and os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            report = scenario()
        except BaseException:  # noqa: BLE001 - everything goes back to the parent
            report = {"error": traceback.format_exc()}
        with os.fdopen(write_end, "w") as pipe:
            json.dump(report, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, text
    report = json.loads(text)
    assert "error" not in report, report["error"]
    return report


def save_through(path: Path, break_it: Callable[[], None], mend_it: Callable[[], None]) -> dict[str, Any]:
    """At the desk: fill a contact, break the file, save; then book; mend it and save both."""

    async def desk() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        app = BoundaryApp(db_path=path, clock=FixedClock(NOW))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
            await choose_patient(pilot, "martin o'brien")
            form = await open_contact_form(pilot, ENTRY)
            break_it()
            await pilot.press("ctrl+s")
            await settle(pilot)
            if app.screen is not form:
                return {"error": f"saved, or the form was thrown away: {notes(app)}"}
            seen["contact refused"] = problem(form)
            seen["contact kept"] = form.query_one("#description", TextArea).text == ENTRY
            mend_it()
            await pilot.press("ctrl+s")
            await settle(pilot)
            seen["contact saved"] = isinstance(app.screen, DeskScreen)

            await pilot.press("f2")
            await settle(pilot)
            booking = app.screen
            break_it()
            await pilot.press("tab", "tab", "enter")
            await settle(pilot)
            seen["booking refused"] = problem(booking) if app.screen is booking else "(form gone)"
            mend_it()
            await pilot.press("ctrl+s")
            await settle(pilot)
            seen["booking saved"] = isinstance(app.screen, DeskScreen)
            seen["running"] = app.is_running
        return seen

    return asyncio.run(desk())


def test_a_file_made_read_only_under_a_running_desk(practice: Practice, shared_dir: Path) -> None:  # noqa: F811
    """chmod 444 while the desk is open: every save says so and keeps the entry; writable again, it saves."""
    path = shared_dir / "practice.db"
    path.write_bytes(practice.path.read_bytes())
    if os.geteuid() == 0:
        for owned in (shared_dir, path):  # the desk's own folder and file, as on a real server
            os.chown(owned, NOBODY, NOBODY)
    seen = in_child(lambda: save_through(path, lambda: path.chmod(0o444), lambda: path.chmod(0o644)), unprivileged=True)
    for entry in ("contact", "booking"):
        assert "has been made read-only: nothing was saved" in seen[f"{entry} refused"], seen
        assert seen[f"{entry} saved"], seen
    assert seen["contact kept"] and seen["running"]
    with Store(path, clock=FixedClock(NOW), create=False) as store:
        assert [c.description for c in store.contacts.for_patient(practice.obrien)] == [ENTRY]
        assert len(store.appointments.upcoming_for(practice.obrien)) == 1


def test_a_full_disk_under_a_running_desk(practice: Practice) -> None:
    """No file may grow by a byte (RLIMIT_FSIZE at the log's current size): said, kept, then saved."""

    def full() -> None:
        # Saves go to the write-ahead log first: it may not grow by a byte.
        wal = Path(f"{practice.path}-wal").stat().st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (wal, resource.RLIM_INFINITY))

    def space_freed() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    seen = in_child(lambda: save_through(practice.path, full, space_freed))
    for entry in ("contact", "booking"):
        assert (
            "the disk may be full" in seen[f"{entry} refused"]
            or "disk holding the database is full" in seen[f"{entry} refused"]
        ), seen
        assert "nothing was saved" in seen[f"{entry} refused"], seen
        assert seen[f"{entry} saved"], seen
    assert seen["contact kept"] and seen["running"]
    with Store(practice.path, clock=FixedClock(NOW), create=False) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert [c.description for c in store.contacts.for_patient(practice.obrien)] == [ENTRY]
        assert len(store.appointments.upcoming_for(practice.obrien)) == 1


@pytest.mark.parametrize("argv", [["demo", "{path}"], ["--db", "{path}"]], ids=["demo", "desk"])
def test_a_full_disk_at_start_is_a_plain_message_and_no_traceback(tmp_path: Path, argv: list[str]) -> None:
    """A new database on a disk with no room (no file may grow past 4 KiB): said plainly, exit non-zero."""
    path = tmp_path / "new" / "practice.db"
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))\n"
        "from boundary_tui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = [a.replace("{path}", str(path)) for a in argv]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert "boundary-tui:" in done.stderr and "disk" in done.stderr.lower(), done.stderr
    if path.exists():  # space freed: the same file opens as a new practice, nothing half-made in it
        with Store(path, clock=FixedClock(NOW), create=False) as store:
            assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert store.staff.all() == []
