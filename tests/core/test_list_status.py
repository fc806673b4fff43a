"""Rule 9 in words: warning and its lapse, police report, removal deadline, SPO (and on the banner)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from boundary_tui.core.actions import Action
from boundary_tui.core.list_status import list_status
from boundary_tui.core.models import Patient
from boundary_tui.core.restriction import Restriction

TODAY = date(2026, 11, 23)
PATIENT = Patient(1, "9434765919", "Martin", "O'Brien", date(1978, 3, 14), "LS6 2AB")


def action(kind: str, day: date, **fields: object) -> Action:
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return Action(
        id=hash((kind, day)) % 10_000,
        patient_id=1,
        concern_id=None,
        kind=kind,
        occurred_at=moment,
        recorded_at=moment,
        recorded_by=1,
        recorded_by_name="Margaret Lewis",
        **fields,  # type: ignore[arg-type]
    )


def test_nothing_on_record() -> None:
    assert list_status(PATIENT, [], TODAY).lines() == [
        "On the practice list.",
        "Warning letter: none on record (ordinary removal needs one within the previous 12 months).",
        "Police report: none on record (immediate removal needs one).",
    ]


def test_a_warning_says_when_it_lapses_and_a_lapsed_one_says_so() -> None:
    current = list_status(PATIENT, [action("warning_letter_sent", date(2026, 3, 1))], TODAY)
    assert "Warning letter sent 01 Mar 2026: supports an ordinary removal until 01 Mar 2027." in current.lines()
    lapsed = list_status(PATIENT, [action("warning_letter_sent", date(2025, 3, 1))], TODAY)
    assert "Warning letter sent 01 Mar 2025 lapsed on 01 Mar 2026: ordinary removal needs a new one." in lapsed.lines()


def test_an_immediate_removal_tracks_its_written_confirmation() -> None:
    removed = Patient(
        1,
        "9434765919",
        "Martin",
        "O'Brien",
        date(1978, 3, 14),
        "LS6 2AB",
        status="removed",
        removed_on=date(2026, 11, 10),
    )
    actions = [
        action("police_reported", date(2026, 11, 9), crime_reference="13/1/26"),
        action("removal_effective", date(2026, 11, 10), removal_route="immediate", effective_on=date(2026, 11, 10)),
    ]
    status = list_status(removed, actions, TODAY)
    assert status.lines()[0] == (
        "Removed from the practice list on 10 Nov 2026 (immediate route). "
        "Written confirmation was due by 17 Nov 2026: OVERDUE by 6 days."
    )
    assert "Reported to the police on 09 Nov 2026, crime reference 13/1/26." in status.lines()
    confirmed = list_status(removed, [*actions, action("removal_confirmed_in_writing", date(2026, 11, 12))], TODAY)
    assert confirmed.lines()[0].endswith("Confirmed in writing on 12 Nov 2026.")


def test_an_spo_until_its_expiry_and_on_the_banner() -> None:
    spo = action("spo_granted", date(2026, 11, 1), effective_on=date(2026, 11, 1), expires_on=date(2028, 11, 1))
    assert (
        "Stalking Protection Order: granted 01 Nov 2026, in force until 01 Nov 2028."
        in list_status(PATIENT, [spo], TODAY).lines()
    )
    assert (
        "Stalking Protection Order: granted 01 Nov 2026, expired on 01 Nov 2028."
        in list_status(PATIENT, [spo], date(2028, 11, 2)).lines()
    )
    banner = Restriction.from_concerns([], removed_on=date(2026, 11, 2), spo_until=date(2028, 11, 1)).banner_lines()
    assert banner == ["Removed from list on 02 Nov 2026: do not book", "Stalking Protection Order until 01 Nov 2028"]
