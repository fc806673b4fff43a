"""A missing folder, a read-only file, a damaged file: a clear message, never a traceback."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store


def run_cli(*args: str, cwd: Path | None = None, user: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run(
        [sys.executable, "-m", "boundary_tui", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=60,
        user=user,
    )


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


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own temp folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="boundary-tui-perm-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


def run_unprivileged(argv: list[str]) -> tuple[int, str]:
    """Run the command line in a forked child that cannot ignore permissions.

    Root ignores file permissions, so when we are root the child drops to
    `nobody` first; the already-imported interpreter needs no exec.
    """
    import textual.drivers.linux_driver  # noqa: F401

    import boundary_tui.app  # noqa: F401 - the child cannot read the interpreter's own files as nobody
    import boundary_tui.cli  # noqa: F401

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 99
        try:
            signal.alarm(20)  # never hang the suite if the desk starts by mistake
            sys.stderr = os.fdopen(write_end, "w")  # pytest captures sys.stderr; talk to the parent
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            from boundary_tui.cli import main

            code = main(argv)
        except BaseException:  # noqa: BLE001 - report anything to the parent through stderr
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        stderr = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stderr


def test_a_read_only_database_is_refused_cleanly(shared_dir: Path) -> None:
    path = shared_dir / "practice.db"
    with Store(path):
        pass
    path.chmod(0o444)
    code, stderr = run_unprivileged(["--db", str(path)])
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
