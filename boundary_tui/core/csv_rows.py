"""Reading a CSV file exported by a clinical system or a spreadsheet, row by row, with line numbers.

The practice's file may come with a byte-order mark, Windows line endings, a
header in any case (`NHS Number`), trailing empty columns, or a few rows typed
in another encoding (Latin-1 `é` in a UTF-8 file). We read what is there,
report by line number what cannot be used, and never guess: a row whose bytes
are not UTF-8 is reported, not "repaired".

Line numbers count physical lines of the file with the header as line 1, so
they match what a text editor shows (and a spreadsheet's row numbers, unless
a cell holds a line break).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from boundary_tui.core.errors import BoundaryError

_NOT_UTF8 = re.compile(r"[\udc80-\udcff]")
_HEADER_SEPARATORS = re.compile(r"[\s\-]+")


class CsvProblem(BoundaryError):
    """The file as a whole cannot be used (unreadable, empty, wrong columns); the message says why."""


@dataclass(frozen=True)
class CsvRow:
    """One record of the file."""

    line: int
    """Physical line where the record starts (the header is line 1)."""
    values: dict[str, str]
    """Column (normalised header name) → the text in that cell."""
    problem: str | None = None
    """Why the row cannot be read at all (not UTF-8, wrong number of values), else None."""


@dataclass(frozen=True)
class CsvTable:
    """The rows of a file, with the columns it was checked against."""

    name: str
    columns: tuple[str, ...]
    """The file's columns, normalised, in file order."""
    rows: tuple[CsvRow, ...]
    ignored_columns: tuple[str, ...] = ()
    """Columns in the file that the import does not use (reported, not an error)."""


def column_key(header: str) -> str:
    """`NHS Number`, `nhs-number` and `nhs_number` are the same column."""
    return _HEADER_SEPARATORS.sub("_", header.strip().lower())


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a `CsvProblem` saying in plain words why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CsvProblem(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise CsvProblem(f"{path} is a folder, not a CSV file.") from None
    except PermissionError:
        raise CsvProblem(f"{path} cannot be read by this user (permission denied).") from None
    except OSError as error:
        raise CsvProblem(f"{path} cannot be read: {error.strerror or error}.") from None


def shown(text: str) -> str:
    """A cell as it can be printed: bytes that are not UTF-8 appear as `\\xe9`."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def parse(data: bytes, *, name: str, required: Sequence[str], optional: Sequence[str] = ()) -> CsvTable:
    """Rows of a CSV file whose header must name every `required` column.

    Raises `CsvProblem` for problems with the whole file (empty, not text,
    missing or repeated columns, broken quoting). Problems confined to one row
    are left on that row, so every bad row can be reported at once.
    """
    if not data:
        raise CsvProblem(f"{name} is empty (0 bytes): nothing to import. Export the file again.")
    if data.startswith(b"PK\x03\x04"):
        raise CsvProblem(f"{name} is a spreadsheet workbook, not a CSV file: save it as 'CSV UTF-8' and import that.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvProblem(f"{name} is saved as UTF-16 text: save it as 'CSV UTF-8' and import that.")
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    if not text.strip():
        raise CsvProblem(f"{name} holds only blank lines: nothing to import.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvProblem(f"{name}, line 1: cannot be read as CSV ({error}).") from None
    if _NOT_UTF8.search("".join(header)):
        raise CsvProblem(f"{name}, line 1 (the header) is not UTF-8 text: save the file as 'CSV UTF-8'.")
    columns = [column_key(h) for h in header]
    while columns and not columns[-1]:
        columns.pop()  # trailing empty header cells (a spreadsheet's extra commas)
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c})
    if repeated:
        raise CsvProblem(f"{name}: the header names {', '.join(repeated)} more than once.")
    missing = [c for c in required if c not in columns]
    if missing:
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = " The file seems to use ';' between values: save it with commas (CSV UTF-8)."
        elif len(header) == 1 and "\t" in header[0]:
            hint = " The file seems to use tabs between values: save it as CSV UTF-8."
        raise CsvProblem(
            f"{name} is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            f"The first line must name the columns: {','.join((*required, *optional))} "
            f"({', '.join(optional) + ' optional; ' if optional else ''}any order).{hint}"
        )
    known = set(required) | set(optional)
    ignored = tuple(c for c in columns if c and c not in known)
    rows: list[CsvRow] = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise CsvProblem(
                    f"{name}, line {start}: a cell is longer than {csv.field_size_limit():,} characters. No patient "
                    "detail is that long: check this is the practice's export (or a quote mark (\") left open)."
                ) from None
            raise CsvProblem(
                f'{name}, line {start}: cannot be read as CSV ({error}). Check for a stray quote mark (").'
            ) from None
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank line, or a spreadsheet row of empty cells
        while len(record) > len(columns) and not record[-1].strip():
            record.pop()
        problem = None
        if len(record) != len(columns):
            problem = (
                f"row: has {len(record)} value{'s' if len(record) != 1 else ''} but the header names "
                f"{len(columns)} columns (a missing or extra comma?)."
            )
        values = {c: v for c, v in zip(columns, record, strict=False) if c}
        bad = next((c for c, v in values.items() if _NOT_UTF8.search(v)), None)
        if bad is not None:
            problem = (
                f"{bad}: '{shown(values[bad])}' is not UTF-8 text (the file mixes encodings, "
                "e.g. Latin-1): save the file as 'CSV UTF-8', check this row and import again."
            )
        rows.append(CsvRow(line=start, values=values, problem=problem))
    return CsvTable(name=name, columns=tuple(c for c in columns if c), rows=tuple(rows), ignored_columns=ignored)
