"""Screens that keep the focused field on screen when the terminal changes size.

A terminal made small (a split pane, a laptop at the desk) makes a dialog taller
than the screen: the dialog scrolls (`.dialog` in `app.tcss`), and this mixin
scrolls it to whatever has the focus, so the field being typed in, or the button
Enter would press, is never left out of sight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object


class FocusInView(_Base):
    """Mix into a screen (before the Textual screen class) to follow the focus on resize."""

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Textual lays the screen out at the new size: look once that is done.
        self.call_after_refresh(self._focus_into_view)

    def _focus_into_view(self) -> None:
        focused = self.focused
        if focused is not None:
            focused.scroll_visible(animate=False, immediate=True)
