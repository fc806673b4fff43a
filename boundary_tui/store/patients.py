"""Patients: finding one in a second, and adding them (one at a time or in bulk).

The practice list may hold 100,000 people: every query here is limited and
indexed, and nothing ever loads the whole list.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from boundary_tui.core import lookup as lookup_parser
from boundary_tui.core import nhs, phone, postcode
from boundary_tui.core import patients as rules
from boundary_tui.core.errors import BoundaryError, Invalid
from boundary_tui.core.models import Patient
from boundary_tui.core.text import fold, fts_prefix_query, search_key
from boundary_tui.core.times import london_today, show_date
from boundary_tui.store import facts
from boundary_tui.store.connection import immediate, writing
from boundary_tui.store.repo import Repo, prefix_range


class LookupTooSlow(BoundaryError):
    """A search given a time limit (`PatientStore.lookup(within=...)`) did not answer in time; nothing is wrong."""


@contextmanager
def _answer_within(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Interrupt the statement run inside once `seconds` have passed (SQLite's progress handler)."""
    if seconds is None:
        yield
        return
    deadline = time.perf_counter() + seconds
    conn.set_progress_handler(lambda: time.perf_counter() > deadline, 1000)
    try:
        yield
    except sqlite3.OperationalError as error:
        if "interrupt" in str(error):
            raise LookupTooSlow("The search is taking longer than usual.") from None
        raise
    finally:
        conn.set_progress_handler(None, 1000)


LOOKUP_LIMIT = 50
"""Most matches shown for one search; more means "type more"."""

SORT_WINDOW = 200
"""Matches fetched and sorted by name. Beyond this the search is too broad to be
useful, and sorting every match of a common surname (thousands at a large
practice) would cost more than the search itself."""

_COLUMNS = (
    "p.id, p.nhs_number, p.given_name, p.family_name, p.date_of_birth, p.postcode,"
    " p.phone, p.address, p.status, p.removed_on"
)


def _patient(row: Any) -> Patient:
    return Patient(
        id=row[0],
        nhs_number=row[1],
        given_name=row[2],
        family_name=row[3],
        date_of_birth=date.fromisoformat(row[4]),
        postcode=row[5],
        phone=row[6],
        address=row[7],
        status=row[8],
        removed_on=date.fromisoformat(row[9]) if row[9] else None,
    )


_folded = lru_cache(maxsize=8192)(fold)
"""Names repeat (every search for `smi` sorts the same Smiths): fold each once."""


def _name_order(row: Any) -> tuple[str, str, str]:
    """Sort key of a patient row (see `_COLUMNS`): family name, given name, date of birth."""
    return (_folded(row[3]), _folded(row[2]), row[4])


@dataclass(frozen=True)
class LookupResult:
    """Matches for one search, and what to tell the user about them."""

    patients: tuple[Patient, ...] = ()
    more: bool = False
    """More matched than are shown: the user should type more."""
    message: str = ""
    """A hint, a problem with what was typed, or why nothing matched."""


def patient_row(fields: Mapping[str, Any], *, now: str, by: str, today: date | None = None) -> dict[str, Any]:
    """A row ready to insert, from details checked by `core.patients`. Raises `Invalid` listing every problem.

    `today` (the practice's date) refuses a date of birth after it.
    """
    checked = rules.details(fields, today=today)
    return {
        "nhs_number": checked.nhs_number,
        "given_name": checked.given_name,
        "family_name": checked.family_name,
        "date_of_birth": checked.date_of_birth.isoformat(),
        "postcode": checked.postcode,
        "postcode_key": postcode.compact(checked.postcode),
        "phone": checked.phone,
        "phone_digits": phone.digits(checked.phone),
        "address": checked.address,
        "search_name": search_key(checked.given_name, checked.family_name),
        "created_at": now,
        "created_by": by,
        "updated_at": now,
        "updated_by": by,
    }


