"""One timeline entry in full: every field, the whole text, how it was corrected, and its copies of evidence.

The list shows one line of each entry; this is where a 10,000-character
description is read. Everything typed by staff is shown literally, and so is
every file name (a scanner or a patient's e-mail chose it).

On a contact: each copy of evidence with its kind, size, SHA-256 and who added
it when; `i` attaches more from the evidence inbox (the screen returns
`ATTACH` and its opener does it), `p` previews its pictures, drawn by the
function its opener gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from boundary_tui.core.attachments import Attachment
from boundary_tui.core.text import printable
from boundary_tui.core.timeline import SOURCES, TimelineEntry
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView
from boundary_tui.ui.screens.preview import Draw, PreviewScreen
from boundary_tui.ui.widgets.timeline_view import when

AMENDABLE = ("contact", "action")

AMEND = "amend"
ATTACH = "attach"


def copy_lines(copies: Sequence[Attachment], now: datetime) -> Content:
    """Each copy: its name exactly as it is, then kind, size, who added it when, and its SHA-256."""
    blocks = []
    for copy in copies:
        blocks.append(
            Content.assemble(
                ("▪ ", "bold"),
                (printable(copy.file_name, single_line=True), "bold"),
                f"\n  {copy.label} · {copy.size_text} · added {when(copy.added_at, now)} by ",
                printable(copy.added_by, single_line=True),
                f"\n  SHA-256 {copy.sha256}",
            )
        )
    return Content("\n").join(blocks)


class EntryScreen(FocusInView, ModalScreen[str | None]):
    """Returns `AMEND` to correct the entry, `ATTACH` to attach copies to it, or None."""

    CSS_PATH = [stylesheet("timeline.tcss")]

    BINDINGS = bindings("entry.close", "entry.amend", "entry.attach", "entry.preview")

    AUTO_FOCUS = "#close"

    def __init__(
        self,
        entry: TimelineEntry,
        now: datetime,
        *,
        copies: Sequence[Attachment] | None = None,
        draw: Draw | None = None,
    ) -> None:
        """`copies`: the copies of evidence of the contact and of the versions it corrects (default: its own);
        `draw`: makes a picture's preview (None: no previews here)."""
        super().__init__()
        self._entry = entry
        self._now = now
        self._copies = tuple(entry.attachments if copies is None else copies)
        self._draw = draw

    @property
    def pictures(self) -> tuple[Attachment, ...]:
        return tuple(c for c in self._copies if c.is_picture)

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
            facts = [(label, value) for label, value in entry.facts if label != "Copies of evidence"]
            if facts:
                shown = Content("\n").join(
                    Content.assemble((f"{label}: ", "bold"), printable(value)) for label, value in facts
                )
                yield Static(shown, id="entry-facts")
            title = "What happened" if entry.source == "contact" else "Notes"
            yield Static(title, classes="section-title", markup=False)
            yield Static(literal(entry.text or "(none)"), id="entry-text")
            if entry.source == "contact":
                count = len(self._copies)
                heading = f"Copies of evidence ({count})" if count else "Copies of evidence"
                yield Static(heading, classes="section-title", markup=False)
                yield Static(
                    copy_lines(self._copies, self._now)
                    if count
                    else Content("None attached yet: i attaches scans or saved messages from the evidence inbox."),
                    id="entry-copies",
                )
            with Horizontal(classes="dialog-buttons"):
                if entry.source in AMENDABLE:
                    yield Button("Amend  a", id="amend")
                if entry.source == "contact":
                    yield Button("Attach  i", id="attach")
                    if self.pictures and self._draw is not None:
                        yield Button("Preview  p", id="preview")
                yield Button("Close  esc", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#amend")
    def action_amend(self) -> None:
        if self._entry.source in AMENDABLE:
            self.dismiss(AMEND)

    @on(Button.Pressed, "#attach")
    def action_attach(self) -> None:
        if self._entry.source == "contact":
            self.dismiss(ATTACH)

    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        if self._entry.source != "contact":
            return
        if not self.pictures or self._draw is None:
            self.notify("This contact has no pictures to preview.", severity="warning", markup=False)
            return
        self.app.push_screen(PreviewScreen(self.pictures, self._draw))
