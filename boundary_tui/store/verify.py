"""Checking a practice database: SQLite's own checks, the append-only protection and the hash chain.

`verify(path)` opens the file read-only (it never changes what it checks, so
it is safe on a copy handed to the police) and reports, in plain words:

* SQLite's own checks of the file: `PRAGMA quick_check` of every page, row and
  constraint, and `PRAGMA integrity_check` of every evidence table with its indexes
  (the indexes decide what a timeline or an export shows); with `thorough`, the full
  `PRAGMA integrity_check` (every other index too: the practice list's lookups,
  about a second more on 100,000 patients); and `PRAGMA foreign_key_check`;
* whether the append-only triggers are still in place, unaltered;
* the tamper-evidence chain (`store.chain`): every entry still links to the one
  before it, every evidence row still hashes to what was recorded, and every
  evidence row has exactly one entry. A problem is named by table and id with
  what happened: content changed, row deleted, row inserted outside the app,
  order changed (rows renumbered or chain entries swapped), chain entry
  altered or deleted.

The first bad entry, in chain order, is what a person needs first: everything
after a tampered entry may be fine, and everything before it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boundary_tui.core import signing
from boundary_tui.core.errors import StoreError
from boundary_tui.core.times import from_db, show
from boundary_tui.store import connection, facts, facts_check, signing_key
from boundary_tui.store.chain import GENESIS, ChainEntry, canonical_text, entry_from_row, rows_in_order, text_hash
from boundary_tui.store.checkpoints import Checkpoint, body_of
from boundary_tui.store.collector import built_apart
from boundary_tui.store.connection import describe, refuse_empty
from boundary_tui.store.facts_check import FactsSummary
from boundary_tui.store.schema import LATEST_VERSION, append_only_triggers
from boundary_tui.store.tables import APPEND_ONLY_TABLES, RECORDED_AT

ROW_LABELS = {
    "contacts": ("contact", "logged"),
    "actions": ("action", "recorded"),
    "concern_changes": ("concern change", "recorded"),
    "booking_overrides": ("booking override", "recorded"),
    "override_reviews": ("override review", "recorded"),
    "sign_in_events": ("sign-in event", "at"),
    "staff_changes": ("staff account change", "recorded"),
    "patient_changes": ("list status change", "recorded"),
    "appointment_changes": ("appointment change", "recorded"),
    "settings_changes": ("settings change", "recorded"),
    "schema_seals": ("structure record", "sealed"),
    "patient_chain_starts": ("start of a patient's record", "recorded"),
    "checkpoints": ("signed checkpoint", "made"),
    "disclosures": ("view or disclosure", "recorded"),
    "attachments": ("attached copy of evidence", "added"),
}

MIN_HEAD_DIGITS = 32
"""A head given to `verify --head` must carry at least 128 bits: a shorter prefix could be matched on purpose."""

MAX_SWAP_CANDIDATES = 2000
"""Rows compared when looking for where a changed row went (keeps a mass edit from taking hours)."""

CHAIN_TABLES = (*APPEND_ONLY_TABLES, "chain")


@dataclass(frozen=True)
class Problem:
    """One thing found wrong, in words for a person."""

    kind: str
    """integrity, foreign_key, protection_removed, content_changed, row_deleted, inserted_outside_app,
    order_changed, chain_entry_altered, chain_entry_deleted, head_missing, no_chain."""
    message: str
    table: str | None = None
    row_id: int | None = None
    entry: int | None = None
    """Position in the chain, where the problem is tied to one entry."""


@dataclass
class Report:
    """What `verify` found."""

    path: Path
    schema_version: int = 0
    integrity: list[str] = field(default_factory=list)
    """Lines from SQLite's integrity checks other than `ok`."""
    thorough: bool = False
    """Whether the full `PRAGMA integrity_check` ran (else `quick_check` and the evidence tables' own)."""
    problems: list[Problem] = field(default_factory=list)
    """Everything wrong: the file, foreign keys, protection, then the chain in chain order."""
    counts: dict[str, int] = field(default_factory=dict)
    """Rows per evidence table."""
    entries: int = 0
    head: ChainEntry | None = None
    expected_head: str | None = None
    expected_head_entry: int | None = None
    facts: FactsSummary | None = None
    """What the live facts were compared with (schema 6 on)."""
    sealed: bool = False
    """Whether the database's structure was compared with the one the app last recorded."""
    checkpoints: int = 0
    """Checkpoints the chain was found to pass through (kept in the record, and given with --checkpoint)."""
    latest_checkpoint: str | None = None
    """When the newest of them was made (shown)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_entry(self) -> Problem | None:
        """The first problem with the evidence (chain order), else the first problem of any kind."""
        chained = [p for p in self.problems if p.table is not None or p.entry is not None]
        return chained[0] if chained else (self.problems[0] if self.problems else None)

    @property
    def integrity_checks(self) -> str:
        """Which of SQLite's checks ran, as a person would look them up."""
        if self.thorough:
            return "PRAGMA integrity_check"
        return "PRAGMA quick_check, and integrity_check of the evidence tables"

    def summary(self) -> str:
        """Counts and the chain head, as printed when all is well (and before the problems otherwise)."""
        names = ", ".join(f"{_plural(ROW_LABELS[t][0], n)}" for t, n in self.counts.items())
        lines = [
            f"Database: {self.path} (schema {self.schema_version})",
            f"File integrity ({self.integrity_checks}): {'ok' if not self.integrity else 'FAILED'}",
            f"Evidence: {names or 'none'}",
            f"Tamper-evidence chain: {self.entries:,} entr{'y' if self.entries == 1 else 'ies'}",
        ]
        if self.head:
            lines.append(f"Chain head: entry {self.head.id}, sha256 {self.head.hash}")
        else:
            lines.append("Chain head: none yet (no evidence recorded)")
        if self.expected_head and self.expected_head_entry is not None:
            lines.append(f"The chain still passes through {self.expected_head} (entry {self.expected_head_entry}).")
        return "\n".join(lines)

    def describe(self, *, limit: int = 20) -> str:
        """The whole report for a person: summary, then the verdict and the problems."""
        lines = [self.summary(), ""]
        if self.ok:
            lines.append("All checks passed. What was checked:")
            lines += [f"  - {line}" for line in self.checked()]
            lines.append(
                "What this cannot show: someone with the server's root account can rewrite the whole file, chain "
                "included; a chain head kept off the server (an export's, a backup's) is what exposes that."
            )
            return "\n".join(lines)
        first = self.first_bad_entry
        assert first is not None
        lines.append(f"VERIFY FAILED: {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}.")
        if self.integrity:
            lines.append(
                f"The file itself is damaged ({self.integrity_checks} failed): the problems below may come from "
                "the damage (a disk fault) rather than from someone changing it."
            )
        heading = "First bad entry" if first.table is not None or first.entry is not None else "First problem"
        lines.append(f"{heading}: {first.message}")
        chained = [p for p in self.problems if p.table is not None or p.entry is not None]
        rest = [p for p in chained + [p for p in self.problems if p not in chained] if p is not first]
        if rest:
            lines.append("Also found:")
            lines += [f"  - {p.message}" for p in rest[:limit]]
            if len(rest) > limit:
                lines.append(f"  … and {len(rest) - limit} more.")
        lines.append(
            "Keep this file as it is (it may be evidence), tell the practice manager, "
            "and compare with the latest backup (see README: backups)."
        )
        return "\n".join(lines)

    def checked(self) -> list[str]:
        """What an all-clear covers, in words (so nobody reads more into it than was checked)."""
        lines = [
            (
                "the file itself (SQLite's full integrity check) and every reference between rows (foreign keys);"
                if self.thorough
                else "the file itself (SQLite's quick check of every page and row, and its full check of the "
                "evidence tables and their indexes) and every reference between rows (foreign keys); "
                "`verify --thorough` also checks every other index;"
            ),
            "the append-only protection of every evidence table is in place, unaltered;",
        ]
        if self.sealed:
            lines.append(
                "the database's structure (tables, indexes, triggers) is exactly as the app last left it, "
                "so no protection was dropped and put back;"
            )
        lines.append(
            f"all {self.entries:,} chain entries link in order, every evidence row matches what was recorded "
            "when it was saved, and no row is missing or was inserted outside the app;"
        )
        if self.facts is not None:
            f = self.facts
            lines.append(
                f"the live state of {_plural('staff account', f.staff)}, {_plural('concern', f.concerns)} (do-not-book "
                f"lists, chaperone scope, open or closed), {_plural('patient', f.patients)} off the list, "
                f"{_plural('appointment', f.appointments)} and {_plural('setting', f.settings)} is what the record "
                "says it was left as;"
            )
            before = (
                f" ({_plural('appointment', f.bookings_before_record)} booked before the record began "
                "are not re-judged)"
                if f.bookings_before_record
                else ""
            )
            lines.append(
                f"{_plural('booking', f.bookings_rechecked)} re-checked against the restrictions in force when each "
                f"was made: none broke them without a recorded emergency override{before};"
            )
        if self.checkpoints:
            lines.append(
                f"the chain still passes through every one of {_plural('checkpoint', self.checkpoints)} "
                f"(the newest made {self.latest_checkpoint}), each signature matching what it signed;"
            )
        if self.expected_head:
            lines.append(f"the chain still passes through the head given ({self.expected_head}).")
        return lines


