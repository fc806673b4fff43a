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

AS_MANAGER = ("--manager", "Margaret Lewis")
"""The test practice's manager authorises a command (her PIN is typed at the prompt)."""


def run_cli(
    *args: str,
    cwd: Path | None = None,
    user: int | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m boundary_tui ARGS` in a fresh process, as a person at a shell would run it.

    Without a terminal (as from cron or a script): a PIN prompt reads `stdin` (nothing, if not given).
    `env` adds to (or overrides) the environment.
    """
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "boundary_tui", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=60,
        user=user,
        stdin=subprocess.DEVNULL if stdin is None else None,
        input=stdin,
        start_new_session=True,  # no controlling terminal: a PIN prompt reads standard input, never waits
    )


def make_shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own temp folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="boundary-tui-perm-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


NOBODY = 65534
"""The uid (and gid) of `nobody`, whom a child of root becomes to meet permissions."""


def owned_by_nobody(*paths: Path) -> None:
    """Make `nobody` the owner of these files and folders (when we are root): as the service account's own.

    Commands that disclose or change records run only as the database file's owner
    (or root); a test of what such a command does as an unprivileged account
    gives that account the file first.
    """
    if os.geteuid() == 0:
        for path in paths:
            os.chown(path, NOBODY, NOBODY)


def run_unprivileged(argv: list[str], *, typed: list[str] | None = None) -> tuple[int, str]:
    """Run the command line in a forked child that cannot ignore permissions.

    Root ignores file permissions, so when we are root the child drops to
    `nobody` first; the already-imported interpreter needs no exec. `typed`:
    what the person types at the (non-echoing) PIN prompts, in order; without
    it a prompt reads an empty line.
    """
    import getpass  # noqa: F401 - the child cannot read the interpreter's own files as nobody
    import importlib
    import pkgutil

    import textual.drivers.linux_driver  # noqa: F401

    import boundary_tui

    # Every module of ours, loaded here: a subcommand imports its own work in `run`, after the drop.
    for module in pkgutil.walk_packages(boundary_tui.__path__, "boundary_tui."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 99
        try:
            signal.alarm(20)  # never hang the suite if the desk starts by mistake
            sys.stderr = os.fdopen(write_end, "w")  # pytest captures sys.stderr; talk to the parent
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            import getpass

            answers = list(typed or [])
            # Never the real terminal: a test must not wait for someone to type.
            getpass.getpass = lambda prompt="", stream=None: answers.pop(0) if answers else ""
            from boundary_tui.cli import main

            code = main(argv)
        except SystemExit as exit_:  # argparse: --help, --version, usage mistakes
            code = exit_.code if isinstance(exit_.code, int) else 1
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


def run_cli_in_terminal(
    *args: str, answers: list[str], env: dict[str, str] | None = None, timeout: float = 60
) -> tuple[int, str]:
    """`python -m boundary_tui ARGS` on a terminal of its own (a pty), as a person at a shell runs it.

    `getpass` reads a PIN from the controlling terminal without echo: each time the
    output ends in a prompt (`…: `), the next of `answers` is typed, then Enter.
    Returns the exit status and everything the terminal showed.
    """
    import pty
    import select
    import time

    environment = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), TERM="dumb", **(env or {}))
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its controlling terminal
        os.execve(sys.executable, [sys.executable, "-m", "boundary_tui", *args], environment)
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child has gone and the terminal is closed
                break
            if not chunk:
                break
            shown += chunk
            if pending and shown.rstrip(b" ").endswith(b":"):
                os.write(fd, pending.pop(0).encode() + b"\r")
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace").replace("\r\n", "\n")
