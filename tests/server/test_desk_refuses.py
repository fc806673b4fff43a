"""The desk itself will not start on a database that other accounts can change or read, nor without a terminal."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.cli import main
from tests.helpers.practice import Practice

NOBODY = 65534


class Terminal:
    """Standing in for standard input on a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records whether the desk started (instead of running it)."""
    runs: list[bool] = []
    monkeypatch.setattr(BoundaryApp, "run", lambda *a, **k: runs.append(True))
    monkeypatch.setattr("sys.stdin", Terminal())
    return runs


@pytest.fixture
def db(practice: Practice, tmp_path: Path) -> Path:
    """The practice in a folder of its own, as `server init` leaves it (folder 0700, file 0600)."""
    folder = tmp_path / "srv"
    folder.mkdir(mode=0o700)
    path = folder / "practice.db"
    shutil.copyfile(practice.path, path)
    path.chmod(0o600)
    return path


def refused(db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("boundary-tui: The database") and "`boundary-tui server check`" in err
    return err


def test_a_private_database_starts(db: Path, started: list[bool]) -> None:
    assert main(["--db", str(db)]) == 0
    assert started == [True]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda db: db.chmod(0o666), "it is mode 0666 (the group root can read and change it"),
        (lambda db: db.chmod(0o620), "it is mode 0620"),
        (lambda db: db.parent.chmod(0o777), "its folder"),
        (lambda db: db.parent.chmod(0o2770), "is mode 2770"),
        (lambda db: (db.chmod(0o644), db.parent.chmod(0o755)), "everyone else can read it"),
        (lambda db: os.chown(db, NOBODY, NOBODY), "it belongs to nobody"),
        (lambda db: os.chown(db.parent, NOBODY, NOBODY), "its folder belongs to nobody"),
        (lambda db: stray(db, "-wal", owner=NOBODY), "practice.db-wal belongs to nobody"),
        (lambda db: stray(db, "-shm", mode=0o666), "practice.db-shm is mode 0666"),
    ],
    ids=[
        "file-666",
        "file-group-writable",
        "folder-777",
        "folder-2770",
        "readable",
        "owner",
        "folder-owner",
        "stray-wal",
        "wide-shm",
    ],  # fmt: skip
)
def test_the_desk_refuses_a_database_others_can_change_or_read(
    db: Path, started: list[bool], capsys: pytest.CaptureFixture[str], change: object, says: str
) -> None:
    assert callable(change)
    change(db)
    before = sorted(p.name for p in db.parent.iterdir())
    assert says in refused(db, capsys)
    assert started == []
    assert sorted(p.name for p in db.parent.iterdir()) == before  # nothing opened, nothing created


def stray(db: Path, suffix: str, *, owner: int | None = None, mode: int = 0o600) -> None:
    path = Path(f"{db}{suffix}")
    path.write_bytes(b"")
    path.chmod(mode)
    if owner is not None:
        os.chown(path, owner, owner)


def test_a_readable_file_in_a_folder_nobody_else_can_enter_is_fine(db: Path, started: list[bool]) -> None:
    db.chmod(0o644)  # what copying a file with `cp` leaves: the folder keeps others out
    assert main(["--db", str(db)]) == 0
    assert started == [True]


def test_a_new_database_in_a_new_folder_starts(tmp_path: Path, started: list[bool]) -> None:
    assert main(["--db", str(tmp_path / "new" / "practice.db")]) == 0
    assert started == [True]
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700


def test_the_desk_needs_a_terminal(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ssh server sqlite3 …` (no -t): the forced command has no terminal and says so, nothing drawn."""
    monkeypatch.setattr(BoundaryApp, "run", lambda *a, **k: pytest.fail("the desk started without a terminal"))
    assert main(["--db", str(db)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "the desk needs a terminal" in captured.err and "ssh -t" in captured.err
