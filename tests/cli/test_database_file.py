"""A missing folder, a read-only file, a damaged file: a clear message, never a traceback."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store
from tests.helpers.cli import run_cli, run_unprivileged

NOBODY = 65534


def test_a_missing_folder_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "practice.db"
    with Store(path):
        pass
    assert path.exists()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 100, random.Random(7).randbytes(8192), b"SQLite format 3\x00" + b"\x00" * 50],
    ids=["text", "random-bytes", "truncated-header"],
)
def test_a_damaged_file_is_refused_plainly(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="damaged|not a boundary-tui database|cannot be opened"):
        Store(path)


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_the_desk_refuses_a_damaged_file_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"garbage" * 1000)
    result = run_cli("--db", str(path))
    assert result.returncode == 1
    assert "damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_read_only_database_is_refused_cleanly(shared_dir: Path) -> None:
    """By the commands (the desk reads it and shows the banners: `ui/test_cannot_write.py`)."""
    folder = shared_dir / "practice"
    path = folder / "practice.db"
    with Store(path):
        pass
    path.chmod(0o400)
    if os.geteuid() == 0:  # the desk's own folder and file, as on a server (the desk refuses anyone else's)
        for owned in (folder, path):
            os.chown(owned, NOBODY, NOBODY)
    code, stderr = run_unprivileged(["staff", "list", "--db", str(path)])
    assert code == 1, stderr
    assert "read-only" in stderr
    assert "Traceback" not in stderr


def test_a_database_in_an_unwritable_folder_is_refused_cleanly(shared_dir: Path) -> None:
    folder = shared_dir / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    code, stderr = run_unprivileged(["--db", str(folder / "practice.db")])
    assert code == 1, stderr
    assert "Cannot create the database" in stderr
    assert "Traceback" not in stderr
