"""`verify`: the file, the foreign keys, the append-only protection and the chain, after hand edits of every kind.

Each tampering test edits the SQLite file the way someone with a copy of it and
a SQLite tool would: plain `sqlite3`, DROP the append-only triggers, change rows.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store, chain
from boundary_tui.store.connection import open_database
from boundary_tui.store.schema import append_only_triggers, migrate
from boundary_tui.store.verify import verify
from tests.helpers.cli import run_unprivileged
from tests.helpers.evidence import HOSTILE, log_contact, record_action, tamper
from tests.helpers.practice import Practice


@dataclass(frozen=True)
class Evidence:
    path: Path
    contacts: tuple[int, ...]
    head: str


@pytest.fixture
def evidence(practice: Practice, store: Store) -> Evidence:
    """The practice with three contacts and an action between them, then closed (as a file on disk)."""
    first = log_contact(store, practice.obrien, practice.reception, "A card addressed to Dr Hart")
    second = log_contact(store, practice.obrien, practice.reception, HOSTILE)
    record_action(store, practice.obrien, practice.manager)
    third = log_contact(store, practice.obrien, practice.reception, "Waiting in the car park at 18:00")
    head = chain.head(store.db)
    assert head is not None
    store.close()
    return Evidence(practice.path, (first, second, third), head.hash)


def first_bad(path: Path) -> tuple[str, str, int | None]:
    report = verify(path)
    assert not report.ok
    problem = report.first_bad_entry
    assert problem is not None
    return problem.kind, problem.message, problem.row_id


def test_an_untouched_database_passes_with_counts_and_the_chain_head(evidence: Evidence, capsys) -> None:
    report = verify(evidence.path)
    assert report.ok, report.describe()
    assert report.counts["contacts"] == 3 and report.counts["actions"] == 1
    assert report.head is not None and report.head.hash == evidence.head
    assert main(["verify", "--db", str(evidence.path)]) == 0
    out = capsys.readouterr().out
    assert "3 contacts, 1 action, 5 concern changes" in out
    assert f"Chain head: entry {report.entries}, sha256 {evidence.head}" in out
    assert "All checks passed" in out


def test_verify_never_changes_the_file(evidence: Evidence) -> None:
    before = evidence.path.read_bytes()
    verify(evidence.path)
    assert evidence.path.read_bytes() == before


def test_a_changed_description_is_named(evidence: Evidence, capsys) -> None:
    second = evidence.contacts[1]
    tamper(evidence.path, f"UPDATE contacts SET description = 'A friendly wave' WHERE id = {second}")
    kind, message, row_id = first_bad(evidence.path)
    assert (kind, row_id) == ("content_changed", second)
    assert f"contacts id {second} (a contact logged" in message and "content changed" in message
    assert main(["verify", "--db", str(evidence.path)]) == 1
    captured = capsys.readouterr()
    assert f"First bad entry: contacts id {second}" in captured.out
    assert "verify FAILED" in captured.err and "Traceback" not in captured.err
    assert "append-only protection (triggers) of contacts, actions," in captured.out


def test_a_deleted_row_is_named(evidence: Evidence) -> None:
    first = evidence.contacts[0]
    tamper(evidence.path, f"DELETE FROM contacts WHERE id = {first}")
    kind, message, row_id = first_bad(evidence.path)
    assert (kind, row_id) == ("row_deleted", first)
    assert f"contacts id {first}" in message and "row deleted" in message


def test_a_reordered_row_is_named(evidence: Evidence) -> None:
    """The first two contacts swap ids, so the later one now reads as if it came first."""
    first, second, _ = evidence.contacts
    tamper(
        evidence.path,
        f"UPDATE contacts SET id = -1 WHERE id = {first}",
        f"UPDATE contacts SET id = {first} WHERE id = {second}",
        f"UPDATE contacts SET id = {second} WHERE id = -1",
    )
    kind, message, row_id = first_bad(evidence.path)
    assert (kind, row_id) == ("order_changed", first)
    assert f"recorded as contacts id {first} is now stored as contacts id {second}" in message


def test_a_row_moved_to_the_end_is_an_order_change(evidence: Evidence) -> None:
    first = evidence.contacts[0]
    tamper(
        evidence.path,
        f"UPDATE contacts SET id = 99 WHERE id = {first}",
    )
    kind, message, row_id = first_bad(evidence.path)
    assert (kind, row_id) == ("order_changed", first)
    assert "now stored as contacts id 99" in message
    assert "inserted outside the app" not in verify(evidence.path).describe()


def test_reordered_chain_entries_are_named(evidence: Evidence) -> None:
    with Store(evidence.path) as store:
        last = store.db.execute("SELECT max(id) FROM chain").fetchone()[0]
    tamper(
        evidence.path,
        f"UPDATE chain SET id = -1 WHERE id = {last - 1}",
        f"UPDATE chain SET id = {last - 1} WHERE id = {last}",
        f"UPDATE chain SET id = {last} WHERE id = -1",
    )
    kind, message, _ = first_bad(evidence.path)
    assert kind == "order_changed"
    assert f"now stands at position {last - 1}" in message


def test_a_row_inserted_outside_the_app_is_named(evidence: Evidence, practice: Practice) -> None:
    """No trigger stops a new row: only the missing chain entry shows it."""
    tamper(
        evidence.path,
        f"""INSERT INTO contacts (id, patient_id, occurred_at, logged_at, logged_by, channel, description, severity)
            VALUES (50, {practice.obrien}, '2026-11-01T10:00:00.000000Z', '2026-11-01T10:00:00.000000Z',
                    {practice.reception}, 'letter', 'An apology letter', 'note')""",
        drop=(),
    )
    report = verify(evidence.path)
    kinds = [p.kind for p in report.problems]
    assert kinds == ["inserted_outside_app"]
    assert "contacts id 50 (a contact logged Sun 01 Nov 2026 10:00): inserted outside the app" in report.describe()


def test_removed_protection_alone_fails_verify(evidence: Evidence) -> None:
    tamper(evidence.path, drop=("actions",))
    report = verify(evidence.path)
    # Dropping the triggers also changed the database's structure since the app last recorded it.
    assert [p.kind for p in report.problems] == ["protection_removed", "structure_changed"]
    assert "First problem: The append-only protection (triggers) of actions has been removed" in report.describe()


def test_a_deleted_chain_entry_with_its_row_is_named(evidence: Evidence) -> None:
    first = evidence.contacts[0]
    tamper(
        evidence.path,
        f"DELETE FROM chain WHERE table_name = 'contacts' AND row_id = {first}",
        f"DELETE FROM contacts WHERE id = {first}",
    )
    kind, message, _ = first_bad(evidence.path)
    assert kind == "chain_entry_deleted"
    assert "missing" in message and "deleted from the chain" in message


def test_a_rewritten_chain_link_is_named(evidence: Evidence) -> None:
    second = evidence.contacts[1]
    tamper(
        evidence.path,
        f"UPDATE chain SET prev_hash = '{'1' * 64}' WHERE table_name = 'contacts' AND row_id = {second}",
    )
    kind, message, row_id = first_bad(evidence.path)
    assert (kind, row_id) == ("chain_entry_altered", second)


def test_cutting_the_newest_entries_is_caught_against_a_recorded_head(evidence: Evidence, capsys) -> None:
    """With the triggers put back exactly, a truncated chain looks whole but for the structure count; the head on an
    export or backup shows what is gone."""
    last = evidence.contacts[-1]
    restore = [s for t in ("contacts", "chain") for s in append_only_triggers(t)]
    tamper(
        evidence.path,
        f"DELETE FROM chain WHERE table_name = 'contacts' AND row_id = {last}",
        f"DELETE FROM contacts WHERE id = {last}",
        *restore,
        drop=("contacts", "chain"),
    )
    assert [p.kind for p in verify(evidence.path).problems] == ["structure_changed"]
    assert main(["verify", "--db", str(evidence.path), "--head", evidence.head]) == 1
    captured = capsys.readouterr()
    assert f"no longer passes through {evidence.head}" in captured.out


def test_a_recorded_head_that_is_still_there_passes(evidence: Evidence, capsys) -> None:
    assert main(["verify", "--db", str(evidence.path), "--head", evidence.head[:32].upper()]) == 0
    assert f"The chain still passes through {evidence.head[:32]}" in capsys.readouterr().out


def test_bytes_that_are_not_text_are_a_content_change_not_a_crash(evidence: Evidence) -> None:
    second = evidence.contacts[1]
    tamper(evidence.path, f"UPDATE contacts SET description = CAST(x'ff41' AS TEXT) WHERE id = {second}")
    kind, _, row_id = first_bad(evidence.path)
    assert (kind, row_id) == ("content_changed", second)


def test_a_broken_foreign_key_fails_verify(evidence: Evidence, practice: Practice) -> None:
    tamper(evidence.path, f"DELETE FROM patients WHERE id = {practice.obrien}", drop=())
    report = verify(evidence.path)
    assert "foreign_key" in [p.kind for p in report.problems]
    assert "refers to a row of patients that does not exist" in report.describe()


def test_a_missing_or_damaged_database_is_refused_plainly(tmp_path: Path, capsys) -> None:
    assert main(["verify", "--db", str(tmp_path / "none.db")]) == 1
    assert "There is no database" in capsys.readouterr().err
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 500)
    with pytest.raises(StoreError, match="damaged"):
        verify(garbage)


def test_a_damaged_page_fails_verify_without_a_traceback(evidence: Evidence, capsys) -> None:
    data = bytearray(evidence.path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # every page after the schema: headers scribbled on
        data[offset : offset + 16] = b"\xee" * 16
    evidence.path.write_bytes(bytes(data))
    assert main(["verify", "--db", str(evidence.path)]) == 1
    err = capsys.readouterr().err
    assert "boundary-tui:" in err and "Traceback" not in err


def test_a_database_from_before_the_chain_is_told_how_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    db = open_database(path)
    migrate(db, target=2)
    db.close()
    report = verify(path)
    assert [p.kind for p in report.problems] == ["no_chain"]
    assert "Open it once with this version" in report.describe()


def test_a_read_only_copy_can_be_verified(evidence: Evidence, tmp_path: Path) -> None:
    """A copy handed over on read-only media: no -shm can be created next to it."""
    folder = tmp_path / "usb"
    folder.mkdir()
    copy = folder / "copy.db"
    source = sqlite3.connect(evidence.path)
    target = sqlite3.connect(copy)
    source.backup(target)
    target.execute("PRAGMA journal_mode = DELETE")
    target.close()
    source.close()
    copy.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert verify(copy).ok
    finally:
        folder.chmod(0o755)


def test_a_wal_mode_copy_on_read_only_media_can_be_verified(evidence: Evidence, shared_dir: Path) -> None:  # noqa: F811
    """A plain file copy of the live database keeps WAL mode; on a read-only stick no -shm can be made beside it."""
    folder = shared_dir / "usb"
    folder.mkdir()
    copy = folder / "practice.db"
    shutil.copyfile(evidence.path, copy)
    copy.chmod(0o444)
    folder.chmod(0o555)
    code, stderr = run_unprivileged(["verify", "--db", str(copy)])
    assert code == 0, stderr


def test_a_dropped_evidence_table_is_named(evidence: Evidence) -> None:
    tamper(evidence.path, "DROP TABLE actions", drop=())
    report = verify(evidence.path)
    assert "table_removed" in [p.kind for p in report.problems]
    first = report.first_bad_entry
    assert first is not None and first.kind == "row_deleted" and first.table == "actions"
