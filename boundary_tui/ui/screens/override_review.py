"""Mark an emergency booking override reviewed (managers only; rule 10).

The review is its own append-only entry (who, when, an optional note); the
override itself is never changed. The note is checked with
`core.booking_guard.review_problems` and handed to the save function the
opener gave.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from boundary_tui.core.booking_guard import review_problems
from boundary_tui.core.text import MAX_NOTE_LENGTH
from boundary_tui.store.queue import QueueItem
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox


class OverrideReviewScreen(FormScreen[int]):
    """Returns the id of the review entry, or None if cancelled."""

    CSS_PATH = stylesheet("queue.tcss")

    AUTO_FOCUS = "#note"
    SAVE_LABEL = "Mark reviewed  ctrl+s"

    def __init__(self, item: QueueItem, *, save: Callable[[str], int]) -> None:
        """`save` marks the item's override reviewed with the note typed."""
        super().__init__(save)
        self._item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="override-review-dialog", classes="dialog"):
            yield Static("Review an emergency override", classes="dialog-title")
            yield Static(literal(f"{self._item.name}: {self._item.what}"), id="override-what")
            with Horizontal(classes="form-row -shown"):
                yield Label("Note (optional)")
                with Vertical(classes="field"):
                    yield TextBox(max_length=MAX_NOTE_LENGTH, placeholder="e.g. appropriate: chest pain", id="note")
                    yield Static(id="note-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="primary")
                    yield Button("Cancel  esc", id="cancel")

    def collect(self) -> str | None:
        note = self.query_one("#note", Input).value
        found = review_problems(note)
        for field, message in found.items():
            self.show_problem(field, message)
        return None if found else note
