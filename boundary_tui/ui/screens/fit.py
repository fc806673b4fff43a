"""Screens that keep the focused field on screen when the terminal changes size.

A terminal made small (a split pane, a laptop at the desk) makes a dialog taller
than the screen: the dialog scrolls (`.dialog` in `app.tcss`), and this mixin
scrolls it to whatever has the focus, so the field being typed in, or the button
Enter would press, is never left out of sight.

A screen opened in a small terminal takes its size classes (`-tiny`, `-short`,
`-narrow`: `BoundaryApp.VERTICAL_BREAKPOINTS`) as it is mounted, before it is
first laid out. Textual gives a new screen those classes only with its first
resize, a frame later; meanwhile the first focus had scrolled the box to where
the focused field was in the layout without them (the lock screen's PIN box then
showed cut in half at 40x12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object


def size_classes(screen: Screen[Any]) -> dict[str, bool]:
    """The breakpoint classes (on or off) for the app's size, as Textual gives them on a resize."""
    app = screen.app
    horizontal = (
        screen.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is not None else app.HORIZONTAL_BREAKPOINTS
    )
    vertical = screen.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is not None else app.VERTICAL_BREAKPOINTS
    horizontal, vertical = horizontal or [], vertical or []
    classes = {name: False for _, name in horizontal + vertical}
    for dimension, breakpoints in ((app.size.width, horizontal), (app.size.height, vertical)):
        for limit, name in sorted(breakpoints, reverse=True):
            if dimension >= limit:
                classes[name] = True
                break
    return classes


class FocusInView(_Base):
    """Mix into a screen (before the Textual screen class) to follow the focus on resize."""

    def _on_mount(self, event: events.Mount) -> None:
        # Textual calls this beside the screen's own `_on_mount` and `on_mount` (one handler per class).
        self.update_classes(size_classes(self), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Textual lays the screen out at the new size: look once that is done.
        self.call_after_refresh(self._focus_into_view)

    def _focus_into_view(self) -> None:
        focused = self.focused
        if focused is not None:
            focused.scroll_visible(animate=False, immediate=True)
