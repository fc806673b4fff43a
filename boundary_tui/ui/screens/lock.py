"""The lock screen (F9, or idle time): faces the public, so it shows no patient data.

A full screen, not a dialog over the desk: nothing behind it is drawn. Only the
person who locked it unlocks it, with their PIN, and finds their desk as they
left it. Anyone else takes a separate, deliberate path: "Someone else"
(ctrl+o) opens the sign-in list on top; once they have signed in, the app closes
the previous person's desk and anything left open and unsaved (see `app.py`).
Until then nothing of the locked desk changes, and Esc goes back to the lock.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Static

from boundary_tui.core.models import Staff
from boundary_tui.core.times import london
from boundary_tui.store import Store
from boundary_tui.ui.faults import FAULTS, message
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.sign_in import PinScreen, SomeoneElseScreen
from boundary_tui.ui.widgets.keys_footer import KeysFooter


class LockScreen(PinScreen):
    """Returns whoever unlocked the desk: the person who locked it, or someone else who signed in."""

    CSS_PATH = [stylesheet("sign_in.tcss"), stylesheet("lock.tcss")]

    BINDINGS = bindings("lock.someone_else")

    AUTO_FOCUS = "#pin"

    TITLE_TEXT = "Desk locked"

    def __init__(self, store: Store, locked_by: Staff, *, locked_at: datetime) -> None:
        super().__init__(store)
        self.locked_by = locked_by
        self.locked_at = locked_at

    def compose(self) -> ComposeResult:
        name = self.locked_by.name
        with Vertical(id="sign-in-box"):
            yield Static(literal(f"{self.TITLE_TEXT} · {self.app.title}", single_line=True), classes="dialog-title")
            yield Static(
                literal(f"Locked at {london(self.locked_at):%H:%M} by {name}. {name}: type your PIN to carry on."),
                id="sign-in-note",
            )
            yield Label("PIN")
            yield self.pin_input()
            yield Static(id="sign-in-message", classes="problem")
            yield Button("Someone else: sign in  ctrl+o", id="someone-else")
            yield Static(
                literal(f"Signing in as someone else closes {name}'s desk: anything not saved is dropped."),
                id="someone-else-hint",
                classes="hint",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        try:
            self._store.staff.get(self.locked_by.id)
        except FAULTS as error:  # e.g. the database deleted under the desk: say so before anyone types
            self._say(message(error))

    @on(Input.Submitted, "#pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        self.check(self.locked_by, event.value)

    def key_escape(self) -> None:
        """Esc clears the PIN."""
        self.query_one("#pin", Input).value = ""
        self._say("")

    @on(Button.Pressed, "#someone-else")
    def action_someone_else(self) -> None:
        """The deliberate path for anyone but the person who locked the desk."""
        note = f"Signing in here closes {self.locked_by.name}'s desk: anything not saved is dropped. Esc: back."

        def signed_in(staff: Staff | None) -> None:
            if staff is None:
                self.query_one("#pin", Input).focus()
                return
            self.dismiss(staff)

        self.app.push_screen(SomeoneElseScreen(self._store, note=note), signed_in)
