"""Practice settings from the command line (a manager's PIN, recorded), and a locked desk that cannot be quit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.cli import main
from boundary_tui.core.errors import Invalid
from boundary_tui.store import Store, facts
from tests.helpers.cli import AS_MANAGER
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


def test_settings_from_the_command_line(
    db: str, capsys: pytest.CaptureFixture[str], as_manager: None, practice: Practice
) -> None:
    assert main(["settings", "set", "practice_name", "  Riverside   Surgery ", "--db", db, *AS_MANAGER]) == 0
    assert main(["settings", "set", "idle_lock_minutes", "3", "--db", db, *AS_MANAGER]) == 0
    assert main(["settings", "set", "idle_lock_minutes", "0", "--db", db, *AS_MANAGER]) == 1
    assert "0.5 to 120" in capsys.readouterr().err
    assert main(["settings", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "Riverside Surgery" in shown and "idle_lock_minutes  3" in shown
    with Store(db) as store:
        assert store.settings.get("practice_name") == "Riverside Surgery"
        recorded = store.db.execute(
            "SELECT key, value, recorded_by, account FROM settings_changes ORDER BY id DESC LIMIT 2"
        ).fetchall()
    assert recorded == [
        ("idle_lock_minutes", "3", practice.manager, facts.account()),
        ("practice_name", "Riverside Surgery", practice.manager, facts.account()),
    ]


def test_a_setting_needs_a_managers_pin(db: str, typed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "set", "idle_lock_minutes", "3", "--db", db, *AS_MANAGER]) == 1
    assert "No PIN was typed" in capsys.readouterr().err
    with Store(db) as store:
        assert store.settings.get("idle_lock_minutes") == "5"


async def test_a_locked_desk_cannot_be_quit_by_whoever_walks_up(app: BoundaryApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f9")
        await settle(pilot)
        assert app.is_locked
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.return_code is None
