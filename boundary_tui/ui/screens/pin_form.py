"""Choosing a PIN: after signing in with a setup code, or changing your own at the desk.

Nobody else ever types or sees it: the practice manager issues a one-time
setup code, and its owner chooses the PIN here. Changing a PIN asks for the
current one first (a wrong one counts towards the lock-out, so an unlocked desk
cannot be used to guess it). The new PIN is typed twice, without echo, and
checked with `core.pin` (the store's words); the opener gives the function
that stores it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from boundary_tui.core.models import Staff
from boundary_tui.core.pin import MAX_PIN_LENGTH, min_length, pin_problem
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox


@dataclass(frozen=True)
class PinChange:
    """What was typed: the current PIN (empty after a setup code) and the new one."""

    current: str
    pin: str


def rule_text(staff: Staff) -> str:
    """What a new PIN must be, for this person's role."""
    return (
        f"{min_length(staff.role)} to {MAX_PIN_LENGTH} digits, not easy to guess "
        "(not 1234, 1111, 1212, a date or a year)."
    )


class PinFormScreen(FormScreen[Staff]):
    """Returns the member of staff once their new PIN is stored, or None if cancelled."""

    CSS_PATH = stylesheet("lock.tcss")

    SAVE_LABEL = "Save PIN  ctrl+s"

    def __init__(self, staff: Staff, *, save: Callable[[PinChange], Staff], ask_current: bool = False) -> None:
        """`ask_current`: changing a PIN (the current one is asked); otherwise choosing one after a setup code."""
        super().__init__(save)
        self._staff = staff
        self._ask_current = ask_current

    def compose(self) -> ComposeResult:
        name = self._staff.name
        if self._ask_current:
            title = f"Change your PIN · {name}"
            intro = f"Your current PIN, then the new one twice: {rule_text(self._staff)}"
        else:
            title = f"Choose your PIN · {name}"
            intro = (
                f"Your setup code is right. Now choose your own PIN; nobody else will know it. {rule_text(self._staff)}"
            )
        fields = [("pin", "New PIN"), ("pin_again", "New PIN again")]
        if self._ask_current:
            fields.insert(0, ("current", "Current PIN"))
        with Vertical(id="pin-dialog", classes="dialog"):
            yield Static(literal(title, single_line=True), classes="dialog-title")
            yield Static(literal(intro), id="pin-intro")
            for field, label in fields:
                with Horizontal(classes="form-row -shown"):
                    yield Label(label)
                    with Vertical(classes="field"):
                        yield TextBox(id=field, password=True, max_length=MAX_PIN_LENGTH, placeholder="digits only")
                        yield Static(id=f"{field}-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="primary")
                    yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#current" if self._ask_current else "#pin", Input).focus()

    def collect(self) -> PinChange | None:
        current = self.query_one("#current", Input).value if self._ask_current else ""
        pin = self.query_one("#pin", Input).value
        again = self.query_one("#pin_again", Input).value
        problems: dict[str, str] = {}
        if self._ask_current and not current:
            problems["current"] = "Type your current PIN."
        if reason := pin_problem(pin, self._staff.role):
            problems["pin"] = reason
        elif pin != again:
            problems["pin_again"] = "The two new PINs are different: type the same PIN twice."
        for field, problem in problems.items():
            self.show_problem(field, problem)
        return None if problems else PinChange(current, pin)
