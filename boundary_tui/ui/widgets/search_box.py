"""The desk's search box: it can be handed the first letter of a new search typed elsewhere.

Letters typed while the matches have the focus start a new search here (the
person is searching again; nothing they type is lost). Focusing an Input selects
all of it, which would let the second letter replace the first: `start_with`
keeps the cursor after the letter instead.
"""

from __future__ import annotations

from textual.events import Focus
from textual.widgets.input import Selection

from boundary_tui.ui.widgets.text_box import TextBox


class SearchBox(TextBox):
    """A text box that can take focus with a first letter already typed."""

    _keep_cursor = False
    """A letter was handed over and the focus has not arrived yet."""

    def start_with(self, text: str) -> None:
        """Start a new search with `text`, and take the focus with the cursor after it.

        A second letter handed over before the focus arrived (fast typing) is added, not a new start.
        """
        self.value = self.value + text if self._keep_cursor else text
        self.cursor_position = len(self.value)
        self._keep_cursor = True
        self.focus()

    def _on_focus(self, event: Focus) -> None:
        # Textual calls Input's own handler after this one (it selects everything): put the cursor
        # back after the letters once the focus is handled, before the next key reaches the box.
        if self._keep_cursor:
            self._keep_cursor = False
            self.call_later(self._cursor_to_end)

    def _cursor_to_end(self) -> None:
        self.selection = Selection.cursor(len(self.value))
