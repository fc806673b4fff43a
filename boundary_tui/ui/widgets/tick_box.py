"""Ticked and unticked that differ by more than colour.

Textual draws a checkbox, ticked or not, as `▐X▌` and tells them apart only by
colour: on a monochrome terminal, for someone who cannot tell the colours
apart, or in a picture of the screen, every box looks ticked. Here an unticked
box is empty (`▐ ▌`); `FindableSelectionList` does the same for lists of names.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox
from textual.widgets._toggle_button import ToggleButton

UNTICKED = " "
"""What an unticked box holds (a ticked one holds Textual's `X`)."""


def mark(ticked: bool) -> str:
    """The character inside the box."""
    return ToggleButton.BUTTON_INNER if ticked else UNTICKED


class TickBox(Checkbox):
    """A `Checkbox` whose box is empty while unticked."""

    @property
    def _button(self) -> Content:
        # Textual builds the box from BUTTON_INNER each time it is drawn: set it for this box's value.
        self.BUTTON_INNER = mark(self.value)
        return super()._button
