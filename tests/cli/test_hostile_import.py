"""The CSV importer against hostile files: every row imported as written, or reported by line with a reason.

The importer promises all or nothing (`store/importer.py`): if any row is
rejected, or the file as a whole cannot be used, nothing is written. Names
and addresses are stored as written (outer spaces stripped); a cell starting
with `= + - @` is a name like any other here (the CSV export neutralises it).
The fixed file-level refusals (empty, UTF-16, workbook, repeated columns…) are
in `test_import.py`; this file generates the rows.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundary_tui.core.csv_rows import CsvProblem
from boundary_tui.core.nhs import with_check_digit
from boundary_tui.store import Store
from boundary_tui.store.importer import ImportRejected, import_clinicians, import_patients
from tests.helpers.fuzz import NASTY, fuzz, hostile_text

SETTINGS = fuzz(40)
BREAKS = re.compile(r"\r\n|\r|\n")

COLUMNS = ["nhs_number", "given_name", "family_name", "date_of_birth", "postcode", "phone", "address"]
NUMBERS = [n for i in range(200) if (n := with_check_digit(f"99970{i:04d}"))]

formula = st.sampled_from("=+-@").flatmap(
    lambda c: st.sampled_from(["SUM(A1)", "cmd|' /C calc'!A0", "2+3", "x"]).map(c.__add__)
)
name = st.one_of(
    st.sampled_from(["Zoë", "O'Brien", "Ní Bhriain", "Smith-Jones", "José María"]),
    formula,
    hostile_text.map(lambda t: t[:120]),
)
row = st.fixed_dictionaries(
    {
        "nhs_number": st.one_of(st.sampled_from(NUMBERS), st.sampled_from(["123", "9990000000", "", "999 000 0026 x"])),
        "given_name": name,
        "family_name": name,
        "date_of_birth": st.one_of(
            st.just("1980-02-29"),
            st.sampled_from(["1981-02-29", "31/02/1990", "2099-01-01", "", "yesterday", "14/03/1978"]),
        ),
        "postcode": st.sampled_from(["LS1 4AP", "", "ls14ap", "NOT A POSTCODE", "=1+1"]),
        "phone": st.sampled_from(["", "0113 496 0000", "+44 113 496 0000", "@phone"]),
        "address": st.one_of(st.just(""), hostile_text.map(lambda t: t[:400])),
    }
)


def write(path: Path, rows: list[dict[str, str]], *, crlf: bool, bom: bool, columns: list[str]) -> list[int]:
    """Write the file; returns the physical line each row starts on (header = 1)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    starts = []
    for values in rows:
        # Physical lines as the reader (and a text editor) counts them: CRLF, LF or a lone CR.
        starts.append(len(BREAKS.findall(buffer.getvalue())) + 1)
        writer.writerow([values[c] for c in columns])
    data = buffer.getvalue().encode("utf-8", "surrogatepass")  # a lone surrogate: bytes that are not UTF-8
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return starts


def everyone(store: Store) -> list[tuple]:
    return store.db.execute("SELECT * FROM patients ORDER BY id").fetchall()


@SETTINGS
@given(
    rows=st.lists(row, min_size=1, max_size=8),
    crlf=st.booleans(),
    bom=st.booleans(),
    order=st.permutations(COLUMNS),
)
def test_each_row_is_imported_as_written_or_reported_by_line(
    store: Store, tmp_path: Path, rows: list[dict[str, str]], crlf: bool, bom: bool, order: list[str]
) -> None:
    path = tmp_path / "hostile.csv"
    starts = write(path, rows, crlf=crlf, bom=bom, columns=list(order))
    before = everyone(store)
    try:
        result = import_patients(store, path, by="import:test")
    except ImportRejected as rejected:
        assert everyone(store) == before  # all or nothing
        assert rejected.rejections and str(rejected).startswith("Nothing was imported")
        for rejection in rejected.rejections:
            assert rejection.line in starts and rejection.reasons
            assert all(isinstance(r, str) and r.strip() for r in rejection.reasons)
        return
    except CsvProblem as problem:  # the whole file (e.g. only blank rows, a lone surrogate in a cell)
        assert everyone(store) == before and str(problem)
        return
    kept = [r for r in rows if any(v.strip() for v in r.values())]
    assert result.rows == len(kept)
    for written in kept:
        patient = store.patients.by_nhs_number(written["nhs_number"].replace(" ", ""))
        assert patient is not None
        if written is [r for r in kept if r["nhs_number"] == written["nhs_number"]][-1]:
            assert (patient.given_name, patient.family_name) == (
                written["given_name"].strip(),
                written["family_name"].strip(),
            )
            assert patient.address == written["address"].strip()


