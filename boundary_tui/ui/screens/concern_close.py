"""Close a concern with a reason (managers only): its restrictions lift at once, its history stays.

The reason is checked with `core.concerns.close_problems` (the store's words)
and handed to the save function the opener gave.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from boundary_tui.core.concerns import close_problems
from boundary_tui.core.models import Concern, Patient
from boundary_tui.core.text import MAX_REASON_LENGTH
from boundary_tui.core.vocabulary import CONCERN_KINDS
from boundary_tui.ui.literal import literal, patient_title
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox


class CloseConcernScreen(FormScreen[Concern]):
    """Returns the closed concern, or None if the manager changed their mind."""

    CSS_PATH = stylesheet("concern.tcss")

    AUTO_FOCUS = "#reason"
    SAVE_LABEL = "Close concern  ctrl+s"

    def __init__(self, patient: Patient, concern: Concern, *, save: Callable[[str], Concern]) -> None:
        """`save` closes the concern for the reason typed."""
        super().__init__(save)
        self._patient = patient
        self._concern = concern

    def compose(self) -> ComposeResult:
        kind = CONCERN_KINDS.get(self._concern.kind, self._concern.kind).lower()
        names = ", ".join(t.name for t in self._concern.targets)
        with Vertical(id="concern-close-dialog", classes="dialog"):
            yield Static(patient_title("Close the concern", self._patient), classes="dialog-title")
            yield Static(
                literal(
                    f"The {kind} concern stops restricting bookings at once (not with: {names}). "
                    "Its history stays on the timeline."
                ),
                id="close-effect",
            )
            with Horizontal(classes="form-row -shown"):
                yield Label("Why close it")
                with Vertical(classes="field"):
                    yield TextBox(
                        max_length=MAX_REASON_LENGTH, placeholder="e.g. no contact for six months", id="reason"
                    )
                    yield Static(id="reason-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="warning")
                    yield Button("Cancel  esc", id="cancel")

    def collect(self) -> str | None:
        reason = self.query_one("#reason", Input).value.strip()
        found = close_problems(reason)
        for field, message in found.items():
            self.show_problem(field, message)
        return None if found else reason
