"""A one-line message (search hints, counts) that repaints without a relayout.

`Static.update()` asks for a layout of the whole screen every time; a line
that changes on every keystroke should only repaint itself.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from boundary_tui.core.text import printable


class StatusLine(Widget):
    """Shows `message` literally, on one line."""

    message: reactive[str] = reactive("", layout=False)

    def render(self) -> Content:
        return Content(printable(self.message, single_line=True))
