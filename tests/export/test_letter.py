"""The warning-letter draft: what it says, and where and how it is written."""

from __future__ import annotations

import errno
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from boundary_tui.core.contacts import Contact
from boundary_tui.core.errors import StoreError
from boundary_tui.core.letter import warning_letter
from boundary_tui.core.models import Patient, Target
from boundary_tui.export.files import DocumentError
from boundary_tui.export.letters import ENV_VAR, letters_dir, write_letter

PATIENT = Patient(
    id=1,
    nhs_number="9434765919",
    given_name="Martin\x1b[2J",
    family_name="O'Brien",
    date_of_birth=date(1978, 3, 14),
    postcode="LS6 2AB",
    address="12 Otley Road, Leeds",
)


def contact(day: int, channel: str) -> Contact:
    return Contact(
        id=day,
        patient_id=1,
        concern_id=None,
        occurred_at=datetime(2026, 11, day, 10, tzinfo=UTC),
        logged_at=datetime(2026, 11, day, 11, tzinfo=UTC),
        logged_by=1,
        logged_by_name="Priya Shah",
        channel=channel,
        aimed_at=(Target(1, "Dr Amelia Hart"),),
        description="private words the letter does not quote",
        evidence_location="",
        gift_handling=None,
        witnesses="",
        effect="",
        severity="note",
        police_called=False,
        police_officer="",
        police_reference="",
    )


def test_the_letter_says_stop_and_what_follows() -> None:
    text = warning_letter(
        practice_name="Riverside Medical Practice",
        practice_address="1 Riverside Walk, Leeds LS6 2AB",
        patient=PATIENT,
        today=date(2026, 11, 23),
        contacts=[contact(20, "phone_call"), contact(2, "card")],
        signer="Margaret Lewis",
    )
    assert text.startswith("DRAFT: edit, print and sign.")
    assert "Riverside Medical Practice\n1 Riverside Walk\nLeeds LS6 2AB\n\n23 November 2026" in text
    assert "Martin␛[2J O'Brien\n12 Otley Road\nLeeds\nLS6 2AB" in text  # control characters never reach the file
    assert "\x1b" not in text
    assert "NHS number: 943 476 5919" in text
    assert "  - 02 Nov 2026: card\n  - 20 Nov 2026: phone call" in text
    assert "private words" not in text
    assert "This behaviour is inappropriate and it must stop." in text
    assert "we may remove you from the practice list" in text and "we will report it to the police" in text
    assert "Yours sincerely,\n\n\nMargaret Lewis" in text


def test_letters_go_to_the_documents_folder_unless_told(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert letters_dir().name == "boundary-tui letters"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine"))
    assert letters_dir() == tmp_path / "mine"


def test_a_letter_is_private_and_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    first = write_letter("one", PATIENT, date(2026, 11, 23), folder=folder)
    second = write_letter("two", PATIENT, date(2026, 11, 23), folder=folder)
    assert first.name == "warning-letter-OBrien-9434765919-2026-11-23.txt"
    assert second.name == "warning-letter-OBrien-9434765919-2026-11-23-2.txt"
    assert first.read_text() == "one" and second.read_text() == "two"
    assert first.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700


def test_an_unwritable_folder_is_explained(tmp_path: Path) -> None:
    """A file problem, not a database one: the database is fine (it used to say `StoreError`)."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DocumentError, match="could not be written") as raised:
        write_letter("x", PATIENT, date(2026, 11, 23), folder=blocker / "letters")
    assert not isinstance(raised.value, StoreError)
    assert str(raised.value).startswith("The letter could not be written: the folder")


def test_a_letter_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same atomic writer as the exports: a full disk leaves neither a half letter nor a temporary file."""

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    folder = tmp_path / "letters"
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DocumentError, match="The letter could not be written to .*: the disk is full. Nothing was"):
        write_letter("Dear Martin O'Brien,", PATIENT, date(2026, 11, 23), folder=folder)
    assert list(folder.iterdir()) == []
