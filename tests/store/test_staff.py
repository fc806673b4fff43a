"""Sign-in: PINs hashed, wrong PINs refused plainly, outcomes recorded."""

from __future__ import annotations

import pytest

from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice


def test_sign_in_with_the_right_pin(store: Store, practice: Practice) -> None:
    staff = store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert staff.name == "Priya Shah" and staff.role == "reception"


def test_wrong_pin_gets_a_clear_message_and_is_recorded(store: Store, practice: Practice) -> None:
    with pytest.raises(Refused, match="That PIN is not right for Priya Shah"):
        store.staff.sign_in(practice.reception, MANAGER_PIN)
    outcomes = [r[0] for r in store.db.execute("SELECT outcome FROM sign_in_events").fetchall()]
    assert outcomes == ["wrong_pin"]


def test_pins_are_never_stored_plain(store: Store) -> None:
    for (stored,) in store.db.execute("SELECT pin_hash FROM staff WHERE pin_hash IS NOT NULL").fetchall():
        assert stored.startswith("scrypt$")
        assert RECEPTION_PIN not in stored.split("$")[-1][:8]


def test_disabled_account_cannot_sign_in(store: Store, practice: Practice) -> None:
    store.db.execute("UPDATE staff SET disabled_at = '2026-11-01T00:00:00.000000Z' WHERE id = ?", [practice.reception])
    with pytest.raises(Refused, match="disabled"):
        store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert practice.reception not in [s.id for s in store.staff.can_sign_in()]


def test_clinicians_without_a_pin_are_not_offered_at_sign_in(store: Store) -> None:
    offered = {s.name for s in store.staff.can_sign_in()}
    assert offered == {"Margaret Lewis", "Priya Shah"}


@pytest.mark.parametrize(
    ("name", "role", "pin", "field"),
    [
        ("", "reception", "4815", "name"),
        ("Ann", "boss", "4815", "role"),
        ("Ann", "reception", "12a4", "pin"),
        ("Ann", "reception", "123", "pin"),
        ("Priya Shah", "reception", "4815", "name"),
    ],
)
def test_bad_accounts_are_refused_per_field(store: Store, name: str, role: str, pin: str, field: str) -> None:
    with pytest.raises(Invalid) as invalid:
        store.staff.add(name, role, pin, by="test")
    assert field in invalid.value.problems


def test_odd_names_are_fine(store: Store) -> None:
    for name in ("Siobhán Ó Súilleabháin", "Zoë D'Arcy-Smith", "[b]Bold[/b]"):
        assert store.staff.add(name, "reception", "4815", by="test").name == name
