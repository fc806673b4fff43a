"""The timeline's entries, drawn line by line: thousands of entries, one widget.

A patient with years of messages may have 5,000 entries. Building a widget
per entry would take seconds; this `ScrollView` keeps a small index (which
entry, which of its lines, per row) and draws only the rows on screen, as
ready-made plain segments (never parsed as markup, control characters made
visible). Moving the cursor or scrolling is a repaint, not a layout.

Each entry takes three lines (what and when; what happened; who logged it and
when); a corrected entry is followed by the versions it replaced, dimmed and
indented; a blank line separates one entry's chain from the next.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from boundary_tui.core.text import printable
from boundary_tui.core.timeline import TimelineEntry
from boundary_tui.core.times import happens_twice, humanize, london, show
from boundary_tui.ui.keys import bindings

MARKS = {"contact": "●", "action": "■", "concern": "◆", "override": "▲", "appointment": "◇", "disclosure": "○"}
"""A shape per kind of entry, so the eye can tell them apart without colour."""

INDENT = "    "
EMPTY = "Nothing matches: no entries of this kind yet. F3 logs a contact; F6 records an action (managers)."

HEAD, TEXT, META, GAP = range(4)

TIMES_REFRESH = timedelta(seconds=5)
"""How often the relative times ("3 minutes ago") of an open timeline are redrawn."""


def when(moment: datetime, now: datetime) -> str:
    """`Sun 25 Oct 2026 01:30 BST (3 days ago)`: the zone is named only in the hour that happens twice."""
    local = london(moment)
    zone = f" {local.tzname()}" if happens_twice(local) else ""
    return f"{show(moment)}{zone} ({humanize(moment, now)})"


def head_line(entry: TimelineEntry, now: datetime) -> str:
    """What and when: `● Mon 23 Nov 2026 09:00 (just now) · In person at the practice · Concerning · …`."""
    parts = [f"{MARKS.get(entry.source, '•')} {when(entry.occurred_at, now)}", entry.label]
    if entry.severity:
        parts.append(entry.severity_label())
    facts = dict(entry.facts)
    if entry.source == "contact" and facts.get("Aimed at"):
        parts.append(f"aimed at {facts['Aimed at']}")
    elif entry.source != "contact":
        parts.extend(f"{label}: {value}" for label, value in entry.facts[:2])
    line = " · ".join(parts)
    if not entry.is_current:
        line = f"{INDENT}✎ Amended (replaced by the entry above). Original: {line}"
    return line


def text_line(entry: TimelineEntry) -> str:
    """What happened, on one line (Enter shows all of it)."""
    text = entry.text.strip()
    if not text and entry.source == "disclosure":
        text = "Seen on screen at a desk" if entry.is_view else "A copy of the whole record, with its tamper-evidence"
    if not text:
        # What the head line has not already said, or say plainly that there is nothing more.
        facts = entry.facts if entry.source == "contact" else entry.facts[2:]
        shown = [
            f"{label}: {value}"
            for label, value in facts
            if label not in ("Channel", "Severity", "Aimed at", "Copies of evidence")
        ]
        text = " · ".join(shown) or "(no notes)"
    prefix = INDENT * (2 if not entry.is_current else 1)
    return prefix + text


def meta_line(entry: TimelineEntry, now: datetime) -> str:
    """Who recorded it, and when if that differs from when it happened (rule 7)."""
    verb = "logged" if entry.source == "contact" else "recorded"
    if entry.recorded_later:
        line = f"{verb} {when(entry.recorded_at, now)} by {entry.recorded_by}"
    else:
        line = f"{verb} by {entry.recorded_by}"
    extras = [f"{label}: {value}" for label, value in entry.facts if label in ("Evidence kept", "Witnesses")]
    if entry.attachments:
        count = len(entry.attachments)
        extras.insert(0, f"{count} cop{'y' if count == 1 else 'ies'} of evidence attached")
    if entry.amends:
        extras.insert(0, f"✎ correction of an earlier entry. Why: {entry.amend_reason}")
    if extras:
        line += " · " + " · ".join(extras)
    prefix = INDENT * (2 if not entry.is_current else 1)
    return prefix + line


def _fit(text: str, width: int) -> str:
    """One screen line: control characters visible, no wrapping, an ellipsis where cut; indent kept."""
    body = text.lstrip(" ")
    text = text[: len(text) - len(body)] + printable(body, single_line=True)
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text


class TimelineView(ScrollView, can_focus=True):
    """The entries of a timeline: ↑/↓ between entries, Enter for the whole entry."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000)", "First", show=False),
        Binding("end", "move(1000000)", "Last", show=False),
        *bindings("timeline.details"),
    ]

    COMPONENT_CLASSES = {
        "timeline-view--cursor",
        "timeline-view--head",
        "timeline-view--meta",
        "timeline-view--concerning",
        "timeline-view--threatening",
        "timeline-view--superseded",
    }

    cursor: reactive[int | None] = reactive(None, layout=False)
    """Index of the highlighted entry, or None when there are none."""

    class Chosen(Message):
        """Enter (or a second click) on an entry."""

        def __init__(self, view: TimelineView, entry: TimelineEntry) -> None:
            super().__init__()
            self.view = view
            self.entry = entry

        @property
        def control(self) -> TimelineView:
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: tuple[TimelineEntry, ...] = ()
        self._now = datetime.min
        self._starts: Sequence[int] = ()
        """First row of each entry (rows of entry i: starts[i] up to starts[i + 1]): a `range` when
        nothing is corrected, else an array; a list of 5,000 ints held ~200 KB all day."""
        self._row_count = 0
        self._pending_end = False
        """Show the last rows until the first scroll lands (the first frame must not jump)."""

    @property
    def entries(self) -> tuple[TimelineEntry, ...]:
        return self._entries

    @property
    def entry(self) -> TimelineEntry | None:
        """The entry under the cursor."""
        return self._entries[self.cursor] if self.cursor is not None and self._entries else None

    def set_entries(self, entries: Sequence[TimelineEntry], now: datetime, *, cursor_key: str | None = None) -> None:
        """Show these entries (already in order); the cursor goes to `cursor_key`, else the last entry."""
        self._entries = tuple(entries)
        self._now = now
        count = len(self._entries)
        if all(entry.superseded_by is None for entry in self._entries):
            # Nothing corrected (most timelines): four lines each, no list to build or hold.
            self._starts, self._row_count = range(0, 4 * count, 4), 4 * count
        else:
            starts = array("q")  # machine integers: no int object per entry
            row = 0
            for index in range(count):
                starts.append(row)
                # Three lines, and a blank one after the last version of a chain.
                row += 4 if index + 1 == count or self._entries[index + 1].is_current else 3
            self._starts, self._row_count = starts, row
        self.virtual_size = Size(0, self._row_count)
        target = count - 1 if count else None
        if cursor_key is not None:
            target = next((i for i, e in enumerate(self._entries) if e.key == cursor_key), target)
        self.set_reactive(TimelineView.cursor, target)
        self._pending_end = cursor_key is None
        # Scroll once the new virtual size is laid out (the first time, the widget has no size yet).
        self.call_after_refresh(self._scroll_to_cursor, to_end=cursor_key is None)
        self.refresh()

    def let_go(self) -> None:
        """Hold no entries until the next `set_entries` (nothing is redrawn meanwhile)."""
        self._entries, self._starts, self._row_count = (), (), 0
        self.set_reactive(TimelineView.cursor, None)

    def keep_times_true(self, now: datetime) -> None:
        """Redraw "3 minutes ago" against `now` (a repaint of the rows on screen, no reading) every
        `TIMES_REFRESH` at most: a timeline left open must not say "21 seconds ago" a minute later."""
        if self._entries and now - self._now >= TIMES_REFRESH:
            self._now = now
            self.refresh()

    def _locate(self, row: int) -> tuple[int, int]:
        """(entry index, line kind) of a row."""
        index = bisect_right(self._starts, row) - 1
        return index, row - self._starts[index]

    # -- drawing ------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"timeline-view--{name}")

    def _top(self) -> int:
        height = self.scrollable_content_region.height
        return max(0, self._row_count - height) if self._pending_end else self.scroll_offset.y

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = self._top() + y
        if not self._entries:
            text = EMPTY if y == 0 else ""
            return Strip([Segment(_fit(text, width), base)]).extend_cell_length(width, base)
        if row >= self._row_count:
            return Strip.blank(width, base)
        index, kind = self._locate(row)
        if kind == GAP:
            return Strip.blank(width, base)
        entry = self._entries[index]
        style = base
        if kind == HEAD:
            style += self._style("head")
            if entry.severity in ("concerning", "threatening"):
                style += self._style(entry.severity)
            text = head_line(entry, self._now)
        elif kind == TEXT:
            text = text_line(entry)
        else:
            style += self._style("meta")
            text = meta_line(entry, self._now)
        if not entry.is_current:
            style += self._style("superseded")
        if index == self.cursor:
            style += self._style("cursor")
        return Strip([Segment(_fit(" " + text, width), style)]).extend_cell_length(width, style)

    # -- moving -------------------------------------------------------------------------

    def _scroll_to_cursor(self, *, to_end: bool = False) -> None:
        if self.cursor is None:
            self.scroll_to(y=0, animate=False, immediate=True)
            return
        height = max(1, self.scrollable_content_region.height)
        start = self._starts[self.cursor]
        end = start + 3
        if to_end:
            self.scroll_to(y=max(0, self._row_count - height), animate=False, immediate=True)
            self._pending_end = False
        elif start < self.scroll_offset.y:
            self.scroll_to(y=start, animate=False, immediate=True)
        elif end > self.scroll_offset.y + height:
            self.scroll_to(y=end - height, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    def watch_cursor(self, old: int | None, new: int | None) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def action_move(self, step: int) -> None:
        if not self._entries:
            return
        current = self.cursor if self.cursor is not None else 0
        self.cursor = max(0, min(len(self._entries) - 1, current + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height // 4))

    def action_choose(self) -> None:
        if (entry := self.entry) is not None:
            self.post_message(self.Chosen(self, entry))

    def on_click(self, event: events.Click) -> None:
        row = self._top() + event.y
        if not self._entries or not (0 <= row < self._row_count):
            return
        index = self._locate(row)[0]
        if index == self.cursor:
            self.action_choose()
        else:
            self.cursor = index
