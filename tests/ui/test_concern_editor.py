"""Concerns from the desk: F5 opens, changes and closes them (managers only); F7 shows the details."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList, Select, SelectionList

from boundary_tui.app import BoundaryApp
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store
from boundary_tui.ui.screens.concern_choice import ConcernChoiceScreen
from boundary_tui.ui.screens.concern_close import CloseConcernScreen
from boundary_tui.ui.screens.concern_details import ConcernDetailsScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.widgets.match_list import MatchList
from tests.helpers.pilot import settle, sign_in, text_of, type_text
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

SIZE = (120, 40)


def changes(store: Store, patient_id: int) -> list[tuple[str, str, int]]:
    rows = store.db.execute(
        "SELECT change, reason, recorded_by FROM concern_changes WHERE patient_id = ? ORDER BY id", [patient_id]
    )
    return [tuple(r) for r in rows.fetchall()]  # type: ignore[misc]


def notes(app: BoundaryApp) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


# -- the data layer refuses, whoever calls it ------------------------------------------


@pytest.mark.parametrize("who", ["reception", "hart_staff"])
def test_only_managers_open_change_or_close_concerns_in_the_store(store: Store, practice: Practice, who: str) -> None:
    by = getattr(practice, who)
    role = "reception" if who == "reception" else "clinician"
    [concern] = store.concerns.for_patient(practice.obrien)
    with pytest.raises(Refused, match=f"Only a practice manager can open a concern.* signed in as {role}"):
        store.concerns.open(
            practice.jo,
            kind="other",
            targets=[practice.patel_staff],
            chaperone_scope="none",
            review_on=date(2027, 1, 1),
            by=by,
        )
    with pytest.raises(Refused, match="Only a practice manager can change a concern"):
        store.concerns.change(concern.id, targets=[practice.patel_staff], reason="x", by=by)
    with pytest.raises(Refused, match="Only a practice manager can close a concern"):
        store.concerns.close(concern.id, reason="x", by=by)
    assert store.concerns.for_patient(practice.jo) == []
    assert store.concerns.get(concern.id) == concern


@pytest.mark.parametrize(
    ("targets", "review_on", "field", "message"),
    [
        ([], date(2027, 1, 1), "targets", "Name at least one member of staff"),
        ([424242], date(2027, 1, 1), "targets", "Not a member of staff"),
        ("patel", date(2026, 11, 22), "review_on", "is in the past"),
    ],
)
def test_bad_concerns_are_refused_in_the_store(
    store: Store, practice: Practice, targets: object, review_on: date, field: str, message: str
) -> None:
    staff = [practice.patel_staff] if targets == "patel" else targets
    with pytest.raises(Invalid) as invalid:
        store.concerns.open(
            practice.jo, kind="other", targets=staff, chaperone_scope="none", review_on=review_on, by=practice.manager
        )  # type: ignore[arg-type]
    assert message in invalid.value.problems[field]
    assert store.concerns.for_patient(practice.jo) == []


# -- the desk ---------------------------------------------------------------------------


async def test_a_manager_opens_a_concern_and_the_banner_appears_at_once(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "jo smith")
        assert app.screen.query_one("#flag-banner").display is False
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConcernFormScreen) and form.is_new
        assert form.focused is form.query_one("#kind", Select)
        await pilot.press("enter", "down", "down", "enter")  # the list opens on "Choose…": Harassment
        await settle(pilot)
        assert form.query_one("#kind", Select).value == "harassment"
        await pilot.press("tab", "space")  # Do not book with: the first name, Dr Amelia Hart
        form.query_one("#summary").focus()
        await type_text(pilot, "In the car park.")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, DeskScreen)
        assert "Not with Dr Amelia Hart" in text_of(app, "#flag-banner")
        assert "Chaperone required with Dr Amelia Hart" in text_of(app, "#chaperone-marker")
        assert "car park" not in text_of(app, "#patient")  # rule 11: the summary stays off the desk
        await choose_patient(pilot, "smith")
        assert all("car park" not in m.line and "Hart" not in m.line for m in app.screen.query_one(MatchList).matches)
    [concern] = store.concerns.for_patient(practice.jo)
    assert (concern.kind, concern.chaperone_scope, concern.review_on) == ("harassment", "targets", date(2027, 2, 23))
    assert concern.summary == "In the car park."
    assert changes(store, practice.jo) == [("opened", "", practice.manager)]


async def test_changing_targets_changes_the_banner_without_restarting(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        assert text_of(app, "#flag-banner") == "⚠ Not with Dr Amelia Hart"
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConcernFormScreen) and not form.is_new
        assert form.query_one("#targets", SelectionList).selected == [practice.hart_staff]
        await pilot.press("space", "down", "space")  # untick Dr Hart, tick Dr Patel
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say why the concern is being changed" in text_of(app, "#reason-problem")
        form.query_one("#reason", Input).focus()
        await type_text(pilot, "Now Dr Patel.")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, DeskScreen)
        assert text_of(app, "#flag-banner") == "⚠ Not with Dr Rajesh Patel"
        assert "Concern changed" in notes(app)
    assert changes(store, practice.obrien)[-1] == (
        "targets_changed",
        "Now Dr Patel.",
        practice.manager,
    )


async def test_unticking_a_target_then_escape_asks_before_throwing_it_away(app: BoundaryApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("space", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)


async def test_another_desk_sees_a_new_banner_without_searching_again(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        assert desk.query_one("#flag-banner").display is False
        assert desk.refresh_if_changed() is False  # nothing new yet
        # The manager, at another desk (another connection), opens a concern.
        store.concerns.open(
            practice.jo,
            kind="stalking",
            targets=[practice.oneill_staff],
            chaperone_scope="all",
            review_on=date(2027, 1, 4),
            by=practice.manager,
        )
        assert desk.refresh_if_changed() is True
        await settle(pilot)
        assert "Not with Grace O'Neill" in text_of(app, "#flag-banner")
        assert "Chaperone required for all consultations" in text_of(app, "#chaperone-marker")


async def test_closing_lifts_the_restriction_at_once_and_keeps_the_history(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "zoe")
        await pilot.press("f5")
        await settle(pilot)
        await pilot.click("#close-concern")
        await settle(pilot)
        close = app.screen
        assert isinstance(close, CloseConcernScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say why the concern is being closed" in text_of(app, "#reason-problem")
        await type_text(pilot, "Moved away.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.query_one("#flag-banner").display is False
        assert app.screen.query_one("#chaperone-marker").display is False
    assert store.concerns.for_patient(practice.zoe) == []
    [closed] = store.concerns.for_patient(practice.zoe, include_closed=True)
    assert closed.close_reason == "Moved away." and closed.closed_by == "Margaret Lewis"
    assert [c[0] for c in changes(store, practice.zoe)] == ["opened", "closed"]


async def test_bad_input_is_shown_beside_each_field_and_nothing_is_saved(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        review = form.query_one("#review_on", Input)
        review.value = ""
        review.focus()
        await type_text(pilot, "01/11/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Choose what kind" in text_of(app, "#kind-problem")
        assert "Tick at least one member of staff" in text_of(app, "#targets-problem")
        assert "The review date 01 Nov 2026 is in the past" in text_of(app, "#review_on-problem")
        review.value = "31/02/2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a real date" in text_of(app, "#review_on-problem")
    assert store.concerns.for_patient(practice.jo) == []


@pytest.mark.parametrize(
    ("name", "pin", "role"), [("Priya Shah", RECEPTION_PIN, "reception"), ("Dr Amelia", "5173", "")]
)
async def test_non_managers_pressing_f5_get_an_explanation_not_a_form(
    app: BoundaryApp, store: Store, practice: Practice, name: str, pin: str, role: str
) -> None:
    store.staff.set_pin(practice.hart_staff, "5173")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, name, pin)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert "Only a practice manager can open, change or close a concern" in notes(app)
        assert f"signed in as {role or 'clinician'}" in notes(app)
        assert not app.screen.query("#queue")


async def test_several_open_concerns_let_the_manager_choose_or_open_another(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    second = store.concerns.open(
        practice.obrien,
        kind="aggression",
        targets=[practice.oneill_staff],
        chaperone_scope="none",
        review_on=date(2027, 3, 1),
        by=practice.manager,
    )
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f5")
        await settle(pilot)
        choice = app.screen
        assert isinstance(choice, ConcernChoiceScreen)
        options = choice.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0].startswith("Amorous advances · not with Dr Amelia Hart · opened 24 Oct 2026 by Margaret")
        assert labels[1].startswith("Aggression · not with Grace O'Neill")
        assert labels[2] == "+ Open a new concern"
        await pilot.press("down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConcernFormScreen) and form.query_one("#targets", SelectionList).selected == [
            practice.oneill_staff
        ]
        await pilot.click("#new-concern")
        await settle(pilot)
        assert isinstance(app.screen, ConcernFormScreen) and app.screen.is_new
    assert store.concerns.get(second.id) == second


async def test_f7_shows_the_details_to_anyone_on_purpose(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        assert "Cards" not in text_of(app, "#patient")
        await pilot.press("f7")
        await settle(pilot)
        details = app.screen
        assert isinstance(details, ConcernDetailsScreen)
        shown = str(details.query_one(".concern-detail").render())
        assert "Amorous advances" in shown and "Do not book with: Dr Amelia Hart" in shown
        assert "Review by 31 Jan 2027" in shown and "Cards addressed to Dr Hart." in shown
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert "No open concern about Jo Smith" in notes(app)


async def test_staff_named_with_markup_are_listed_literally(app: BoundaryApp, store: Store) -> None:
    store.staff.add("[@click=app.quit]Mallory[/]", "reception", None, by="test")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f5")
        await settle(pilot)
        targets = app.screen.query_one("#targets", SelectionList)
        prompts = [str(targets.get_option_at_index(i).prompt) for i in range(targets.option_count)]
        assert "[@click=app.quit]Mallory[/] (reception)" in prompts
        assert app.is_running
