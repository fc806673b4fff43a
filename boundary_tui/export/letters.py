"""Where draft letters are written: a folder the user can find, edit and print from.

`BOUNDARY_TUI_LETTERS` if set, else `boundary-tui letters` in the user's
documents folder (platformdirs). The folder is private (0700) and each letter
too (0600): letters name a patient. An existing file is never overwritten.
Letters are written by the same atomic writer as exports (`files.write_new`),
so a full disk or an unwritable folder leaves no half-written draft behind.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import platformdirs

from boundary_tui.core.models import Patient
from boundary_tui.export.files import write_new

ENV_VAR = "BOUNDARY_TUI_LETTERS"


def letters_dir() -> Path:
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(platformdirs.user_documents_dir()) / "boundary-tui letters"


def letter_name(patient: Patient, today: date) -> str:
    """`warning-letter-OBrien-9434765919-2026-11-23.txt`: findable, and safe on any file system."""
    family = re.sub(r"[^A-Za-z0-9]+", "", patient.family_name) or "patient"
    return f"warning-letter-{family}-{patient.nhs_number}-{today.isoformat()}.txt"


def letter_bytes(text: str) -> bytes:
    """The letter as it goes in the file: UTF-8, `\\n` line ends (any editor opens it)."""
    return text.encode("utf-8")


def write_letter(text: str, patient: Patient, today: date, *, folder: Path | None = None) -> Path:
    """Write a new letter file and return its path; a file problem is a `DocumentError` with a plain message."""
    return write_new(letter_bytes(text), letter_name(patient, today), folder=folder or letters_dir(), what="letter")
