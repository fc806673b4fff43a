"""Where the practice database lives unless told otherwise."""

from __future__ import annotations

import os
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
