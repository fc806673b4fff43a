"""Sign in: pick your name, type your PIN. The name then shows on every screen."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from boundary_tui.core.models import Staff
from boundary_tui.store import Store
from boundary_tui.ui.faults import FAULTS, message
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView


class SignInScreen(FocusInView, Screen[Staff]):
    """Returns the member of staff who signed in."""

    CSS_PATH = [stylesheet("sign_in.tcss")]

    AUTO_FOCUS = "#staff-list"

    TITLE_TEXT = "Sign in"

    def __init__(self, store: Store, *, note: str = "", preselect: int | None = None) -> None:
        """`preselect`: the staff id to start on (the PIN box then has the focus)."""
        super().__init__()
        self._store = store
        self._note = note
        self._preselect = preselect
        self._staff: list[Staff] = []

    def compose(self) -> ComposeResult:
        # No Header here: the box names the practice, and the screen is up ~40 ms sooner.
        with Vertical(id="sign-in-box"):
            yield Static(literal(f"{self.TITLE_TEXT} · {self.app.title}", single_line=True), classes="dialog-title")
            if self._note:
                yield Static(literal(self._note), id="sign-in-note")
            yield Label("Your name (↑/↓, then Enter)")
            yield OptionList(id="staff-list", markup=False)
            yield Label("PIN")
            pin = Input(id="pin", password=True, max_length=12, placeholder="digits, then Enter")
            pin.cursor_blink = False  # a locked desk waits here for hours: no redraw twice a second
            yield pin
            yield Static(id="sign-in-message", classes="problem")

    def on_mount(self) -> None:
        self.call_after_refresh(self._add_footer)
        try:
            self._staff = self._store.staff.can_sign_in()
        except FAULTS as error:  # e.g. the database deleted under a locked desk
            self._say(message(error))
            return
        staff_list = self.query_one("#staff-list", OptionList)
        staff_list.add_options(
            Option(literal(f"{s.name} ({s.role})", single_line=True), id=str(s.id)) for s in self._staff
        )
        chosen = [i for i, s in enumerate(self._staff) if s.id == self._preselect]
        if chosen:
            staff_list.highlighted = chosen[0]
            self.query_one("#pin", Input).focus()
        elif self._staff:
            staff_list.highlighted = 0
        else:
            self._say(
                "No one can sign in yet. Create the first manager with:\n"
                '  boundary-tui staff add "YOUR NAME" --role manager'
            )

    async def _add_footer(self) -> None:
        """The footer, a frame after the rest: the names and the PIN box are usable at once.

        Building the footer (its stylesheets, its widgets) before the first frame was
        about 35 ms of the ~270 ms CPU a desk took to come up (beside ~195 ms for a
        bare Textual app).
        """
        if self.is_attached and not self.query(Footer):
            await self.mount(Footer())
            self.refresh_bindings()  # the footer missed the screen's first word about its keys

    def _say(self, message: str) -> None:
        widget = self.query_one("#sign-in-message", Static)
        widget.update(literal(message))
        widget.set_class(bool(message), "-shown")

    @on(OptionList.OptionSelected, "#staff-list")
    def _name_chosen(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        index = self.query_one("#staff-list", OptionList).highlighted
        if index is None or not self._staff:
            self._say("Choose your name first.")
            return
        if not event.value:
            # An Enter on an empty box is not a guess: it must not count towards the lockout.
            self._say("Type your PIN, then Enter.")
            return
        self._sign_in(self._staff[index], event.value)

    @work(exclusive=True, exit_on_error=False)
    async def _sign_in(self, staff: Staff, pin: str) -> None:
        pin_input = self.query_one("#pin", Input)
        try:
            # Checking a PIN is deliberately slow (scrypt): keep it off the UI thread.
            signed_in = await asyncio.to_thread(self._store.staff.sign_in, staff.id, pin)
        except FAULTS as error:
            pin_input.value = ""
            pin_input.focus()
            self._say(message(error))
            return
        self._say("")
        self.dismiss(signed_in)

    def key_up(self) -> None:
        """↑/↓ in the PIN box still move between names."""
        self._move(-1)

    def key_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        staff_list = self.query_one("#staff-list", OptionList)
        if self.focused is self.query_one("#pin") and self._staff:
            current = staff_list.highlighted or 0
            staff_list.highlighted = max(0, min(len(self._staff) - 1, current + step))

    def key_escape(self) -> None:
        """Esc clears the PIN instead of leaving the screen."""
        self.query_one("#pin", Input).value = ""
        self._say("")
        self.query_one("#staff-list", OptionList).focus()
