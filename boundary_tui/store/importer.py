"""Loading the practice list and the clinicians from CSV files: all or nothing.

Every row is checked before anything is written; if any row is rejected,
nothing is imported and the person gets every rejected row with its line
number and the reason. Otherwise the whole file is written in one transaction
(`BEGIN IMMEDIATE`), so a desk never sees half a list. Re-importing updates
what changed and never duplicates: patients are keyed on NHS number,
clinicians on name. Who imported and when are stored on the rows
(`created_by`/`updated_by` = `import:<who>`: the command line gives the
authorising manager and the computer account; `by_id`, the manager's staff id,
goes into the record of staff accounts a clinicians import creates or changes).

Reading the file is `core.csv_rows`; what a patient or a clinician may be is
`core.patients` (through `store.patients.patient_row`) and `core.clinicians`,
the same rules as for one added by hand. No Textual, so the command line and
any future screen share it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from boundary_tui.core import clinicians, nhs
from boundary_tui.core.csv_rows import CsvProblem, CsvRow, CsvTable, parse, read_bytes
from boundary_tui.core.errors import BoundaryError, Invalid
from boundary_tui.core.times import DateProblem, london_today, parse_date, to_db
from boundary_tui.store import Store, facts
from boundary_tui.store.patients import patient_row

PATIENT_COLUMNS = ("nhs_number", "given_name", "family_name", "date_of_birth", "postcode", "phone")
PATIENT_OPTIONAL = ("address",)
CLINICIAN_COLUMNS = ("name", "role")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LINE_BREAKS = re.compile(r"[\r\n\t]")

Progress = Callable[[str, int, int], None]
"""Told (phase, done, total) as the import goes: "Checking" then "Saving"."""


@dataclass(frozen=True)
class Rejection:
    """One row that cannot be imported, and every reason why."""

    line: int
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return f"line {self.line}: " + " ".join(self.reasons)


class ImportRejected(BoundaryError):
    """Some rows were rejected, so nothing was imported. `rejections` lists them by line."""

    def __init__(self, name: str, total: int, rejections: list[Rejection]) -> None:
        self.name = name
        self.total = total
        self.rejections = rejections
        count = len(rejections)
        super().__init__(
            f"Nothing was imported: {count:,} of the {total:,} rows in {name} "
            f"{'has a problem' if count == 1 else 'have problems'} "
            "(line numbers count the header as line 1)."
        )

    def by_column(self) -> dict[str, int]:
        """How many rejected rows each column accounts for: shows a problem with the whole file at a glance."""
        tally: dict[str, int] = {}
        for rejection in self.rejections:
            for column in {reason.split(":", 1)[0] for reason in rejection.reasons}:
                tally[column] = tally.get(column, 0) + 1
        return dict(sorted(tally.items(), key=lambda item: -item[1]))


@dataclass(frozen=True)
class ImportResult:
    """What a successful import did."""

    kind: str
    name: str
    rows: int
    added: int
    updated: int
    by: str
    ignored_columns: tuple[str, ...] = field(default=())

    @property
    def unchanged(self) -> int:
        return self.rows - self.added - self.updated

    def describe(self) -> str:
        noun = self.kind if self.rows != 1 else self.kind.removesuffix("s")
        lines = [
            f"Imported {self.rows:,} {noun} from {self.name}: {self.added:,} added, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged. Recorded as imported by {self.by.removeprefix('import:')}."
        ]
        if self.ignored_columns:
            lines.append(f"Columns not used: {', '.join(self.ignored_columns)}.")
        return "\n".join(lines)


def import_user() -> str:
    """Who is importing when nobody says: the computer account (real uid), as stored in `created_by`/`updated_by`."""
    return f"import:{facts.account()}"


def _table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> CsvTable:
    table = parse(read_bytes(path), name=Path(path).name, required=required, optional=optional)
    if not table.rows:
        raise CsvProblem(f"{table.name} has a header but no rows: nothing to import.")
    return table


def _single_line(row: CsvRow, columns: tuple[str, ...]) -> list[str]:
    return [f"{c}: contains a line break or tab." for c in columns if _LINE_BREAKS.search(row.values.get(c, ""))]


def _birth_date(text: str) -> date | str:
    """The date of birth, or the reason it cannot be read. ISO is parsed directly (fast on 100,000 rows)."""
    text = text.strip()
    born: date | None = None
    if _ISO_DATE.match(text):
        try:
            born = date.fromisoformat(text)
        except ValueError:
            return f"date_of_birth: {text} is not a real date."
    else:
        try:
            born = parse_date(text)  # also accepts the British 14/03/1978
        except DateProblem:
            if not text:
                return "date_of_birth: empty."
            return f"date_of_birth: {text!r} is not a date: use YYYY-MM-DD, e.g. 1978-03-14."
    return born


def check_patients(
    table: CsvTable, *, now: str, by: str, today: date, progress: Progress | None = None
) -> tuple[list[dict[str, Any]], list[Rejection]]:
    """Rows ready to write, and the rejected rows (each with every reason)."""
    good: list[dict[str, Any]] = []
    rejected: list[Rejection] = []
    first_line: dict[str, int] = {}
    total = len(table.rows)
    for index, row in enumerate(table.rows, 1):
        if progress and index % 5000 == 0:
            progress("Checking", index, total)
        if row.problem:
            rejected.append(Rejection(row.line, (row.problem,)))
            continue
        reasons = _single_line(row, PATIENT_COLUMNS)
        fields: dict[str, Any] = dict(row.values)
        born = _birth_date(row.values.get("date_of_birth", ""))
        if isinstance(born, str):
            reasons.append(born)
            fields["date_of_birth"] = date.min  # checked: keep patient_row from reporting it twice
        else:
            fields["date_of_birth"] = born
        try:
            checked = patient_row(fields, now=now, by=by, today=today)
        except Invalid as invalid:
            reasons += [f"{column}: {message}" for column, message in invalid.problems.items()]
            checked = None
        if not any(reason.startswith("nhs_number:") for reason in reasons):
            number = nhs.digits_of(row.values["nhs_number"])
            if number in first_line:
                reasons.append(f"nhs_number: {nhs.format_nhs(number)} is also on line {first_line[number]}.")
            else:
                first_line[number] = row.line
        if reasons or checked is None:
            rejected.append(Rejection(row.line, tuple(reasons)))
        else:
            good.append(checked)
    if progress:
        progress("Checking", total, total)
    return good, rejected


def import_patients(
    store: Store, path: Path, *, by: str | None = None, by_id: int | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import the practice list from a CSV file (all or nothing). Raises `ImportRejected` or another `BoundaryError`.

    `by` is kept on the rows; `by_id` (the authorising manager) is taken for the same call as
    `import_clinicians`, but a patient's row holds only `by`: their list status is recorded when it changes.
    """
    by = by or import_user()
    table = _table(path, PATIENT_COLUMNS, PATIENT_OPTIONAL)
    now = store.now()
    good, rejected = check_patients(table, now=to_db(now), by=by, today=london_today(now), progress=progress)
    if rejected:
        raise ImportRejected(table.name, len(table.rows), rejected)
    total = len(good)
    added, updated = store.patients.upsert_rows(
        good,
        update_address="address" in table.columns,
        progress=(lambda done: progress("Saving", done, total)) if progress else None,
    )
    return ImportResult("patients", table.name, total, added, updated, by, table.ignored_columns)


