"""Sign in: pick your name, type your PIN. The name then shows on every screen.

The list shows names only (no roles: the screen faces the public, and a role
tells whoever walks up whose account is worth guessing at). Someone with a
one-time setup code instead of a PIN types the code in the same box and then
chooses their own PIN (`pin_form.PinFormScreen`) before the desk opens.

`PinScreen` is what this screen and the lock screen share: a PIN box, a
message line, and checking a PIN off the UI thread.
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from boundary_tui.core.models import Staff
from boundary_tui.core.pin import MAX_PIN_LENGTH, SETUP_CODE_DIGITS
from boundary_tui.store import Store
from boundary_tui.store.staff import SetupCodeAccepted
from boundary_tui.ui.faults import FAULTS, message
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView
from boundary_tui.ui.widgets.keys_footer import KeysFooter
from boundary_tui.ui.widgets.text_box import TextBox

PIN_LABEL = "PIN"
CODE_LABEL = f"Setup code ({SETUP_CODE_DIGITS} digits, from the practice manager)"


class PinScreen(FocusInView, Screen[Staff | None]):
    """A screen where someone types a PIN (or setup code) for a chosen account; returns who signed in."""

    CSS_PATH = [stylesheet("sign_in.tcss")]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store

    def pin_input(self) -> Input:
        pin = TextBox(id="pin", password=True, max_length=MAX_PIN_LENGTH, placeholder="digits, then Enter")
        pin.cursor_blink = False  # a locked desk waits here for hours: no redraw twice a second
        return pin

    def _say(self, text: str) -> None:
        widget = self.query_one("#sign-in-message", Static)
        widget.update(literal(text))
        widget.set_class(bool(text), "-shown")

    def check(self, staff: Staff, pin: str) -> None:
        """Check `pin` for `staff`: a right PIN dismisses with who signed in; an empty box is not a guess."""
        if not pin:
            # An Enter on an empty box is not a guess: it must not count towards the lock-out.
            self._say("Type your PIN, then Enter.")
            return
        self._sign_in(staff, pin)

    @work(exclusive=True, exit_on_error=False)
    async def _sign_in(self, staff: Staff, pin: str) -> None:
        pin_input = self.query_one("#pin", Input)
        try:
            # Checking a PIN is deliberately slow (scrypt): keep it off the UI thread.
            signed_in = await asyncio.to_thread(self._store.staff.sign_in, staff.id, pin)
        except SetupCodeAccepted as accepted:
            pin_input.value = ""
            self._say("")
            self._choose_pin(accepted.staff, pin)
            return
        except FAULTS as error:
            pin_input.value = ""
            pin_input.focus()
            self._say(message(error))
            return
        self._say("")
        self.dismiss(signed_in)

    def _choose_pin(self, staff: Staff, code: str) -> None:
        """The setup code was right: its owner chooses their own PIN, and is then signed in."""
        from boundary_tui.ui.screens.pin_form import PinFormScreen  # only for the few who need it

        store = self._store

        def chosen(signed_in: Staff | None) -> None:
            if signed_in is not None:
                self.dismiss(signed_in)
                return
            self.query_one("#pin", Input).focus()
            self._say(f"Not signed in: {staff.name} must choose a PIN first. Type the setup code again to do so.")

        form = PinFormScreen(staff, save=lambda change: store.staff.complete_setup(staff.id, code, change.pin))
        self.app.push_screen(form, chosen)


class SignInScreen(PinScreen):
    """Returns the member of staff who signed in."""

    AUTO_FOCUS = "#staff-list"

    TITLE_TEXT = "Sign in"

    def __init__(self, store: Store, *, note: str = "", preselect: int | None = None) -> None:
        """`preselect`: the staff id to start on (the PIN box then has the focus)."""
        super().__init__(store)
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
            yield Label(PIN_LABEL, id="pin-label")
            yield self.pin_input()
            yield Static(id="sign-in-message", classes="problem")

    def on_mount(self) -> None:
        self.call_after_refresh(self._add_footer)
        try:
            self._staff = self._store.staff.can_sign_in()
        except FAULTS as error:  # e.g. the database deleted under a locked desk
            self._say(message(error))
            return
        staff_list = self.query_one("#staff-list", OptionList)
        # Names only: a role would tell whoever walks up to the desk whose account to try.
        staff_list.add_options(Option(literal(s.name, single_line=True), id=str(s.id)) for s in self._staff)
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

    @property
    def chosen(self) -> Staff | None:
        index = self.query_one("#staff-list", OptionList).highlighted
        return self._staff[index] if index is not None and index < len(self._staff) else None

    @on(OptionList.OptionHighlighted, "#staff-list")
    def _name_highlighted(self) -> None:
        """Someone with a setup code is asked for the code, not a PIN."""
        staff = self.chosen
        label = CODE_LABEL if staff is not None and staff.setup_pending else PIN_LABEL
        self.query_one("#pin-label", Label).update(label)

    async def _add_footer(self) -> None:
        """The footer, a frame after the rest: the names and the PIN box are usable at once.

        Building the footer (its stylesheets, its widgets) before the first frame was
        about 35 ms of the ~270 ms CPU a desk took to come up (beside ~195 ms for a
        bare Textual app).
        """
        if self.is_attached and not self.query(KeysFooter):
            await self.mount(KeysFooter())
            self.refresh_bindings()  # the footer missed the screen's first word about its keys
            # The footer takes the box's last line: in a short terminal that may have been the PIN box's.
            self.call_after_refresh(self._focus_into_view)

    @on(OptionList.OptionSelected, "#staff-list")
    def _name_chosen(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        staff = self.chosen
        if staff is None:
            self._say("Choose your name first.")
            return
        self.check(staff, event.value)

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


class SomeoneElseScreen(SignInScreen):
    """From the lock screen: someone other than the person who locked the desk signs in.

    Returns who signed in, or None to go back to the lock (Esc with an empty PIN box).
    Nothing of the locked desk is closed until someone has signed in here.
    """

    TITLE_TEXT = "Someone else signs in"

    def key_escape(self) -> None:
        """Esc clears the PIN; on an empty box, back to the locked desk."""
        pin = self.query_one("#pin", Input)
        if pin.value:
            super().key_escape()
            return
        self.dismiss(None)
