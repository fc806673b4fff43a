"""The manager's queue: reviews due, unreviewed overrides, lapsing warnings, removal confirmations, SPOs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import Refused
from boundary_tui.core.times import london_wall_time, to_db
from boundary_tui.store import Store, evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.queue import QueueItem, QueueStore, due_text, when_text
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.override_review import OverrideReviewScreen
from boundary_tui.ui.widgets.manager_queue import ManagerQueue, item_line
from tests.helpers.pilot import settle, sign_in, type_text
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice

TODAY = date(2026, 11, 23)
SIZE = (120, 40)


def record_action(store: Store, patient_id: int, kind: str, on: date, by: int, **extra: Any) -> int:
    """An action as the actions form will write it: through evidence.append, in a write transaction."""
    with immediate(store.db):
        return evidence.append(
            store.db,
            "actions",
            {
                "patient_id": patient_id,
                "kind": kind,
                "occurred_at": to_db(london_wall_time(on, 10, 0)),
                "recorded_at": to_db(store.now()),
                "recorded_by": by,
                **extra,
            },
        )


def book_override(store: Store, practice: Practice) -> int:
    """Reception books Martin O'Brien with Dr Hart in an emergency."""
    appointment = store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=london_wall_time(TODAY, 11, 0),
        by=practice.reception,
        chaperone_name="Grace O'Neill",
        override_reason="Chest pain; only Dr Hart free.",
    )
    assert appointment.override_id is not None
    return appointment.override_id


def queue(store: Store) -> list[QueueItem]:
    return QueueStore(store).items()


def summary(store: Store) -> list[tuple[str, str, date]]:
    return [(i.kind, i.name, i.due_on) for i in queue(store)]


def test_the_seeded_practice_has_nothing_due(store: Store) -> None:
    assert queue(store) == []


