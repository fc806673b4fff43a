"""`verify` rebuilds every fact that decides a booking or a sign-in from the record, and names live rows that disagree.

Each test edits the file as a person with `sqlite3` and the file would (triggers
dropped and put back identically where they are in the way), then runs
`boundary-tui verify`: it must exit non-zero naming what changed.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from boundary_tui.cli import main
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.times import to_db
from boundary_tui.store import Store, chain
from boundary_tui.store.schema import append_only_triggers
from boundary_tui.store.tables import APPEND_ONLY_TABLES, RECORDED_AT
from boundary_tui.store.verify import verify
from tests.helpers.evidence import log_contact
from tests.helpers.practice import NOW, Practice


def edit(path: Path, *statements: str, rechain: bool = False) -> None:
    """Drop every append-only trigger, run `statements`, optionally rebuild the chain, and put the triggers back."""
    conn = sqlite3.connect(path)
    try:
        for table in (*APPEND_ONLY_TABLES, "chain"):
            for kind in ("no_update", "no_delete", "no_replace"):
                conn.execute(f"DROP TRIGGER IF EXISTS {table}_{kind}")
        for statement in statements:
            conn.execute(statement)
        if rechain:
            rebuild_chain(conn)
        for table in (*APPEND_ONLY_TABLES, "chain"):
            for statement in append_only_triggers(table):
                conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def rebuild_chain(conn: sqlite3.Connection) -> None:
    """What an insider with the published format does: empty the chain and link every row again, in the order
    they were written, with the app's own code (patient links included)."""
    conn.execute("DELETE FROM chain")
    rows: list[tuple[str, str, int]] = []
    for table in APPEND_ONLY_TABLES:
        rows += [(r[1], table, r[0]) for r in conn.execute(f"SELECT id, {RECORDED_AT[table]} FROM {table}")]
    db = Database(conn)
    if not conn.in_transaction:
        conn.execute("BEGIN")
    for _, table, row_id in sorted(rows):
        chain.link(db, table, row_id)


def problems_of(path: Path) -> str:
    report = verify(path)
    assert not report.ok, "verify passed a tampered file"
    return "\n".join(p.message for p in report.problems)


@pytest.fixture
def closed(practice: Practice) -> Practice:
    """The practice, with O'Brien booked once legitimately (with Dr Patel), and no store open on it."""
    with Store(practice.path, clock=FixedClock(NOW)) as store:
        slot = next(
            s for s in store.appointments.day_slots(practice.patel, (NOW + timedelta(days=1)).date()) if s.bookable
        )
        store.appointments.book(
            patient_id=practice.obrien, clinician_id=practice.patel, starts_at=slot.starts_at, by=practice.reception
        )
    return practice


def test_an_untouched_practice_passes_and_says_exactly_what_was_checked(closed: Practice, capsys) -> None:
    assert main(["verify", "--db", str(closed.path)]) == 0
    out = capsys.readouterr().out
    assert "All checks passed. What was checked:" in out
    assert "structure (tables, indexes, triggers) is exactly as the app last left it" in out
    assert "staff account" in out and "concern" in out and "off the list" in out
    assert "booking re-checked against the restrictions in force" in out or "bookings re-checked" in out
    assert "someone with the server's root account can rewrite the whole file" in out


def test_a_removed_do_not_book_target_is_named(closed: Practice, capsys) -> None:
    edit(closed.path, f"DELETE FROM concern_targets WHERE staff_id = {closed.hart_staff}")
    found = problems_of(closed.path)
    assert "Martin O'Brien" in found and "do not book with nobody (recorded: Dr Amelia Hart)" in found
    assert main(["verify", "--db", str(closed.path)]) == 1


@pytest.fixture
def only_with(closed: Practice) -> Practice:
    """Jo Smith: a concern naming Dr Hart, to be booked only with Dr Patel."""
    with Store(closed.path, clock=FixedClock(NOW)) as store:
        store.concerns.open(
            closed.jo,
            kind="amorous_advances",
            targets=[closed.hart_staff],
            chaperone_scope="none",
            review_on=(NOW + timedelta(days=60)).date(),
            allowed=[closed.patel_staff],
            by=closed.manager,
        )
    return closed


def test_a_book_only_with_list_emptied_by_hand_is_named(only_with: Practice) -> None:
    edit(only_with.path, "DELETE FROM concern_allowed")
    found = problems_of(only_with.path)
    assert "Jo Smith" in found and "the book-only-with list is empty (recorded: Dr Rajesh Patel)" in found


def test_a_name_added_to_the_book_only_with_list_by_hand_is_named(only_with: Practice) -> None:
    edit(
        only_with.path,
        f"INSERT INTO concern_allowed (concern_id, staff_id) SELECT concern_id, {only_with.oneill_staff} "
        "FROM concern_allowed",
    )
    assert "the book-only-with list is Dr Rajesh Patel, Grace O'Neill (recorded: Dr Rajesh Patel)" in problems_of(
        only_with.path
    )


def test_a_booking_outside_the_book_only_with_list_slipped_into_the_record_is_judged(only_with: Practice) -> None:
    start = to_db(NOW + timedelta(days=2))
    state = (
        f'{{"chaperone_name":null,"chaperone_required":false,"clinician_id":{only_with.oneill},"minutes":10,'
        f'"patient_id":{only_with.jo},"starts_at":"{start}","status":"booked"}}'
    )
    edit(
        only_with.path,
        "INSERT INTO appointments (id, patient_id, clinician_id, starts_at, booked_at, booked_by) "
        f"VALUES (901, {only_with.jo}, {only_with.oneill}, '{start}', '{to_db(NOW)}', {only_with.reception})",
        "INSERT INTO appointment_changes (appointment_id, patient_id, change, state, recorded_at, account) "
        f"VALUES (901, {only_with.jo}, 'booked', '{state}', '{to_db(NOW + timedelta(seconds=1))}', 'x')",
        rechain=True,
    )
    found = problems_of(only_with.path)
    assert "Appointment 901 (Jo Smith with Grace O'Neill" in found
    assert "an open concern says book this patient only with Dr Rajesh Patel" in found


