"""First run: a database nobody can sign in to gets its first practice manager here.

There are no default accounts or PINs (outside `--demo`): whoever installs the
desk creates the manager, who then adds everyone else from the command line.
The store refuses this once anyone can sign in, so the screen cannot be used
to slip in a second manager. The name and PIN are checked with `core.staff`
(the store's words); the app gives the function that creates the account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from boundary_tui.core import staff as rules
from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.models import Staff
from boundary_tui.core.pin import MAX_PIN_LENGTH, MIN_MANAGER_PIN_LENGTH
from boundary_tui.core.text import MAX_NAME_LENGTH
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox

INTRO = (
    "Nobody can sign in to this practice database yet. Create the first practice manager here: "
    "they open and close concerns, and add the other staff with `boundary-tui staff add`. "
    "There are no default PINs."
)


@dataclass(frozen=True)
class FirstManager:
    name: str
    pin: str


class FirstRunScreen(FormScreen[Staff]):
    """Returns the new manager, or None if another desk set the database up meanwhile."""

    CSS_PATH = stylesheet("lock.tcss")

    AUTO_FOCUS = "#name"
    SAVE_LABEL = "Create manager  ctrl+s"

    def __init__(self, *, save: Callable[[FirstManager], Staff], still_needed: Callable[[], bool]) -> None:
        """`save` creates the manager; `still_needed` says whether nobody else has set the database up meanwhile."""
        super().__init__(save)
        self._still_needed = still_needed

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run-dialog", classes="dialog"):
            yield Static("Set up this practice", classes="dialog-title")
            yield Static(INTRO, markup=False, id="first-run-intro")
            pin_label = f"PIN ({MIN_MANAGER_PIN_LENGTH}+ digits)"
            for field, label in (("name", "Your full name"), ("pin", pin_label), ("pin_again", "PIN again")):
                with Horizontal(classes="form-row -shown"):
                    yield Label(label)
                    with Vertical(classes="field"):
                        if field == "name":
                            yield TextBox(id="name", max_length=MAX_NAME_LENGTH, placeholder="e.g. Margaret Lewis")
                        else:
                            yield TextBox(id=field, password=True, max_length=MAX_PIN_LENGTH, placeholder="digits only")
                        yield Static(id=f"{field}-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="primary")
                    yield Button("Quit  ctrl+q", id="quit")

    def collect(self) -> FirstManager | None:
        name = " ".join(self.query_one("#name", Input).value.split())
        pin = self.query_one("#pin", Input).value
        again = self.query_one("#pin_again", Input).value
        problems = rules.problems(name, "manager", pin, name_label="Your name")
        if "pin" not in problems and pin != again:
            problems["pin_again"] = "The two PINs are different: type the same PIN twice."
        for field, message in problems.items():
            self.show_problem(field, message)
        return None if problems else FirstManager(name, pin)

    def after_refusal(self, error: BoundaryError) -> None:
        if not self._still_needed():
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Nothing to go back to: say how to leave instead."""
        self.show_problem("form", "Create the first manager to continue, or press ctrl+q to quit.")

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()
