"""Shared fixtures: a seeded practice per test (copied from one built per session),
a fixed clock, and Pilot helpers that act like a person at the desk."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store
from tests.practice import NOW, Practice, build_practice


@pytest.fixture(scope="session")
def practice_template(tmp_path_factory: pytest.TempPathFactory) -> Practice:
    """Built once (PIN hashing is deliberately slow), copied for each test."""
    return build_practice(tmp_path_factory.mktemp("template") / "practice.db")


@pytest.fixture
def practice(practice_template: Practice, tmp_path: Path) -> Practice:
    path = tmp_path / "practice.db"
    shutil.copyfile(practice_template.path, path)
    return dataclasses.replace(practice_template, path=path)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(practice: Practice, clock: FixedClock) -> Iterator[Store]:
    with Store(practice.path, clock=clock) as opened:
        yield opened


@pytest.fixture
def app(practice: Practice, clock: FixedClock) -> BoundaryApp:
    return BoundaryApp(db_path=practice.path, clock=clock)


# -- acting like a person -------------------------------------------------------------


async def settle(pilot: Pilot[None]) -> None:
    """Let background work (lookups, saves) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def sign_in(pilot: Pilot[None], name: str, pin: str) -> None:
    """Choose `name` with the arrow keys, Enter, type the PIN, Enter."""
    await pilot.pause()
    staff_list = pilot.app.screen.query_one("#staff-list", OptionList)
    names = [str(staff_list.get_option_at_index(i).prompt) for i in range(staff_list.option_count)]
    target = next(i for i, label in enumerate(names) if label.startswith(name))
    await pilot.press(*(["down"] * (target - (staff_list.highlighted or 0))))
    await pilot.press("enter")
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type into the focused widget, one key per character."""
    await pilot.press(*text)
    await settle(pilot)


# -- the suite never passes while skipping work ------------------------------------------


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", []) + reporter.stats.get("xfailed", [])
    if skipped and exitstatus == 0:
        reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped or xfailed; the suite must run everything.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
