"""Importing the practice list and the clinicians: round trips, re-imports, and every kind of bad file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.csv_rows import CsvProblem
from boundary_tui.store import Store
from boundary_tui.store.importer import ImportRejected, import_clinicians, import_patients
from tests.helpers.cli import AS_MANAGER, owned_by_nobody, run_unprivileged
from tests.helpers.practice import MANAGER_PIN, Practice

HEADER = "nhs_number,given_name,family_name,date_of_birth,postcode,phone"


def write(tmp_path: Path, text: str, *, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rejected_lines(error: ImportRejected) -> dict[int, str]:
    return {r.line: " ".join(r.reasons) for r in error.rejections}


# -- patients: what goes in -------------------------------------------------------------


def test_a_clinical_system_export_is_imported_normalised_and_searchable(store: Store, tmp_path: Path) -> None:
    """BOM, Windows line endings, header in any case, numbers with spaces, postcodes any way."""
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"\xef\xbb\xbfNHS Number,Given Name,Family Name,Date of Birth,Postcode,Phone,Address\r\n"
        b'999 000 0085,Seamus,O\'Donnell,1961-04-01,ls6  2ab,+44 7700 900456,"1 Mill Lane, Leeds"\r\n'
        b"9990000093,Ren\xc3\xa9e,Bront\xc3\xab-Smith,03/02/2004,sw1a1aa,,\r\n"
    )
    result = import_patients(store, path, by="import:alice")
    assert (result.rows, result.added, result.updated) == (2, 2, 0)
    seamus = store.patients.by_nhs_number("9990000085")
    assert seamus is not None
    assert (seamus.given_name, seamus.family_name, seamus.postcode) == ("Seamus", "O'Donnell", "LS6 2AB")
    assert seamus.address == "1 Mill Lane, Leeds"
    assert seamus.date_of_birth == date(1961, 4, 1)
    renee = store.patients.by_nhs_number("9990000093")
    assert renee is not None and renee.date_of_birth == date(2004, 2, 3)
    assert [p.nhs_number for p in store.patients.lookup("odon").patients] == ["9990000085"]
    assert [p.nhs_number for p in store.patients.lookup("renee bronte").patients] == ["9990000093"]
    assert [p.nhs_number for p in store.patients.lookup("07700 900456").patients] == ["9990000085"]
    who = store.db.execute("SELECT created_by, updated_by, created_at FROM patients WHERE nhs_number = '9990000085'")
    assert who.fetchone() == ("import:alice", "import:alice", "2026-11-23T09:00:00.000000Z")


def test_reimporting_the_same_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n9990000085,Seamus,O'Donnell,1961-04-01,LS6 2AB,\n")
    import_patients(store, path, by="import:alice")
    before = store.db.execute("SELECT * FROM patients ORDER BY id").fetchall()
    again = import_patients(store, path, by="import:bob")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert store.db.execute("SELECT * FROM patients ORDER BY id").fetchall() == before


def test_reimporting_updates_details_and_search_but_never_status_or_creator(
    store: Store, practice: Practice, tmp_path: Path, clock
) -> None:
    """Declan (removed from the list) changes name in the clinical system: still removed, found by the new name."""
    count = store.patients.count()
    clock.advance(days=1)
    path = write(tmp_path, f"{HEADER}\n9990000034,Declan,Fitzgerald,1969-11-30,M14 5RT,0161 496 0000\n")
    result = import_patients(store, path, by="import:carol")
    assert (result.added, result.updated) == (0, 1)
    assert store.patients.count() == count
    declan = store.patients.get(practice.declan)
    assert declan is not None
    assert (declan.family_name, declan.status, declan.removed_on) == ("Fitzgerald", "removed", date(2026, 11, 2))
    assert [p.id for p in store.patients.lookup("fitzg").patients] == [practice.declan]
    assert store.patients.lookup("murphy-jones").patients == ()
    row = store.db.execute(
        "SELECT created_by, updated_by, updated_at FROM patients WHERE id = ?", [practice.declan]
    ).fetchone()
    assert row == ("test", "import:carol", "2026-11-24T09:00:00.000000Z")
    # the FTS index agrees with the table row for row (integrity-check of the external-content index)
    store.db.execute("INSERT INTO patients_fts (patients_fts, rank) VALUES ('integrity-check', 1)")


def test_a_file_without_an_address_column_keeps_stored_addresses(store: Store, tmp_path: Path) -> None:
    with_address = write(tmp_path, f"{HEADER},address\n9990000085,Seamus,O'Donnell,1961-04-01,,,1 Mill Lane\n")
    import_patients(store, with_address, by="import:a")
    without = write(tmp_path, f"{HEADER}\n9990000085,Seamus,O'Donnell,1961-04-01,,07700 900456\n", name="b.csv")
    assert import_patients(store, without, by="import:a").updated == 1
    seamus = store.patients.by_nhs_number("9990000085")
    assert seamus is not None and (seamus.address, seamus.phone) == ("1 Mill Lane", "07700 900456")


# -- patients: all or nothing --------------------------------------------------------------


def test_one_bad_row_means_nothing_is_imported_and_every_bad_row_is_reported(store: Store, tmp_path: Path) -> None:
    count = store.patients.count()
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "9990000085,Seamus,O'Donnell,1961-04-01,,\n"  # line 2: fine
        "9434765918,Ann,Lee,1970-01-01,,\n"  # line 3: check digit
        "0000000000,Ann,Lee,1970-01-01,,\n"  # line 4: passes Modulus 11, never issued
        "9990000093,,Lee,1961-02-30,NOT A POSTCODE,12\n"  # line 5: four problems
        "\n"  # line 6: blank, skipped
        "999 000 0085,Seamus,O'Donnell,1961-04-01,,\n"  # line 7: same NHS number as line 2
        "9990000107,Ann,Lee,2027-01-01,,\n"  # line 8: born tomorrow or later
        "9990000115,Ann,Lee,14 March 1961,,\n"  # line 9: not a date
        "9990000123,Ann,Lee\n",  # line 10: too few values
    )
    with pytest.raises(ImportRejected) as caught:
        import_patients(store, path, by="import:a")
    lines = rejected_lines(caught.value)
    assert set(lines) == {3, 4, 5, 7, 8, 9, 10}
    assert "943 476 5918" in lines[3] and "check digit" in lines[3]
    assert "not in a range the NHS issues" in lines[4]
    assert "given_name" in lines[5] and "not a real date" in lines[5]
    assert "postcode" in lines[5] and "phone" in lines[5]
    assert "also on line 2" in lines[7]
    assert "in the future" in lines[8]
    assert "YYYY-MM-DD" in lines[9]
    assert "header names 6 columns" in lines[10]
    assert "7 of the 8 rows" in str(caught.value) and "header as line 1" in str(caught.value)
    assert store.patients.count() == count
    assert store.patients.by_nhs_number("9990000085") is None


def test_latin1_bytes_in_a_utf8_file_are_reported_by_row_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        f"{HEADER}\r\n9990000085,Zo\u00eb,Ng,1990-07-02,,\r\n".encode()
        + b"9990000093,Ren\xe9e,Ng,1990-07-02,,\r\n"  # Latin-1 e-acute
    )
    with pytest.raises(ImportRejected) as caught:
        import_patients(store, path, by="import:a")
    lines = rejected_lines(caught.value)
    assert list(lines) == [3]
    assert "given_name" in lines[3] and "Ren\\xe9e" in lines[3] and "UTF-8" in lines[3]
    assert store.patients.by_nhs_number("9990000085") is None


def test_a_line_break_inside_a_quoted_name_is_rejected_with_the_starting_line(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, f'{HEADER}\n9990000085,"Sea\nmus",Ng,1990-07-02,,\n9434765918,A,B,1970-01-01,,\n')
    with pytest.raises(ImportRejected) as caught:
        import_patients(store, path, by="import:a")
    lines = rejected_lines(caught.value)
    assert list(lines) == [2, 4]
    assert "line break" in lines[2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty (0 bytes)"),
        (b"\r\n\r\n", "only blank lines"),
        (HEADER.encode() + b"\r\n", "header but no rows"),
        (b"nhs_number,given_name,surname,dob,postcode,phone\n", "missing the columns family_name, date_of_birth"),
        (b"nhs_number;given_name;family_name\n1;2;3\n", "';' between values"),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook"),
        ("nhs_number,given_name\n".encode("utf-16"), "UTF-16"),
        (HEADER.encode() + b",nhs_number\n", "names nhs_number more than once"),
        (HEADER.encode() + b'\n9990000085,"Seamus,Ng,1990-07-02,,\n', "line 2: cannot be read as CSV"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_a_reason(
    store: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CsvProblem, match=re.escape(message)):
        import_patients(store, path, by="import:a")


def test_missing_and_folder_paths_are_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CsvProblem, match="There is no file"):
        import_patients(store, tmp_path / "nope.csv", by="import:a")
    with pytest.raises(CsvProblem, match="is a folder"):
        import_patients(store, tmp_path, by="import:a")


# -- clinicians ---------------------------------------------------------------------------


def test_clinicians_are_imported_and_reimport_updates_by_name(store: Store, tmp_path: Path) -> None:
    before = {c.name: c for c in store.clinicians.all()}
    path = write(tmp_path, "Name,Role\nDr Amelia Hart,GP partner\nTom  Okafor , Healthcare assistant\n")
    result = import_clinicians(store, path, by="import:alice")
    assert (result.added, result.updated) == (1, 1)
    after = {c.name: c for c in store.clinicians.all()}
    assert after["Dr Amelia Hart"].job_title == "GP partner"
    assert after["Dr Amelia Hart"].id == before["Dr Amelia Hart"].id
    assert after["Tom Okafor"].job_title == "Healthcare assistant"
    created = store.db.execute("SELECT created_by FROM staff WHERE name = 'Tom Okafor'").fetchone()
    assert created == ("import:alice",)
    again = import_clinicians(store, path, by="import:alice")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert len(store.clinicians.all()) == len(after)


def test_bad_clinician_rows_are_reported_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    count = len(store.clinicians.all())
    path = write(tmp_path, "name,role\nNew Nurse,Practice nurse\n,GP\nDr X,\nnew nurse,HCA\n")
    with pytest.raises(ImportRejected) as caught:
        import_clinicians(store, path, by="import:a")
    lines = rejected_lines(caught.value)
    assert set(lines) == {3, 4, 5}
    assert "name" in lines[3] and "role" in lines[4] and "also on line 2" in lines[5]
    assert len(store.clinicians.all()) == count


# -- the command line -------------------------------------------------------------------------


def test_the_command_imports_and_reports(practice: Practice, tmp_path: Path, capsys, as_manager: None) -> None:
    path = write(tmp_path, f"{HEADER},extra\n9990000085,Seamus,O'Donnell,1961-04-01,,,x\n")
    assert main(["import", "patients", str(path), "--db", str(practice.path), *AS_MANAGER]) == 0
    out = capsys.readouterr()
    assert "Imported 1 patient from list.csv: 1 added" in out.out
    assert "Columns not used: extra" in out.out
    assert out.err == ""  # no progress bar when stderr is not a terminal


def test_the_command_lists_rejected_rows_on_stderr_and_fails(
    practice: Practice, tmp_path: Path, capsys, as_manager: None
) -> None:
    path = write(tmp_path, f"{HEADER}\n9434765918,Ann,Lee,1970-01-01,,\n")
    assert main(["import", "patients", str(path), "--db", str(practice.path), *AS_MANAGER]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported" in err
    assert "line 2: nhs_number: 943 476 5918 is not a valid NHS number" in err
    assert "Traceback" not in err


def test_many_rejected_rows_are_summarised_by_column(
    practice: Practice, tmp_path: Path, capsys, as_manager: None
) -> None:
    rows = "".join("9990000085,Ann,Lee,01/31/1970,,\n" for _ in range(150))
    path = write(tmp_path, f"{HEADER}\n{rows}")
    assert main(["import", "patients", str(path), "--db", str(practice.path), *AS_MANAGER]) == 1
    err = capsys.readouterr().err
    assert "… and 50 more rejected rows" in err
    assert "date_of_birth: 150" in err


def test_the_command_fails_plainly_on_an_unreadable_file(
    practice: Practice, tmp_path: Path, capsys, as_manager: None
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["import", "clinicians", str(empty), "--db", str(practice.path), *AS_MANAGER]) == 1
    assert "empty (0 bytes)" in capsys.readouterr().err


def test_a_file_this_user_cannot_read_is_refused_plainly(
    shared_dir: Path,  # noqa: F811 - the fixture
    practice: Practice,
) -> None:
    path = shared_dir / "secret.csv"
    path.write_text(f"{HEADER}\n")
    path.chmod(0o000)
    database = shared_dir / "practice.db"
    database.write_bytes(practice.path.read_bytes())
    database.chmod(0o666)
    owned_by_nobody(database)  # the service account's own database (imports are for it alone)
    shared_dir.chmod(0o777)
    code, stderr = run_unprivileged(
        ["import", "patients", str(path), "--db", str(database), "--manager", "Margaret Lewis"], typed=[MANAGER_PIN]
    )
    assert code == 1, stderr
    assert "cannot be read by this user" in stderr
    assert "Traceback" not in stderr
