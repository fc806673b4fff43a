"""Type-to-find in every choice list of a form: a burst of messages is logged without arrowing down seven rows."""

from __future__ import annotations

from textual.widgets import Input, OptionList, SelectionList, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.vocabulary import ACTION_KINDS, CONTACT_CHANNELS
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.widgets.type_to_find import PAUSE, Finder
from tests.helpers.pilot import settle
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient
from tests.helpers.screens_tour import sign_in_quickly

CHANNELS = list(CONTACT_CHANNELS.values())


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_letters_go_to_the_first_option_starting_with_them_then_to_a_word_starting_with_them() -> None:
    clock = Clock()
    finder = Finder(clock)
    assert CHANNELS[finder.find("s", CHANNELS, 0) or 0] == "Social media"
    assert CHANNELS[finder.find("o", CHANNELS, 0) or 0] == "Social media"  # "so"
    clock.now += PAUSE + 0.1  # a pause starts a new search
    assert CHANNELS[finder.find("c", CHANNELS, 0) or 0] == "Card"
    assert CHANNELS[finder.find("a", CHANNELS, 0) or 0] == "Card"  # "ca"
    clock.now += PAUSE + 0.1
    kinds = list(ACTION_KINDS.values())
    assert kinds[finder.find("e", kinds, 0) or 0] == "Removal from the list effective"  # a word starting with it
    assert finder.find("x", kinds, 0) is None  # nothing has a word starting with "ex" or "x"


def test_the_same_letter_again_goes_to_the_next_option_with_it() -> None:
    names = ["Dr Amelia Hart", "Dr Luis Ortiz", "Dr Rajesh Patel", "Grace O'Neill"]
    finder = Finder(Clock())
    assert finder.find("d", names, None) == 0
    assert finder.find("d", names, 0) == 1
    assert finder.find("d", names, 1) == 2
    assert finder.find("d", names, 2) == 0  # round again


def test_nothing_matching_starts_again_from_the_last_letter() -> None:
    names = ["Dr Amelia Hart", "Dr Luis Ortiz", "Dr Rajesh Patel"]
    finder = Finder(Clock())
    finder.find("o", names, None)
    finder.find("r", names, None)
    assert finder.find("p", names, 1) == 2  # "orp" matches nothing: "p" → Patel


def test_disabled_options_are_never_found() -> None:
    assert Finder(Clock()).find("g", [None, "Gift"], None) == 1


async def test_typing_s_then_o_in_the_channel_list_goes_to_social_media(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "o'brien")
        await pilot.press("f3", "s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert form.channel == "social_media"
        await pilot.press("o", "enter")
        await settle(pilot)
        assert form.channel == "social_media" and isinstance(form.focused, TextArea)
        await pilot.press("shift+tab", "g", "space")  # aimed at: to Grace O'Neill and tick her
        await settle(pilot)
        aimed = form.query_one("#aimed_at", SelectionList)
        assert set(aimed.selected) == {practice.hart_staff, practice.oneill_staff}


async def test_ctrl_t_goes_to_when_it_happened_from_anywhere_with_the_time_selected(
    app: BoundaryApp, practice: Practice
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_quickly(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "o'brien")
        await pilot.press("f3", "enter")  # in "what happened" now
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        when = app.screen.query_one("#occurred_at", Input)
        assert app.screen.focused is when and when.selected_text == when.value
        await pilot.press(*"22/11/2026 18:05", "enter")
        await settle(pilot)
        assert when.value == "22/11/2026 18:05" and isinstance(app.screen.focused, TextArea)


async def test_the_clinician_list_of_the_booking_form_finds_a_surname(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_quickly(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "jo smith")
        await pilot.press("f2", "p", "a")
        await settle(pilot)
        clinicians = app.screen.query_one("#clinician", OptionList)
        assert clinicians.highlighted == 1  # Dr Rajesh Patel
