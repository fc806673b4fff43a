"""Logging a contact at the desk as a person does it: F3, a few keys, ctrl+s; bad input explained, nothing lost."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.contacts import MAX_DESCRIPTION_LENGTH
from boundary_tui.core.text import printable
from boundary_tui.core.vocabulary import CONTACT_CHANNELS
from boundary_tui.store import Store
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.entry import EntryScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.timeline_view import TimelineView
from tests.helpers.drafts import HOSTILE
from tests.helpers.pilot import layouts_counted, settle, sign_in, type_text
from tests.helpers.practice import NOW, RECEPTION_PIN, Practice

SIZE = (120, 40)


async def choose_patient(pilot: Pilot[None], text: str) -> None:
    """Sign in at reception, search and choose the single match."""
    await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def shown(app: BoundaryApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def view_text(view: TimelineView) -> str:
    """What the line-drawn timeline shows on screen, line by line."""
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def test_a_walk_in_is_logged_in_under_ten_keystrokes_plus_the_description(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    description = "Asked for Dr Hart [/] again."  # typed markup too
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f3")  # no patient chosen yet: explained, nothing opens
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert any("Choose a patient first" in str(n.message) for n in app._notifications)
        await type_text(pilot, "obr")  # a single match: Enter chooses him
        await pilot.press("enter")
        await settle(pilot)

        keys = ["f3", "enter", *description, "ctrl+s"]
        await pilot.press(*keys[:2])
        await settle(pilot)
        assert "Record facts, not opinions" in shown(app, "#facts-reminder")
        assert "may one day read this log" in shown(app, "#facts-reminder")
        await pilot.press(*keys[2:])
        await settle(pilot)
        assert len(keys) - len(description) < 10  # F3, Enter (in person), ctrl+s: 3 keystrokes
        assert isinstance(app.screen, DeskScreen)
        [saved] = store.contacts.for_patient(practice.obrien)
        assert (saved.channel, saved.description, saved.severity) == ("in_person", description, "note")
        assert [t.staff_id for t in saved.aimed_at] == [practice.hart_staff]  # the concern's target, ticked for them
        assert saved.occurred_at == NOW and saved.logged_by == practice.reception
        assert any(
            "Contact logged: in person at the practice, Mon 23 Nov 2026 09:00, Martin O'Brien" in str(n.message)
            for n in app._notifications
        )
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        view = app.screen.query_one("#timeline-entries", TimelineView)
        assert view.entries[-1].key == f"contact:{saved.id}" and view.entry is view.entries[-1]
        assert "In person at the practice" in view_text(view) and description in view_text(view)


async def save_with(pilot: Pilot[None], form: ContactFormScreen, when: str, description: str) -> None:
    form.query_one("#occurred_at", Input).value = when
    form.query_one("#description", TextArea).text = description
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_bad_input_on_the_form_is_explained_and_nothing_typed_is_lost(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f3")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        form.query_one("#witnesses", Input).value = "Ben Clarke"

        await save_with(pilot, form, "23/11/2026 09:30", "Asked for Dr Hart.")
        assert "is in the future (it is now Mon 23 Nov 2026 09:00)" in shown(app, "#occurred_at-problem")

        await save_with(pilot, form, "29/03/2026 01:30", "Asked for Dr Hart.")
        assert "does not exist in the UK: the clocks went forward" in shown(app, "#occurred_at-problem")

        await save_with(pilot, form, "23/11/2026 08:00", "  ")
        assert "Say what happened" in shown(app, "#description-problem")
        assert form.query_one("#occurred_at-problem").display is False

        too_long = "y" * (MAX_DESCRIPTION_LENGTH + 1)
        await save_with(pilot, form, "23/11/2026 08:00", too_long)
        assert "10,001 characters long; the limit is 10,000" in shown(app, "#description-problem")
        assert "10,001 / 10,000" in str(form.query_one("#description-count").render())

        assert app.screen is form and form.query_one("#description", TextArea).text == too_long
        assert form.query_one("#witnesses", Input).value == "Ben Clarke"
        assert store.contacts.for_patient(practice.obrien) == []

        await save_with(pilot, form, "29/03/2026 02:30", "Asked for Dr Hart.")
        assert isinstance(app.screen, DeskScreen)
    [saved] = store.contacts.for_patient(practice.obrien)
    assert saved.occurred_at.isoformat() == "2026-03-29T01:30:00+00:00"  # 02:30 BST
    assert saved.witnesses == "Ben Clarke"


async def test_markup_and_escapes_in_every_field_are_stored_and_shown_literally(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    police = HOSTILE[:150]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f3")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        form.query_one("#channel", OptionList).highlighted = CONTACT_CHANNELS.index("gift")
        await settle(pilot)
        assert form.query_one("#gift-row").display is True  # only for gifts and cards
        from textual.widgets import Select

        form.query_one("#gift_handling", Select).value = "kept_and_declared"
        form.query_one("#description", TextArea).text = HOSTILE
        for field in ("evidence_location", "witnesses", "effect"):
            form.query_one(f"#{field}", Input).value = HOSTILE
        form.query_one("#police_called", Checkbox).value = True
        await settle(pilot)
        form.query_one("#police_officer", Input).value = police
        form.query_one("#police_reference", Input).value = police
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        [saved] = store.contacts.for_patient(practice.obrien)
        row = store.db.execute(
            "SELECT description, evidence_location, witnesses, effect, police_officer, police_reference FROM contacts"
        ).fetchone()
        assert row == (HOSTILE, HOSTILE, HOSTILE, HOSTILE, police, police)
        assert saved.gift_handling == "kept_and_declared"

        await pilot.press("f4")
        await settle(pilot)
        view = app.screen.query_one("#timeline-entries", TimelineView)
        lines = view_text(view)
        assert printable(HOSTILE, single_line=True)[:60] in lines  # ␛ shown, markup as typed
        assert "\x1b" not in lines
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert str(app.screen.query_one("#entry-text", Static).render()) == printable(HOSTILE)
        facts = str(app.screen.query_one("#entry-facts", Static).render())
        for label in ("Evidence kept", "Witnesses", "Effect on the person targeted"):
            assert f"{label}: {printable(HOSTILE)}" in facts
        assert f"Police called: {printable(police)}, {printable(police)}" in facts
        await pilot.click("#entry-text", offset=(20, 0))  # where "[@click=app.quit]" would be a link
        await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_cancelling_a_half_filled_contact_asks_first(app: BoundaryApp, store: Store, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f3", "enter")
        await type_text(pilot, "Half")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        assert app.screen.query_one("#description", TextArea).text == "Half"
    assert store.contacts.for_patient(practice.obrien) == []


async def test_typing_in_a_form_field_never_lays_the_whole_form_out_again(app: BoundaryApp, practice: Practice) -> None:
    """Each letter repaints the box it is typed in: Input asks for the whole screen to be arranged again
    whenever its text's width changes (`ui/textual_fixes.py`), on every form of the desk as in the search."""
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_patient(pilot, "o'brien martin")
        await pilot.press("f3")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        witnesses = form.query_one("#witnesses", Input)
        witnesses.focus()
        await type_text(pilot, "D")
        await settle(pilot)
        laid_out = layouts_counted(form)
        await type_text(pilot, "r Hart's nurse")
        await settle(pilot)
        assert witnesses.value == "Dr Hart's nurse" and witnesses.cursor_position == len("Dr Hart's nurse")
        assert len(laid_out) <= 1, f"the form was laid out {len(laid_out)} times for 14 letters"
        # Text longer than the box still scrolls with the cursor.
        await type_text(pilot, " x" * 40)
        await settle(pilot)
        assert witnesses.scroll_offset.x > 0
        assert witnesses.render_line(0).text.rstrip().endswith("x x x")
