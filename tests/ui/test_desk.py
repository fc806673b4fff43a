"""The desk as a receptionist uses it: sign in, search, choose, read the banner, book."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.store import Store
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.widgets.match_list import MatchList
from tests.helpers.pilot import layouts_counted, on_screen, settle, sign_in, text_of, type_text
from tests.helpers.practice import HOSTILE_NAME, MANAGER_PIN, RECEPTION_PIN, Practice

SIZE = (120, 40)


async def find(pilot, text: str) -> None:
    """Type a search and press Enter (a single match is chosen at once)."""
    search = pilot.app.screen.query_one("#search", Input)
    search.focus()
    search.value = ""
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_wrong_pin_is_explained_and_the_right_one_opens_the_desk(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", MANAGER_PIN)
        assert "That PIN is not right for Priya Shah" in text_of(app, "#sign-in-message")
        assert app.screen.query_one("#pin", Input).value == ""
        await pilot.press(*RECEPTION_PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.sub_title == "Signed in: Priya Shah (reception)"
        assert app.screen.focused is app.screen.query_one("#search")


async def test_search_select_and_the_banner_names_the_gp(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "obr")
        results = app.screen.query_one("#results", MatchList)
        assert results.option_count == 1
        assert "O'Brien, Martin" in results.matches[0].line
        assert app.screen.query_one("#flag-banner").display is False
        await pilot.press("enter")
        await settle(pilot)
        banner = app.screen.query_one("#flag-banner")
        assert banner.display is True
        assert "Not with Dr Amelia Hart" in text_of(app, "#flag-banner")
        assert app.screen.query_one("#chaperone-marker").display is True
        assert "Chaperone required with Dr Amelia Hart" in text_of(app, "#chaperone-marker")
        details = text_of(app, "#patient-details")
        assert "Martin O'Brien" in details
        assert "Born 14 Mar 1978 (age 48)" in details
        assert "NHS 943 476 5919" in details
        assert "LS6 2AB" in details


async def test_the_banner_shows_only_while_a_restriction_applies(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "zoe")
        assert "Not with Dr Rajesh Patel" in text_of(app, "#flag-banner")
        assert "Chaperone required for all consultations" in text_of(app, "#chaperone-marker")
        await find(pilot, "jo smith")
        assert app.screen.query_one("#flag-banner").display is False
        assert app.screen.query_one("#chaperone-marker").display is False
        await find(pilot, "eve sinclair")  # concern closed: no restriction any more
        assert app.screen.query_one("#flag-banner").display is False


async def test_removed_patient_banner_and_booking_refused(app: BoundaryApp, store: Store, practice: Practice) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "declan")
        assert "Removed from list on 02 Nov 2026: do not book" in text_of(app, "#flag-banner")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert any("removed from the practice list" in str(n.message) for n in app._notifications)
    assert store.appointments.upcoming_for(practice.declan) == []


async def test_lookup_list_never_shows_concern_details(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "obr")
        line = app.screen.query_one("#results", MatchList).matches[0].line
        assert "Hart" not in line and "concern" not in line.lower() and "Cards" not in line


async def test_booking_with_the_targeted_gp_is_refused_and_another_gp_accepted(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "martin o'brien")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        assert form.clinician is not None and form.clinician.name == "Dr Rajesh Patel"  # starts on someone allowed
        await pilot.press("up")  # Dr Amelia Hart
        await settle(pilot)
        assert "Not with Dr Amelia Hart" in text_of(app, "#guard-message")
        await pilot.press("tab", "tab", "enter")  # date, free slots, book the first slot
        await settle(pilot)
        assert app.screen is form
        problem = text_of(app, "#form-problem")
        assert "Not with Dr Amelia Hart" in problem
        assert "Book with Dr Rajesh Patel (GP) instead, or Grace O'Neill (Practice nurse)" in problem
        assert store.appointments.upcoming_for(practice.obrien) == []

        form.query_one("#clinician", OptionList).focus()
        await pilot.press("down")  # Dr Rajesh Patel
        await pilot.press("tab", "tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        booked = store.appointments.upcoming_for(practice.obrien)
        assert [(a.clinician_name, a.starts_at.hour, a.starts_at.minute) for a in booked] == [("Dr Rajesh Patel", 9, 0)]
        assert "with Dr Rajesh Patel" in text_of(app, "#appointments")


async def test_emergency_override_is_recorded_with_its_chaperone(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "martin o'brien")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("up")  # Dr Amelia Hart
        await settle(pilot)
        assert app.screen.query_one("#override-row").display is True
        app.screen.query_one("#override_reason", Input).focus()
        await type_text(pilot, "Chest pain")
        await pilot.press("tab")
        await type_text(pilot, "Grace O'Neill")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        [appointment] = store.appointments.upcoming_for(practice.obrien)
        assert appointment.override_id is not None and appointment.chaperone_name == "Grace O'Neill"
        row = store.db.execute("SELECT reason, recorded_by FROM booking_overrides").fetchone()
        assert row == ("Chest pain", practice.reception)
        assert "emergency override" in text_of(app, "#appointments")
        assert "chaperone: Grace O'Neill" in text_of(app, "#appointments")


async def test_chaperone_is_required_where_the_marker_applies(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "zoe")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingScreen)
        assert form.clinician is not None and form.clinician.name == "Dr Amelia Hart"
        assert form.query_one("#chaperone-row").display is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "chaperone is required" in text_of(app, "#chaperone-problem")
        form.query_one("#chaperone", Input).focus()
        await type_text(pilot, "Priya Shah")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        [appointment] = store.appointments.upcoming_for(practice.zoe)
        assert appointment.chaperone_required and appointment.chaperone_name == "Priya Shah"
        assert "◆ chaperone: Priya Shah" in text_of(app, "#appointments")


async def test_a_patient_named_with_markup_is_shown_literally_and_cannot_quit_the_app(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "example")
        results = app.screen.query_one("#results", MatchList)
        assert results.matches[0].line.startswith("Example, [@click=app.quit]E…")
        await pilot.press("enter")
        await settle(pilot)
        assert f"{HOSTILE_NAME} Example" in text_of(app, "#patient-details")
        await pilot.click("#patient-details", offset=(2, 0))
        await pilot.click("#results", offset=(4, 1))
        await settle(pilot)
        assert app.is_running
        assert app.return_code is None


async def test_fts_syntax_and_bad_input_in_search_get_messages(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        for typed, expected in [
            ('"', "ignores punctuation"),
            ("* AND (", "No patient matches"),
            ("31/02/2020", "not a real date"),
            ("943 476 5918", "not a valid NHS number"),
            ("999 000 0085", "No patient matches"),
        ]:
            search = app.screen.query_one("#search", Input)
            search.value = ""
            await settle(pilot)
            assert "Type a name" in text_of(app, "#lookup-message")
            await type_text(pilot, typed)
            assert expected in text_of(app, "#lookup-message"), typed
        assert app.is_running


async def test_escape_returns_to_search_and_slash_focuses_it(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "smith")
        await pilot.press("down")
        assert app.screen.focused is app.screen.query_one("#results")
        await pilot.press("slash")
        assert app.screen.focused is app.screen.query_one("#search")
        await pilot.press("escape")
        assert app.screen.query_one("#search", Input).value == ""


async def test_f2_without_a_patient_explains(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert any("Choose a patient first" in str(n.message) for n in app._notifications)


async def test_help_opens_on_f1_and_closes_on_escape(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("f1")
        await settle(pilot)
        drawn = " ".join(line.strip() for line in on_screen(app))
        assert "2. Do not book them with the targeted" in drawn and "Keys at the desk" in drawn
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)


async def test_cancelling_a_half_filled_form_asks_before_throwing_it_away(app: BoundaryApp) -> None:
    from boundary_tui.ui.screens.confirm import ConfirmScreen

    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "zoe")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        form.query_one("#chaperone", Input).focus()
        await type_text(pilot, "Priya")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.screen is form and form.query_one("#chaperone", Input).value == "Priya"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_an_untouched_form_closes_on_escape_at_once(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "jo smith")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_a_refused_booking_says_why_once(app: BoundaryApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await find(pilot, "martin o'brien")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("up", "tab", "tab", "enter")  # Dr Amelia Hart, first free slot
        await settle(pilot)
        shown = text_of(app, "#guard-message") + text_of(app, "#form-problem")
        assert shown.count("Not with Dr Amelia Hart") == 1
        assert "Emergency only" in text_of(app, "#guard-message")


async def test_typing_in_the_matches_searches_again_and_unchooses_the_patient(app: BoundaryApp) -> None:
    """Letters typed with the focus in the matches start a new search, never go nowhere (seen in tmux)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "jo")
        await pilot.press("down", "enter")  # into the matches, choose the first
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen) and desk.view is not None
        assert desk.focused is desk.query_one("#results", MatchList)
        await pilot.press("s", "m")
        await settle(pilot)
        search = desk.query_one("#search", Input)
        assert desk.focused is search and search.value == "sm"  # a new search, typed where the eye is
        assert desk.view is None, "a new search leaves nobody chosen"
        # Typed fast, all at once, as a terminal delivers them: every letter arrives, in order.
        await pilot.press("down")
        await settle(pilot)
        assert desk.focused is desk.query_one("#results", MatchList)
        driver = app._driver
        assert driver is not None
        for key in "smith":
            event = events.Key(key, key)
            event.set_sender(app)
            driver.send_message(event)
        await settle(pilot)
        assert search.value == "smith"


async def test_typing_a_search_never_lays_the_whole_desk_out_again(app: BoundaryApp) -> None:
    """Each letter changes only the box and the matches: arranging every widget of the desk again on each key
    (what Input asks for whenever the text's width changes) was a fifth of a key's time at the desk."""
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await type_text(pilot, "o")
        await settle(pilot)
        desk = app.screen
        laid_out = layouts_counted(desk)
        await type_text(pilot, "'brien martin")
        await settle(pilot)
        search = desk.query_one("#search", Input)
        assert search.value == "o'brien martin" and search.cursor_position == len("o'brien martin")
        assert "O'Brien, Martin" in desk.query_one("#results", MatchList).matches[0].line
        assert len(laid_out) <= 1, f"the desk was laid out {len(laid_out)} times for 13 letters"
        # A search longer than the box still scrolls with the cursor.
        await type_text(pilot, " x" * 40)
        await settle(pilot)
        assert search.scroll_offset.x > 0
        assert search.render_line(search.size.height // 2).text.rstrip().endswith("x x x")
