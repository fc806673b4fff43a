"""The timeline screen (F4) as staff use it: read, filter, open, correct, draft a warning letter."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.times import to_db
from boundary_tui.store import Store, evidence
from boundary_tui.store.connection import immediate
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.entry import EntryScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.timeline_view import TimelineView
from tests.helpers.drafts import act, log
from tests.helpers.pilot import settle, sign_in, someone_else, type_text
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice

SIZE = (120, 40)


async def open_timeline(pilot: Pilot[None], who: str, pin: str, search: str = "martin o'brien") -> TimelineScreen:
    await sign_in(pilot, who, pin)
    await type_text(pilot, search)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def view_of(screen: TimelineScreen) -> TimelineView:
    return screen.query_one("#timeline-entries", TimelineView)


def view_text(view: TimelineView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def add_contacts(store: Store, practice: Practice, count: int) -> None:
    """Many contacts at once (one transaction, through the evidence seam)."""
    aimed = json.dumps([{"staff_id": practice.hart_staff, "name": "Dr Amelia Hart"}])
    with immediate(store.db):
        for i in range(count):
            moment = NOW - timedelta(hours=count - i)
            evidence.append(
                store.db,
                "contacts",
                {
                    "patient_id": practice.obrien,
                    "occurred_at": to_db(moment),
                    "logged_at": to_db(moment + timedelta(minutes=5)),
                    "logged_by": practice.reception,
                    "channel": "text_message",
                    "aimed_at": aimed,
                    "description": f"Message {i + 1} asking Dr Hart to reply.",
                    "severity": "concerning" if i % 10 == 0 else "note",
                },
            )


async def test_five_thousand_entries_open_without_five_thousand_widgets(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    add_contacts(store, practice, 5000)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        view = view_of(screen)
        assert len(view.entries) == 5001  # 5,000 contacts and the concern being opened
        assert len(list(screen.walk_children())) < 60
        assert isinstance(view._starts, range)  # nothing corrected: no row index of 5,000 ints held all day
        assert "Message 5000 asking Dr Hart to reply." in view_text(view)  # opens on the latest
        await pilot.press("home")
        await settle(pilot)
        assert "Message 1 asking Dr Hart to reply." in view_text(view)  # the oldest, 5,000 hours ago
        await pilot.press("pagedown", "down")
        await settle(pilot)
        assert view.entry is not None and view.entry.text.startswith("Message ")
        summary = str(screen.query_one("#timeline-summary", Static).render())
        assert "Course of conduct: 5000 contacts" in summary


async def test_the_timeline_tells_what_to_do_next_and_filters(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    log(store, practice, occurred_at=NOW - timedelta(days=20), channel="card", description="A card")
    act(store, practice, "warning_letter_sent", when=NOW - timedelta(days=10), signed_by="Margaret Lewis")
    log(store, practice, occurred_at=NOW - timedelta(days=2), channel="phone_call", severity="threatening")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        hints = str(screen.query_one("#timeline-hints", Static).render())
        assert "! A threatening contact on 21 Nov 2026: report it to the police" in hints
        assert "1 contact since the warning letter of 13 Nov 2026" in hints
        assert "no defence-body advice is recorded" in hints
        summary = str(screen.query_one("#timeline-summary", Static).render())
        assert "Course of conduct: 2 contacts" in summary
        assert "Warning letter sent 13 Nov 2026: supports an ordinary removal until 13 Nov 2027" in summary
        assert "Open concern: Amorous advances since 24 Oct 2026 · not with Dr Amelia Hart" in summary
        view = view_of(screen)
        assert [e.source for e in view.entries] == ["concern", "contact", "action", "contact"]

        screen.query_one("#filter-source", Select).value = "action"
        await settle(pilot)
        assert [e.label for e in view.entries] == ["Warning letter sent"]
        screen.query_one("#filter-source", Select).value = "all"
        screen.query_one("#filter-severity", Select).value = "threatening"
        await settle(pilot)
        assert [e.label for e in view.entries] == ["Phone call"]
        screen.query_one("#filter-severity", Select).value = "all"
        screen.query_one("#filter-channel", Select).value = "card"
        await settle(pilot)
        assert [e.text for e in view.entries] == ["A card"]
        assert "1 of 4 entries" in str(screen.query_one("#timeline-count", Static).render())

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_a_correction_from_the_timeline_keeps_the_original_marked_amended(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    original = log(store, practice, occurred_at=NOW - timedelta(days=1), description="Waited outside")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        view = view_of(screen)
        assert view.entry is not None and view.entry.key == f"contact:{original.id}"
        await pilot.press("enter")  # the whole entry
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert str(app.screen.query_one("#entry-text", Static).render()) == "Waited outside"
        await pilot.press("a")  # correct it
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert form.query_one("#description", TextArea).text == "Waited outside"  # starts from the original
        form.query_one("#description", TextArea).text = "Waited outside in the car park for an hour"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say why the entry is being corrected" in str(form.query_one("#amend_reason-problem").render())
        form.query_one("#amend_reason", Input).value = "More detail"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        correction, amended = view.entries[-2], view.entries[-1]
        assert correction.text == "Waited outside in the car park for an hour" and correction.is_current
        assert amended.key == f"contact:{original.id}" and not amended.is_current
        text = view_text(view)
        assert "✎ Amended (replaced by the entry above). Original:" in text
        assert "✎ correction of an earlier entry. Why: More detail" in text
        assert view.entry is correction  # the cursor follows the new entry
        assert any("Correction saved: in person at the practice" in str(n.message) for n in app._notifications)
    assert store.contacts.get(original.id) == original


async def test_only_the_author_or_a_manager_is_offered_a_correction(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    log(store, practice, by=practice.manager)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
        assert any("Only Margaret Lewis, who logged this contact" in str(n.message) for n in app._notifications)
        await pilot.press("w")  # drafting the warning letter is the manager's
        await settle(pilot)
        assert app.screen is screen
        assert any("Only a practice manager can draft a warning letter" in str(n.message) for n in app._notifications)


async def test_a_warning_letter_draft_is_written_to_a_file_and_not_to_the_timeline(
    app: BoundaryApp, store: Store, practice: Practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOUNDARY_TUI_LETTERS", str(tmp_path / "letters"))
    store.settings.set("practice_name", "Riverside Medical Practice")
    store.settings.set("practice_address", "1 Riverside Walk, Leeds LS6 2AB")
    log(store, practice, occurred_at=NOW - timedelta(days=3), channel="card")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        before = len(view_of(screen).entries)
        await pilot.press("w")
        await settle(pilot)
        [letter] = (tmp_path / "letters").iterdir()
        assert letter.name == "warning-letter-OBrien-9434765919-2026-11-23.txt"
        assert letter.stat().st_mode & 0o777 == 0o600
        text = letter.read_text(encoding="utf-8")
        assert "Riverside Medical Practice" in text and "Dear Martin O'Brien," in text
        assert "This behaviour is inappropriate and it must stop." in text
        assert "remove you from the practice list" in text and "report it to the police" in text
        assert "  - 20 Nov 2026: card" in text
        assert str(letter) in str(screen.query_one("#timeline-message").render())
        await pilot.press("w")  # a second draft never overwrites the first
        await settle(pilot)
        assert len(list((tmp_path / "letters").iterdir())) == 2
        assert len(view_of(screen).entries) == before
    assert store.actions.for_patient(practice.obrien) == []


# -- the desk keeps one timeline screen and shows it again ----------------------------------


async def test_the_timeline_shown_again_is_the_next_patients_with_filters_cleared(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    log(store, practice, patient=practice.zoe, description="Zoë left a card for Dr Patel.")
    async with app.run_test(size=SIZE) as pilot:
        first = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        first.query_one("#filter-source", Select).value = "action"
        await settle(pilot)
        assert "O'Brien" in str(first.title)
        await pilot.press("escape")
        await settle(pilot)

        desk = app.screen
        desk.query_one("#search", Input).value = ""
        desk.query_one("#search", Input).focus()
        await type_text(pilot, "zoe fairbairn")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        second = app.screen
        assert second is first  # built once, shown again
        assert isinstance(second, TimelineScreen) and "Zoë Fairbairn" in str(second.title)
        assert second.query_one("#filter-source", Select).value == "all"
        text = view_text(view_of(second))
        assert "Zoë left a card for Dr Patel." in text and "O'Brien" not in text
        assert "Zoë Fairbairn" in str(second.query_one("#timeline-summary", Static).render())


async def test_a_timeline_open_again_shows_what_was_saved_meanwhile(
    app: BoundaryApp, store: Store, practice: Practice, clock: FixedClock
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("escape")
        await settle(pilot)
        log(store, practice, description="Waiting in the car park at 17:55.")
        clock.advance(minutes=7)
        await pilot.press("f4")
        await settle(pilot)
        assert "Waiting in the car park at 17:55." in view_text(view_of(app.screen))


async def test_a_timeline_read_again_holds_no_earlier_timeline_while_it_is_read(
    app: BoundaryApp, store: Store, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F4 again after the record was let go of (read whole): the screen has let go of what it showed
    before the read starts, so two long timelines are never held at once (the desk day's peak)."""
    add_contacts(store, practice, 300)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        view = view_of(screen)
        assert len(view.entries) == 301
        await pilot.press("escape")
        await settle(pilot)
        app.store.timeline.forget()  # as when the desk had moved on: the record is read whole again
        held: list[tuple[object, int]] = []
        read = type(app.store.timeline).for_patient

        def watched(timelines: object, patient_id: int, **options: object) -> object:
            held.append((screen.timeline, len(view.entries)))
            return read(timelines, patient_id, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(type(app.store.timeline), "for_patient", watched)
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is screen
        assert held and held[0] == (None, 0)
        assert len(view.entries) == 301 and "Message 300 asking Dr Hart to reply." in view_text(view)


async def test_someone_else_signing_in_gets_their_own_timeline_screen(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        first = await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("escape", "f9")
        await settle(pilot)
        await someone_else(pilot, "Priya Shah", RECEPTION_PIN)
        assert isinstance(app.screen, DeskScreen)
        await type_text(pilot, "martin o'brien")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen) and app.screen is not first
        await pilot.press("e")  # export is for managers: the receptionist's screen knows who is signed in
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert any("Managers only" in (n.title or "") for n in app._notifications)


def test_the_screen_reuses_an_unchanged_timeline_but_never_for_an_export(
    store: Store, practice: Practice, clock: FixedClock
) -> None:
    first = store.timeline.for_patient(practice.obrien, reuse=True)
    clock.advance(minutes=3)
    again = store.timeline.for_patient(practice.obrien, reuse=True)
    assert first is not None and again is not None
    assert again.entries is first.entries and again.now == first.now + timedelta(minutes=3)
    assert store.timeline.for_patient(practice.obrien).entries is not first.entries  # an export reads afresh

    log(store, practice, description="Another letter.")
    after_save = store.timeline.for_patient(practice.obrien, reuse=True)
    assert after_save is not None and after_save.entries[-1].text == "Another letter."

    clock.advance(days=1)  # the date is part of what the status and next steps depend on
    next_day = store.timeline.for_patient(practice.obrien, reuse=True)
    assert next_day is not None and next_day.entries is not after_save.entries


async def test_going_to_the_timeline_and_back_all_day_keeps_nothing_behind(app: BoundaryApp) -> None:
    """Each footer rebuilds its keys on every switch; old keys must not stay alive (Textual 8 kept them)."""
    from textual.widgets import Footer

    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        for _ in range(4):
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
        for screen in (app.screen, app.screen_stack[-2]):
            footer = screen.query_one(Footer)
            watched = [node for node, _ in getattr(footer, "__watchers")["compact"]]
            assert watched and all(node.is_attached for node in watched), type(screen).__name__
            assert len(watched) <= len(footer.children)


async def test_one_entry_is_counted_as_one_entry(app: BoundaryApp, store: Store, practice: Practice) -> None:
    log(store, practice, patient=practice.jo, description="Phoned asking for Dr Patel's home address.")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN, search="jo smith")
        assert str(screen.query_one("#timeline-count", Static).render()).strip() == "1 entry"