def check_clinicians(table: CsvTable) -> tuple[list[tuple[str, str]], list[Rejection]]:
    """(name, job title) pairs ready to write, and the rejected rows."""
    good: list[tuple[str, str]] = []
    rejected: list[Rejection] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        if row.problem:
            rejected.append(Rejection(row.line, (row.problem,)))
            continue
        name = " ".join(row.values.get("name", "").split())
        role = row.values.get("role", "").strip()
        reasons = _single_line(row, CLINICIAN_COLUMNS)
        problems: Mapping[str, str] = clinicians.problems(name, role)
        reasons += [f"{'role' if column == 'job_title' else column}: {message}" for column, message in problems.items()]
        if name and "name" not in problems:
            key = name.casefold()
            if key in first_line:
                reasons.append(f"name: {name} is also on line {first_line[key]}.")
            else:
                first_line[key] = row.line
        if reasons:
            rejected.append(Rejection(row.line, tuple(reasons)))
        else:
            good.append((name, role))
    return good, rejected


def import_clinicians(
    store: Store, path: Path, *, by: str | None = None, by_id: int | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import clinicians (name, role = job title) from a CSV file (all or nothing)."""
    by = by or import_user()
    table = _table(path, CLINICIAN_COLUMNS)
    good, rejected = check_clinicians(table)
    if rejected:
        raise ImportRejected(table.name, len(table.rows), rejected)
    if progress:
        progress("Saving", 0, len(good))
    added, updated = store.clinicians.upsert_rows(good, by=by, by_id=by_id)
    if progress:
        progress("Saving", len(good), len(good))
    return ImportResult("clinicians", table.name, len(good), added, updated, by, table.ignored_columns)