class PatientStore(Repo):
    """The practice list."""

    def get(self, patient_id: int) -> Patient | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM patients p WHERE p.id = ?", [patient_id]).fetchone()
        return _patient(row) if row else None

    def by_nhs_number(self, number: str) -> Patient | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM patients p WHERE p.nhs_number = ?", [nhs.digits_of(number)]
        ).fetchone()
        return _patient(row) if row else None

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM patients").fetchone()[0])

    def add(self, *, by: str, **fields: Any) -> Patient:
        """Add one patient after checking every field."""
        row = patient_row(fields, now=self.now_db(), by=by, today=london_today(self.now()))
        with immediate(self.db):
            if self.by_nhs_number(row["nhs_number"]):
                raise Invalid({"nhs_number": f"{nhs.format_nhs(row['nhs_number'])} is already on the list."})
            patient_id = self.db.table("patients").insert(row).last_pk
        patient = self.get(int(patient_id or 0))
        assert patient is not None
        return patient

    def insert_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Bulk insert rows already checked by `patient_row` (demo, import), in one transaction."""
        with immediate(self.db):
            self.db.table("patients").insert_all(rows, batch_size=1000)

    def upsert_rows(
        self,
        rows: Sequence[dict[str, Any]],
        *,
        update_address: bool = True,
        progress: Callable[[int], None] | None = None,
        batch_size: int = 5000,
    ) -> tuple[int, int]:
        """Add new patients and update changed ones, keyed on NHS number, in one transaction (import).

        Rows come from `patient_row`. An update changes the details but never
        `status`/`removed_on` or who created the row; the name search index is
        rebuilt once at the end; a row identical to what is stored is left alone,
        so re-importing the same file changes nothing. `update_address=False`
        keeps stored addresses (the file had no address column).
        Returns (added, updated); `progress` gets the number of rows written so far.
        """
        details = ["given_name", "family_name", "date_of_birth", "postcode", "postcode_key", "phone", "phone_digits"]
        details += ["address"] if update_address else []
        details.append("search_name")
        columns = ["nhs_number", *details, "address", "created_at", "created_by", "updated_at", "updated_by"]
        columns = list(dict.fromkeys(columns))
        sql = f"""INSERT INTO patients ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})
            ON CONFLICT(nhs_number) DO UPDATE SET
                {", ".join(f"{c} = excluded.{c}" for c in details)},
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            WHERE {" OR ".join(f"patients.{c} IS NOT excluded.{c}" for c in details)}"""
        changed = 0
        with immediate(self.db):
            existing = {r[0] for r in self.db.execute("SELECT nhs_number FROM patients")}
            added = sum(1 for row in rows if row["nhs_number"] not in existing)
            # Row-by-row index triggers cost more than the rows themselves: pause them and
            # rebuild the search index once, all inside this transaction.
            index_triggers = self.db.execute(
                """SELECT name, sql FROM sqlite_master
                   WHERE type = 'trigger' AND tbl_name = 'patients' AND sql LIKE '%patients_fts%'"""
            ).fetchall()
            for name, _ in index_triggers:
                self.db.execute(f'DROP TRIGGER "{name}"')
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                cursor = self.db.conn.executemany(sql, [[row[c] for c in columns] for row in batch])
                changed += cursor.rowcount
                if progress:
                    progress(start + len(batch))
            self.db.execute("INSERT INTO patients_fts (patients_fts) VALUES ('rebuild')")
            for _, statement in index_triggers:
                self.db.execute(statement)
        return added, changed - added

    def lookup(self, text: str, *, limit: int = LOOKUP_LIMIT, within: float | None = None) -> LookupResult:
        """Patients matching a search typed at the desk.

        `within` (seconds): give up with `LookupTooSlow` if SQLite has not answered by
        then. The desk searches on its own thread first, so the matches reach the
        screen in the same frame as the key typed (a thread hop costs a whole frame,
        ~20 ms, for a search that takes 1); a search that needs longer (a cold
        cache, a busy disk) is given up at once and run again on a worker thread.
        """
        query = lookup_parser.parse(text)
        problems = " ".join(query.problems)
        if query.is_empty:
            hint = problems or "Type a name, date of birth, NHS number, postcode or phone number."
            return LookupResult(message=hint)
        where: list[str] = []
        params: list[Any] = []
        if match := fts_prefix_query(list(query.name_terms)):
            where.append("p.id IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?)")
            params.append(match)
        if query.date_of_birth:
            where.append("p.date_of_birth = ?")
            params.append(query.date_of_birth.isoformat())
        if query.postcode_prefix:
            where.append("p.postcode_key >= ? AND p.postcode_key < ?")
            params.extend(prefix_range(query.postcode_prefix))
        numbers: list[str] = []
        if query.nhs_number:
            numbers.append("p.nhs_number = ?")
            params.append(query.nhs_number)
        if query.number_prefix:
            numbers.append("(p.nhs_number >= ? AND p.nhs_number < ?)")
            params.extend(prefix_range(query.number_prefix))
        if query.phone_prefix:
            numbers.append("(p.phone_digits >= ? AND p.phone_digits < ?)")
            params.extend(prefix_range(query.phone_prefix))
        if numbers:
            where.append("(" + " OR ".join(numbers) + ")")
        # Fetch a bounded window unsorted (as fast as the bare index lookup), then sort
        # that window by name here, folding case and accents properly (Zoë next to Zoe).
        window = max(SORT_WINDOW, limit)
        if match and len(where) == 1:
            # Only a name: the window is taken inside the search index too. SQLite otherwise
            # collects every match before the outer LIMIT (the first letter typed, `s`, is
            # tens of thousands of rows: 10 ms instead of 2).
            where[0] = "p.id IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ? LIMIT ?)"
            params.append(window + 1)
        with _answer_within(self.conn, within):
            rows = self.db.execute(
                f"SELECT {_COLUMNS} FROM patients p WHERE {' AND '.join(where)} LIMIT ?",
                [*params, window + 1],
            ).fetchall()
        found = sorted(rows[:window], key=_name_order)
        patients = tuple(_patient(r) for r in found[:limit])
        more = len(rows) > limit
        if problems:
            message = problems
        elif not patients:
            message = "No patient matches that search. Check the spelling, or search by date of birth or NHS number."
        elif len(rows) > window:
            message = f"Over {window} matches: type more of the name, or add the date of birth (e.g. smith 14/03/1978)."
        elif more:
            message = f"Showing {limit} of {len(rows)} matches: type more to narrow the search."
        else:
            message = f"{len(patients)} match{'es' if len(patients) != 1 else ''}."
        return LookupResult(patients=patients, more=more, message=message)

    def mark_removed(
        self, patient_id: int, on: date, *, by: str, by_id: int | None = None, at: str | None = None
    ) -> list[int]:
        """Record that the patient left the practice list on `on` (rule 4), with the change in the record.

        Their future appointments are cancelled in the same transaction, each
        recorded (rule 12): a removal never leaves a booking standing, whichever
        desk booked it and whenever. `by` names who did it on the row; `by_id` is
        the signed-in manager, when there is one; `at` the moment of the save
        (the action's). Returns the ids of the appointments cancelled.
        """
        with writing(self.db):
            now = at or self.now_db()
            self.db.execute(
                "UPDATE patients SET status = 'removed', removed_on = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                [on.isoformat(), now, by, patient_id],
            )
            facts.record_patient(self.db, patient_id, "removed", by=by_id, at=now)
            return self._store.appointments.cancel_future(
                patient_id, reason=f"Removed from the practice list on {show_date(on)}.", by=by_id, at=now
            )
