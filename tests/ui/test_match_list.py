"""The match list: keyboard and mouse behave like a list, text is literal, overflow is said."""

from __future__ import annotations

from textual.app import App, ComposeResult

from boundary_tui.ui.widgets.match_list import Match, MatchList


class ListApp(App[None]):
    CSS = "MatchList { height: 6; }"

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield MatchList(id="results")

    def on_match_list_chosen(self, event: MatchList.Chosen) -> None:
        self.chosen.append(event.match.patient_id)


def lines(widget: MatchList) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.content_region.height)]


async def test_keys_move_and_enter_chooses() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        matches = app.query_one(MatchList)
        matches.focus()
        matches.set_matches([Match(i, f"Patient {i}") for i in range(3)])
        await pilot.press("down", "down", "down", "enter")
        assert matches.highlighted == 2
        assert app.chosen == [2]
        await pilot.press("home", "enter")
        assert app.chosen == [2, 0]


async def test_long_lists_scroll_with_the_highlight_and_say_how_many_more() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        matches = app.query_one(MatchList)
        matches.focus()
        matches.set_matches([Match(i, f"Patient {i}") for i in range(20)])
        await pilot.pause()
        shown = lines(matches)
        assert shown[0].strip() == "Patient 0"
        assert shown[-1].strip() == "↓ 15 more"
        await pilot.press("end")
        await pilot.pause()
        assert "Patient 19" in lines(matches)[-1] or "Patient 19" in " ".join(lines(matches))


async def test_click_chooses_the_row_under_the_pointer() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        matches = app.query_one(MatchList)
        matches.set_matches([Match(i, f"Patient {i}") for i in range(3)])
        await pilot.click(MatchList, offset=(3, 1))
        assert app.chosen == [1]


async def test_markup_and_escape_codes_are_written_as_plain_text() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        matches = app.query_one(MatchList)
        matches.set_matches([Match(1, "[@click=app.quit]Eve[/] \x1b[2J")])
        await pilot.pause()
        assert lines(matches)[0].strip() == "[@click=app.quit]Eve[/] ␛[2J"
        await pilot.click(MatchList, offset=(3, 0))
        assert app.is_running and app.chosen == [1]


async def test_column_padding_is_kept() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        matches = app.query_one(MatchList)
        matches.set_matches([Match(1, "Smith, Jo    01 Jan 1980"), Match(2, "two\nlines")])
        await pilot.pause()
        assert lines(matches)[:2] == [" Smith, Jo    01 Jan 1980", " two lines"]


async def test_empty_list_ignores_keys() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        matches = app.query_one(MatchList)
        matches.focus()
        await pilot.press("down", "enter", "pagedown", "end")
        assert matches.highlighted is None and app.chosen == []
