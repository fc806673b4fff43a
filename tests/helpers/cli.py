"""Running the command line as a user would: in a fresh process, or as an account that cannot ignore permissions."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path


def run_cli(*args: str, cwd: Path | None = None, user: int | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m boundary_tui ARGS` in a fresh process, as a person at a shell would run it."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
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


def make_shared_dir() -> Iterator[Path]:
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
    import boundary_tui.commands.desk  # noqa: F401

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
