"""Work-arounds for bugs of the pinned Textual (8.2.8) that hostile input, or a long day, reaches.

Textual is pinned exactly (snapshots change between releases), so each fix is
written against that version and has a regression test; drop it when an
upgrade fixes the bug (the test then passes without it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TypeVar

from rich.segment import Segment
from textual._styles_cache import StylesCache
from textual._widget_navigation import Direction
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.cache import FIFOCache
from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Footer, OptionList

_move_page = OptionList._move_page
_footer_bindings_changed = Footer.bindings_changed
_dismiss = Screen.dismiss
_watch_list_visible = CommandPalette._watch__list_visible
_on_unmount = Widget._on_unmount
_strip_init = Strip.__init__


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


def _shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What a footer shows of a screen's bindings: key, description, enabled, tooltip, in order."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


def _footer_bindings_changed_only(self: Footer, screen: Screen[Any]) -> None:
    """Rebuild the footer's keys only when the keys it would show have changed.

    Textual rebuilds every key of the footer (a widget each, styled and laid out)
    whenever a screen's bindings might have changed: on every screen switch and
    focus change, though the keys are nearly always the same. That was half of
    the CPU of F4 and back (about 140 ms of 280 for each round trip, on both
    screens), on a desk that switches screens thousands of times a day.
    """
    shown = _shown_keys(screen)
    if self._bindings_ready and getattr(self, "_boundary_shown", None) == shown:
        return
    _footer_bindings_changed(self, screen)
    if screen.app.app_focus and self.is_attached and screen is self.screen:  # Textual rebuilt the keys
        self._boundary_shown = shown  # type: ignore[attr-defined]


def _dismiss_only_on_top(self: Screen[Any], result: Any = None) -> AwaitComplete:
    """Dismiss a screen only while it is the one on top.

    Textual 8.2.8 runs the result callback and then pops whatever screen is on
    top. Two Esc presses in quick succession on a loaded machine, or an Esc that
    was queued before help (F1) or the lock screen came up, dismissed a form
    that was no longer on top: the callback ran twice (`InvalidStateError`, the
    desk gone) or the wrong screen was popped. A screen that is not on top is
    not the one the person is looking at, so its dismissal does nothing; the
    key pressed again when it is on top works.
    """
    if not self.is_attached or self.app.screen is not self:
        return AwaitComplete.nothing()  # type: ignore[no-any-return,no-untyped-call]
    return _dismiss(self, result)


def _watch_list_visible_while_open(self: CommandPalette) -> None:
    """The palette's search finishing as the palette closes.

    Textual gathers matches in a worker; on a loaded machine it can finish after
    the palette started closing, and showing the list then queries a list that is
    already gone (`NoMatches`: the desk dies). A closing palette has no list to show.
    """
    if not self.is_attached or not self.query(CommandList):
        return
    _watch_list_visible(self)


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer_by_colour(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    """The two background styles of a widget's lines, cached by colour only.

    Textual caches them with `lru_cache` on the method, so the cache's keys hold the
    widget's `StylesCache` (and with it every line it has drawn) for the last 1,024
    keys: every widget the desk ever showed (help screens, forms, footer keys) kept
    its drawn lines alive long after it was gone. That was ~12 MB after 30 visits
    to help, and most of the growth of a desk over a day. The styles depend only on
    the two colours.
    """
    return _inner_outer(base_background, background)


_focus_sort_key = Widget._focus_sort_key


def _dialog_foot_last(self: Widget) -> tuple[int, int]:
    """Tab reaches a dialog's Save and Cancel after its last field, not before the fields below the fold.

    Textual orders focus by where widgets sit; a foot docked to the bottom of a
    scrolling dialog sits above the fields scrolled out of sight below it, so Tab
    went from "What happened" to Save, skipping "Evidence kept at", "Witnesses"…
    """
    if self.has_class("dialog-foot"):
        return (sys.maxsize, 0)
    return _focus_sort_key.fget(self)  # type: ignore[attr-defined,no-any-return]


def _on_unmount_and_unwatch(self: Widget) -> None:
    """A removed widget is forgotten by every node it watched above it (its parent, screen, app).

    `watch(obj, ...)` and `data_bind` keep the watching widget in `obj`'s list
    until the watched value next changes, which for some never happens at a desk.
    Each contact form's text area watches the app's theme: every F3 form stayed
    alive with everything it drew (most of a desk day's growth: 72 → 91 MB in
    ten hours, 72 → 78 MB without it). Each footer key is data-bound to its
    footer, rebuilt at every screen switch: every old key stayed alive, ~5,000
    objects per F4 and back, and the collector's full passes grew from ~30 ms to
    ~250 ms.
    """
    _on_unmount(self)
    for owner in self.ancestors:
        watchers: dict[str, list[tuple[object, object]]] = getattr(owner, "__watchers", {})
        for name, entries in list(watchers.items()):
            if any(node is self for node, _ in entries):
                watchers[name] = [(node, callback) for node, callback in entries if node is not self]


STRIP_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
"""The caches every `Strip` makes in Textual 8.2.8, with their sizes (a test checks them against Textual's own)."""


def _strip_without_caches(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    """A line of a widget, with its caches made when first used (`_strip_cache`), not all seven up front.

    Textual gives every `Strip` seven caches, each an object with a dict of its
    own, ~1 KB a line before it holds anything: every line of every widget on
    screen, and every piece a frame cuts lines into, made them and mostly threw
    them away unused (fewer than one strip in four at a desk ever used one, and
    only three kinds). A contact form open held ~2,400 strips; the churn of
    making and freeing them left the desk's memory spread over more of Python's
    1 MB arenas than it needed, and a desk day grew with it.
    """
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _strip_cache(self: Strip, name: str) -> FIFOCache[Any, Any]:
    """A strip's cache, made on first use (Python calls this only for a slot not set yet)."""
    size = STRIP_CACHES.get(name)
    if size is None:
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
    cache: FIFOCache[Any, Any] = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def apply() -> None:
    """Install the work-arounds (idempotent)."""
    CommandPalette._watch__list_visible = _watch_list_visible_while_open  # type: ignore[method-assign]
    Screen.dismiss = _dismiss_only_on_top  # type: ignore[method-assign]
    OptionList._move_page = _move_page_when_drawn  # type: ignore[method-assign]
    Footer.bindings_changed = _footer_bindings_changed_only  # type: ignore[method-assign]
    StylesCache.get_inner_outer = _get_inner_outer_by_colour  # type: ignore[method-assign,assignment]
    Widget._focus_sort_key = property(_dialog_foot_last)  # type: ignore[method-assign,assignment]
    Widget._on_unmount = _on_unmount_and_unwatch  # type: ignore[method-assign]
    Strip.__init__ = _strip_without_caches  # type: ignore[method-assign]
    Strip.__getattr__ = _strip_cache  # type: ignore[attr-defined]


S = TypeVar("S", bound=Screen[Any])


def sized(screen: S, app: App[Any]) -> S:
    """The screen with its size classes (`-narrow`, `-short`…) already set for the app's terminal.

    Textual sets them at the screen's first Resize, after styling every widget
    once: the change of classes then styles them all again (the sign-in screen's
    first frame waited for it). Set before the screen is pushed, the Resize finds
    nothing to change.
    """
    width, height = app.size
    for breakpoints, dimension in (
        (
            screen.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is not None else app.HORIZONTAL_BREAKPOINTS,
            width,
        ),
        (screen.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is not None else app.VERTICAL_BREAKPOINTS, height),
    ):
        if breakpoints:
            screen.add_class(*screen._get_breakpoint_classes(dimension, breakpoints))
    return screen
