"""PINs people cannot be trusted to choose well, setup codes, and lock-outs that grow (pure rules)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundary_tui.core import lockout, pin
from boundary_tui.core.lockout import Attempt, after_wrong_pin, lock_length, state_of
from boundary_tui.core.pin import (
    SETUP_CODE_DIGITS,
    hash_setup_code,
    new_setup_code,
    pin_problem,
    setup_code_expires,
    verify_pin,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("pin", "why"),
    [
        ("0000", "One digit repeated"),
        ("1111", "One digit repeated"),
        ("999999", "One digit repeated"),
        ("1234", "Digits in a row"),
        ("4321", "Digits in a row"),
        ("123456", "Digits in a row"),
        ("7890", "Digits in a row"),
        ("2468", "Digits in a row"),
        ("97531", "Digits in a row"),
        ("1212", "repeated pattern"),
        ("1122", "repeated pattern"),
        ("123123", "repeated pattern"),
        ("2512", "date or a year"),  # 25 December
        ("1225", "date or a year"),  # December 25th
        ("2902", "date or a year"),  # a leap day
        ("1984", "date or a year"),
        ("2031", "date or a year"),
        ("140378", "date or a year"),  # DDMMYY
        ("031478", "date or a year"),  # MMDDYY
        ("780314", "date or a year"),  # YYMMDD
        ("14031978", "date or a year"),
        ("19780314", "date or a year"),
        ("2580", "most used"),
        ("159753", "most used"),
    ],
)
def test_common_pins_are_refused_with_a_plain_reason(pin: str, why: str) -> None:
    problem = pin_problem(pin)
    assert problem is not None and why in problem


@pytest.mark.parametrize("pin", ["4815", "3917", "6284", "9183", "3002", "3113", "1899", "8350", "947261"])
def test_ordinary_pins_are_accepted(pin: str) -> None:
    assert pin_problem(pin) is None


def test_a_managers_pin_has_at_least_six_digits() -> None:
    assert pin_problem("4815", "manager") == "A manager's PIN has at least 6 digits."
    assert pin_problem("4815", "reception") is None and pin_problem("4815", "clinician") is None
    assert pin_problem("947261", "manager") is None
    assert "too easy" in (pin_problem("123456", "manager") or "")


def test_the_reason_never_depends_on_the_pin_typed() -> None:
    """It may be read on a screen facing the public: one of a few fixed sentences, never the digits."""
    reasons = {pin_problem(f"{n:04d}") for n in range(10_000)} | {pin_problem(f"{n:06d}") for n in range(0, 10**6, 7)}
    assert len(reasons) == 6  # None and five reasons


@given(st.text(alphabet="0123456789", min_size=4, max_size=12))
def test_any_digits_get_an_answer_never_an_error(pin: str) -> None:
    assert pin_problem(pin) is None or pin_problem(pin, "manager") is not None


def test_a_setup_code_is_random_stored_hashed_with_its_expiry() -> None:
    codes = {new_setup_code() for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) == SETUP_CODE_DIGITS and c.isdigit() and pin_problem(c) is None for c in codes)
    code = codes.pop()
    stored = hash_setup_code(code, expires=NOW + timedelta(hours=24))
    assert code not in stored and stored.startswith("setup$")
    assert setup_code_expires(stored) == NOW + timedelta(hours=24)
    assert verify_pin(code, stored) and not verify_pin("12345678", stored)
    assert setup_code_expires("scrypt$16384$8$1$00$00") is None and setup_code_expires(None) is None
    assert setup_code_expires("setup$junk$scrypt$") is not None  # unreadable: long expired, never "a PIN"
    assert not verify_pin(code, "setup$junk")


# -- lock-outs --------------------------------------------------------------------------


def wrong_pins(state: lockout.LockState, count: int, at: datetime) -> tuple[lockout.LockState, list[bool]]:
    locks = []
    for _ in range(count):
        state, locked = after_wrong_pin(state, at)
        locks.append(locked)
    return state, locks


def test_lock_outs_grow_5_15_60_minutes_then_until_a_manager_lifts_it() -> None:
    assert [lock_length(n) for n in (1, 2, 3, 4, 5)] == [
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(hours=1),
        None,
        None,
    ]
    state, locks = wrong_pins(lockout.LockState(), 5, NOW)
    assert locks == [False] * 4 + [True]
    assert state.locked_until == NOW + timedelta(minutes=5) and state.is_locked(NOW)
    assert not state.is_locked(NOW + timedelta(minutes=5))
    later = NOW + timedelta(minutes=5)
    state, _ = wrong_pins(state, 5, later)
    assert state.lockouts == 2 and state.locked_until == later + timedelta(minutes=15)
    state, _ = wrong_pins(state, 5, later)
    state, _ = wrong_pins(state, 5, later)
    assert state.held and state.locked_until is None and state.is_locked(later + timedelta(days=365))
    assert state.wrong_in_run == 20 and state.run_began == NOW


def test_the_state_is_folded_from_the_events_and_a_right_pin_or_a_lift_ends_the_run() -> None:
    events = [Attempt("wrong_pin", NOW)] * 5 + [Attempt("locked", NOW), Attempt("refused_locked", NOW)]
    state = state_of(events)
    assert (state.lockouts, state.wrong_pins, state.wrong_in_run) == (1, 0, 5)
    endings = ("signed_in", "lock_lifted", "pin_changed", "setup_code_issued", "pin_reset by command line (it)")
    for ending in endings:
        assert state_of([*events, Attempt(ending, NOW)]) == lockout.LockState()
    before, locked = after_wrong_pin(state_of(events[:4]), NOW)
    assert locked and before == state_of(events[:6])  # what the store records folds back to what it decided


def test_messages_say_how_long_and_what_the_next_lock_will_do() -> None:
    state, _ = wrong_pins(lockout.LockState(), 4, NOW)
    assert lockout.wrong_pin_message("Priya Shah", state, NOW, locked=False) == (
        "That PIN is not right for Priya Shah. Try again: one more wrong PIN will lock the account for 5 minutes."
    )
    state, _ = wrong_pins(state, 15, NOW)  # lock-outs 1-3, then four more wrong PINs
    message = lockout.wrong_pin_message("Priya Shah", state, NOW, locked=False)
    assert message.endswith("one more wrong PIN will lock the account until a practice manager lifts it.")
    state, _ = wrong_pins(state, 1, NOW)
    assert lockout.locked_message("Priya Shah", state, NOW) == (
        "Priya Shah's account is locked after 20 wrong PINs: ask a practice manager to lift the lock."
    )
    assert lockout.queue_text(state, NOW) == (
        "Locked after 20 wrong PINs since 09:00 (held until a manager lifts it): lift the lock"
    )


def test_the_queue_says_when_a_lock_ended_and_what_the_next_one_does() -> None:
    state, _ = wrong_pins(lockout.LockState(), 5, NOW)
    assert lockout.queue_text(state, NOW + timedelta(minutes=1)) == (
        "Locked after 5 wrong PINs since 09:00 (until 09:05): lift the lock"
    )
    assert lockout.queue_text(state, NOW + timedelta(days=1)) == (
        "Locked after 5 wrong PINs since 23 Nov 09:00 (lock ended 09:05; the next lasts 15 minutes): lift the lock"
    )


# -- scrypt in a child process (a desk's peak memory: core/pin.py `_scrypt`) ----------------


def test_scrypt_is_worked_out_in_a_child_process_and_matches_hashlib(monkeypatch: pytest.MonkeyPatch) -> None:
    salt = bytes(range(16))
    expected = hashlib.scrypt(b"482913", salt=salt, n=2**14, r=8, p=1)
    in_process: list[bytes] = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: in_process.append(a[0]) or real(*a, **k))
    assert pin._scrypt(b"482913", salt, 2**14, 8, 1) == expected
    assert in_process == []  # the 16 MB scratch was the child's
    stored = pin.hash_pin("482913")
    assert pin.verify_pin("482913", stored) and not pin.verify_pin("482914", stored)
    assert in_process == []


def test_scrypt_without_a_child_is_worked_out_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes(*args: object, **kwargs: object) -> object:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pin.subprocess, "run", no_processes)
    salt = b"\x01" * 16
    assert pin._scrypt(b"1357", salt, 2**10, 8, 1) == hashlib.scrypt(b"1357", salt=salt, n=2**10, r=8, p=1)


def test_scrypt_without_a_child_on_a_desk_without_openssls_hashlib_is_openssls(monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk's hashlib was loaded without OpenSSL (`boundary_tui/commands/without_openssl.py`): it has no `scrypt`."""

    def no_processes(*args: object, **kwargs: object) -> object:
        raise OSError(11, "Resource temporarily unavailable")

    expected = hashlib.scrypt(b"1357", salt=b"\x02" * 16, n=2**10, r=8, p=1)
    monkeypatch.setattr(pin.subprocess, "run", no_processes)
    monkeypatch.delattr(pin.hashlib, "scrypt")
    assert pin._scrypt(b"1357", b"\x02" * 16, 2**10, 8, 1) == expected


@pytest.mark.parametrize("stored", ["scrypt$3$8$1$00$00", "scrypt$0$8$1$00$00", "scrypt$16384$0$1$00$00"])
def test_parameters_scrypt_refuses_never_match_and_never_raise(stored: str) -> None:
    assert pin.verify_pin("1357", stored) is False
