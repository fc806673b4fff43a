"""Attach copies from the evidence inbox to a contact already logged (`i` on the contact).

The scan of a letter often arrives after the contact was logged. Attaching it
later adds a copy to the record, attributed to whoever attached it and when; it
never changes the contact itself (the contact row is append-only, and the copy is
a row of its own in the patient's chain). Anyone signed in may do it, as anyone
may log a contact: it adds evidence and takes nothing away. Whoever opens the
form gives the function that attaches (`ui/flows.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from boundary_tui.core.attachments import Attachment, InboxFile
from boundary_tui.core.errors import BoundaryError, Invalid
from boundary_tui.core.models import Patient
from boundary_tui.core.text import printable
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.inbox_list import EMPTY, InboxList


@dataclass(frozen=True)
class Attached:
    """What attaching did: the copies added, and any file that could not be (and why: it is still in the inbox)."""

    attached: tuple[Attachment, ...]
    failed: tuple[tuple[str, str], ...] = ()


class AttachFormScreen(FormScreen[Attached]):
    """Returns what was attached, or None (Esc)."""

    CSS_PATH = [stylesheet("contact.tcss")]

    AUTO_FOCUS = "#attach"

    SAVE_LABEL = "Attach  ctrl+s"
    SAVING_LABEL = "Attaching…"

    def __init__(
        self,
        patient: Patient,
        contact_label: str,
        *,
        inbox: Callable[[], Sequence[InboxFile]],
        save: Callable[[tuple[str, ...]], Attached],
    ) -> None:
        """`contact_label`: which contact, in words (`Letter, Mon 23 Nov 2026 09:00`)."""
        super().__init__(save)
        self._patient = patient
        self._contact_label = contact_label
        self._inbox = inbox

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="attach-dialog", classes="dialog"):
            yield Static(
                Content.assemble(
                    ("Attach copies of evidence: ", "bold"),
                    (printable(self._patient.full_name, single_line=True), "bold"),
                    ("   ctrl+s attaches · Esc cancels", "dim"),
                ),
                classes="dialog-title",
            )
            yield Static(
                Content.assemble("To the contact: ", printable(self._contact_label, single_line=True)),
                id="attach-contact",
            )
            yield Label("Files in the evidence inbox, newest first (Space ticks)", id="attach-label")
            yield InboxList(id="attach")
            yield Static(EMPTY, id="attach-empty", classes="hint", markup=False)
            yield Static(id="attach-problem", classes="problem")
            yield Static(
                Content(
                    "Each copy is kept in the record with its SHA-256, and says who attached it and when. The "
                    "contact itself is not changed. A copy cannot be taken off again: tick only what belongs here."
                ),
                classes="hint",
            )
            yield Static(id="form-problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.SAVE_LABEL, id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self._list_inbox()
        super().on_mount()

    def _list_inbox(self) -> None:
        try:
            files = list(self._inbox())
        except BoundaryError as error:
            files = []
            self.show_problem("attach", str(error))
        self.query_one("#attach", InboxList).set_files(files)
        self.query_one("#attach-empty").display = not files

    def after_refusal(self, error: BoundaryError) -> None:
        self._list_inbox()

    def show_invalid(self, invalid: Invalid) -> None:
        super().show_invalid(invalid)
        self._list_inbox()

    def is_dirty(self) -> bool:
        return bool(self.query_one("#attach", InboxList).picked)

    def collect(self) -> tuple[str, ...] | None:
        picked = self.query_one("#attach", InboxList).picked
        if not picked:
            self.show_problem(
                "attach",
                "Tick the files to attach (Space)." if self.query_one("#attach", InboxList).files else EMPTY,
            )
            return None
        return picked
