"""Practice settings from the command line, PIN resets, and a locked desk that cannot be quit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.cli import main
from boundary_tui.core.errors import Invalid
from boundary_tui.store import Store
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import RECEPTION_PIN, Practice


@pytest.fixture
def db(practice: Practice) -> Iterator[str]:
    yield str(practice.path)


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("idle_lock_minutes", "0", "0.5 to 120"),
        ("idle_lock_minutes", "never", "0.5 to 120"),
        ("idle_lock_minutes", "500", "0.5 to 120"),
        ("practice_name", "   ", "1 to 100"),
        ("practice_name", "x" * 101, "1 to 100"),
        ("practice_name", "Evil\x1b[2J", "cannot be stored"),
        ("colour", "red", "no setting called"),
    ],
)
def test_bad_settings_are_refused_plainly(store: Store, key: str, value: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        store.settings.change(key, value)


def test_settings_from_the_command_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "set", "practice_name", "  Riverside   Surgery ", "--db", db]) == 0
    assert main(["settings", "set", "idle_lock_minutes", "3", "--db", db]) == 0
    assert main(["settings", "set", "idle_lock_minutes", "0", "--db", db]) == 1
    assert "0.5 to 120" in capsys.readouterr().err
    assert main(["settings", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "Riverside Surgery" in shown and "idle_lock_minutes  3" in shown
    with Store(db) as store:
        assert store.settings.get("practice_name") == "Riverside Surgery"


def test_a_pin_reset_lifts_the_lockout_and_is_recorded(
    db: str, practice: Practice, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(db) as store:
        store.db.execute("UPDATE staff SET failed_pins = 5, locked_until = '2999-01-01T00:00:00.000000Z' WHERE id = ?",
                         [practice.reception])  # fmt: skip
    answers = ["8642", "8642"]
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    monkeypatch.setattr("getpass.getuser", lambda: "jsmith")
    assert main(["staff", "pin", "Priya Shah", "--db", db]) == 0
    assert "New PIN set for Priya Shah" in capsys.readouterr().out
    with Store(db) as store:
        assert store.staff.sign_in(practice.reception, "8642").name == "Priya Shah"
        outcomes = [r[0] for r in store.db.execute("SELECT outcome FROM sign_in_events ORDER BY id").fetchall()]
        assert "pin_reset by command line (jsmith)" in outcomes


def test_a_pin_reset_with_mismatched_pins_changes_nothing(
    db: str, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = ["8642", "8643"]
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    assert main(["staff", "pin", "Priya Shah", "--db", db]) == 1
    with Store(db) as store:
        assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"


async def test_a_locked_desk_cannot_be_quit_by_whoever_walks_up(app: BoundaryApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f9")
        await settle(pilot)
        assert app.is_locked
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.return_code is None
