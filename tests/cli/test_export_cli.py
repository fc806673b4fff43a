"""`boundary-tui export`: the command line, and every way its input can be wrong."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store, chain, facts
from tests.helpers.cli import AS_MANAGER, owned_by_nobody, run_unprivileged
from tests.helpers.drafts import log
from tests.helpers.export_data import hostile_timeline
from tests.helpers.practice import MANAGER_PIN, NOW, Practice


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """A folder of its own for the exports (the practice database lives in tmp_path)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def export(practice: Practice, *args: str) -> int:
    return main(["export", *args, "--db", str(practice.path), *AS_MANAGER])


@pytest.fixture(autouse=True)
def _manager_types_her_pin(as_manager: None) -> None:
    """Every export here is authorised by the practice manager (`test_cli_guard.py` tries the rest)."""


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_markdown_to_standard_output_by_default(practice: Practice, output: list[str], capfdbinary) -> None:
    assert export(practice, "9434765919", "--format", "md", *output) == 0
    out, err = capfdbinary.readouterr()
    assert out.startswith(b"# Timeline of Martin O'Brien\n") and err == b""
    assert b"## Chain head and how to verify" in out


@pytest.mark.parametrize("typed", [["943 476 5919"], ["943", "476", "5919"], ["943-476-5919"]])
def test_the_nhs_number_may_be_typed_with_spaces(practice: Practice, typed: list[str], capfdbinary) -> None:
    assert export(practice, *typed, "--format", "json") == 0
    data = json.loads(capfdbinary.readouterr().out)
    assert data["patient"]["nhs_number"] == "9434765919"


def test_each_format_to_a_file_is_private_and_says_how_to_verify(
    practice: Practice, outdir: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "mallory")  # never believed: the real uid is recorded
    with Store(practice.path) as store:
        log(store, practice)
    for fmt in ("md", "html", "csv", "json"):
        out = outdir / f"obrien.{fmt}"
        assert export(practice, "9434765919", "--format", fmt, "-o", str(out)) == 0
        with Store(practice.path) as store:
            # Each export first keeps a signed checkpoint in the record: the head it prints is the one after it.
            head = chain.head(store.db)
            assert head is not None and head.table_name == "checkpoints"
        printed = capsys.readouterr().out
        assert f"as {fmt} to {out}" in printed and f"boundary-tui verify --head {head.hash}" in printed
        assert out.stat().st_mode & 0o777 == 0o600
        assert head.hash.encode() in out.read_bytes()
    data = json.loads((outdir / "obrien.json").read_text(encoding="utf-8"))
    assert data["generated"]["by"] == (
        f"Margaret Lewis (practice manager), at the command line as computer account {facts.account()}"
    )
    assert all(
        hashlib.sha256(c["canonical"].encode()).hexdigest() == c["hash"] for e in data["entries"] for c in e["chain"]
    )
    assert not [p for p in outdir.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9434765918", "943 476 5918 is not a valid NHS number (the check digit does not match)."),
        ("12345", "An NHS number has 10 digits; 12345 has 5."),
        ("O'Brien", "is not an NHS number: it must be 10 digits."),
        ("0000000000", "is not in a range the NHS issues."),
    ],
)
def test_an_invalid_nhs_number_is_refused_plainly(practice: Practice, typed: str, message: str, capfd) -> None:
    assert export(practice, typed, "--format", "md") == 1
    out, err = capfd.readouterr()
    assert out == "" and message in err and "Nothing was exported." in err and "Traceback" not in err


def test_an_unknown_nhs_number_is_refused_plainly(practice: Practice, capfd) -> None:
    assert export(practice, "999 000 0131", "--format", "md") == 1
    out, err = capfd.readouterr()
    assert out == ""
    assert f"no patient with NHS number 999 000 0131 is in {practice.path}" in err and "Traceback" not in err


def test_a_missing_database_is_refused_and_not_created(tmp_path: Path, capfd) -> None:
    missing = tmp_path / "none.db"
    assert main(["export", "9434765919", "--format", "md", "--db", str(missing)]) == 1
    assert "There is no database" in capfd.readouterr().err
    assert not missing.exists()


def test_an_output_folder_that_does_not_exist_is_refused(practice: Practice, tmp_path: Path, capfd) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.html"
    assert export(practice, "9434765919", "--format", "html", "-o", str(target)) == 1
    err = capfd.readouterr().err
    assert f"The folder {target.parent} does not exist" in err and "Traceback" not in err
    assert not (tmp_path / "no").exists()


def test_an_output_that_is_a_folder_is_refused(practice: Practice, outdir: Path, capfd) -> None:
    assert export(practice, "9434765919", "--format", "csv", "-o", str(outdir)) == 1
    assert "is a folder" in capfd.readouterr().err
    assert list(outdir.iterdir()) == []


