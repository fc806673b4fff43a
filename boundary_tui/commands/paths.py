"""Where the practice database lives unless told otherwise."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import platformdirs

ENV_VAR = "BOUNDARY_TUI_DB"


def default_db_path() -> Path:
    """`--db` beats `BOUNDARY_TUI_DB`, which beats the user data folder."""
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("boundary-tui", appauthor=False)) / "practice.db"


def resolve_db_path(arg: str | None) -> Path:
    return Path(arg).expanduser() if arg else default_db_path()


def this_program() -> str:
    """How to run boundary-tui again, as this shell would: `boundary-tui` only when that name finds this program.

    After `pip install` into a virtual environment that is not activated,
    `boundary-tui` is not on the PATH: a hint naming it would fail when typed.
    """
    started = Path(sys.argv[0])
    if started.name == "__main__.py":  # python -m boundary_tui
        return f"{shlex.quote(sys.executable)} -m boundary_tui"
    found = shutil.which("boundary-tui")
    if found and started.exists() and Path(found).resolve() == started.resolve():
        return "boundary-tui"
    return shlex.quote(str(started)) if started.exists() else "boundary-tui"
