"""A desk runs on the C library's malloc, which gives freed memory back (`commands/system_malloc.py`)."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from boundary_tui.__main__ import main as boundary_tui_command
from boundary_tui.cli import parse
from boundary_tui.commands import system_malloc
from tests.helpers.practice import Practice

DESKS = [[], ["--db", "/srv/practice.db"], ["--db=/srv/practice.db"], ["--demo"]]
NOT_DESKS = [["verify"], ["--db", "x.db", "verify"], ["staff", "list"], ["--version"], ["--help"], ["--db"]]
NOT_DESKS += [["demo", "/tmp/demo.db"]]  # builds a demo practice, and says how to start a desk on it


@pytest.mark.parametrize("argv", DESKS)
def test_a_desks_command_line_is_read_as_one(argv: list[str]) -> None:
    assert system_malloc.starts_a_desk(argv)
    assert parse(argv).command is None  # what the command line itself decides


@pytest.mark.parametrize("argv", NOT_DESKS)
def test_other_commands_keep_pythons_allocator(argv: list[str]) -> None:
    assert not system_malloc.starts_a_desk(argv)
    if argv not in (["--version"], ["--help"], ["--db"]):  # these print and exit
        assert parse(argv).command is not None


def test_the_boundary_tui_command_starts_through_it() -> None:
    (script,) = entry_points(group="console_scripts", name="boundary-tui")
    assert script.value == "boundary_tui.__main__:main"


def _started(argv: list[str], monkeypatch: pytest.MonkeyPatch, **environment: str) -> list[tuple[object, ...]]:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(os, "execve", lambda *call: calls.append(call))
    monkeypatch.setattr(system_malloc, "on_glibc", lambda: True)
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["boundary-tui", *argv])
    monkeypatch.setattr("boundary_tui.cli.main", lambda: 0)
    assert boundary_tui_command() == 0
    return calls


def test_a_desk_starts_again_on_malloc_with_the_same_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    (call,) = _started(["--db", "/srv/practice.db"], monkeypatch, BOUNDARY_TUI_DB="/elsewhere.db")
    executable, argv, environment = call
    assert executable == sys.executable and argv == [sys.executable, *sys.orig_argv[1:]]
    assert isinstance(environment, dict)
    assert environment["PYTHONMALLOC"] == "malloc" and environment["BOUNDARY_TUI_DB"] == "/elsewhere.db"
    assert environment["MALLOC_ARENA_MAX"] == "1"  # one heap for every thread
    assert environment["GLIBC_TUNABLES"] == "glibc.malloc.mxfast=0"  # small blocks merge once freed


def test_tunables_set_by_whoever_started_the_desk_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    (call,) = _started([], monkeypatch, GLIBC_TUNABLES="glibc.malloc.tcache_count=0")
    assert call[2]["GLIBC_TUNABLES"] == "glibc.malloc.tcache_count=0:glibc.malloc.mxfast=0"  # type: ignore[index]
    (call,) = _started([], monkeypatch, GLIBC_TUNABLES="glibc.malloc.mxfast=64")
    assert call[2]["GLIBC_TUNABLES"] == "glibc.malloc.mxfast=64"  # type: ignore[index]


def test_a_heap_count_set_by_whoever_started_the_desk_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    (call,) = _started([], monkeypatch, MALLOC_ARENA_MAX="4")
    environment = call[2]
    assert isinstance(environment, dict) and environment["MALLOC_ARENA_MAX"] == "4"


def test_only_once_and_only_for_a_desk(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _started(["--db", "x.db"], monkeypatch, PYTHONMALLOC="malloc") == []  # started again already
    assert _started(["--db", "x.db"], monkeypatch, PYTHONMALLOC="pymalloc") == []  # whoever started it chose
    assert _started(["verify", "--db", "x.db"], monkeypatch) == []


def test_the_desk_really_runs_on_malloc_in_the_same_process(practice: Practice) -> None:
    """Started as the console script starts it: the same process (an SSH session keeps it), without
    Python's own allocator (whose statistics then print nothing), and the desk then runs as always
    (without a terminal it says so)."""
    if not system_malloc.on_glibc():
        pytest.skip("glibc only: elsewhere the desk keeps Python's allocator")
    code = (
        "import atexit, os, sys\n"
        "atexit.register(lambda: (print(os.getpid(), os.environ.get('PYTHONMALLOC'), os.environ.get('GLIBC_TUNABLES')),"
        " sys._debugmallocstats()))\n"
        "sys.argv[1:] = ['--db', sys.argv[1]]\n"
        "from boundary_tui.__main__ import main\n"
        "sys.exit(main())\n"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONMALLOC", "GLIBC_TUNABLES")}
    desk = subprocess.Popen(
        [sys.executable, "-c", code, str(practice.path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    out, err = desk.communicate(timeout=120)
    assert desk.returncode == 2 and "needs a terminal" in err, err
    assert out.split() == [str(desk.pid), "malloc", "glibc.malloc.mxfast=0"]
    assert "Small block threshold" not in err  # pymalloc's statistics: not in use
