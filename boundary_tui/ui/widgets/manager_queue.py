"""The manager's queue on the desk: what is due, soonest first (managers only).

Shows values handed to it by the desk (it never queries the database). Enter
opens the item's patient on the desk (on a lock-out, asks to lift it); `r` on
an emergency override asks to mark it reviewed. Below what is due, the exports
and evidence bundles of the last week, one line each: whose record, which
format, for whom, by whom and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from boundary_tui.core.text import printable
from boundary_tui.store.queue import EXPORTS_DAYS, OVERRIDE, QueueItem, when_text
from boundary_tui.ui.keys import bindings

NAME_WIDTH = 24

LABELS = {
    "review": "Review",
    "override": "Override",
    "warning": "Warning",
    "confirmation": "Removal",
    "spo": "SPO",
    "lockout": "Locked",
    "affected": "Booking",
    "export": "Export",
}
"""A word per kind of item, so the column reads at a glance."""


def item_line(item: QueueItem, today: date) -> str:
    """`in 3 days    Review    O'Brien, Martin          Review the concern (…)`, in columns.

    The user text in it (names) is made printable on one line here, before padding, so
    the columns survive (collapsing whitespace afterwards would undo the padding).
    """
    name = printable(item.name, single_line=True)
    if len(name) > NAME_WIDTH:
        name = name[: NAME_WIDTH - 1] + "…"
    what = printable(item.what, single_line=True)
    return f"{when_text(item, today):<17} {LABELS.get(item.kind, item.kind):<9} {name:<{NAME_WIDTH}} {what}"


class ManagerQueue(OptionList):
    """One line per item; the border title counts them."""

    BINDINGS = bindings("queue.mark_reviewed")

    class Chosen(Message):
        """Open this item's patient on the desk."""

        def __init__(self, queue: ManagerQueue, item: QueueItem) -> None:
            super().__init__()
            self.queue = queue
            self.item = item

        @property
        def control(self) -> ManagerQueue:
            return self.queue

    class MarkReviewed(Message):
        """The manager wants to mark this emergency override reviewed."""

        def __init__(self, queue: ManagerQueue, item: QueueItem) -> None:
            super().__init__()
            self.queue = queue
            self.item = item

        @property
        def control(self) -> ManagerQueue:
            return self.queue

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._items: tuple[QueueItem, ...] = ()
        self._exports: tuple[QueueItem, ...] = ()
        self._rows: list[QueueItem | None] = []
        """The item on each line (None: a line that is not an item)."""

    @property
    def items(self) -> tuple[QueueItem, ...]:
        return self._items

    @property
    def exports(self) -> tuple[QueueItem, ...]:
        return self._exports

    def set_items(self, items: Sequence[QueueItem], today: date, *, exports: Sequence[QueueItem] = ()) -> None:
        """Show these items (and the week's exports below), keeping the highlight where it was."""
        before = self.highlighted
        self._items, self._exports = tuple(items), tuple(exports)
        self.clear_options()
        self._rows = []
        if self._items:
            self.add_options(Option(Content(item_line(i, today))) for i in self._items)
            self._rows += self._items
            due = f"{len(self._items)} due"
        else:
            self.add_option(Option("Nothing due: no reviews, unreviewed overrides or deadlines.", disabled=True))
            self._rows.append(None)
            due = "nothing due"
        if self._exports:
            count = len(self._exports)
            heading = f"Exports in the last {EXPORTS_DAYS} days ({count}): whose record, for whom, by whom"
            self.add_option(Option(Content.styled(heading, "bold"), disabled=True))
            self._rows.append(None)
            self.add_options(Option(Content(item_line(i, today))) for i in self._exports)
            self._rows += self._exports
            due += f" · {count} export{'s' if count != 1 else ''} this week"
        self.border_title = f"Manager's queue · {due}"
        enabled = [i for i, row in enumerate(self._rows) if row is not None]
        if enabled:
            self.highlighted = before if before is not None and before in enabled else enabled[0]
        self.border_subtitle = "F8 · Enter opens the patient (or lifts a lock) · r marks an override reviewed"

    @property
    def current(self) -> QueueItem | None:
        index = self.highlighted
        return self._rows[index] if index is not None and index < len(self._rows) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (item := self.current) is not None:
            self.post_message(self.Chosen(self, item))

    def action_mark_reviewed(self) -> None:
        item = self.current
        if item is None:
            return
        if item.kind != OVERRIDE:
            self.notify("Only emergency overrides are marked reviewed here.", severity="warning", markup=False)
            return
        self.post_message(self.MarkReviewed(self, item))
