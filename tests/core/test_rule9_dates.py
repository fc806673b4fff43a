"""Rule 9's dates, and the vocabulary shared by the schema and the screens."""

from __future__ import annotations

from datetime import date

from boundary_tui.core import models, removal
from boundary_tui.store import schema


def test_warning_lapses_after_twelve_months() -> None:
    assert removal.warning_lapses_on(date(2026, 1, 15)) == date(2027, 1, 15)
    assert removal.warning_lapses_on(date(2024, 2, 29)) == date(2025, 2, 28)
    assert removal.warning_is_current(date(2026, 1, 15), date(2027, 1, 14))
    assert not removal.warning_is_current(date(2026, 1, 15), date(2027, 1, 15))


def test_immediate_removal_confirmation_within_seven_days() -> None:
    assert removal.confirmation_due_on(date(2026, 11, 23)) == date(2026, 11, 30)


def test_spo_lasts_at_least_two_years() -> None:
    assert removal.spo_minimum_expiry(date(2026, 3, 1)) == date(2028, 3, 1)


def test_labels_cover_exactly_what_the_database_accepts() -> None:
    assert tuple(models.CONTACT_CHANNELS) == schema.CONTACT_CHANNELS
    assert tuple(models.ACTION_KINDS) == schema.ACTION_KINDS
    assert tuple(models.CONCERN_KINDS) == schema.CONCERN_KINDS
