"""Staff accounts in the data layer: lockout, disabling, the first manager, PINs for imported clinicians."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundary_tui.core import lockout
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice


def outcomes(store: Store, staff_id: int) -> list[str]:
    rows = store.db.execute("SELECT outcome FROM sign_in_events WHERE staff_id = ? ORDER BY id", [staff_id])
    return [r[0] for r in rows.fetchall()]


def wrong(store: Store, staff_id: int) -> str:
    with pytest.raises(Refused) as refused:
        store.staff.sign_in(staff_id, "9999")
    return str(refused.value)


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
    for _ in range(lockout.MAX_WRONG_PINS):
        wrong(store, practice.reception)
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(Refused, match="locked"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    clock.advance(seconds=1)
    assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    assert outcomes(store, practice.reception)[-1] == "signed_in"
    times = store.db.execute("SELECT at FROM sign_in_events ORDER BY id").fetchall()
    assert times[-1][0] == "2026-11-23T09:05:00.000000Z"


def test_a_right_pin_resets_the_count_and_the_lock_is_per_account(store: Store, practice: Practice) -> None:
    for _ in range(lockout.MAX_WRONG_PINS - 1):
        wrong(store, practice.reception)
    store.staff.sign_in(practice.reception, RECEPTION_PIN)
    for _ in range(lockout.MAX_WRONG_PINS - 1):
        wrong(store, practice.reception)
    assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    for _ in range(lockout.MAX_WRONG_PINS):
        wrong(store, practice.reception)
    assert store.staff.sign_in(practice.manager, MANAGER_PIN).name == "Margaret Lewis"


def test_the_lockout_counts_across_desks(practice: Practice, clock: FixedClock) -> None:
    """Two desks (two connections) guessing at once still lock after five in total."""
    with Store(practice.path, clock=clock) as one, Store(practice.path, clock=clock) as two:
        for desk in (one, two, one, two):
            wrong(desk, practice.reception)
        assert "locked after 5" in wrong(two, practice.reception)


def test_a_disabled_member_of_staff_is_refused_with_a_clear_message(store: Store, practice: Practice) -> None:
    store.staff.disable(practice.reception, by="command line (it)")
    with pytest.raises(Refused, match="Priya Shah's account was disabled on 23 Nov 2026: it cannot sign in"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert outcomes(store, practice.reception) == ["refused_disabled"]
    with pytest.raises(Refused, match="disabled: nothing was saved"):
        store.staff.actor(practice.reception)


def test_disabling_records_who_and_when(store: Store, practice: Practice) -> None:
    store.staff.disable(practice.reception, by="command line (jsmith)")
    [account] = [a for a in store.staff.accounts() if a.staff.id == practice.reception]
    assert account.disabled_at == NOW and account.disabled_by == "command line (jsmith)"
    with pytest.raises(Refused, match="already disabled"):
        store.staff.disable(practice.reception, by="again")


def test_the_last_manager_who_can_sign_in_cannot_be_disabled(store: Store, practice: Practice) -> None:
    with pytest.raises(Refused, match="only manager who can sign in"):
        store.staff.disable(practice.manager, by="test")
    store.staff.add("Dr Senior Partner", "manager", "5678", by="test")
    store.staff.disable(practice.manager, by="test")
    assert store.staff.get(practice.manager).disabled  # type: ignore[union-attr]


def test_enrolling_an_imported_clinician_gives_them_a_pin_instead_of_refusing(store: Store, practice: Practice) -> None:
    staff, created = store.staff.enrol("dr amelia hart", "manager", "4321", by="test")
    assert not created and staff.id == practice.hart_staff and staff.role == "manager"
    assert store.staff.sign_in(practice.hart_staff, "4321").name == "Dr Amelia Hart"
    assert store.clinicians.get(practice.hart) is not None  # still bookable


@pytest.mark.parametrize(
    ("name", "pin", "problem"),
    [
        ("Ann Jones", "12a4", "digits only"),
        ("Ann Jones", "123", "at least 4 digits"),
        ("Ann Jones", "", "Enter a PIN"),
        ("", "1234", "empty"),
    ],
)
def test_enrolling_refuses_bad_pins_and_names(store: Store, name: str, pin: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        store.staff.enrol(name, "reception", pin, by="test")
    assert store.staff.by_name("Ann Jones") is None


def test_enrolling_someone_who_can_already_sign_in_is_refused(store: Store) -> None:
    with pytest.raises(Invalid, match="can already sign in"):
        store.staff.enrol("Priya Shah", "reception", "1357", by="test")


def test_the_first_manager_only_on_a_database_nobody_can_sign_in_to(tmp_path: Path, store: Store) -> None:
    with pytest.raises(Refused, match="already set up"):
        store.staff.create_first_manager("Mallory Intruder", "1234")
    assert store.staff.by_name("Mallory Intruder") is None
    with Store(tmp_path / "empty.db", clock=FixedClock(NOW)) as empty:
        assert empty.staff.needs_first_manager()
        manager = empty.staff.create_first_manager("Margaret Lewis", "2468")
        assert manager.is_manager and not empty.staff.needs_first_manager()
        with pytest.raises(Refused, match="already set up"):
            empty.staff.create_first_manager("Someone Else", "1357")


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