def _plural(word: str, n: int) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _every_row(conn: sqlite3.Connection, table: str, columns: str = "*") -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every row of an evidence table, in id order.

    Read with SQLite's own UTF-8 decoding (in C: a third of a clean run was spent
    decoding text in Python); only a table holding bytes that are not UTF-8 (a hand
    edit) is read again the careful way, so those bytes hash as what is stored.
    """
    careful = conn.text_factory
    try:
        conn.text_factory = str
        cursor = conn.execute(f"SELECT {columns} FROM {table} ORDER BY id")
        return [d[0] for d in cursor.description], cursor.fetchall()
    except sqlite3.OperationalError as error:
        if "decode" not in str(error).lower():
            raise
    finally:
        conn.text_factory = careful
    cursor = conn.execute(f"SELECT {columns} FROM {table} ORDER BY id")
    return [d[0] for d in cursor.description], cursor.fetchall()


def _text(raw: bytes) -> str:
    # A hand edit may leave bytes that are not UTF-8: read them anyway (they hash as the same bytes).
    return raw.decode("utf-8", "surrogateescape")


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to an existing database, or a `StoreError` saying why not."""
    path = Path(path).expanduser()
    if not path.exists():
        raise StoreError(f"There is no database at {path}.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if not os.access(path, os.R_OK):
        raise StoreError(f"The database {path} cannot be read by this user: check its permissions.")
    refuse_empty(path)  # SQLite would read an empty file as a new, empty database
    uri = path.absolute().as_uri()
    conn = None
    try:
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=connection.BUSY_TIMEOUT_SECONDS)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL database on read-only media (a copy on a USB stick) cannot get its -shm file;
            # with no -wal file beside it, reading it as immutable is exact.
            if conn is not None:
                conn.close()
            if Path(f"{path}-wal").exists():
                raise
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as error:
        # UnicodeDecodeError: SQLite's own message quoted bytes from a damaged schema.
        if conn is not None:
            conn.close()
        raise StoreError(describe(_as_damage(error), path)) from None
    conn.text_factory = _text
    try:
        yield conn
    finally:
        conn.close()


