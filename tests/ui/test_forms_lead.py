"""Forms lead the way (issue 15): after a refused save, what is typed next goes where the problem is.

The focus moves to the first field a problem names, everything typed stays, a
problem goes as soon as its field is edited, and a ticked box differs from an
unticked one by what is drawn in it, not only by its colour. At 80x24.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, Input, Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.widgets.tick_box import TickBox
from tests.helpers.pilot import on_screen, settle, text_of, type_text
from tests.helpers.practice import RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient
from tests.helpers.screens_tour import sign_in_quickly

SIZE = (80, 24)


def problem_shown(form: Any, field: str) -> str:
    """The problem under `field` as shown ("" when none is)."""
    widget = form.query_one(f"#{field}-problem", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


async def contact_form_for_obrien(pilot: Any) -> ContactFormScreen:
    """Reception chooses Martin O'Brien, F3, Enter ("in person"): the cursor is in "what happened"."""
    await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
    await choose_patient(pilot, "martin o'brien")
    await pilot.press("f3", "enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ContactFormScreen)
    assert form.focused is form.query_one("#description", TextArea)
    return form


async def test_after_a_refused_save_the_focus_goes_to_the_field_named_and_nothing_typed_is_lost(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    """Saved from another field with "what happened" empty: the cursor goes to it, the other field keeps what was
    typed, what is typed next lands in "what happened" and its problem goes at the first key."""
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form_for_obrien(pilot)
        await pilot.press("ctrl+t")  # to "when", the time selected
        await type_text(pilot, "23/11/2026 08:30")
        when = form.query_one("#occurred_at", Input)
        assert form.focused is when
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Say what happened" in problem_shown(form, "description")
        description = form.query_one("#description", TextArea)
        assert form.focused is description
        assert when.value == "23/11/2026 08:30"

        await type_text(pilot, "L")
        assert description.text == "L"
        assert problem_shown(form, "description") == ""  # gone at the first key, before any save
        await type_text(pilot, "eft a card for Dr Hart.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    [contact] = store.contacts.for_patient(practice.obrien)
    assert contact.description == "Left a card for Dr Hart."
    assert (contact.occurred_at.hour, contact.occurred_at.minute) == (8, 30)


async def test_the_first_field_named_gets_the_focus_and_only_the_edited_fields_problem_goes(app: BoundaryApp) -> None:
    """Two problems (a time in the future, nothing said of what happened), saved from a third field: the cursor
    goes to the first, and editing the time takes its problem away only; the other stays until its field is edited."""
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form_for_obrien(pilot)
        await pilot.press("ctrl+t")
        await type_text(pilot, "23/11/2026 10:00")  # an hour from now
        await pilot.press("tab")  # on to the severity
        await settle(pilot)
        assert form.focused is form.query_one("#severity")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "in the future" in problem_shown(form, "occurred_at")
        assert "Say what happened" in problem_shown(form, "description")
        when = form.query_one("#occurred_at", Input)
        assert form.focused is when
        assert when.value == "23/11/2026 10:00"

        await pilot.press("backspace")
        await settle(pilot)
        assert problem_shown(form, "occurred_at") == ""
        assert "Say what happened" in problem_shown(form, "description")


async def test_after_a_chaperone_is_required_what_is_typed_goes_into_the_chaperone_field(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    """Enter on a slot for Zoë Fairbairn without a chaperone: "A chaperone is required", and the name typed
    straight after lands in the chaperone field (not in the list of slots)."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "zoe")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        await pilot.press("tab", "tab", "enter")  # Dr Amelia Hart (allowed), her first free slot
        await settle(pilot)
        assert app.screen is form
        assert "chaperone is required" in text_of(app, "#chaperone-problem")
        chaperone = form.query_one("#chaperone", Input)
        assert form.focused is chaperone
        await type_text(pilot, "Priya Shah")
        assert chaperone.value == "Priya Shah"
        assert problem_shown(form, "chaperone") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    [appointment] = store.appointments.upcoming_for(practice.zoe)
    assert appointment.chaperone_name == "Priya Shah"


async def test_after_dr_hart_is_refused_what_is_typed_goes_into_the_emergency_reason(app: BoundaryApp) -> None:
    """Enter on Dr Hart's slot for Martin O'Brien is refused; typing straight after fills in the emergency
    reason, the one field that could still book him with her."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        await pilot.press("up", "tab", "tab", "enter")
        await settle(pilot)
        assert "Not with Dr Amelia Hart" in text_of(app, "#form-problem")
        await type_text(pilot, "Chest pain")
        assert form.query_one("#override_reason", Input).value == "Chest pain"


async def test_ticked_and_unticked_boxes_differ_by_a_symbol_not_only_colour(app: BoundaryApp) -> None:
    """On the contact form an unticked box is empty and a ticked one holds a mark, in the list of staff and in
    "Police called" alike; Space changes what is drawn."""
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form_for_obrien(pilot)
        lines = on_screen(app)
        [hart] = [line for line in lines if "Dr Amelia Hart" in line and "▐" in line]
        [patel] = [line for line in lines if "Dr Rajesh Patel" in line and "▐" in line]
        assert "▐X▌ Dr Amelia Hart" in hart  # ticked: the one targeted
        assert "▐ ▌ Dr Rajesh Patel" in patel  # not ticked: empty

        police = form.query_one("#police_called", Checkbox)
        assert isinstance(police, TickBox)
        unticked = str(police.render())
        assert "▐ ▌" in unticked and "X" not in unticked
        police.focus()
        await pilot.press("space")
        await settle(pilot)
        assert police.value is True
        ticked = str(police.render())
        assert "▐X▌" in ticked and ticked != unticked
        police.scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        assert any("▐X▌ Police called" in line for line in on_screen(app))


async def test_tab_from_what_happened_reaches_every_field_below_before_save(app: BoundaryApp) -> None:
    """At 80x24 the rest of the contact form is below the fold: Tab goes through it, Save comes last."""
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form_for_obrien(pilot)
        form.query_one("#description", TextArea).focus()
        await settle(pilot)
        reached: list[str] = []
        for _ in range(12):
            await pilot.press("tab")
            await settle(pilot)
            focused = app.focused
            assert focused is not None
            reached.append(focused.id or type(focused).__name__)
            if focused.id == "save":
                break
        assert "save" in reached, reached
        before_save = reached[: reached.index("save")]
        for field in ("evidence_location", "witnesses", "effect", "police_called"):
            assert field in before_save, reached
