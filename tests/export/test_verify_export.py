"""`boundary-tui verify-export`: a recipient with only the export checks every hash, the patient's own chain and the
practice's signature, and is told plainly what that proves; every way of trimming or editing the file is caught."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from boundary_tui.cli import main
from boundary_tui.core.clock import FixedClock
from boundary_tui.export import document, render
from boundary_tui.store import Store, signing_key
from tests.helpers.cli import AS_MANAGER
from tests.helpers.evidence import log_contact, record_action
from tests.helpers.practice import NOW, Practice

FIXTURES = Path(__file__).resolve().parents[1] / "store" / "fixtures"


def exported(practice: Practice, out: Path, *, key: bool = True) -> dict[str, Any]:
    with Store(practice.path, clock=FixedClock(NOW)) as store:
        if key:
            signing_key.create(store.path)
        log_contact(store, practice.obrien, practice.reception, "A card addressed to Dr Hart")
        record_action(store, practice.obrien, practice.manager)
        log_contact(store, practice.obrien, practice.reception, "Waiting in the car park at 18:00")
        log_contact(store, practice.zoe, practice.reception, "Someone else's contact")
        doc = document(store, practice.obrien, generated_by="Test runner", by=practice.manager, recipient="police")
        assert doc is not None
        out.write_bytes(render(doc, "json"))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def verify_export(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify-export", str(path), *extra])
    return code, capsys.readouterr().out


def rewrite(path: Path, data: dict[str, Any]) -> Path:
    changed = path.with_name("changed.json")
    changed.write_text(json.dumps(data), encoding="utf-8")
    return changed


def test_an_untouched_export_is_verified_with_the_export_alone(
    practice: Practice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "obrien.json"
    data = exported(practice, out)
    practice.path.unlink()  # the recipient has no database
    code, said = verify_export(out, capsys)
    assert code == 0, said
    assert said.startswith("VERIFIED.")
    assert "in order, with none missing from the first up to chain entry" in said
    assert f"fingerprint {data['checkpoint']['key_fingerprint']}" in said
    assert "that what staff wrote is true" in said  # and what it cannot prove
    code, said = verify_export(out, capsys, "--key", data["checkpoint"]["public_key"])
    assert code == 0, said


def test_an_entry_taken_out_of_the_middle_is_caught(practice: Practice, tmp_path: Path, capsys) -> None:
    out = tmp_path / "obrien.json"
    data = exported(practice, out)
    gone = data["record"]["entries"].pop(1)
    data["entries"] = [e for e in data["entries"] if all(p["hash"] != gone["hash"] for p in e["chain"])]
    code, said = verify_export(rewrite(out, data), capsys)
    assert code == 1 and "an entry of theirs is missing or out of order" in said


def test_the_last_entries_taken_off_are_caught_by_the_signed_head(practice: Practice, tmp_path: Path, capsys) -> None:
    out = tmp_path / "obrien.json"
    data = exported(practice, out)
    gone = data["record"]["entries"].pop()
    data["entries"] = [e for e in data["entries"] if all(p["hash"] != gone["hash"] for p in e["chain"])]
    code, said = verify_export(rewrite(out, data), capsys)
    assert code == 1 and "names one this export does not hold" in said


def test_text_edited_in_the_file_is_caught(practice: Practice, tmp_path: Path, capsys) -> None:
    out = tmp_path / "obrien.json"
    data = exported(practice, out)
    [edited] = [e for e in data["record"]["entries"] if "car park" in e["canonical"]]
    edited["canonical"] = edited["canonical"].replace("car park", "library")
    code, said = verify_export(rewrite(out, data), capsys)
    assert code == 1 and "does not hash to" in said


def test_another_key_or_an_altered_checkpoint_is_caught(practice: Practice, tmp_path: Path, capsys) -> None:
    out = tmp_path / "obrien.json"
    data = exported(practice, out)
    code, said = verify_export(out, capsys, "--key", "ab" * 32)
    assert code == 1 and "not with the key given" in said
    data["checkpoint"]["body"] = data["checkpoint"]["body"].replace('"why":"export"', '"why":"daily"')
    code, said = verify_export(rewrite(out, data), capsys)
    assert code == 1 and "signature does not match what it says" in said


def test_an_export_without_a_signing_key_says_it_is_unsigned(practice: Practice, tmp_path: Path, capsys) -> None:
    out = tmp_path / "obrien.json"
    exported(practice, out, key=False)
    code, said = verify_export(out, capsys)
    assert code == 1 and "NOT SIGNED" in said
    assert "entries of this patient's record are exactly what was recorded" in said  # the links still hold


def test_a_practice_upgraded_from_schema_4_exports_a_provable_record(tmp_path: Path, capsys) -> None:
    """Entries saved before patient links began are listed by the start of the record, and checked."""
    path = tmp_path / "practice.db"
    shutil.copyfile(FIXTURES / "practice-v4.db", path)
    path.chmod(0o600)
    with Store(path, clock=FixedClock(NOW)) as store:
        signing_key.create(store.path)
        obrien = store.db.execute("SELECT id FROM patients WHERE nhs_number = '9434765919'").fetchone()[0]
        log_contact(store, obrien, 2, "After the upgrade")
        doc = document(store, obrien, generated_by="Test runner", recipient="police")
        assert doc is not None
    out = tmp_path / "obrien.json"
    out.write_bytes(render(doc, "json"))
    data = json.loads(out.read_text())
    assert data["record"]["earlier"] and data["record"]["entries"][0]["table"] == "patient_chain_starts"
    code, said = verify_export(out, capsys)
    assert code == 0, said
    data["record"]["earlier"].pop(0)
    code, said = verify_export(rewrite(out, data), capsys)
    assert code == 1 and "not exactly those the start of the record lists" in said


def test_an_export_made_at_the_command_line_verifies(
    practice: Practice, tmp_path: Path, capsys, as_manager: None
) -> None:
    with Store(practice.path) as store:
        signing_key.create(store.path)
    out = tmp_path / "obrien.json"
    command = ["export", practice.obrien_nhs, "--format", "json", "-o", str(out), "--for", "police"]
    assert main([*command, "--detail", "PC 1", *AS_MANAGER, "--db", str(practice.path)]) == 0
    code, said = verify_export(out, capsys)
    assert code == 0, said


def test_a_file_that_is_not_an_export_is_a_usage_error(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "junk.md"
    junk.write_text("# not json")
    assert main(["verify-export", str(junk)]) == 2
    assert "is not a JSON export" in capsys.readouterr().err
    assert main(["verify-export", str(tmp_path / "missing.json")]) == 2
