"""Finding a patient in a second, whatever was typed, and never a traceback."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boundary_tui.core import lookup
from boundary_tui.core.text import fold
from boundary_tui.store import Store


def names(store: Store, text: str) -> list[str]:
    return [p.full_name for p in store.patients.lookup(text).patients]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("obr", "Martin O'Brien"),
        ("o'bri", "Martin O'Brien"),
        ("O’Brien", "Martin O'Brien"),
        ("OBRIEN", "Martin O'Brien"),
        ("brien", "Martin O'Brien"),
        ("zoe", "Zoë Fairbairn"),
        ("Zoë fair", "Zoë Fairbairn"),
        ("siobhan", "Siobhán Ní Bhriain"),
        ("ni bh", "Siobhán Ní Bhriain"),
        ("smi jo", "Jo Smith"),
        ("jo smi", "Jo Smith"),
        ("jones", "Declan Murphy-Jones"),
        ("murphyj", "Declan Murphy-Jones"),
        ("murphy-jo", "Declan Murphy-Jones"),
    ],
)
def test_names_are_found_by_normalised_prefixes(store: Store, typed: str, expected: str) -> None:
    assert expected in names(store, typed)


@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919", " 9434765919 "])
def test_exact_nhs_number_with_or_without_spaces(store: Store, typed: str) -> None:
    assert names(store, typed) == ["Martin O'Brien"]


def test_partial_nhs_number_lists_matches_as_you_type(store: Store) -> None:
    assert names(store, "943 476") == ["Martin O'Brien"]


@pytest.mark.parametrize("typed", ["14/03/1978", "14/3/1978", "1978-03-14", "14.03.1978"])
def test_date_of_birth_in_british_and_iso_forms(store: Store, typed: str) -> None:
    assert names(store, typed) == ["Martin O'Brien"]


def test_name_and_date_of_birth_together(store: Store) -> None:
    assert names(store, "eve 21/05/1985") == ["Eve Sinclair"]


@pytest.mark.parametrize("typed", ["LS6 2AB", "ls62ab", "Ls6  2aB", "LS6"])
def test_postcode_any_spacing_or_case(store: Store, typed: str) -> None:
    assert "Martin O'Brien" in names(store, typed)


@pytest.mark.parametrize("typed", ["07700 900123", "07700900123", "+44 7700 900123", "07700 9"])
def test_phone_number_in_any_form(store: Store, typed: str) -> None:
    assert names(store, typed) == ["Martin O'Brien"]


def test_empty_search_explains_what_to_type(store: Store) -> None:
    result = store.patients.lookup("   ")
    assert result.patients == ()
    assert "name, date of birth, NHS number" in result.message


def test_unknown_nhs_number_says_so(store: Store) -> None:
    result = store.patients.lookup("999 000 0085")
    assert result.patients == ()
    assert "No patient matches" in result.message


def test_nhs_number_with_a_wrong_check_digit_is_explained(store: Store) -> None:
    result = store.patients.lookup("943 476 5918")
    assert result.patients == ()
    assert "not a valid NHS number" in result.message


def test_impossible_date_is_explained(store: Store) -> None:
    result = store.patients.lookup("31/02/2020")
    assert result.patients == ()
    assert "31/02/2020 is not a real date" in result.message


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "*",
        "AND",
        "a AND b",
        "(",
        ")",
        "-",
        "NOT",
        "NEAR(a b)",
        "o'",
        "'",
        "^",
        ":",
        "smith OR",
        "col:val",
        "\\",
        "%",
        "_",
        "[bold]",
        "\x00",
    ],
)
def test_fts_syntax_typed_into_search_never_raises(store: Store, typed: str) -> None:
    result = store.patients.lookup(typed)
    assert isinstance(result.message, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_text_at_all_gives_an_answer_not_a_traceback(store: Store, text: str) -> None:
    result = store.patients.lookup(text)
    assert len(result.patients) <= 50
    assert isinstance(result.message, str)


def test_results_are_limited_and_say_so(store: Store) -> None:
    from boundary_tui.store.patients import patient_row

    rows = [
        patient_row(
            {"nhs_number": _valid(i), "given_name": "Sam", "family_name": "Taylor", "date_of_birth": date(1980, 1, 1)},
            now="2026-11-23T09:00:00.000000Z",
            by="test",
        )
        for i in range(60)
    ]
    store.patients.insert_rows(rows)
    result = store.patients.lookup("taylor")
    assert len(result.patients) == 50
    assert result.more
    assert "type more" in result.message and "50 of 60" in result.message


def _valid(i: int) -> str:
    from boundary_tui.core.nhs import with_check_digit

    n = 0
    while True:
        number = with_check_digit(f"9991{i:03d}{n:02d}")
        if number:
            return number
        n += 1


def test_parser_never_passes_fts_syntax_through() -> None:
    parsed = lookup.parse('smith" OR "1"="1')
    assert all(term.isalnum() for term in parsed.name_terms)


@given(st.text())
def test_folding_plain_ascii_quickly_folds_the_same(text: str) -> None:
    slow = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    assert fold(text) == slow
