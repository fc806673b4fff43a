"""A yes/no question in a small dialog (e.g. "throw away what you typed?")."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal
from boundary_tui.ui.screens.fit import FocusInView


class ConfirmScreen(FocusInView, ModalScreen[bool]):
    """Returns True for the risky choice (`yes`), False otherwise. Esc means no."""

    BINDINGS = bindings("confirm.keep_editing")

    AUTO_FOCUS = "#no"

    def __init__(self, question: str, *, yes: str, no: str) -> None:
        super().__init__()
        self._question, self._yes, self._no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(literal(self._question))
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._no, id="no", variant="primary")
                yield Button(self._yes, id="yes", variant="error")

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
