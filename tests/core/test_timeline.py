"""The timeline model: the order things happened (DST included), amendments kept together, what it adds up to."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundary_tui.core.conduct import course_of_conduct, practice_day, weekly_counts
from boundary_tui.core.contacts import Contact
from boundary_tui.core.timeline import Timeline
from boundary_tui.core.times import london_today
from boundary_tui.store import Store
from boundary_tui.store import contacts as contact_rows
from boundary_tui.ui.widgets.timeline_view import head_line, meta_line, text_line, when
from tests.helpers.drafts import act, contact_draft, log
from tests.helpers.practice import NOW, Practice


def timeline_of(store: Store, patient: int) -> Timeline:
    timeline = store.timeline.for_patient(patient)
    assert timeline is not None
    return timeline


def test_entries_across_the_autumn_clock_change_are_in_the_order_they_happened(
    store: Store, practice: Practice
) -> None:
    """25 Oct 2026: 01:00-02:00 happens twice. 01:45 BST comes before 01:15 GMT, whatever the wall clock says."""
    bst_0145 = datetime(2026, 10, 25, 0, 45, tzinfo=UTC)  # 01:45 BST
    gmt_0115 = datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # 01:15 GMT, half an hour later
    before = datetime(2026, 10, 24, 23, 50, tzinfo=UTC)  # 00:50 BST
    after = datetime(2026, 10, 25, 2, 5, tzinfo=UTC)  # 02:05 GMT
    for moment, text in [(after, "fourth"), (gmt_0115, "third"), (before, "first"), (bst_0145, "second")]:
        log(store, practice, occurred_at=moment, description=text)
    timeline = timeline_of(store, practice.obrien)
    contacts = [e for e in timeline.entries if e.source == "contact"]
    assert [e.text for e in contacts] == ["first", "second", "third", "fourth"]
    # On screen the repeated hour names its zone, so 01:45 then 01:15 reads correctly.
    assert when(bst_0145, NOW).startswith("Sun 25 Oct 2026 01:45 BST")
    assert when(gmt_0115, NOW).startswith("Sun 25 Oct 2026 01:15 GMT")
    assert when(after, NOW).startswith("Sun 25 Oct 2026 02:05 (")


def test_entries_across_the_spring_clock_change_are_in_the_order_they_happened(
    store: Store, practice: Practice
) -> None:
    """29 Mar 2026: 00:59 GMT is followed a minute later by 02:00 BST."""
    log(store, practice, occurred_at=datetime(2026, 3, 29, 1, 0, tzinfo=UTC), description="02:00 BST")
    log(store, practice, occurred_at=datetime(2026, 3, 29, 0, 59, tzinfo=UTC), description="00:59 GMT")
    contacts = [e.text for e in timeline_of(store, practice.obrien).entries if e.source == "contact"]
    assert contacts == ["00:59 GMT", "02:00 BST"]


def test_all_four_kinds_of_entry_are_on_one_timeline(store: Store, practice: Practice) -> None:
    log(store, practice, occurred_at=NOW - timedelta(days=2))
    act(store, practice, "warning_letter_sent", when=NOW - timedelta(days=1), signed_by="Margaret Lewis")
    store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=NOW.replace(hour=11),
        by=practice.reception,
        chaperone_name="Grace O'Neill",
        override_reason="Chest pain",
    )
    entries = timeline_of(store, practice.obrien).entries
    assert [e.source for e in entries] == ["concern", "contact", "action", "override"]
    override = entries[-1]
    assert override.text == "Chest pain" and ("Chaperone", "Grace O'Neill") in override.facts
    assert ("Reviewed", "not yet reviewed by a manager") in override.facts


def test_an_amendment_sits_with_its_original_which_is_marked_amended(store: Store, practice: Practice) -> None:
    first = log(store, practice, occurred_at=NOW - timedelta(days=10), description="Card for Dr Hart")
    wrong = log(store, practice, occurred_at=NOW - timedelta(days=5), description="Walk-in, wrong day")
    log(store, practice, occurred_at=NOW - timedelta(days=1), description="Phone call")
    fixed = store.contacts.amend(
        wrong.id,
        contact_draft(practice, occurred_at=NOW - timedelta(days=3), description="Walk-in"),
        reason="Wrong day typed",
        by=practice.reception,
    )
    timeline = timeline_of(store, practice.obrien)
    contacts = [e for e in timeline.entries if e.source == "contact"]
    assert [e.text for e in contacts] == ["Card for Dr Hart", "Walk-in", "Walk-in, wrong day", "Phone call"]
    correction, original = contacts[1], contacts[2]
    assert correction.amends == f"contact:{wrong.id}" and correction.amend_reason == "Wrong day typed"
    assert original.superseded_by == f"contact:{fixed.id}" and not original.is_current
    assert contacts[0].key == f"contact:{first.id}" and contacts[0].is_current
    # What the screen draws for them.
    assert "Amended (replaced by the entry above)" in head_line(original, NOW)
    assert "correction of an earlier entry. Why: Wrong day typed" in meta_line(correction, NOW)
    assert text_line(original).startswith("        Walk-in, wrong day")
    # Rules count only the current version.
    assert timeline.conduct.contacts == 3
    assert [c.description for c in timeline.contacts] == ["Card for Dr Hart", "Walk-in", "Phone call"]


def test_filters_keep_an_amendment_chain_whole(store: Store, practice: Practice) -> None:
    wrong = log(store, practice, channel="phone_call", severity="note", description="Call")
    store.contacts.amend(
        wrong.id,
        contact_draft(practice, channel="phone_call", severity="threatening", description="Call with a threat"),
        reason="Severity",
        by=practice.reception,
    )
    log(store, practice, channel="letter", description="Letter", occurred_at=NOW - timedelta(hours=3))
    timeline = timeline_of(store, practice.obrien)
    threatening = timeline.filtered(severity="threatening")
    assert [e.text for e in threatening] == ["Call with a threat", "Call"]
    assert [e.text for e in timeline.filtered(channel="letter")] == ["Letter"]
    assert [e.source for e in timeline.filtered(source="concern")] == ["concern"]
    assert timeline.filtered() == timeline.entries


def test_logged_later_shows_both_times() -> None:
    from boundary_tui.core.contacts import Contact
    from boundary_tui.core.models import Target
    from boundary_tui.core.timeline import _contact_entry

    contact = Contact(
        id=1,
        patient_id=1,
        concern_id=None,
        occurred_at=NOW - timedelta(days=3),
        logged_at=NOW,
        logged_by=2,
        logged_by_name="Priya Shah",
        channel="letter",
        aimed_at=(Target(1, "Dr Amelia Hart"),),
        description="x",
        evidence_location="",
        gift_handling=None,
        witnesses="",
        effect="",
        severity="note",
        police_called=False,
        police_officer="",
        police_reference="",
    )
    entry = _contact_entry(contact, None)
    assert entry.recorded_later
    assert meta_line(entry, NOW) == "    logged Mon 23 Nov 2026 09:00 (just now) by Priya Shah"
    assert head_line(entry, NOW).startswith("● Fri 20 Nov 2026 09:00 (3 days ago) · Letter · Note")


def test_course_of_conduct_says_when_occasions_are_months_apart() -> None:
    assert course_of_conduct([]).sentence() == "No contacts logged yet."
    one = course_of_conduct([date(2026, 1, 5)]).sentence()
    assert one.startswith("One contact logged (05 Jan 2026). A second would make a course of conduct")
    close = course_of_conduct([date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 20)])
    assert close.is_course and not close.months_apart
    assert close.sentence().startswith("Course of conduct: 3 contacts on 2 different days between 05 Jan 2026")
    apart = course_of_conduct([date(2026, 1, 5), date(2026, 6, 1)]).sentence()
    assert "The two occasions are months apart (4 months between 05 Jan 2026 and 01 Jun 2026)" in apart


def test_contacts_per_week_over_the_concern_s_life() -> None:
    weekly = weekly_counts(
        [date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 20)], date(2026, 10, 28), date(2026, 11, 23)
    )
    assert weekly.first_week == date(2026, 10, 26)
    assert weekly.counts == (0, 2, 0, 1, 0)
    assert weekly.bars(80) == "▁█▁▅▁"
    assert weekly.bars(2) == "█▅"  # three weeks a mark, the busiest shown
    assert weekly.caption(2).startswith("Contacts per 3 weeks (busiest week shown)")
    assert weekly.caption(80).startswith("Contacts per week, 26 Oct 2026 to 23 Nov 2026: at most 2 in a week")


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_the_cached_practice_day_is_the_day_in_london(moment: datetime) -> None:
    assert practice_day(moment) == london_today(moment)


def test_a_contact_entry_says_what_its_row_says_holds_little_and_never_changes(
    store: Store, practice: Practice
) -> None:
    """A long record is thousands of contacts held all day: each entry reads its fields from the contact row
    it was built from (one small object, no copy of every field), and, like the row, it cannot be changed."""
    original = log(store, practice, occurred_at=NOW - timedelta(days=3), description="Left a card at reception.")
    store.contacts.amend(
        original.id,
        replace(original.as_draft(), description="Left a card and flowers at reception."),
        reason="Flowers were left too.",
        by=practice.reception,
    )
    entries = [e for e in timeline_of(store, practice.obrien).entries if e.source == "contact"]
    newer, older = entries
    for entry in entries:
        row = entry.record
        assert isinstance(row, Contact)
        assert (entry.id, entry.kind, entry.channel, entry.severity) == (row.id, row.channel, row.channel, row.severity)
        assert (entry.occurred_at, entry.recorded_at, entry.recorded_by) == (
            row.occurred_at,
            row.logged_at,
            row.logged_by_name,
        )
        assert (entry.text, entry.amend_reason, entry.label) == (row.description, row.amend_reason, row.channel_label)
        assert entry.key == f"contact:{row.id}" and not entry.is_view
        assert sys.getsizeof(entry) <= 64  # three references: the row, what replaced it, its copies
        with pytest.raises(AttributeError):
            entry.text = "rewritten"  # type: ignore[misc]
    assert newer.is_current and newer.amends == older.key and newer.amend_reason == "Flowers were left too."
    assert not older.is_current and older.superseded_by == newer.key and older.amends is None


def test_the_contacts_of_one_patient_share_their_patient_and_concern_ids(store: Store, practice: Practice) -> None:
    """One int object per id, not one per row: a patient of a large practice has a large id (here 100,001)."""
    log(store, practice, occurred_at=NOW - timedelta(days=1), description="Called twice.")
    (row,) = store.db.execute(f"{contact_rows._SELECT} WHERE c.patient_id = ?", [practice.obrien]).fetchall()
    built = [contact_rows._contact((row[0], int(f"10000{n}"[:5] + "1"), int("70001"), *row[3:])) for n in range(3)]
    assert built[0].patient_id == 100001 and built[0].concern_id == 70001
    assert len({id(c.patient_id) for c in built}) == 1 and len({id(c.concern_id) for c in built}) == 1
