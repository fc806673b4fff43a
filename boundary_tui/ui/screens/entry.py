"""One timeline entry in full: every field, the whole text, and how it was corrected.

The list shows one line of each entry; this is where a 10,000-character
description is read. Everything typed by staff is shown literally.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from boundary_tui.core.text import printable
from boundary_tui.core.timeline import SOURCES, TimelineEntry
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView
from boundary_tui.ui.widgets.timeline_view import when

AMENDABLE = ("contact", "action")


class EntryScreen(FocusInView, ModalScreen[bool]):
    """Returns True when the user asks to correct the entry."""

    CSS_PATH = [stylesheet("timeline.tcss")]

    BINDINGS = bindings("entry.close", "entry.amend")

    AUTO_FOCUS = "#close"

    def __init__(self, entry: TimelineEntry, now: datetime) -> None:
        super().__init__()
        self._entry = entry
        self._now = now

    def compose(self) -> ComposeResult:
        entry = self._entry
        kind = SOURCES[entry.source].rstrip("s")
        with VerticalScroll(id="entry-dialog", classes="dialog"):
            yield Static(literal(f"{kind}: {entry.label}", single_line=True), classes="dialog-title")
            verb = "Logged:" if entry.source == "contact" else "Recorded:"
            lines = [
                f"{'Happened:':<10} {when(entry.occurred_at, self._now)}",
                f"{verb:<10} {when(entry.recorded_at, self._now)} by {entry.recorded_by}",
            ]
            yield Static(Content("\n".join(printable(line) for line in lines)), id="entry-when")
            if not entry.is_current:
                yield Static(
                    "Amended: this is the original entry, kept on record. The correction is shown above it "
                    "on the timeline.",
                    id="entry-superseded",
                    markup=False,
                )
            if entry.amends:
                yield Static(literal(f"Correction of an earlier entry. Why: {entry.amend_reason}"), id="entry-amends")
            if entry.facts:
                facts = Content("\n").join(
                    Content.assemble((f"{label}: ", "bold"), printable(value)) for label, value in entry.facts
                )
                yield Static(facts, id="entry-facts")
            title = "What happened" if entry.source == "contact" else "Notes"
            yield Static(title, classes="section-title", markup=False)
            yield Static(literal(entry.text or "(none)"), id="entry-text")
            with Horizontal(classes="dialog-buttons"):
                if entry.source in AMENDABLE:
                    yield Button("Amend  a", id="amend")
                yield Button("Close  esc", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#amend")
    def action_amend(self) -> None:
        if self._entry.source in AMENDABLE:
            self.dismiss(True)