def _as_damage(error: BaseException) -> BaseException:
    return sqlite3.DatabaseError("database disk image is malformed") if isinstance(error, UnicodeError) else error


def verify(
    path: Path, *, expect_head: str | None = None, checkpoints: Sequence[Checkpoint] = (), thorough: bool = False
) -> Report:
    """Check the database at `path` without changing it (against `checkpoints` kept elsewhere; `thorough`:
    SQLite's full integrity check too)."""
    with read_only(path) as conn, ThreadPoolExecutor(1, thread_name_prefix="integrity") as apart:
        # SQLite's checks of the file run on a connection of their own beside the chain's (SQLite lets go of
        # Python's lock while it reads): on 100,000 patients they were ~0.3 s of a ~1.5 s verify.
        integrity = apart.submit(_integrity_of, Path(path), thorough)
        try:
            return check(
                conn,
                Path(path),
                expect_head=expect_head,
                checkpoints=checkpoints,
                thorough=thorough,
                integrity=integrity,
            )
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            raise StoreError(describe(_as_damage(error), path)) from None


def _integrity_of(path: Path, thorough: bool) -> list[str]:
    with read_only(path) as conn:
        return _integrity(conn, thorough=thorough)


def check(
    conn: sqlite3.Connection,
    path: Path,
    *,
    expect_head: str | None = None,
    checkpoints: Sequence[Checkpoint] = (),
    thorough: bool = False,
    integrity: Future[list[str]] | None = None,
) -> Report:
    """Every check, on an open connection (read only: nothing is written).

    `integrity`: SQLite's checks of the file, already under way on a connection of
    their own (`verify`); else they run here first."""
    report = Report(path=path, thorough=thorough)
    report.schema_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if integrity is None:
        report.integrity = _integrity(conn, thorough=thorough)
    if report.schema_version > LATEST_VERSION:
        report.problems.append(
            Problem(
                "schema",
                f"This database was written by a newer boundary-tui (schema {report.schema_version}); "
                "verify it with that version.",
            )
        )
    else:
        try:
            _evidence_checks(conn, report, expect_head)
            _checkpoints(conn, report, path, checkpoints)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            # A damaged file: keep what integrity_check found, and say what could not be read.
            report.problems.append(
                Problem("integrity", f"The evidence cannot be read: {describe(_as_damage(error), path)}")
            )
    if integrity is not None:
        try:
            report.integrity = integrity.result()
        except StoreError as error:  # the file could not be opened a second time: say so as damage would be
            report.integrity = [str(error)]
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            report.integrity = [describe(_as_damage(error), path)]
    report.problems[:0] = [Problem("integrity", f"The file is damaged: {line}") for line in report.integrity[:20]]
    return report


