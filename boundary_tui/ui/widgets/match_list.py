"""The lookup matches, drawn line by line so the list repaints on every keystroke in a few ms.

At the desk the list changes on every key. `OptionList` re-wraps every visible
option and a scrolling widget relayouts the screen when its content height
changes; this widget does neither: rows are ready-made segments and it keeps
its own "top row" offset, so a new set of matches is a repaint, not a layout.
Rows hold plain text only: it is written to the terminal as it is, never parsed
as markup.

A row is a name and a few fixed columns (date of birth, NHS number, postcode).
When the list is narrower than a whole row, the name is shortened first, then
the first columns are dropped; the last `KEPT_COLUMNS` (the NHS number and the
postcode, what tells two people of the same name apart) are never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from boundary_tui.core.text import printable


def _one_line(text: str) -> str:
    """Control characters made visible, line breaks as spaces, column padding kept."""
    return printable(text).replace("\n", " ").replace("\t", " ")


KEPT_COLUMNS = 2
"""The last columns of a row, kept whole however narrow the list (NHS number, postcode)."""

MIN_NAME = 12
"""Characters of the name kept before a column is dropped."""

GAP = "  "


@dataclass(frozen=True)
class Match:
    """One row: the patient's id, the line shown for them (the name), and its columns after it."""

    patient_id: int
    line: str
    columns: tuple[str, ...] = ()
    """Fixed-width columns after the line (date of birth, NHS number, postcode): dropped first to last."""


def fit(match: Match, width: int) -> str:
    """The row in `width` cells: the name shortened, then columns dropped, never the last `KEPT_COLUMNS`."""
    columns = list(match.columns)
    while True:
        tail = GAP.join(columns)
        room = width - len(tail) - 1
        if room >= MIN_NAME or len(columns) <= KEPT_COLUMNS:
            break
        columns.pop(0)
    if not tail:
        return match.line
    room = max(1, min(room, len(match.line)))  # the line is padded: columns line up row under row
    name = match.line
    if len(name.rstrip()) > room:
        name = name[: room - 1].rstrip() + "…"
    else:
        name = name[:room]
    return f"{name:<{room}} {tail}"


class MatchList(Widget, can_focus=True):
    """A keyboard-first list of matches: ↑/↓ to move, Enter or click to choose."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000)", "First", show=False),
        Binding("end", "move(1000000)", "Last", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    COMPONENT_CLASSES = {"match-list--highlight", "match-list--more"}

    highlighted: reactive[int | None] = reactive(None, layout=False)
    """Index of the highlighted row, or None when the list is empty."""

    class Chosen(Message):
        """A patient was chosen (Enter or click)."""

        def __init__(self, match_list: MatchList, match: Match) -> None:
            super().__init__()
            self.match_list = match_list
            self.match = match

        @property
        def control(self) -> MatchList:
            return self.match_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._matches: tuple[Match, ...] = ()
        self._top = 0
        """Index of the first row on screen."""

    @property
    def matches(self) -> tuple[Match, ...]:
        return self._matches

    @property
    def option_count(self) -> int:
        return len(self._matches)

    def set_matches(self, matches: Sequence[Match]) -> None:
        """Replace the rows (control characters are made visible first)."""
        self._matches = tuple(
            Match(m.patient_id, _one_line(m.line), tuple(_one_line(c) for c in m.columns)) for m in matches
        )
        self._top = 0
        self.set_reactive(MatchList.highlighted, 0 if self._matches else None)
        self.refresh()

    @property
    def _rows_on_screen(self) -> int:
        return max(1, self.content_region.height)

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.rich_style
        index = self._top + y
        rows = self._rows_on_screen
        hidden_below = len(self._matches) - (self._top + rows)
        if y == rows - 1 and hidden_below > 0:
            # The last line tells the user there is more, instead of hiding it silently.
            style = base + self.get_component_rich_style("match-list--more")
            return Strip([Segment(f" ↓ {hidden_below + 1} more", style)]).crop_extend(0, width, style)
        if index >= len(self._matches):
            return Strip.blank(width, base)
        style = base
        if index == self.highlighted:
            style = base + self.get_component_rich_style("match-list--highlight")
        line = fit(self._matches[index], width - 1)
        return Strip([Segment(f" {line}", style)]).crop_extend(0, width, style)

    def watch_highlighted(self, new: int | None) -> None:
        if new is not None:
            rows = self._rows_on_screen
            visible = rows - 1 if len(self._matches) > rows else rows  # room for the "more" line
            if new < self._top:
                self._top = new
            elif new >= self._top + visible:
                self._top = new - visible + 1
        self.refresh()

    def watch_has_focus(self, _focused: bool) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if not self._matches:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = max(0, min(len(self._matches) - 1, current + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self._rows_on_screen - 1))

    def action_choose(self) -> None:
        if self.highlighted is not None and self._matches:
            self.post_message(self.Chosen(self, self._matches[self.highlighted]))

    def on_click(self, event: events.Click) -> None:
        index = self._top + event.y
        if 0 <= event.y < self._rows_on_screen and 0 <= index < len(self._matches):
            self.highlighted = index
            self.action_choose()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.action_move(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.action_move(-3)
