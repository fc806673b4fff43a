"""The footer, with help (F1) and lock (F9) first.

Textual's footer lists a screen's keys before the app's, and a terminal narrower
than the list cuts its end: at 80 columns the desk's footer lost F9 Lock, the
one key a receptionist needs when someone walks up. Help and lock come first
here, so a narrow terminal cuts the screen's own keys instead (help lists them
all).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "lock")
"""Actions shown first, in this order (the app's F1 and F9, on every screen)."""


def _rank(widget: object) -> int:
    if isinstance(widget, FooterKey):
        action = widget.action.removeprefix("app.")
        if action in FIRST:
            return FIRST.index(action)
    return len(FIRST)


class KeysFooter(Footer):
    """A footer that never drops F1 or F9 for lack of room."""

    def compose(self) -> ComposeResult:
        # Stable: everything else keeps Textual's order (the palette's key last).
        yield from sorted(super().compose(), key=_rank)
