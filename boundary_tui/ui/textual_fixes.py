"""Work-arounds for bugs of the pinned Textual (8.2.8) that hostile input reaches.

Textual is pinned exactly (snapshots change between releases), so each fix is
written against that version and has a regression test; drop it when an
upgrade fixes the bug (the test then passes without it).
"""

from __future__ import annotations

from textual._widget_navigation import Direction
from textual.widgets import OptionList

_move_page = OptionList._move_page


def _move_page_when_drawn(self: OptionList, direction: Direction) -> None:
    """PageUp/PageDown in a list filled a moment ago and not yet laid out.

    Textual looks the highlighted option up in a table built when the list is
    laid out, and raises KeyError (a traceback, the desk gone, typed text lost)
    if the key comes first: the command palette (ctrl+p) when PageDown follows
    the typing quickly, or a key held down. Until the list is drawn there is no
    page to move by, so the key does nothing; the next one works.
    """
    if self.highlighted is not None and self.highlighted not in self._index_to_line:
        return
    _move_page(self, direction)


def apply() -> None:
    """Install the work-arounds (idempotent)."""
    OptionList._move_page = _move_page_when_drawn  # type: ignore[method-assign]
