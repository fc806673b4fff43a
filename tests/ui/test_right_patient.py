"""The right patient (issue 15): one patient at a time, never a stale one; every form names whom it is about.

Rule 13: a patient key (F2-F7) acts only on a patient chosen from the matches
shown now. A new search un-chooses the patient at once; a search that matches
nobody, or a patient taken off the database by another desk, leaves nobody
chosen. Every form and dialog names its patient with date of birth and NHS
number, since two patients may share a name.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.ui.screens.action_form import ActionFormScreen
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.concern_details import ConcernDetailsScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import NO_PATIENT, DeskScreen
from boundary_tui.ui.widgets.match_list import MatchList
from tests.helpers.pilot import on_screen, settle, text_of, type_text
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient
from tests.helpers.screens_tour import alive, sign_in_quickly

SIZE = (80, 24)

OBRIEN_BORN = "14 Mar 1978"
OBRIEN_NHS = "943 476 5919"

PATIENT_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7")
"""Book, log a contact, timeline, concern, action, concern details: each acts on the chosen patient."""


def desk_of(app: BoundaryApp) -> DeskScreen:
    assert isinstance(app.screen, DeskScreen), f"on {type(app.screen).__name__}, not the desk"
    return app.screen


def refusals(app: BoundaryApp) -> int:
    """How many times the desk has said "Choose a patient first" so far."""
    return sum(NO_PATIENT in str(n.message) for n in app._notifications)


def nobody_shown(app: BoundaryApp) -> None:
    """The right-hand pane names nobody: no banner, no marker, no details."""
    desk = desk_of(app)
    assert desk.view is None
    assert desk.query_one("#flag-banner").display is False
    assert desk.query_one("#chaperone-marker").display is False
    details = text_of(app, "#patient-details")
    assert "O'Brien" not in details and OBRIEN_NHS not in details


async def retype_search(pilot: Any, text: str) -> None:
    """Back in the search box (/ from anywhere on the desk, or Esc), what was there selected, `text` typed over it."""
    search = pilot.app.screen.query_one("#search", Input)
    search.focus()
    search.select_all()
    await type_text(pilot, text)


async def obrien_chosen(pilot: Any, who: tuple[str, str] = ("Margaret Lewis", MANAGER_PIN)) -> None:
    await sign_in_quickly(pilot, *who)
    await choose_patient(pilot, "martin o'brien")
    desk = desk_of(pilot.app)
    assert desk.view is not None and desk.view.patient.full_name == "Martin O'Brien"
    assert "Not with Dr Amelia Hart" in text_of(pilot.app, "#flag-banner")


async def every_patient_key_refused(pilot: Any) -> None:
    """Each patient key says "Choose a patient first" and opens nothing."""
    app = pilot.app
    desk = desk_of(app)
    for key in PATIENT_KEYS:
        before = refusals(app)
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is desk, f"{key} opened {type(app.screen).__name__}"
        assert refusals(app) == before + 1, f"{key} did not say to choose a patient"


# -- a new search un-chooses ----------------------------------------------------------------


async def test_typing_a_new_search_unchooses_the_patient_at_once(app: BoundaryApp) -> None:
    """The first key of a new search takes the chosen patient's banner away; no patient key acts on him."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await obrien_chosen(pilot)
        await retype_search(pilot, "j")
        nobody_shown(app)
        await every_patient_key_refused(pilot)


async def test_a_search_typed_on_after_choosing_unchooses_too(app: BoundaryApp) -> None:
    """Adding a letter to the search that found him (one key, nothing else) is a new search: he is not chosen."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await obrien_chosen(pilot, ("Priya Shah", RECEPTION_PIN))
        search = app.screen.query_one("#search", Input)
        search.focus()
        search.cursor_position = len(search.value)
        await type_text(pilot, "x")
        nobody_shown(app)
        before = refusals(app)
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(app.screen, BookingScreen)
        assert refusals(app) == before + 1


async def test_after_a_typo_that_matches_nobody_f5_opens_nothing(app: BoundaryApp) -> None:
    """A search that matches nobody says so, and F5 does not open a concern for the patient chosen before it."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await obrien_chosen(pilot)
        await retype_search(pilot, "martin o'brine")
        assert "No patient matches" in text_of(app, "#lookup-message")
        assert app.screen.query_one("#results", MatchList).option_count == 0
        nobody_shown(app)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert not isinstance(app.screen, ConcernFormScreen)
        assert refusals(app) == 1


@pytest.mark.parametrize("typed", ["   ", "'-.,", "*()", '"'])
async def test_a_search_of_spaces_or_punctuation_leaves_nobody_chosen(app: BoundaryApp, typed: str) -> None:
    """Spaces or punctuation alone after a patient was chosen: nobody chosen, the desk still works."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await obrien_chosen(pilot)
        await retype_search(pilot, typed)
        await pilot.press("enter")
        await settle(pilot)
        alive(app, repr(typed))
        nobody_shown(app)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert refusals(app) == 1
        await choose_patient(pilot, "jo smith")  # and the desk still finds and chooses
        assert desk_of(app).view is not None


async def test_a_patient_taken_off_the_database_by_another_desk_is_unchosen_with_a_message(
    app: BoundaryApp, practice: Practice, store: Store
) -> None:
    """Another desk deletes the chosen patient: within a poll, nobody is chosen, the desk says why, F2 refuses."""
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        desk = desk_of(app)
        assert desk.view is not None and desk.view.patient.id == practice.jo
        # Another desk (another connection to the same file); a statement outside a transaction commits.
        store.db.execute("DELETE FROM patients WHERE id = ?", [practice.jo])
        assert desk.refresh_if_changed() is True  # what the desk's poll runs every second
        await settle(pilot)
        assert desk.view is None
        assert "Jo Smith" not in text_of(app, "#patient-details")
        assert any("Jo Smith is no longer in the practice database" in str(n.message) for n in app._notifications), [
            str(n.message) for n in app._notifications
        ]
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is desk and refusals(app) == 1


# -- every form names its patient ------------------------------------------------------------


def title_of(screen: Any) -> str:
    return str(screen.query_one(".dialog-title", Static).render())


def names_obrien(title: str) -> None:
    assert "Martin O'Brien" in title, title
    assert OBRIEN_BORN in title, title
    assert OBRIEN_NHS in title, title


@pytest.mark.parametrize(
    ("key", "form"),
    [
        ("f2", BookingScreen),
        ("f3", ContactFormScreen),
        ("f5", ConcernFormScreen),
        ("f6", ActionFormScreen),
        ("f7", ConcernDetailsScreen),
    ],
)
async def test_every_form_title_names_the_patient_with_date_of_birth_and_nhs_number(
    app: BoundaryApp, key: str, form: type
) -> None:
    """Each form's or dialog's title says whom it is for (name, date of birth, NHS number), whole at 80x24."""
    async with app.run_test(size=SIZE) as pilot:
        await obrien_chosen(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, form)
        title = title_of(app.screen)
        names_obrien(title)
        identity = f"Martin O'Brien · born {OBRIEN_BORN} · NHS {OBRIEN_NHS}"
        assert identity in title, title
        assert any(identity in line for line in on_screen(app)), "the title is not in sight whole at 80x24"
