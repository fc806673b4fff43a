"""Help (F1): the keys of the desk and the practice's steps in short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from boundary_tui.resources import stylesheet

KEYS = """\
F1  Help                 F2  Book an appointment
F3  Log a contact        F4  Timeline of the patient
F6  Record an action (practice manager)
/   Search for a patient Esc Back to the search box
Enter  Choose the highlighted patient
ctrl+s Save a form       ctrl+p Command palette   ctrl+q Quit
F5  Open or change the patient's concern (managers)
F7  Concern details: kind, targets, review date and summary
    (never on the banner: look on purpose, not with the patient watching)
F8  The manager's queue (managers): Enter opens the patient,
    r marks an emergency override reviewed
F9  Lock the desk at once (it also locks itself when left idle);
    your PIN unlocks it, or someone else signs in afresh

On the timeline: ↑/↓ move, Enter details, A amend (correct) an entry,
W draft a warning letter, E export it as evidence (managers:
Markdown, HTML, CSV or JSON), F filter, Esc back."""

STEPS = """\
When a patient crosses a professional boundary:
 1. Keep it professional: the behaviour must stop.
 2. Do not book them with the targeted clinician: the desk refuses it.
 3. Use a chaperone for any consultation that goes ahead.
 4. Log every contact, keep letters, cards and messages.
 5. Think before accepting any gift.
 6. Tell the practice manager; get advice from the defence body early.
 7. A warning letter from the practice manager or a senior partner.
 8. Police when anyone feels threatened.
 9. Removal from the list when the relationship has broken down."""


class HelpScreen(ModalScreen[None]):
    """A short, always-available reminder."""

    CSS_PATH = stylesheet("help.tcss")

    BINDINGS = [Binding("escape,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static("Help", classes="dialog-title")
            yield Static("Keys", classes="section-title")
            yield Static(KEYS, markup=False)
            yield Static("The practice's steps", classes="section-title")
            yield Static(STEPS, markup=False)
            yield Static("Esc to close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