@SETTINGS
@given(
    names=st.lists(
        st.tuples(name, st.one_of(st.just("GP"), formula, hostile_text.map(lambda t: t[:120]))), min_size=1, max_size=6
    )
)
def test_clinician_rows_are_imported_as_written_or_reported_by_line(
    store: Store, tmp_path: Path, names: list[tuple[str, str]]
) -> None:
    path = tmp_path / "clinicians.csv"
    rows = [{"name": n, "role": r} for n, r in names]
    starts = write(path, rows, crlf=True, bom=False, columns=["name", "role"])
    before = store.db.execute("SELECT * FROM clinicians ORDER BY id").fetchall()
    try:
        import_clinicians(store, path, by="import:test")
    except ImportRejected as rejected:
        assert store.db.execute("SELECT * FROM clinicians ORDER BY id").fetchall() == before
        assert all(r.line in starts and r.reasons for r in rejected.rejections)
        return
    except CsvProblem as problem:
        assert str(problem)
        return
    stored = {c.name: c.job_title for c in store.clinicians.all()}
    for n, r in names:
        if not (n + r).strip():
            continue  # a row of empty cells is a blank line
        assert stored[" ".join(n.split())] == r.strip()  # documented: name spaces collapsed, title stripped


def good_row(i: int = 0, **cells: str) -> str:
    values = {
        "nhs_number": NUMBERS[i],
        "given_name": "Ann",
        "family_name": "Lee",
        "date_of_birth": "1980-01-01",
        "postcode": "LS1 4AP",
        "phone": "",
    } | cells
    return ",".join(f'"{values[c]}"' for c in COLUMNS[:6])


HEADER = ",".join(COLUMNS[:6])
SHORT = f'"{NUMBERS[1]}","Ann"'
NUL, ESC, BREAK, HUGE = "nul\x00byte", "\x1b[2J", "line\nbreak", "x" * 10_000_000


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (f"{HEADER}\n{good_row()}\n{good_row(1, given_name=NUL)}\n", 3, "given_name"),
        (f"{HEADER}\n{good_row()}\n{good_row(1, family_name=ESC)}\n", 3, "family_name"),
        (f"{HEADER}\n{good_row(0, given_name=BREAK)}\n{good_row(1)}\n", 2, "given_name"),
        (f"{HEADER}\n{good_row()}\n{good_row(1)},extra\n", 3, "row"),
        (f"{HEADER}\n{good_row()}\n{SHORT}\n", 3, "row"),
    ],
    ids=["NUL", "escape", "quoted newline", "extra value", "missing values"],
)
def test_a_bad_row_is_named_by_line_and_nothing_is_imported(
    store: Store, tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode())
    before = everyone(store)
    with pytest.raises(ImportRejected) as rejected:
        import_patients(store, path, by="import:test")
    assert everyone(store) == before
    [rejection] = rejected.value.rejections
    assert rejection.line == line and rejection.reasons[0].startswith(reason), rejection
    assert len(rejection.describe()) < 500  # the 10 MB cell is not echoed back


def test_a_10_mb_field_refuses_the_file_at_its_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(f"{HEADER}\n{good_row()}\n{good_row(1, given_name=HUGE)}\n".encode())
    before = everyone(store)
    with pytest.raises(CsvProblem, match="line 3: a cell is longer than 131,072 characters") as refused:
        import_patients(store, path, by="import:test")
    assert everyone(store) == before and len(str(refused.value)) < 300  # the cell is not echoed back


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n" + good_row().encode() + b"\r\n",
        (HEADER + ",notes\n" + good_row() + ",\"=cmd|' /C calc'!A0\"\n").encode(),
        (HEADER + "\n" + good_row(0, given_name="=SUM(A1)", family_name="@foo") + "\n").encode(),
    ],
    ids=["BOM and CRLF", "an extra column", "formula-like names"],
)
def test_odd_but_usable_files_import_as_written(store: Store, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    result = import_patients(store, path, by="import:test")
    assert result.rows == 1
    patient = store.patients.by_nhs_number(NUMBERS[0])
    assert patient is not None
    text = content.decode("utf-8-sig")
    assert f'"{patient.given_name}"' in text and f'"{patient.family_name}"' in text


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16-le", "cp1252"])
def test_other_encodings_are_refused_or_reported_never_guessed(store: Store, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "encoded.csv"
    path.write_bytes(f"{HEADER}\n{good_row(0, given_name='Zoë')}\n".encode(encoding))
    before = everyone(store)
    with pytest.raises((ImportRejected, CsvProblem)) as refused:
        import_patients(store, path, by="import:test")
    assert everyone(store) == before and str(refused.value)


def test_every_nasty_string_as_a_name_is_imported_or_reported(store: Store, tmp_path: Path) -> None:
    lines = [HEADER] + [
        good_row(i, given_name=text.replace('"', '""')) for i, text in enumerate(NASTY) if "\ud800" not in text
    ]
    path = tmp_path / "nasty.csv"
    path.write_bytes("\n".join(lines).encode())
    before = everyone(store)
    with pytest.raises(ImportRejected) as rejected:
        import_patients(store, path, by="import:test")
    assert everyone(store) == before
    reported = {r.line for r in rejected.value.rejections}
    assert reported and all(2 <= line <= len(lines) + 5 for line in reported)
