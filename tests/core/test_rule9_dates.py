"""Rule 9's dates: a warning's lapse, the removal confirmation deadline, an SPO's minimum length."""

from __future__ import annotations

from datetime import date

from boundary_tui.core import removal


def test_warning_lapses_after_twelve_months() -> None:
    assert removal.warning_lapses_on(date(2026, 1, 15)) == date(2027, 1, 15)
    assert removal.warning_lapses_on(date(2024, 2, 29)) == date(2025, 2, 28)
    assert removal.warning_is_current(date(2026, 1, 15), date(2027, 1, 14))
    assert not removal.warning_is_current(date(2026, 1, 15), date(2027, 1, 15))


def test_immediate_removal_confirmation_within_seven_days() -> None:
    assert removal.confirmation_due_on(date(2026, 11, 23)) == date(2026, 11, 30)


def test_spo_lasts_at_least_two_years() -> None:
    assert removal.spo_minimum_expiry(date(2026, 3, 1)) == date(2028, 3, 1)