def _integrity(conn: sqlite3.Connection, *, thorough: bool) -> list[str]:
    """SQLite's own findings about the file (empty when it is sound).

    `integrity_check` of the whole file was a third of a clean `verify` (1 s of 2.2 on
    100,000 patients), nearly all of it checking the practice list's indexes against
    the list. By default: `quick_check` (every page, every row, NOT NULL and CHECK
    constraints: what damage or a crude edit breaks) and the full check of each
    evidence table with its indexes, because an index that leaves a row out would
    hide it from a timeline while the chain still counts it. `thorough` runs the
    full check of everything.
    """
    if thorough:
        return [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    found = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
    if found:
        return found
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in APPEND_ONLY_TABLES:
        if table in tables:
            found += [r[0] for r in conn.execute(f"PRAGMA integrity_check({table})").fetchall() if r[0] != "ok"]
    return found


def _evidence_checks(conn: sqlite3.Connection, report: Report, expect_head: str | None) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    report.problems += _foreign_keys(conn)
    report.problems += _protection(conn, tables)
    if report.schema_version >= 3 and (gone := [t for t in APPEND_ONLY_TABLES if t not in tables]):
        report.problems.append(
            Problem(
                "table_removed",
                f"The evidence table{'s' if len(gone) > 1 else ''} {', '.join(gone)} "
                f"{'have' if len(gone) > 1 else 'has'} been removed from the database.",
            )
        )
    if "chain" not in tables:
        report.problems.append(
            Problem(
                "no_chain",
                f"This database has no tamper-evidence chain (schema {report.schema_version}; the chain came "
                "with schema 3). Open it once with this version of boundary-tui to add it, then verify again."
                if report.schema_version < 3
                else "The tamper-evidence chain table has been removed from the database.",
            )
        )
        return
    with built_apart():  # every evidence row as a dict, every entry as a tuple: no collector pass over them
        _chain(conn, report, [t for t in APPEND_ONLY_TABLES if t in tables])
    if "attachment_files" in tables:
        report.problems += _copies(conn)
    if "schema_seals" in tables:
        report.sealed = True
        report.problems += _structure(conn)
    if report.schema_version >= 6:
        report.facts = FactsSummary()
        findings = facts_check.compare(conn, report.facts) + facts_check.recheck_bookings(conn, report.facts)
        report.problems += [Problem(f.kind, f.message) for f in findings]
    if expect_head:
        _expected_head(conn, report, expect_head)


def _checkpoints(conn: sqlite3.Connection, report: Report, path: Path, given: Sequence[Checkpoint]) -> None:
    """The chain must still pass through every checkpoint: those kept in the record, then those given.

    A checkpoint names a chain position and the hash found there (and each
    exported patient's head); if the entry there now has another hash, history
    was rewritten after it was made. The first checkpoint that no longer holds
    is named: everything certified before it still stands.
    """
    kept: list[Checkpoint] = []
    if "checkpoints" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}:
        kept = [
            Checkpoint(id=r[0], body=body_of(r[1]), text=r[1], signature=r[2])
            for r in conn.execute("SELECT id, body, signature FROM checkpoints ORDER BY id")
        ]
    try:
        practice = signing_key.load(path)
    except StoreError:
        practice = None  # an unreadable key is `server check`'s business; the signatures still say whose they are
    for checkpoint in [*kept, *given]:
        where = f"checkpoint {checkpoint.id}" if checkpoint.id else "the checkpoint given"
        made = str(checkpoint.body.get("made_at", "?"))
        try:
            made = show(from_db(made))
        except ValueError:
            pass
        problem = checkpoint_problem(conn, checkpoint, practice.public if practice else None)
        if problem:
            report.problems.append(
                Problem(
                    "checkpoint_broken",
                    f"The record no longer passes through {where} (made {made} for "
                    f"{checkpoint.body.get('why', '?')}): {problem} Everything recorded after it may have been "
                    "rewritten; what it certified is what the practice had then.",
                )
            )
            return
        report.checkpoints += 1
        report.latest_checkpoint = made


