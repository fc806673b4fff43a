"""The tamper-evidence chain: every evidence row linked, in commit order, in a format anyone can re-check."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boundary_tui.store import Store, chain
from boundary_tui.store.connection import open_database
from boundary_tui.store.schema import migrate, version_of
from boundary_tui.store.tables import APPEND_ONLY_TABLES
from boundary_tui.store.verify import verify
from tests.helpers.evidence import HOSTILE, log_contact, record_action
from tests.helpers.practice import RECEPTION_PIN, Practice


def third_party_check(path: Path) -> str:
    """The check as the `store.chain` docstring describes it, written without any boundary-tui code."""
    conn = sqlite3.connect(path)
    prev = "0" * 64
    expected_seq = 1
    patients: dict[int, str] = {}
    for seq, table, row_id, columns, prev_hash, stored, patient, patient_prev in conn.execute(
        "SELECT id, table_name, row_id, columns, prev_hash, hash, patient_id, patient_prev FROM chain ORDER BY id"
    ):
        assert seq == expected_seq and prev_hash == prev
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
        content = {"prev": prev, "row": {c: row[c] for c in columns.split(",")}, "table": table}
        if patient_prev is not None:
            # One patient's entries are a chain of their own, linked inside what is hashed.
            assert patient_prev == patients.get(patient, "0" * 64), f"{table} {row_id}: patient link"
            content["patient_prev"] = patient_prev
            patients[patient] = stored
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == stored, f"{table} {row_id}"
        prev, expected_seq = stored, expected_seq + 1
    chained = conn.execute("SELECT count(*) FROM chain").fetchone()[0]
    rows = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in APPEND_ONLY_TABLES)
    conn.close()
    assert chained == rows
    return prev


def test_every_evidence_write_is_linked_in_commit_order(store: Store, practice: Practice) -> None:
    first = chain.head(store.db)
    assert first is not None  # the practice's concern changes
    contact = log_contact(store, practice.obrien, practice.reception, HOSTILE)
    store.staff.sign_in(practice.reception, RECEPTION_PIN)
    action = record_action(store, practice.obrien, practice.manager)
    entries = store.db.execute("SELECT table_name, row_id, prev_hash FROM chain WHERE id > ? ORDER BY id", [first.id])
    assert [(t, r) for t, r, _ in entries.fetchall()] == [
        ("contacts", contact),
        ("sign_in_events", 1),
        ("actions", action),
    ]
    contact_entry = chain.entry_for(store.db, "contacts", contact)
    assert contact_entry is not None and contact_entry.prev_hash == first.hash
    head = chain.head(store.db)
    assert head is not None and head.table_name == "actions"
    assert third_party_check(store.path) == head.hash
    content = chain.content_of(store.db, contact_entry)
    assert content is not None and hashlib.sha256(content).hexdigest() == contact_entry.hash
    assert json.loads(content)["row"]["description"] == HOSTILE


def test_the_hashed_columns_are_every_column_of_the_row_defaults_included(store: Store, practice: Practice) -> None:
    contact = log_contact(store, practice.obrien, practice.reception)
    entry = chain.entry_for(store.db, "contacts", contact)
    assert entry is not None
    columns = [r[1] for r in store.db.execute("PRAGMA table_info(contacts)").fetchall()]
    assert entry.columns == tuple(sorted(columns))
    assert {"severity", "police_called", "aimed_at", "amend_reason"} <= set(entry.columns)


def test_the_canonical_form_is_fixed_byte_for_byte() -> None:
    """Pinned: changing the format would break every chain already written."""
    row = {"id": 1, "description": 'Zoë "x"\n\x1b\\', "amends_id": None, "police_called": 0}
    content = chain.canonical("contacts", row, chain.GENESIS)
    assert (
        content
        == (
            '{"prev":"' + "0" * 64 + '","row":{"amends_id":null,"description":"Zoë \\"x\\"\\n\\u001b\\\\",'
            '"id":1,"police_called":0},"table":"contacts"}'
        ).encode()
    )
    assert chain.entry_hash(content) == hashlib.sha256(content).hexdigest()


_column = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12)
_value = st.one_of(st.none(), st.integers(), st.text(max_size=40), st.binary(max_size=4))


@settings(max_examples=300, deadline=None)
@given(
    row=st.dictionaries(_column, _value, min_size=1, max_size=12),
    patient_prev=st.one_of(st.none(), st.just("a" * 64)),
    left_off=st.integers(min_value=0, max_value=2),
)
def test_a_row_read_in_canonical_order_hashes_as_the_same_bytes(
    row: dict[str, object], patient_prev: str | None, left_off: int
) -> None:
    """`verify` writes each row's text without sorting its keys (`rows_in_order`): the bytes must not change.

    Any column names and order, NULLs, odd text, a BLOB put in by hand, and the chain
    entry listing fewer columns than the row has now (a column added since)."""
    names = list(row)
    as_stored = tuple(row.values())
    recorded = tuple(sorted(names)[left_off:]) or None
    in_order = chain.rows_in_order(names)(as_stored)
    assert list(in_order) == sorted(names) and in_order == row
    expected = chain.canonical_text("contacts", row, chain.GENESIS, recorded, patient_prev=patient_prev)
    assert (
        chain.canonical_text("contacts", in_order, chain.GENESIS, recorded, patient_prev=patient_prev, in_order=True)
        == expected
    )


def test_a_chain_entry_reads_the_same_however_many_of_its_columns_were_read() -> None:
    full = (7, "contacts", 3, "description,id", "a" * 64, "b" * 64, 12, "c" * 64)
    entry = chain.entry_from_row(full)
    assert entry == chain.ChainEntry(7, "contacts", 3, ("description", "id"), "a" * 64, "b" * 64, 12, "c" * 64)
    assert entry.columns == ("description", "id") and entry.patient_prev == "c" * 64
    assert chain.entry_from_row(full[:6]) == chain.ChainEntry(
        7, "contacts", 3, ("description", "id"), "a" * 64, "b" * 64
    )
    assert chain.entry_from_row(full[:6]).patient_id is None


def test_a_blob_put_in_by_hand_is_hashed_as_its_hex() -> None:
    row = {"id": 2, "description": b"\x00\xff", "witnesses": memoryview(b"ab")}
    assert (
        chain.canonical("contacts", row, chain.GENESIS, ("description", "id", "witnesses"))
        == (
            '{"prev":"' + "0" * 64 + '","row":{"description":{"blob":"00ff"},"id":2,"witnesses":{"blob":"6162"}},'
            '"table":"contacts"}'
        ).encode()
    )


def test_a_failed_save_leaves_no_chain_entry(store: Store, practice: Practice) -> None:
    before = chain.head(store.db)
    with pytest.raises(sqlite3.IntegrityError):
        log_contact(store, practice.obrien, practice.reception, description="   ")
    assert chain.head(store.db) == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE chain SET hash = 'x'",
        "DELETE FROM chain",
        "INSERT OR REPLACE INTO chain SELECT * FROM chain WHERE id = 1",
    ],
)
def test_the_chain_itself_is_append_only(practice: Practice, statement: str) -> None:
    conn = sqlite3.connect(practice.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(statement)
    conn.close()


def test_an_upgraded_database_chains_the_evidence_it_already_holds(tmp_path: Path) -> None:
    """A schema-2 file with evidence gains the chain: per table in id order, tables merged by time."""
    path = tmp_path / "old.db"
    db = open_database(path)
    migrate(db, target=2)
    db.execute(
        """INSERT INTO staff (id, name, role, created_at, created_by)
           VALUES (1, 'Margaret Lewis', 'manager', 'x', 'x')"""
    )
    db.execute(
        """INSERT INTO patients (id, nhs_number, given_name, family_name, date_of_birth, created_at, created_by,
                                 updated_at, updated_by)
           VALUES (1, '9434765919', 'Martin', 'O''Brien', '1978-03-14', 'x', 'x', 'x', 'x')"""
    )
    for contact_id, logged in ((1, "2026-01-01T10:00:00.000000Z"), (2, "2026-01-03T10:00:00.000000Z")):
        db.execute(
            """INSERT INTO contacts (id, patient_id, occurred_at, logged_at, logged_by, channel, description, severity)
               VALUES (?, 1, ?, ?, 1, 'letter', 'A letter', 'note')""",
            [contact_id, logged, logged],
        )
    db.execute(
        """INSERT INTO actions (id, patient_id, kind, occurred_at, recorded_at, recorded_by)
           VALUES (1, 1, 'warning_letter_sent', '2026-01-02T10:00:00.000000Z', '2026-01-02T10:00:00.000000Z', 1)"""
    )
    db.execute(
        "INSERT INTO sign_in_events (staff_id, at, outcome) VALUES (1, '2025-12-31T09:00:00.000000Z', 'signed_in')"
    )
    db.conn.commit()
    db.close()

    with Store(path) as store:
        assert version_of(store.db) >= 3
        order = store.db.execute("SELECT table_name, row_id FROM chain ORDER BY id").fetchall()
    # Schema 3 linked what was there in the order it was written; schema 6 then recorded the facts as found.
    assert order[:4] == [("sign_in_events", 1), ("contacts", 1), ("actions", 1), ("contacts", 2)]
    third_party_check(path)
    assert verify(path).ok


WRITER = """
import sys
from boundary_tui.store import Store
from tests.helpers.evidence import log_contact
store = Store(sys.argv[1], timeout=30)
for n in range(int(sys.argv[2])):
    log_contact(store, int(sys.argv[3]), int(sys.argv[4]), f"desk {sys.argv[5]} contact {n}")
store.close()
"""


def test_desks_saving_at_once_never_fork_the_chain(practice: Practice) -> None:
    """Four processes append at the same time: one straight chain, every row in it, verify passes."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    args = [str(practice.path), "25", str(practice.obrien), str(practice.reception)]
    desks = [
        subprocess.Popen([sys.executable, "-c", WRITER, *args, str(desk)], env=env, stderr=subprocess.PIPE)
        for desk in range(4)
    ]
    for desk in desks:
        _, err = desk.communicate(timeout=120)
        assert desk.returncode == 0, err.decode()
    with Store(practice.path) as store:
        assert store.db.execute("SELECT count(*) FROM contacts").fetchone()[0] == 100
    third_party_check(practice.path)
    report = verify(practice.path)
    assert report.ok, report.describe()
