"""NHS numbers, dates and times, PINs and literal text: the small rules everything else leans on."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundary_tui.core import nhs, postcode
from boundary_tui.core.pin import hash_pin, pin_problem, verify_pin
from boundary_tui.core.text import printable, search_key
from boundary_tui.core.times import DateProblem, age_on, from_db, parse_date, parse_london_datetime, show, to_db


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "9990000026"])
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs.problem(number) is None


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("9434765918", "check digit"),
        ("0000000000", "not in a range"),
        ("94347659", "10 digits"),
        ("94347659190", "10 digits"),
        ("abcdefghij", "must be 10 digits"),
        ("", "Enter an NHS number"),
        ("٩٤٣٤٧٦٥٩١٩", "must be 10 digits"),
    ],
)
def test_invalid_nhs_numbers_say_why(number: str, why: str) -> None:
    assert why in (nhs.problem(number) or "")


def test_nhs_number_shown_3_3_4() -> None:
    assert nhs.format_nhs("9434765919") == "943 476 5919"


@pytest.mark.parametrize("text", ["31/02/2020", "29/02/2023", "00/01/2020", "2020-13-01"])
def test_impossible_dates_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(DateProblem, match="not a real date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["", "tomorrow", "12/2020", "1/2/20"])
def test_non_dates_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(DateProblem):
        parse_date(text)


def test_dates_both_ways() -> None:
    assert parse_date("29/02/2024") == parse_date("2024-02-29") == date(2024, 2, 29)


def test_spring_forward_gap_is_explained() -> None:
    with pytest.raises(DateProblem, match="clocks went forward"):
        parse_london_datetime("29/03/2026 01:30")


def test_london_times_are_stored_as_utc() -> None:
    assert parse_london_datetime("01/07/2026 14:30") == datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
    assert parse_london_datetime("01/12/2026 14:30") == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


def test_stored_times_round_trip_and_sort_as_text() -> None:
    a, b = datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert from_db(to_db(a)) == a
    assert to_db(a) < to_db(b)
    assert show(b) == "Sun 29 Mar 2026 02:00"  # BST began at 01:00 UTC


def test_age() -> None:
    assert age_on(date(1978, 3, 14), date(2026, 3, 13)) == 47
    assert age_on(date(1978, 3, 14), date(2026, 3, 14)) == 48


@pytest.mark.parametrize(
    ("pin", "ok"), [("4815", True), ("1234", False), ("123", False), ("12a4", False), ("", False), ("１２３４", False)]
)
def test_pin_rules(pin: str, ok: bool) -> None:
    assert (pin_problem(pin) is None) is ok


def test_pins_are_hashed_and_checked() -> None:
    stored = hash_pin("2468")
    assert "2468" not in stored and stored.startswith("scrypt$")
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("2468", "junk")


@pytest.mark.parametrize(
    ("typed", "canonical"), [("sw1a1aa", "SW1A 1AA"), ("LS6  2AB", "LS6 2AB"), ("m14 5rt", "M14 5RT"), ("nope", None)]
)
def test_postcodes(typed: str, canonical: str | None) -> None:
    assert postcode.normalise(typed) == canonical


def test_search_key_indexes_joined_and_split_forms() -> None:
    assert search_key("Martin", "O'Brien") == "martin o brien obrien"
    assert search_key("Zoë", "Smith-Jones") == "zoe smith jones smithjones"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "␛[2J"),
        ("a\x00b", "a␀b"),
        ("\x9b31m", "\\x9b31m"),
        ("[@click=app.quit]Eve[/]", "[@click=app.quit]Eve[/]"),
        ("\ud800", "\ufffd"),
    ],
)
def test_printable_makes_control_characters_visible(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@given(st.text())
def test_printable_never_emits_a_control_character(text: str) -> None:
    out = printable(text)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in out)
    assert not any(0x7F <= ord(c) <= 0x9F for c in out)
    out.encode("utf-8")  # no lone surrogates left
