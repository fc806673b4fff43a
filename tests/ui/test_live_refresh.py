"""What one desk records appears on the other desks showing that patient, by itself.

The other desk is a second `Store` on the same file (another connection, as
another process would be). Screens poll every `live.REFRESH_SECONDS` (1 s in
the app); here the interval is shortened, and each check lets a few intervals
pass before looking, so the tests prove "after one poll the screen shows it"
without waiting seconds.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.ui import live
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.timeline_view import TimelineView
from tests.helpers.drafts import log
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

SIZE = (120, 40)
POLL = 0.05


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "REFRESH_SECONDS", POLL)


async def after_a_poll(pilot: Pilot[None]) -> None:
    """Let a few poll intervals pass (the refresh is the timer's doing, not the test's)."""
    await pilot.pause(POLL * 4)
    await settle(pilot)


def text(app: BoundaryApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_desk_follows_what_another_desk_does_to_its_patient(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.query_one("#flag-banner").display is False
        assert "No upcoming appointments." in text(app, "#appointments")

        # The manager, at another desk, opens a concern: the banner appears.
        concern = store.concerns.open(
            practice.jo,
            kind="harassment",
            targets=[practice.oneill_staff],
            chaperone_scope="all",
            review_on=date(2027, 2, 1),
            by=practice.manager,
        )
        await after_a_poll(pilot)
        assert "Not with Grace O'Neill" in text(app, "#flag-banner")
        assert "Chaperone required for all consultations" in text(app, "#chaperone-marker")

        # ... changes the targets: the banner changes.
        store.concerns.change(concern.id, targets=[practice.patel_staff], reason="Now Dr Patel.", by=practice.manager)
        await after_a_poll(pilot)
        banner = text(app, "#flag-banner")
        assert "Not with Dr Rajesh Patel" in banner and "O'Neill" not in banner

        # ... and a receptionist elsewhere books Jo in: the appointment list changes.
        store.appointments.book(
            patient_id=practice.jo,
            clinician_id=practice.hart,
            starts_at=NOW + timedelta(hours=1),
            by=practice.reception,
            chaperone_name="Ben Clarke",
        )
        await after_a_poll(pilot)
        assert "10:00 with Dr Amelia Hart · ◆ chaperone: Ben Clarke" in text(app, "#appointments")


async def test_the_timeline_shows_another_desks_contacts_and_moves_the_cursor_sensibly(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    first = log(store, practice, description="Left a card at the desk.", occurred_at=NOW - timedelta(days=3))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        view = screen.query_one("#timeline-entries", TimelineView)
        assert view.entry is view.entries[-1]  # where the timeline opens
        before = len(view.entries)

        # On the newest entry, the reader follows on to another desk's new contact...
        added = log(store, practice, description="Sent a friend request to Dr Hart.")
        await after_a_poll(pilot)
        assert len(view.entries) == before + 1 and view.entry is view.entries[-1]
        assert view.entry.key == f"contact:{added.id}"
        assert "Sent a friend request to Dr Hart." in "\n".join(
            view.render_line(y).text for y in range(view.size.height)
        )
        assert f"{before + 1} entries" in str(screen.query_one("#timeline-count", Static).render())

        # ... reading an older entry, the cursor stays on it while the new one arrives.
        while view.entry is not None and view.entry.key != f"contact:{first.id}":
            await pilot.press("up")
        later = log(store, practice, description="Waiting in the car park at closing time.")
        await after_a_poll(pilot)
        assert view.entries[-1].key == f"contact:{later.id}"
        assert view.entry is not None and view.entry.key == f"contact:{first.id}"


async def test_the_timeline_does_not_reload_for_other_patients_changes(
    app: BoundaryApp, store: Store, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        loads: list[object] = []
        original = screen.load
        monkeypatch.setattr(screen, "load", lambda **kw: (loads.append(kw), original(**kw)))

        log(store, practice, patient=practice.jo, description="Someone else's contact.")
        await after_a_poll(pilot)
        assert loads == []  # the database changed, this patient's record did not

        log(store, practice, description="His own contact.")
        await after_a_poll(pilot)
        assert len(loads) == 1


async def test_the_desk_clock_stops_while_a_full_screen_covers_the_desk(app: BoundaryApp) -> None:
    """Ticking behind the timeline or the lock screen, it would repaint that screen every second (idle CPU)."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        desk = app.screen
        clock = desk.query_one("HeaderClock")
        for key, covered in (("f4", True), ("escape", False), ("f3", False), ("escape", False), ("f9", True)):
            await pilot.press(key)
            await settle(pilot)
            assert clock.display is not covered, key