def checkpoint_problem(conn: sqlite3.Connection, checkpoint: Checkpoint, practice_key: str | None) -> str | None:
    """Why the chain in `conn` does not pass through `checkpoint`, or None if it does."""
    if checkpoint.signature is not None and not checkpoint.signature_holds:
        return "its signature does not match what it says (it was altered after it was signed)."
    if practice_key and checkpoint.public_key and checkpoint.public_key != practice_key:
        return (
            f"it was signed with another key (fingerprint {signing.fingerprint(checkpoint.public_key)}; this "
            f"practice's is {signing.fingerprint(practice_key)})."
        )
    heads: list[tuple[str, Any]] = [("the practice's chain", checkpoint.body.get("chain"))]
    for patient in checkpoint.body.get("patients") or []:
        if isinstance(patient, dict):
            heads.append((f"the record of NHS number {patient.get('nhs_number')}", patient.get("head")))
    for what, head in heads:
        if head is None:
            continue
        if not isinstance(head, dict) or not isinstance(head.get("entry"), int):
            return f"{what}: its head cannot be read."
        found = conn.execute("SELECT hash FROM chain WHERE id = ?", [head["entry"]]).fetchone()
        if found is None:
            return f"{what} ended at entry {head['entry']}, which is no longer in the chain."
        if found[0] != head.get("hash"):
            return (
                f"{what} ended at entry {head['entry']} with hash {head.get('hash')}; that entry now has another hash."
            )
    return None


def _copies(conn: sqlite3.Connection) -> list[Problem]:
    """Every attached copy of evidence is still there and still hashes to what the record says.

    The bytes are read through SQLite's blob I/O a megabyte at a time, so a
    practice's scans are never held in memory at once.
    """
    problems: list[Problem] = []
    kept = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT sha256, id, size FROM attachment_files")}
    for sha, (row_id, size) in kept.items():
        hasher = hashlib.sha256()
        with conn.blobopen("attachment_files", "content", row_id, readonly=True) as blob:
            whole = len(blob) == size
            while chunk := blob.read(1024 * 1024):
                hasher.update(chunk)
        if hasher.hexdigest() != sha or not whole:
            problems.append(
                Problem(
                    "copy_changed",
                    f"An attached copy of evidence (SHA-256 {sha}) no longer has that hash: its bytes were changed "
                    "outside the app.",
                )
            )
    for attachment_id, name, sha in conn.execute("SELECT id, file_name, sha256 FROM attachments"):
        if sha not in kept:
            problems.append(
                Problem(
                    "copy_missing",
                    f"The copy of {name!r} (attachment {attachment_id}, SHA-256 {sha}) is missing from the database.",
                    table="attachments",
                    row_id=attachment_id,
                )
            )
    return problems