def test_a_concern_shows_a_few_days_before_its_review_and_stays_until_reviewed(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    concern = store.concerns.open(
        practice.jo,
        kind="aggression",
        targets=[practice.patel_staff],
        chaperone_scope="none",
        review_on=TODAY + timedelta(days=10),
        by=practice.manager,
    )
    assert summary(store) == []
    clock.advance(days=4)
    assert summary(store) == [("review", "Smith, Jo", TODAY + timedelta(days=10))]
    clock.advance(days=20)
    [item] = queue(store)
    assert due_text(item.due_on, TODAY + timedelta(days=24)) == "14 days overdue"
    store.concerns.change(
        concern.id, review_on=TODAY + timedelta(days=90), reason="Reviewed: still needed.", by=practice.manager
    )
    assert summary(store) == []


def test_an_override_stays_until_a_manager_marks_it_reviewed(store: Store, practice: Practice) -> None:
    override_id = book_override(store, practice)
    [item] = queue(store)
    assert (item.kind, item.name, item.override_id) == ("override", "O'Brien, Martin", override_id)
    assert item.what == "Emergency booking with Dr Amelia Hart by Priya Shah on 23 Nov 2026"
    assert when_text(item, TODAY) == "today"

    with pytest.raises(Refused, match="Only a practice manager can mark a booking override reviewed"):
        QueueStore(store).mark_override_reviewed(override_id, by=practice.reception)
    assert queue(store) == [item]

    QueueStore(store).mark_override_reviewed(override_id, note="Appropriate.", by=practice.manager)
    assert queue(store) == []
    row = store.db.execute("SELECT override_id, note, reviewed_at, reviewed_by FROM override_reviews").fetchone()
    assert row == (override_id, "Appropriate.", "2026-11-23T09:00:00.000000Z", practice.manager)
    with pytest.raises(Refused, match="Margaret Lewis already reviewed this override"):
        QueueStore(store).mark_override_reviewed(override_id, by=practice.manager)


def test_a_warning_letter_shows_in_the_month_before_it_lapses(store: Store, practice: Practice) -> None:
    by = practice.manager
    record_action(store, practice.obrien, "warning_letter_sent", date(2025, 12, 10), by)  # lapses in 17 days
    record_action(store, practice.zoe, "warning_letter_sent", date(2025, 11, 1), by)  # lapsed already
    record_action(store, practice.jo, "warning_letter_sent", date(2026, 6, 1), by)  # months to go
    record_action(store, practice.declan, "warning_letter_sent", date(2025, 12, 10), by)  # removed: moot
    wrong = record_action(store, practice.sinclair, "warning_letter_sent", date(2025, 12, 10), by)
    record_action(
        store, practice.sinclair, "warning_letter_sent", date(2026, 2, 1), by, amends_id=wrong, amend_reason="Date"
    )
    [item] = queue(store)
    assert (item.kind, item.name, item.due_on) == ("warning", "O'Brien, Martin", date(2026, 12, 10))
    assert "Warning letter of 10 Dec 2025 lapses" in item.what


def test_a_newer_warning_replaces_the_one_about_to_lapse(store: Store, practice: Practice) -> None:
    record_action(store, practice.obrien, "warning_letter_sent", date(2025, 12, 10), practice.manager)
    record_action(store, practice.obrien, "warning_letter_sent", date(2026, 11, 20), practice.manager)
    assert queue(store) == []


def test_an_immediate_removal_waits_for_its_written_confirmation(store: Store, practice: Practice) -> None:
    by = practice.manager
    record_action(store, practice.declan, "police_reported", date(2026, 11, 19), by, crime_reference="WY/123")
    record_action(
        store,
        practice.declan,
        "removal_effective",
        date(2026, 11, 20),
        by,
        removal_route="immediate",
        effective_on="2026-11-20",
    )
    record_action(store, practice.zoe, "removal_effective", date(2026, 11, 20), by, removal_route="ordinary")
    [item] = queue(store)
    assert (item.kind, item.name, item.due_on) == ("confirmation", "Murphy-Jones, Declan", date(2026, 11, 27))
    assert due_text(item.due_on, TODAY) == "in 4 days"
    record_action(store, practice.declan, "removal_confirmed_in_writing", date(2026, 11, 21), by)
    assert queue(store) == []


def test_an_spo_shows_before_it_expires(store: Store, practice: Practice) -> None:
    by = practice.manager
    record_action(store, practice.zoe, "spo_granted", date(2024, 12, 20), by, expires_on="2026-12-20")
    record_action(store, practice.obrien, "spo_granted", date(2025, 6, 1), by, expires_on="2027-06-01")
    assert summary(store) == [("spo", "Fairbairn, Zoë", date(2026, 12, 20))]


def test_items_come_soonest_first(store: Store, practice: Practice) -> None:
    by = practice.manager
    record_action(store, practice.zoe, "spo_granted", date(2024, 12, 20), by, expires_on="2026-12-20")
    record_action(store, practice.obrien, "warning_letter_sent", date(2025, 12, 10), by)
    book_override(store, practice)
    assert [i.kind for i in queue(store)] == ["override", "warning", "spo"]


def test_a_queue_line_keeps_its_columns_and_shows_names_literally() -> None:
    item = QueueItem("review", 1, "[b]O'Brien[/b],\n\x1b[2JMartin", TODAY - timedelta(days=140), "Review the concern")
    line = item_line(item, TODAY)
    assert line.startswith("140 days overdue  Review    [b]O'Brien[/b], ␛[2JMar… Review the concern")
    assert "\n" not in line


# -- on the desk --------------------------------------------------------------------------


async def test_only_managers_have_a_queue(app: BoundaryApp, store: Store, practice: Practice) -> None:
    book_override(store, practice)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        assert not app.screen.query("#queue")
        await pilot.press("f8")
        assert isinstance(app.screen, DeskScreen)


async def test_choosing_an_item_opens_the_patient_and_r_marks_the_override_reviewed(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    override_id = book_override(store, practice)
    record_action(store, practice.zoe, "spo_granted", date(2024, 12, 20), practice.manager, expires_on="2026-12-20")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        panel = desk.query_one("#queue", ManagerQueue)
        assert [i.kind for i in panel.items] == ["override", "spo"]
        assert "Manager's queue · 2 due" in str(panel.border_title)

        await pilot.press("f8")
        assert desk.focused is panel
        await pilot.press("down", "enter")
        await settle(pilot)
        assert desk.view is not None and desk.view.patient.id == practice.zoe
        assert "Not with Dr Rajesh Patel" in str(desk.query_one("#flag-banner").render())

        await pilot.press("r")  # on the SPO: nothing to mark
        await settle(pilot)
        assert app.screen is desk
        await pilot.press("up", "enter")
        await settle(pilot)
        assert desk.view is not None and desk.view.patient.id == practice.obrien

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, OverrideReviewScreen)
        await type_text(pilot, "Chest pain: appropriate")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is desk
        assert [i.kind for i in panel.items] == ["spo"]
    note = store.db.execute("SELECT note, reviewed_by FROM override_reviews WHERE override_id = ?", [override_id])
    assert note.fetchone() == ("Chest pain: appropriate", practice.manager)


def test_every_lock_out_is_in_the_queue_until_a_right_pin_or_a_manager_ends_it(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    for _ in range(2):  # two lock-outs: 5 minutes, then 15
        for _ in range(5):
            with pytest.raises(Refused):
                store.staff.sign_in(practice.reception, "9183")
        clock.advance(minutes=5)
    clock.advance(minutes=-5)
    [item] = [i for i in queue(store) if i.kind == "lockout"]
    assert (item.name, item.patient_id, item.staff_id) == ("Priya Shah", None, practice.reception)
    assert item.what == "Locked after 10 wrong PINs since 09:00 (until 09:20): lift the lock"
    assert item_line(item, date(2026, 11, 23)).startswith("today             Locked    Priya Shah")
    clock.advance(minutes=30)
    store.staff.sign_in(practice.reception, RECEPTION_PIN)
    assert [i for i in queue(store) if i.kind == "lockout"] == []


async def test_a_manager_lifts_a_lock_from_the_queue_after_saying_yes(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    for _ in range(5):
        with pytest.raises(Refused):
            store.staff.sign_in(practice.reception, "9183")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        panel = desk.query_one("#queue", ManagerQueue)
        assert [i.kind for i in panel.items] == ["lockout"]
        await pilot.press("f8", "enter")
        await settle(pilot)
        assert "Lift the lock on Priya Shah's account?" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")  # not now
        await settle(pilot)
        assert app.screen is desk and store.staff.lock_state(practice.reception).lockouts == 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert app.screen is desk and panel.items == ()
        assert any("Lock lifted: Priya Shah" in str(n.message) for n in app._notifications)
    assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    last = store.db.execute("SELECT change, recorded_by, reason FROM staff_changes ORDER BY id DESC LIMIT 1")
    assert last.fetchone() == ("lock_lifted", practice.manager, "Margaret Lewis, at the desk")
