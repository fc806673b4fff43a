"""Where draft letters are written: a folder the user can find, edit and print from.

`BOUNDARY_TUI_LETTERS` if set, else `boundary-tui letters` in the user's
documents folder (platformdirs). The folder is private (0700) and each letter
too (0600): letters name a patient. An existing file is never overwritten.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import platformdirs

from boundary_tui.core.errors import StoreError
from boundary_tui.core.models import Patient

ENV_VAR = "BOUNDARY_TUI_LETTERS"


def letters_dir() -> Path:
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(platformdirs.user_documents_dir()) / "boundary-tui letters"


def letter_name(patient: Patient, today: date) -> str:
    """`warning-letter-OBrien-9434765919-2026-11-23.txt`: findable, and safe on any file system."""
    family = re.sub(r"[^A-Za-z0-9]+", "", patient.family_name) or "patient"
    return f"warning-letter-{family}-{patient.nhs_number}-{today.isoformat()}.txt"


def write_letter(text: str, patient: Patient, today: date, *, folder: Path | None = None) -> Path:
    """Write a new letter file and return its path; problems become a `StoreError` with a plain message."""
    folder = folder or letters_dir()
    base = letter_name(patient, today)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for attempt in range(1, 100):
            name = base if attempt == 1 else base.replace(".txt", f"-{attempt}.txt")
            path = folder / name
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            return path
    except OSError as error:
        raise StoreError(f"The letter could not be written to {folder}: {error.strerror or error}.") from None
    raise StoreError(f"Too many letters for this patient today in {folder}: tidy the folder and try again.")