def _structure(conn: sqlite3.Connection) -> list[Problem]:
    """The structure must be the one the app last sealed: same schema text, and SQLite's counter not moved on.

    Dropping a trigger and creating it again with the same text leaves the text as
    it was, but SQLite counts every change to the structure (the schema cookie).
    A copy made by `backup` starts its count again from 1 (SQLite's backup does
    that), so only a count that went up since the seal means a change.
    """
    row = conn.execute(
        "SELECT cookie, schema_sha256, sealed_at, why FROM schema_seals ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return [Problem("structure_changed", "The record of the database's structure is empty: it was removed.")]
    cookie, digest = facts.schema_fingerprint(conn)
    if digest == row[1] and cookie <= row[0]:
        return []
    when = row[2]
    try:
        when = show(from_db(row[2]))
    except ValueError:
        pass
    what = (
        "tables, indexes or triggers differ from what the app left"
        if digest != row[1]
        else f"the text is the same, but SQLite counted {cookie - row[0]} change(s) to it: something (a trigger, "
        "most likely) was dropped and created again"
    )
    return [
        Problem(
            "structure_changed",
            f"The database's structure was changed outside the app after {when} ({row[3]}): {what}. "
            "Protections may have been lifted while evidence was edited; check every problem below.",
        )
    ]


def _foreign_keys(conn: sqlite3.Connection) -> list[Problem]:
    problems = []
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(
            Problem(
                "foreign_key",
                f"{table} row {rowid} refers to a row of {parent} that does not exist (a row was deleted or "
                "changed outside the app).",
            )
        )
    return problems


def _protection(conn: sqlite3.Connection, tables: set[str]) -> list[Problem]:
    """The append-only triggers must be there, exactly as the app created them."""
    stored = {
        name: " ".join((sql or "").split())
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    }
    altered: list[str] = []
    for table in CHAIN_TABLES:
        if table not in tables:
            continue
        for statement in append_only_triggers(table):
            name = statement.split()[2]
            if stored.get(name) != " ".join(statement.split()):
                altered.append(table)
                break
    if not altered:
        return []
    return [
        Problem(
            "protection_removed",
            f"The append-only protection (triggers) of {', '.join(altered)} has been removed or altered: "
            "someone changed the database outside the app.",
        )
    ]


def _row_label(table: str, row: Mapping[str, Any] | None, row_id: int) -> str:
    """`contacts id 7 (a contact logged Mon 23 Nov 2026 09:00)`."""
    noun, verb = ROW_LABELS.get(table, (table, "written"))
    when = ""
    if row is not None:
        try:
            when = f" {verb} {show(from_db(str(row[RECORDED_AT[table]])))}"
        except (KeyError, ValueError):
            when = ""
    article = "an" if noun[0] in "aeiou" else "a"
    return f"{table} id {row_id} ({article} {noun}{when})"


def _chain(conn: sqlite3.Connection, report: Report, tables: list[str]) -> None:
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    for table in tables:
        names, stored = _every_row(conn, table)
        as_dict = rows_in_order(names)  # keys in the canonical order: each row's text is written without a sort
        rows[table] = {r[0]: as_dict(r) for r in stored}
        report.counts[table] = len(rows[table])
    has_patients = any(r[1] == "patient_prev" for r in conn.execute("PRAGMA table_info(chain)"))
    wanted = "id, table_name, row_id, columns, prev_hash, hash" + (", patient_id, patient_prev" if has_patients else "")
    entries = [entry_from_row(r) for r in _every_row(conn, "chain", wanted)[1]]
    report.entries = len(entries)
    report.head = entries[-1] if entries else None
    position = {e.hash: e.id for e in entries}

    # First pass: links and content, one verdict per entry.
    found: list[tuple[int, Problem]] = []

    def flag(entry: ChainEntry, kind: str, message: str, *, names_row: bool = True) -> None:
        """A problem found at `entry` (and at the row it records, unless that names no evidence table)."""
        table, row_id = (entry.table_name, entry.row_id) if names_row else (None, None)
        found.append((entry.id, Problem(kind, message, table=table, row_id=row_id, entry=entry.id)))

    unexplained: list[tuple[ChainEntry, str]] = []  # (entry, "missing" | "changed") awaiting the swap search
    claimed: dict[tuple[str, int], int] = {}

    def named(entry: ChainEntry, row: Mapping[str, Any] | None) -> str:
        # Rows are named only when something is wrong: naming every row (its date parsed and
        # shown) was most of the time of a clean run.
        return _row_label(entry.table_name, row, entry.row_id)

    expected_prev, expected_id, previous_id = GENESIS, 1, 0
    for entry in entries:
        key = (entry.table_name, entry.row_id)
        rows_of = rows.get(entry.table_name)
        row = rows_of.get(entry.row_id) if rows_of is not None else None
        gap = entry.id > expected_id

        linked = entry.prev_hash == expected_prev
        if gap:
            missing = f"entry {expected_id}" if entry.id == expected_id + 1 else f"entries {expected_id}-{entry.id - 1}"
            flag(
                entry,
                "chain_entry_deleted",
                f"Chain {missing} (just before {named(entry, row)}) {'is' if 'entry ' in missing else 'are'} missing: "
                "entries were deleted from the chain, most likely with the rows they recorded.",
            )
        elif not linked and entry.prev_hash in position:
            flag(
                entry,
                "order_changed",
                f"{named(entry, row)}: order changed. Its chain entry was written right after entry "
                f"{position[entry.prev_hash]} but now stands at position {entry.id}, after entry "
                f"{previous_id}: the chain has been reordered.",
            )
        if key in claimed:
            flag(
                entry,
                "chain_entry_altered",
                f"{named(entry, row)} appears twice in the chain (entries {claimed[key]} and {entry.id}): "
                "the chain was edited outside the app.",
            )
        claimed.setdefault(key, entry.id)
        if rows_of is None and entry.table_name in APPEND_ONLY_TABLES:
            flag(
                entry,
                "row_deleted",
                f"{named(entry, row)}: row deleted, with the whole {entry.table_name} table.",
            )
        elif rows_of is None:
            flag(
                entry,
                "chain_entry_altered",
                f"Chain entry {entry.id} names a table that is not evidence ({entry.table_name!r}): "
                "the chain was edited outside the app.",
                names_row=False,
            )
        elif row is None:
            unexplained.append((entry, "missing"))
        elif not _matches(entry, row):
            if not linked and not gap and _matches(entry, row, prev_hash=expected_prev):
                flag(
                    entry,
                    "chain_entry_altered",
                    f"{named(entry, row)}: its chain entry {entry.id} was altered "
                    "(the link to the entry before it was rewritten).",
                )
            else:
                unexplained.append((entry, "changed"))
        elif not linked and not gap and entry.prev_hash not in position:
            flag(
                entry,
                "chain_entry_altered",
                f"{named(entry, row)}: its chain entry {entry.id} no longer links to entry {previous_id} before it: "
                "the chain was edited outside the app.",
            )
        expected_prev, expected_id, previous_id = entry.hash, entry.id + 1, entry.id

    # Rows no entry points at.
    claimed_in: dict[str, set[int]] = {}
    for table, row_id in claimed:
        claimed_in.setdefault(table, set()).add(row_id)
    orphans = {t: sorted(set(rows[t]) - claimed_in.get(t, set())) for t in tables}

    # Second pass: a missing or changed row may have moved to another id (renumbered, swapped).
    changed_ids = {(e.table_name, e.row_id) for e, why in unexplained if why == "changed"}
    for entry, why in unexplained:
        table = entry.table_name
        candidates = [r for r in orphans[table]] + [r for (t, r) in changed_ids if t == table and r != entry.row_id]
        moved_to = next(
            (
                other
                for other in candidates[:MAX_SWAP_CANDIDATES]
                if _matches(entry, {**rows[table][other], "id": entry.row_id})
            ),
            None,
        )
        row = rows[table].get(entry.row_id)
        label = _row_label(table, rows[table].get(moved_to) if moved_to is not None else row, entry.row_id)
        if moved_to is not None:
            if moved_to in orphans[table]:
                orphans[table].remove(moved_to)
            flag(
                entry,
                "order_changed",
                f"{label}: order changed. The row recorded as {table} id {entry.row_id} is now stored as "
                f"{table} id {moved_to}: rows were renumbered to change their order.",
            )
        elif why == "missing":
            flag(
                entry,
                "row_deleted",
                f"{label}: row deleted. Chain entry {entry.id} recorded it, but it is no longer in the database.",
            )
        else:
            flag(
                entry,
                "content_changed",
                f"{label}: content changed. It no longer matches what was recorded when it was saved "
                f"(chain entry {entry.id}): a field such as the description or a time was edited.",
            )

    if has_patients:
        found += _patient_records(conn, entries, rows)
    found.sort(key=lambda item: item[0])
    report.problems += [p for _, p in found]
    for table in tables:
        for row_id in orphans[table]:
            report.problems.append(
                Problem(
                    "inserted_outside_app",
                    f"{_row_label(table, rows[table][row_id], row_id)}: inserted outside the app "
                    "(it has no entry in the tamper-evidence chain).",
                    table=table,
                    row_id=row_id,
                )
            )


def _patient_records(
    conn: sqlite3.Connection, entries: list[ChainEntry], rows: Mapping[str, Mapping[int, Mapping[str, Any]]]
) -> list[tuple[int, Problem]]:
    """Each patient's entries must form their own unbroken chain (schema 7 on), and carry the right patient.

    From the moment patient links began (the first structure record of schema 7
    or later), every entry whose row belongs to a patient must be linked into
    that patient's record; before it, the patient's `patient_chain_starts` row
    lists their entries by hash.
    """
    found: list[tuple[int, Problem]] = []
    began = conn.execute(
        """SELECT min(c.id) FROM chain c JOIN schema_seals s ON c.table_name = 'schema_seals' AND c.row_id = s.id
           WHERE s.user_version >= 7"""
    ).fetchone()[0]
    last: dict[int, ChainEntry] = {}
    by_position = {e.id: e for e in entries}

    def named(patient_id: int) -> str:
        row = conn.execute(
            "SELECT given_name, family_name, nhs_number FROM patients WHERE id = ?", [patient_id]
        ).fetchone()
        return f"{row[0]} {row[1]} (NHS {row[2]})" if row else f"patient id {patient_id}"

    for entry in entries:
        row = rows.get(entry.table_name, {}).get(entry.row_id)
        owner = row.get("patient_id") if row is not None else None
        if entry.patient_id is None:
            if began is not None and entry.id > began and isinstance(owner, int):
                found.append(
                    (
                        entry.id,
                        Problem(
                            "patient_link_missing",
                            f"Chain entry {entry.id} ({entry.table_name} id {entry.row_id}) belongs to {named(owner)} "
                            "but is not linked into their record: the chain was rewritten outside the app.",
                            entry=entry.id,
                        ),
                    )
                )
            continue
        if isinstance(owner, int) and owner != entry.patient_id:
            found.append(
                (
                    entry.id,
                    Problem(
                        "patient_link_wrong",
                        f"Chain entry {entry.id} is linked into the record of {named(entry.patient_id)}, but its row "
                        f"belongs to {named(owner)}: the chain was edited outside the app.",
                        entry=entry.id,
                    ),
                )
            )
        before = last.get(entry.patient_id)
        expected = before.hash if before is not None else GENESIS
        if entry.patient_prev != expected:
            follows = next((e for e in entries if e.hash == entry.patient_prev), None)
            why = (
                f"it names entry {follows.id} as the one before it, but entry {before.id if before else 'none'} is"
                if follows is not None
                else "the entry it names before it is not in the chain any more: one of their entries was removed"
            )
            found.append(
                (
                    entry.id,
                    Problem(
                        "patient_record_broken",
                        f"The record of {named(entry.patient_id)} is broken at chain entry {entry.id}: {why}.",
                        entry=entry.id,
                    ),
                )
            )
        last[entry.patient_id] = entry
    for start_position, listed in _chain_starts(conn, entries):
        for position, digest in listed:
            earlier = by_position.get(position)
            if earlier is None or earlier.hash != digest:
                found.append(
                    (
                        start_position,
                        Problem(
                            "patient_record_broken",
                            f"Chain entry {position}, listed at the start of a patient's record (entry "
                            f"{start_position}), is missing or no longer the one listed.",
                            entry=start_position,
                        ),
                    )
                )
    return found


def _chain_starts(conn: sqlite3.Connection, entries: list[ChainEntry]) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each `patient_chain_starts` row's chain position and the (position, hash) pairs it lists."""
    positions = {e.row_id: e.id for e in entries if e.table_name == "patient_chain_starts"}
    starts: list[tuple[int, list[tuple[int, str]]]] = []
    for row_id, listed in conn.execute("SELECT id, entries FROM patient_chain_starts ORDER BY id"):
        try:
            pairs = [(int(p), str(h)) for p, h in json.loads(listed)]
        except (TypeError, ValueError):
            pairs = []
        if row_id in positions:
            starts.append((positions[row_id], pairs))
    return starts


def _matches(entry: ChainEntry, row: Mapping[str, Any], *, prev_hash: str | None = None) -> bool:
    """Whether `row` (keys in order: `rows_in_order`) is what `entry` recorded (with `prev_hash` instead of the
    stored one, if given)."""
    try:
        digest = text_hash(
            canonical_text(
                entry.table_name,
                row,
                entry.prev_hash if prev_hash is None else prev_hash,
                entry.columns,
                patient_prev=entry.patient_prev,
                in_order=True,
            )
        )
    except (KeyError, UnicodeEncodeError, ValueError, TypeError):
        return False
    return digest == entry.hash


def head_problem(given: str) -> str | None:
    """Why `given` is not a chain head someone could have copied from an export or a backup, or None."""
    wanted = given.strip().lower()
    if len(wanted) < MIN_HEAD_DIGITS or len(wanted) > 64 or any(c not in "0123456789abcdef" for c in wanted):
        return (
            f"{_shown(given)} is not a valid chain head: give at least {MIN_HEAD_DIGITS} of its hex digits "
            "(0-9, a-f), as printed on the export or backup. Nothing was checked against it."
        )
    return None


def _expected_head(conn: sqlite3.Connection, report: Report, expect_head: str) -> None:
    """A head printed on an export or backup must still be in the chain (guards against truncation or rebuilding)."""
    wanted = expect_head.strip().lower()
    report.expected_head = wanted
    if problem := head_problem(expect_head):
        raise StoreError(problem)
    rows = conn.execute("SELECT id FROM chain WHERE hash >= ? AND hash < ? LIMIT 2", [wanted, wanted + "g"]).fetchall()
    if len(rows) == 1:
        report.expected_head_entry = int(rows[0][0])
        return
    report.problems.append(
        Problem(
            "head_missing",
            f"The chain no longer passes through {wanted}: entries recorded up to that point (for example on an "
            "export or a backup) were removed, or the chain was rebuilt.",
        )
    )


def _shown(given: str, most: int = 80) -> str:
    """What was typed, quoted, on one line, and cut short if it is long (never the whole of a pasted file)."""
    text = repr(given)
    return text if len(text) <= most else f"{text[:most]}… ({len(given):,} characters)"