def test_an_existing_file_is_kept_unless_forced(practice: Practice, outdir: Path, capfd) -> None:
    target = outdir / "out.md"
    target.write_text("an earlier export\n")
    assert export(practice, "9434765919", "--format", "md", "-o", str(target)) == 1
    err = capfd.readouterr().err
    assert f"{target} already exists" in err and "--force" in err
    assert target.read_text() == "an earlier export\n"
    assert export(practice, "9434765919", "--format", "md", "-o", str(target), "--force") == 0
    assert target.read_text(encoding="utf-8").startswith("# Timeline of Martin O'Brien")
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in outdir.iterdir()] == ["out.md"]


def test_a_folder_the_user_cannot_write_to_is_refused_plainly(
    practice: Practice,
    shared_dir: Path,  # noqa: F811
) -> None:
    # The child drops to an unprivileged user and cannot read our sources any more: import what it needs now.
    import boundary_tui.commands.export  # noqa: F401
    import boundary_tui.export.files  # noqa: F401
    import boundary_tui.export.html  # noqa: F401
    import boundary_tui.export.model  # noqa: F401
    import boundary_tui.store.actions  # noqa: F401
    import boundary_tui.store.clinicians  # noqa: F401
    import boundary_tui.store.concerns  # noqa: F401
    import boundary_tui.store.contacts  # noqa: F401
    import boundary_tui.store.export_source  # noqa: F401
    import boundary_tui.store.patients  # noqa: F401
    import boundary_tui.store.timeline  # noqa: F401

    data = shared_dir / "data"
    data.mkdir()
    data.chmod(0o777)
    database = data / "practice.db"
    database.write_bytes(practice.path.read_bytes())
    database.chmod(0o666)
    owned_by_nobody(database)  # the service account's own database (exports are for it alone)
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    code, stderr = run_unprivileged(
        ["export", "9434765919", "--format", "html", "-o", str(locked / "out.html"), "--db", str(database)]
        + ["--manager", "Margaret Lewis"],
        typed=[MANAGER_PIN],
    )
    assert code == 1, stderr
    assert f"Cannot write in the folder {locked}: permission denied" in stderr and "Traceback" not in stderr
    assert list(locked.iterdir()) == []


def test_a_failure_while_writing_leaves_nothing_half_written(
    practice: Practice, outdir: Path, capfd, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    target = outdir / "out.json"
    assert export(practice, "9434765919", "--format", "json", "-o", str(target)) == 1
    err = capfd.readouterr().err
    assert f"The export could not be written to {target}: the disk is full. Nothing was written." in err
    assert list(outdir.iterdir()) == []  # neither the export nor its temporary file


def test_a_failure_while_replacing_keeps_the_old_file(
    practice: Practice, outdir: Path, capfd, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = outdir / "out.md"
    target.write_text("an earlier export\n")

    def refuse(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert export(practice, "9434765919", "--format", "md", "-o", str(target), "--force") == 1
    assert "permission denied" in capfd.readouterr().err
    assert target.read_text() == "an earlier export\n" and [p.name for p in outdir.iterdir()] == ["out.md"]


def test_hostile_names_in_the_messages_are_shown_inert(practice: Practice, outdir: Path, capfd) -> None:
    with Store(practice.path, clock=FixedClock(NOW)) as store:
        hostile = hostile_timeline(store, practice)
    target = outdir / "hostile.csv"
    assert export(practice, hostile.nhs_number, "--format", "csv", "-o", str(target)) == 0
    out = capfd.readouterr().out
    assert "\x1b" not in out and "Exported the timeline of <b>[@click=app.quit]Eve</b>" in out


def test_tampered_evidence_is_exported_but_the_command_fails(practice: Practice, outdir: Path, capfd) -> None:
    from tests.helpers.evidence import tamper

    with Store(practice.path) as store:
        contact = log(store, practice)
    tamper(practice.path, f"UPDATE contacts SET description = 'Edited.' WHERE id = {contact.id}")
    target = outdir / "out.json"
    assert export(practice, "9434765919", "--format", "json", "-o", str(target)) == 1
    err = capfd.readouterr().err
    assert "WARNING: 1 entry failed the tamper-evidence check" in err and "boundary-tui verify" in err
    assert json.loads(target.read_text(encoding="utf-8"))["problems"]


def test_the_format_is_required(practice: Practice, capfd) -> None:
    with pytest.raises(SystemExit) as exit_:
        export(practice, "9434765919")
    assert exit_.value.code == 2
    assert "--format" in capfd.readouterr().err