def test_a_cancelled_appointment_set_back_to_booked_by_hand_is_named(closed: Practice) -> None:
    with Store(closed.path, clock=FixedClock(NOW)) as store:
        [booked] = store.appointments.upcoming_for(closed.obrien)
        store.appointments.cancel(booked.id, reason="Phoned to cancel", by=closed.reception)
    edit(closed.path, f"UPDATE appointments SET status = 'booked' WHERE id = {booked.id}")
    assert "status is 'booked' (recorded: 'cancelled')" in problems_of(closed.path)


def test_a_chaperone_scope_set_to_none_is_named(closed: Practice) -> None:
    edit(closed.path, "UPDATE concerns SET chaperone_scope = 'none' WHERE status = 'open'")
    assert "chaperone scope is 'none' (recorded: 'targets')" in problems_of(closed.path)


def test_a_concern_closed_by_editing_its_row_is_named(closed: Practice) -> None:
    edit(closed.path, f"UPDATE concerns SET status = 'closed' WHERE patient_id = {closed.obrien}")
    assert "status is 'closed' (recorded: 'open')" in problems_of(closed.path)


def test_a_removed_patient_set_back_to_registered_is_named(closed: Practice) -> None:
    edit(closed.path, f"UPDATE patients SET status = 'registered', removed_on = NULL WHERE id = {closed.declan}")
    found = problems_of(closed.path)
    assert "Declan Murphy-Jones" in found and "status is 'registered' (recorded: 'removed')" in found


def test_a_role_promoted_is_named(closed: Practice) -> None:
    edit(closed.path, f"UPDATE staff SET role = 'manager' WHERE id = {closed.reception}")
    assert (
        "'Priya Shah'" in (found := problems_of(closed.path)) and "role is 'manager' (recorded: 'reception')" in found
    )


def test_a_pin_hash_swapped_is_named(closed: Practice) -> None:
    edit(
        closed.path,
        f"UPDATE staff SET pin_hash = (SELECT pin_hash FROM staff WHERE id = {closed.reception}) "
        f"WHERE id = {closed.manager}",
    )
    found = problems_of(closed.path)
    assert "'Margaret Lewis'" in found and "pin is a PIN ending" in found


def test_an_appointment_inserted_by_hand_is_named(closed: Practice) -> None:
    start = to_db(NOW + timedelta(days=2))
    edit(
        closed.path,
        "INSERT INTO appointments (patient_id, clinician_id, starts_at, booked_at, booked_by) "
        f"VALUES ({closed.obrien}, {closed.hart}, '{start}', '{to_db(NOW)}', {closed.reception})",
    )
    assert "no change to this appointment is in the record" in problems_of(closed.path)


def test_a_forbidden_booking_slipped_into_the_record_is_judged_by_the_rules_in_force(closed: Practice) -> None:
    """Even with a forged record row and a rebuilt chain, the booking is judged against the concern it broke."""
    start = to_db(NOW + timedelta(days=2))
    state = (
        f'{{"chaperone_name":null,"chaperone_required":false,"clinician_id":{closed.hart},"minutes":10,'
        f'"patient_id":{closed.obrien},"starts_at":"{start}","status":"booked"}}'
    )
    edit(
        closed.path,
        "INSERT INTO appointments (id, patient_id, clinician_id, starts_at, booked_at, booked_by) "
        f"VALUES (900, {closed.obrien}, {closed.hart}, '{start}', '{to_db(NOW)}', {closed.reception})",
        "INSERT INTO appointment_changes (appointment_id, patient_id, change, state, recorded_at, account) "
        f"VALUES (900, {closed.obrien}, 'booked', '{state}', '{to_db(NOW + timedelta(seconds=1))}', 'x')",
        rechain=True,
    )
    found = problems_of(closed.path)
    assert "Appointment 900 (Martin O'Brien with Dr Amelia Hart" in found
    assert "booked against the rules in force when it was made" in found and "Not with Dr Amelia Hart" in found


def test_triggers_dropped_and_put_back_identically_still_show(closed: Practice) -> None:
    """The 30-line script: drop triggers, edit history, recompute every hash, restore identical triggers."""
    with Store(closed.path, clock=FixedClock(NOW)) as store:
        contact = log_contact(store, closed.obrien, closed.reception, "Letter: 'I will wait for you'")
    edit(closed.path, f"UPDATE contacts SET description = 'A card' WHERE id = {contact}", rechain=True)
    found = problems_of(closed.path)
    assert "structure was changed outside the app" in found and "dropped and created again" in found


@pytest.mark.parametrize("head", ["abc123", "zz" * 20, "0123456789abcdef" * 5, "0123456789abcdef01234567"])
def test_a_short_or_non_hex_head_is_a_typo_not_tampering(closed: Practice, head: str, capsys) -> None:
    assert main(["verify", "--db", str(closed.path), "--head", head]) == 2
    err = capsys.readouterr().err
    assert "is not a valid chain head: give at least 32 of its hex digits" in err
    assert "FAILED" not in err
