"""Staff accounts in the data layer: lock-outs, disabling, the first manager, setup codes, PIN changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundary_tui.core import lockout
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store
from boundary_tui.store.staff import SetupCodeAccepted
from boundary_tui.store.verify import verify
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice


def outcomes(store: Store, staff_id: int) -> list[str]:
    rows = store.db.execute("SELECT outcome FROM sign_in_events WHERE staff_id = ? ORDER BY id", [staff_id])
    return [r[0] for r in rows.fetchall()]


def wrong(store: Store, staff_id: int) -> str:
    with pytest.raises(Refused) as refused:
        store.staff.sign_in(staff_id, "9183")
    return str(refused.value)


def lock_out(store: Store, staff_id: int) -> str:
    """Five wrong PINs; the last message."""
    return [wrong(store, staff_id) for _ in range(lockout.MAX_WRONG_PINS)][-1]


def staff_changes(store: Store, staff_id: int) -> list[tuple[str, int | None, str]]:
    rows = store.db.execute(
        "SELECT change, recorded_by, reason FROM staff_changes WHERE staff_id = ? ORDER BY id", [staff_id]
    )
    return [tuple(r) for r in rows.fetchall()]


def test_five_wrong_pins_lock_the_account_and_even_the_right_pin_is_refused(store: Store, practice: Practice) -> None:
    messages = [wrong(store, practice.reception) for _ in range(lockout.MAX_WRONG_PINS)]
    assert "Try again." in messages[0]
    assert "one more wrong PIN will lock the account for 5 minutes" in messages[3]
    assert "locked after 5 wrong PINs, until 09:05 (in 5 minutes)" in messages[4]
    with pytest.raises(Refused, match="locked after 5 wrong PINs, until 09:05"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert outcomes(store, practice.reception) == ["wrong_pin"] * 5 + ["locked", "refused_locked"]


def test_the_lock_lifts_after_five_minutes_of_the_stores_clock(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    lock_out(store, practice.reception)
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(Refused, match="locked"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    clock.advance(seconds=1)
    assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    assert outcomes(store, practice.reception)[-1] == "signed_in"
    times = store.db.execute("SELECT at FROM sign_in_events ORDER BY id").fetchall()
    assert times[-1][0] == "2026-11-23T09:05:00.000000Z"


def test_lock_outs_grow_until_a_manager_must_lift_the_lock(store: Store, practice: Practice, clock: FixedClock) -> None:
    """Five wrong PINs every five minutes no longer keep someone locked out for ever at no cost."""
    assert "until 09:05" in lock_out(store, practice.manager)
    clock.advance(minutes=5)
    for _ in range(3):
        wrong(store, practice.manager)
    assert "one more wrong PIN will lock the account for 15 minutes" in wrong(store, practice.manager)
    assert "locked after 10 wrong PINs, until 09:20" in wrong(store, practice.manager)
    clock.advance(minutes=15)
    assert "locked after 15 wrong PINs, until 10:20 (in an hour)" in lock_out(store, practice.manager)
    clock.advance(hours=1)
    for _ in range(4):
        message = wrong(store, practice.manager)
    assert "one more wrong PIN will lock the account until a practice manager lifts it" in message
    assert "locked after 20 wrong PINs: ask a practice manager to lift the lock" in wrong(store, practice.manager)
    clock.advance(days=30)
    with pytest.raises(Refused, match="ask a practice manager to lift the lock"):
        store.staff.sign_in(practice.manager, MANAGER_PIN)
    state = store.staff.lock_state(practice.manager)
    assert state.held and state.lockouts == 4 and state.wrong_in_run == 20


def test_a_right_pin_between_lock_outs_starts_the_count_again(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    for _ in range(3):
        lock_out(store, practice.reception)
        clock.advance(hours=1)
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert "until 12:05 (in 5 minutes)" in lock_out(store, practice.reception)


def test_a_right_pin_resets_the_count_and_the_lock_is_per_account(store: Store, practice: Practice) -> None:
    for _ in range(lockout.MAX_WRONG_PINS - 1):
        wrong(store, practice.reception)
    store.staff.sign_in(practice.reception, RECEPTION_PIN)
    for _ in range(lockout.MAX_WRONG_PINS - 1):
        wrong(store, practice.reception)
    assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    lock_out(store, practice.reception)
    assert store.staff.sign_in(practice.manager, MANAGER_PIN).name == "Margaret Lewis"


def test_the_lock_is_derived_from_the_record_not_from_a_counter_anyone_can_reset(
    store: Store, practice: Practice
) -> None:
    lock_out(store, practice.reception)
    store.db.execute("UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = ?", [practice.reception])
    with pytest.raises(Refused, match="locked after 5 wrong PINs"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)


def test_the_lockout_counts_across_desks(practice: Practice, clock: FixedClock) -> None:
    """Two desks (two connections) guessing at once still lock after five in total."""
    with Store(practice.path, clock=clock) as one, Store(practice.path, clock=clock) as two:
        for desk in (one, two, one, two):
            wrong(desk, practice.reception)
        assert "locked after 5" in wrong(two, practice.reception)


def test_a_manager_lifts_a_lock_and_the_record_says_who(store: Store, practice: Practice, clock: FixedClock) -> None:
    lock_out(store, practice.reception)
    [(staff, state)] = store.staff.lockouts()
    assert staff.id == practice.reception and state.lockouts == 1
    with pytest.raises(Refused, match="Only a practice manager can lift a lock-out"):
        store.staff.lift_lock(practice.reception, by="Priya", by_id=practice.reception)
    store.staff.lift_lock(practice.reception, by="Margaret Lewis, at the desk", by_id=practice.manager)
    assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    assert outcomes(store, practice.reception)[-2:] == ["lock_lifted", "signed_in"]
    assert staff_changes(store, practice.reception)[-1] == (
        "lock_lifted",
        practice.manager,
        "Margaret Lewis, at the desk",
    )
    assert store.staff.lockouts() == []
    with pytest.raises(Refused, match="not locked out"):
        store.staff.lift_lock(practice.reception, by="again", by_id=practice.manager)
    assert verify(practice.path).ok


def test_a_disabled_member_of_staff_is_refused_with_a_clear_message(store: Store, practice: Practice) -> None:
    store.staff.disable(practice.reception, by="command line (it)")
    with pytest.raises(Refused, match="Priya Shah's account was disabled on 23 Nov 2026: it cannot sign in"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert outcomes(store, practice.reception) == ["refused_disabled"]
    with pytest.raises(Refused, match="disabled: nothing was saved"):
        store.staff.actor(practice.reception)


def test_disabling_records_who_and_when(store: Store, practice: Practice) -> None:
    store.staff.disable(practice.reception, by="Margaret Lewis (practice manager)", by_id=practice.manager)
    [account] = [a for a in store.staff.accounts() if a.staff.id == practice.reception]
    assert account.disabled_at == NOW and account.disabled_by == "Margaret Lewis (practice manager)"
    assert staff_changes(store, practice.reception)[-1][:2] == ("disabled", practice.manager)
    with pytest.raises(Refused, match="already disabled"):
        store.staff.disable(practice.reception, by="again")


def test_the_last_manager_who_can_sign_in_cannot_be_disabled(store: Store, practice: Practice) -> None:
    with pytest.raises(Refused, match="only manager who can sign in"):
        store.staff.disable(practice.manager, by="test")
    store.staff.add("Dr Senior Partner", "manager", "847293", by="test")
    store.staff.disable(practice.manager, by="test")
    assert store.staff.get(practice.manager).disabled  # type: ignore[union-attr]


# -- setup codes: nobody knows anyone else's PIN ------------------------------------------


def test_a_new_account_gets_a_setup_code_and_its_owner_chooses_the_pin(store: Store, practice: Practice) -> None:
    issued = store.staff.enrol("Ben Clarke", "reception", by="Margaret Lewis", by_id=practice.manager)
    assert issued.created and len(issued.code) == 8 and issued.code.isdigit()
    assert issued.expires == NOW.replace(day=24)
    ben = issued.staff
    assert ben.setup_pending and ben in store.staff.can_sign_in()
    stored = store.db.execute("SELECT pin_hash FROM staff WHERE id = ?", [ben.id]).fetchone()[0]
    assert issued.code not in stored and stored.startswith("setup$")

    with pytest.raises(SetupCodeAccepted) as accepted:
        store.staff.sign_in(ben.id, issued.code)
    assert accepted.value.staff.id == ben.id
    with pytest.raises(Invalid, match="too easy to guess"):
        store.staff.complete_setup(ben.id, issued.code, "1234")
    with pytest.raises(Invalid, match="not the setup code"):
        store.staff.complete_setup(ben.id, issued.code, issued.code)
    assert store.staff.complete_setup(ben.id, issued.code, "3917").name == "Ben Clarke"

    assert not store.staff.get(ben.id).setup_pending  # type: ignore[union-attr]
    assert store.staff.sign_in(ben.id, "3917").name == "Ben Clarke"
    with pytest.raises(Refused, match="not right"):
        store.staff.sign_in(ben.id, issued.code)  # used up
    assert staff_changes(store, ben.id) == [
        ("added", practice.manager, "Margaret Lewis: setup code issued"),
        ("pin_set", ben.id, "chose their own PIN with a setup code"),
    ]
    assert outcomes(store, ben.id) == [
        "setup_code_issued",
        "setup_code_accepted",
        "signed_in",
        "signed_in",
        "wrong_pin",
    ]
    assert verify(practice.path).ok


def test_a_setup_code_stops_working_after_24_hours_and_an_expired_one_is_not_a_guess(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    issued = store.staff.enrol("Ben Clarke", "reception", by="test")
    clock.advance(hours=24)
    with pytest.raises(Refused, match="setup code for Ben Clarke stopped working at 09:00"):
        store.staff.sign_in(issued.staff.id, issued.code)
    with pytest.raises(Refused, match="stopped working"):
        store.staff.complete_setup(issued.staff.id, issued.code, "3917")
    assert store.staff.lock_state(issued.staff.id).wrong_pins == 0
    with pytest.raises(Refused, match="not right for Ben Clarke"):
        store.staff.sign_in(issued.staff.id, "00000000")


def test_a_forgotten_pin_gets_a_setup_code_which_ends_the_lock_out(store: Store, practice: Practice) -> None:
    lock_out(store, practice.reception)
    issued = store.staff.issue_setup_code(practice.reception, by="Margaret Lewis", by_id=practice.manager)
    with pytest.raises(Refused, match="not right"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)  # the old PIN is gone
    with pytest.raises(SetupCodeAccepted):
        store.staff.sign_in(practice.reception, issued.code)
    store.staff.complete_setup(practice.reception, issued.code, "6284")
    assert store.staff.sign_in(practice.reception, "6284").name == "Priya Shah"
    assert [c[:2] for c in staff_changes(store, practice.reception)[-2:]] == [
        ("pin_reset", practice.manager),
        ("pin_set", practice.reception),
    ]
    with pytest.raises(Refused, match="Only a practice manager can issue a setup code"):
        store.staff.issue_setup_code(practice.manager, by="Priya", by_id=practice.reception)


def test_enrolling_an_imported_clinician_gives_them_a_setup_code_instead_of_refusing(
    store: Store, practice: Practice
) -> None:
    issued = store.staff.enrol("dr amelia hart", "manager", by="test")
    assert not issued.created and issued.staff.id == practice.hart_staff and issued.staff.role == "manager"
    with pytest.raises(Invalid, match="A manager's PIN has at least 6 digits"):
        store.staff.complete_setup(practice.hart_staff, issued.code, "3917")
    assert store.staff.complete_setup(practice.hart_staff, issued.code, "391745").name == "Dr Amelia Hart"
    assert store.clinicians.get(practice.hart) is not None  # still bookable


def test_enrolling_refuses_bad_names_and_anyone_who_can_already_sign_in(store: Store) -> None:
    with pytest.raises(Invalid, match="empty"):
        store.staff.enrol("", "reception", by="test")
    with pytest.raises(Invalid, match="can already sign in"):
        store.staff.enrol("Priya Shah", "reception", by="test")


# -- changing your own PIN --------------------------------------------------------------


def test_staff_change_their_own_pin_and_the_record_says_they_did(store: Store, practice: Practice) -> None:
    changed = store.staff.change_pin(practice.reception, RECEPTION_PIN, "6284")
    assert changed.name == "Priya Shah"
    assert store.staff.sign_in(practice.reception, "6284").name == "Priya Shah"
    assert staff_changes(store, practice.reception)[-1][:2] == ("pin_changed", practice.reception)
    assert verify(practice.path).ok


@pytest.mark.parametrize(
    ("staff", "current", "new", "field", "problem"),
    [
        ("reception", "", "6284", "current", "Type your current PIN"),
        ("reception", RECEPTION_PIN, "1212", "pin", "repeated pattern"),
        ("reception", RECEPTION_PIN, "0512", "pin", "date or a year"),
        ("reception", RECEPTION_PIN, RECEPTION_PIN, "pin", "That is your current PIN"),
        ("manager", MANAGER_PIN, "3917", "pin", "A manager's PIN has at least 6 digits"),
        ("reception", "9183", "6284", "current", "That PIN is not right for Priya Shah"),
    ],
)
def test_a_pin_change_is_refused_plainly(
    store: Store, practice: Practice, staff: str, current: str, new: str, field: str, problem: str
) -> None:
    staff_id = practice.manager if staff == "manager" else practice.reception
    with pytest.raises(Invalid) as invalid:
        store.staff.change_pin(staff_id, current, new)
    assert problem in invalid.value.problems[field]


def test_a_wrong_current_pin_counts_towards_the_lock_out(store: Store, practice: Practice) -> None:
    for _ in range(lockout.MAX_WRONG_PINS):
        with pytest.raises(Invalid):
            store.staff.change_pin(practice.reception, "9183", "6284")
    with pytest.raises(Refused, match="locked after 5 wrong PINs"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)


# -- the first manager --------------------------------------------------------------------


def test_the_first_manager_only_on_a_database_nobody_can_sign_in_to(tmp_path: Path, store: Store) -> None:
    with pytest.raises(Refused, match="already set up"):
        store.staff.create_first_manager("Mallory Intruder", "847293")
    assert store.staff.by_name("Mallory Intruder") is None
    with Store(tmp_path / "empty.db", clock=FixedClock(NOW)) as empty:
        assert empty.staff.needs_first_manager() and empty.staff.managers_who_can_vouch() == []
        with pytest.raises(Invalid, match="A manager's PIN has at least 6 digits"):
            empty.staff.create_first_manager("Margaret Lewis", "3917")
        manager = empty.staff.create_first_manager("Margaret Lewis", "847293")
        assert manager.is_manager and not empty.staff.needs_first_manager()
        assert empty.staff.managers_who_can_vouch() == [manager]
        with pytest.raises(Refused, match="already set up"):
            empty.staff.create_first_manager("Someone Else", "638104")


def test_a_manager_held_locked_cannot_vouch(store: Store, practice: Practice, clock: FixedClock) -> None:
    for _ in range(lockout.HELD_FROM):
        lock_out(store, practice.manager)
        clock.advance(hours=2)
    assert store.staff.managers_who_can_vouch() == []
    store.staff.lift_lock(practice.manager, by="the service account root", by_id=None)
    assert [m.id for m in store.staff.managers_who_can_vouch()] == [practice.manager]


def test_a_version_2_database_gains_who_disabled_an_account(tmp_path: Path) -> None:
    from boundary_tui.store.connection import open_database
    from boundary_tui.store.schema import LATEST_VERSION, migrate, version_of

    path = tmp_path / "v2.db"
    db = open_database(path)
    migrate(db, target=2)
    db.execute(
        """INSERT INTO staff (name, role, created_at, created_by, disabled_at)
           VALUES ('Old Hand', 'reception', 'x', 'x', '2026-01-05T09:00:00.000000Z')"""
    )
    db.close()
    with Store(path, clock=FixedClock(NOW)) as store:
        assert version_of(store.db) == LATEST_VERSION >= 3
        [account] = store.staff.accounts()
        assert account.staff.name == "Old Hand" and account.staff.disabled and account.disabled_by is None
