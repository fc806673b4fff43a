"""Every box a person types into on the desk: a key repaints the box, never the whole screen around it.

On every key Textual's Input sets `virtual_size` to the width of the text, and
`Widget.virtual_size` is declared as needing a new layout of the whole screen:
every widget of the desk or of a form arranged again per letter (a fifth of a
key's time at the desk; 14 layouts of the contact form for 14 letters). A box's
own size never depends on its text: its scrolling reads the width when needed,
and an Input sized by its content asks for a layout itself. So here it is a
repaint. A subclass rather than a patch of Textual's Input: the benchmarks'
limits are bare Textual apps in the same process, and must stay as shipped.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class TextBox(Input):
    """An Input whose typing repaints only itself (see the module docstring)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The width of the text typed: a repaint of the box, not a layout of its screen."""
