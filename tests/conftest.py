"""Shared fixtures: a seeded practice per test (copied from one built per session),
a fixed clock, and Pilot helpers that act like a person at the desk."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store, collector
from tests.helpers.cli import make_shared_dir
from tests.helpers.practice import MANAGER_PIN, NOW, Practice, build_practice


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
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own temp folder is private to root)."""
    yield from make_shared_dir()


@pytest.fixture
def app(practice: Practice, clock: FixedClock) -> BoundaryApp:
    return BoundaryApp(db_path=practice.path, clock=clock)


# -- the command line's PIN prompts --------------------------------------------------------


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the person types at the command line's non-echoing PIN prompts, in order.

    Append to it before running a command in-process; a prompt with nothing left
    to answer meets end of input (as with `< /dev/null`). `getpass.getuser` and
    the login variables say "mallory": the record must never believe them.
    """
    answers: list[str] = []

    def fake_getpass(prompt: str = "", stream: object = None) -> str:
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("getpass.getuser", lambda: "mallory")
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "mallory")
    return answers


@pytest.fixture
def as_manager(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PIN prompt is answered with the practice manager's PIN (run commands with `*AS_MANAGER`)."""
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: MANAGER_PIN)


@pytest.fixture(autouse=True)
def collectable() -> Iterator[None]:
    """A test that starts the desk in this process (`boundary-tui` with `App.run` replaced) leaves the
    collector as it found it: freezing is for a desk's own process (`store/collector.py`), and a test
    run's dropped apps must stay collectable."""
    yield
    if collector.keeping():
        collector.stop_keeping()


# -- the suite never passes while skipping work ------------------------------------------


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", []) + reporter.stats.get("xfailed", [])
    if skipped and exitstatus == 0:
        reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped or xfailed; the suite must run everything.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
