"""Recording actions (F6) as the practice manager does, and what anyone else is told."""

from __future__ import annotations

from datetime import date, timedelta

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.drafts import act, log
from tests.helpers.pilot import settle, sign_in, type_text
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import open_kind

SIZE = (120, 40)


async def choose(pilot: Pilot[None], who: str, pin: str, search: str = "martin o'brien") -> None:
    await sign_in(pilot, who, pin)
    await type_text(pilot, search)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_receptionist_pressing_f6_is_told_why_not(app: BoundaryApp, store: Store, practice: Practice) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.is_running
        [note] = [n for n in app._notifications if "practice manager" in str(n.message)]
        assert "Only a practice manager can record an action (F6). Priya Shah is signed in as reception" in str(
            note.message
        )
    assert store.actions.for_patient(practice.obrien) == []


async def test_the_manager_records_a_warning_letter_from_the_desk(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose(pilot, "Margaret Lewis", MANAGER_PIN)
        form = await open_kind(pilot, "warning_letter_sent")
        signer = form.query_one("#signed_by", Input)
        assert signer.display and signer.value == "Margaret Lewis"  # the signed-in manager, to change if need be
        assert app.screen.focused is signer
        assert form.query_one("#crime_reference-row").display is False  # only this kind's fields
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert any("Recorded: warning letter sent, Mon 23 Nov 2026 09:00" in str(n.message) for n in app._notifications)
    [letter] = store.actions.for_patient(practice.obrien)
    assert (letter.kind, letter.signed_by, letter.recorded_by) == ("warning_letter_sent", "Margaret Lewis", 4)


async def test_recording_the_advice_from_the_timeline_clears_the_hint(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    log(store, practice)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("f4")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert "no defence-body advice is recorded" in str(timeline.query_one("#timeline-hints", Static).render())
        await open_kind(pilot, "defence_body_contacted")
        await type_text(pilot, "MDU")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is timeline
        assert "defence-body" not in str(timeline.query_one("#timeline-hints", Static).render())
        assert timeline.query_one("#timeline-entries").entry.label == "Defence body contacted"  # type: ignore[attr-defined]


async def test_rule_9_refusals_are_shown_on_the_form_and_a_removal_changes_the_banner(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "Margaret Lewis", MANAGER_PIN)
        form = await open_kind(pilot, "removal_effective")
        assert "No current warning letter" in str(form.query_one("#action-guidance").render())
        form.query_one("#removal_route", Select).value = "ordinary"
        form.query_one("#effective_on", Input).value = "23/11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "needs a warning letter sent within the previous 12 months" in str(
            form.query_one("#form-problem").render()
        )
        form.query_one("#removal_route", Select).value = "immediate"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "reported to the police first" in str(form.query_one("#form-problem").render())
        # The police report is recorded meanwhile (another desk): saving again now succeeds, nothing retyped.
        act(store, practice, "police_reported", crime_reference="13/9/26", when=NOW - timedelta(days=1))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert "Removed from list on 23 Nov 2026: do not book" in str(app.screen.query_one("#flag-banner").render())

        form = await open_kind(pilot, "spo_granted")
        form.query_one("#effective_on", Input).value = "23/11/2026"
        form.query_one("#expires_on", Input).value = "01/06/2028"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at least 2 years" in str(form.query_one("#expires_on-problem").render())
        form.query_one("#expires_on", Input).value = "23/11/2028"
        await pilot.press("ctrl+s")
        await settle(pilot)
        banner = str(app.screen.query_one("#flag-banner").render())
        assert "Stalking Protection Order until 23 Nov 2028" in banner
    patient = store.patients.get(practice.obrien)
    assert patient is not None and patient.removed_on == date(2026, 11, 23)
