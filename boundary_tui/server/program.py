"""Which program a desk's key starts, and whether the service account can actually run it.

A desk's forced command names boundary-tui by its absolute path: the installed
`boundary-tui` script beside this interpreter when there is one, else this
interpreter with `-m boundary_tui`. Installing it where the service account cannot
reach (a virtual environment in root's home, say) is the commonest way to leave every
desk with an error instead of the desk, so it is tried as that account.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from boundary_tui.core.text import printable
from boundary_tui.core.trust import AccountFacts


def desk_program() -> list[str]:
    """The absolute command that starts boundary-tui from this installation (without `--db`)."""
    # Not resolved: a virtual environment's python is a symbolic link that must stay one.
    interpreter = Path(os.path.abspath(sys.executable))
    script = interpreter.parent / "boundary-tui"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(interpreter), "-m", "boundary_tui"]


def cannot_run(program: list[str], account: AccountFacts) -> str | None:
    """Why `account` cannot start `program` (`--version` is tried as that account), or None.

    Only root can try it as another account; anyone else tries it as themselves,
    which proves the same only when they are that account.
    """
    if os.geteuid() not in (0, account.uid):
        return None
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": account.home,
        "LANG": "C.UTF-8",
    }
    switch = os.geteuid() != account.uid
    try:
        done = subprocess.run(
            [*program, "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
            cwd="/",
            user=account.uid if switch else None,
            group=account.gid if switch else None,
            extra_groups=[] if switch else None,
        )
    except (OSError, subprocess.SubprocessError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return f"{printable(program[0], single_line=True)} cannot be started: {printable(reason, single_line=True)}"
    if done.returncode != 0 or not done.stdout.startswith("boundary-tui "):
        said = " ".join((done.stderr or done.stdout).split())[-300:]
        return (
            f"`{printable(' '.join(program), single_line=True)} --version` failed: {printable(said, single_line=True)}"
        )
    return None
