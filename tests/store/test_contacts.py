"""Logging contacts in the data layer: who may, what is refused, and text kept byte for byte."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from boundary_tui.core.contacts import MAX_DESCRIPTION_LENGTH
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store
from tests.helpers.drafts import HOSTILE, contact_draft, log
from tests.helpers.practice import NOW, Practice


def test_any_signed_in_staff_logs_a_contact_with_who_and_when(store: Store, practice: Practice) -> None:
    contact = log(store, practice)
    assert contact.logged_by == practice.reception and contact.logged_by_name == "Priya Shah"
    assert contact.logged_at == NOW  # the store's clock, not the wall clock
    assert contact.occurred_at == NOW - timedelta(hours=1)
    assert [t.name for t in contact.aimed_at] == ["Dr Amelia Hart"]
    assert contact.concern_id is not None  # linked to the open concern naming Dr Hart


def test_every_text_field_is_stored_byte_for_byte(store: Store, practice: Practice) -> None:
    contact = log(
        store,
        practice,
        channel="gift",
        description=HOSTILE,
        evidence_location=HOSTILE,
        witnesses=HOSTILE,
        effect=HOSTILE,
        gift_handling="kept_and_declared",
        police_called=True,
        police_officer=HOSTILE[:150],
        police_reference=HOSTILE[:150],
    )
    row = store.db.execute(
        """SELECT description, evidence_location, witnesses, effect, police_officer, police_reference
           FROM contacts WHERE id = ?""",
        [contact.id],
    ).fetchone()
    assert row == (HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE[:150], HOSTILE[:150])
    again = store.contacts.get(contact.id)
    assert again is not None and again.description == HOSTILE and again.effect == HOSTILE


def test_a_contact_in_the_future_is_refused(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as refused:
        log(store, practice, occurred_at=NOW + timedelta(minutes=1))
    assert "in the future" in refused.value.problems["occurred_at"]
    assert log(store, practice, occurred_at=NOW).occurred_at == NOW  # "now" itself is fine


@pytest.mark.parametrize("description", ["", "   \n\t "])
def test_an_empty_description_is_refused(store: Store, practice: Practice, description: str) -> None:
    with pytest.raises(Invalid) as refused:
        log(store, practice, description=description)
    assert "Say what happened" in refused.value.problems["description"]
    assert store.contacts.for_patient(practice.obrien) == []


def test_description_up_to_the_limit_is_kept_and_beyond_it_explained(store: Store, practice: Practice) -> None:
    longest = "x" * MAX_DESCRIPTION_LENGTH
    assert log(store, practice, description=longest).description == longest
    with pytest.raises(Invalid) as refused:
        log(store, practice, description=longest + "y")
    message = refused.value.problems["description"]
    assert "10,001 characters" in message and "the limit is 10,000" in message


def test_every_problem_is_reported_at_once(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid) as refused:
        log(
            store,
            practice,
            occurred_at=NOW + timedelta(days=1),
            channel="pigeon",
            aimed_at=(),
            description="",
            severity="mild",
            police_officer="PC 1",
        )
    assert set(refused.value.problems) == {
        "occurred_at",
        "channel",
        "aimed_at",
        "description",
        "severity",
        "police_officer",
    }


def test_gift_handling_only_for_gifts_and_cards(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid, match="only to gifts and cards"):
        log(store, practice, channel="phone_call", gift_handling="returned")
    assert log(store, practice, channel="card", gift_handling="returned").gift_handling == "returned"


def test_aimed_at_must_name_staff(store: Store, practice: Practice) -> None:
    with pytest.raises(Invalid, match="Not a member of staff: 999"):
        log(store, practice, aimed_at=(999,))


def test_an_unknown_patient_is_refused(store: Store, practice: Practice) -> None:
    with pytest.raises(Refused):
        log(store, practice, patient=12345)


# -- corrections (rule 5) -------------------------------------------------------------------


def test_a_correction_is_a_new_entry_and_the_original_stays(store: Store, practice: Practice) -> None:
    original = log(store, practice)
    fixed = store.contacts.amend(
        original.id,
        contact_draft(practice, occurred_at=NOW - timedelta(days=1)),
        reason="Wrong day typed",
        by=practice.reception,
    )
    assert fixed.amends_id == original.id and fixed.amend_reason == "Wrong day typed"
    assert store.contacts.get(original.id) == original
    assert [c.id for c in store.contacts.for_patient(practice.obrien)] == [fixed.id, original.id]


def test_only_the_author_or_a_manager_corrects_and_only_the_latest_version(store: Store, practice: Practice) -> None:
    other = store.staff.add("Ben Clarke", "reception", None, by="test")
    original = log(store, practice)
    changed = contact_draft(practice, description="Asked for Dr Hart twice.")
    with pytest.raises(Refused, match="Only Priya Shah, who logged this contact, or a practice manager"):
        store.contacts.amend(original.id, changed, reason="More detail", by=other.id)
    fixed = store.contacts.amend(original.id, changed, reason="More detail", by=practice.manager)
    with pytest.raises(Refused, match="already been corrected"):
        store.contacts.amend(original.id, changed, reason="Again", by=practice.manager)
    assert store.contacts.amend(fixed.id, contact_draft(practice), reason="Back", by=practice.manager).amends_id == (
        fixed.id
    )


def test_a_correction_needs_a_reason_and_a_change(store: Store, practice: Practice) -> None:
    original = log(store, practice)
    with pytest.raises(Invalid) as refused:
        store.contacts.amend(original.id, original.as_draft(), reason=" ", by=practice.reception)
    assert set(refused.value.problems) == {"amend_reason", "form"}


def test_contacts_and_their_corrections_cannot_be_rewritten_with_raw_sql(store: Store, practice: Practice) -> None:
    original = log(store, practice)
    fixed = store.contacts.amend(
        original.id, contact_draft(practice, description="Corrected"), reason="typo", by=practice.reception
    )
    conn = sqlite3.connect(practice.path)
    try:
        for contact_id in (original.id, fixed.id):
            for statement in (
                f"UPDATE contacts SET description = 'rewritten' WHERE id = {contact_id}",
                f"UPDATE contacts SET amends_id = NULL WHERE id = {contact_id}",
                f"DELETE FROM contacts WHERE id = {contact_id}",
            ):
                with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                    conn.execute(statement)
            row = conn.execute("SELECT * FROM contacts WHERE id = ?", [contact_id]).fetchone()
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(f"INSERT OR REPLACE INTO contacts VALUES ({', '.join('?' * len(row))})", row)
    finally:
        conn.close()
    assert store.contacts.get(fixed.id) == fixed and store.contacts.get(original.id) == original
