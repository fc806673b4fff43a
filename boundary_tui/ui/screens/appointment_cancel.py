"""Cancel an appointment, with the reason (anyone signed in; rule 12 for a restriction that came later).

The reason is checked with `core.appointments.cancel_problems` (the store's
words) and handed to the save function the opener gave; the store refuses an
appointment already past or no longer booked, and records who, when and why.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from boundary_tui.core.appointments import cancel_problems
from boundary_tui.core.models import Appointment, Patient
from boundary_tui.core.text import MAX_REASON_LENGTH
from boundary_tui.core.times import show
from boundary_tui.ui.literal import literal, patient_title
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox


class CancelAppointmentScreen(FormScreen[Appointment]):
    """Returns the cancelled appointment, or None if the person kept it."""

    CSS_PATH = stylesheet("booking.tcss")

    AUTO_FOCUS = "#reason"
    SAVE_LABEL = "Cancel it  ctrl+s"

    def __init__(
        self, patient: Patient, appointment: Appointment, *, reason: str = "", save: Callable[[str], Appointment]
    ) -> None:
        """`reason` fills the field (what a restriction says); `save` cancels for the reason typed."""
        super().__init__(save)
        self._patient = patient
        self._appointment = appointment
        self._reason = reason

    def compose(self) -> ComposeResult:
        appointment = self._appointment
        with Vertical(id="appointment-cancel-dialog", classes="dialog"):
            yield Static(patient_title("Cancel an appointment", self._patient), classes="dialog-title")
            yield Static(
                literal(f"{show(appointment.starts_at)} with {appointment.clinician_name}. The slot is free at once."),
                id="cancel-what",
            )
            with Horizontal(classes="form-row -shown"):
                yield Label("Why cancel it")
                with Vertical(classes="field"):
                    yield TextBox(
                        self._reason,
                        max_length=MAX_REASON_LENGTH,
                        placeholder="recorded with your name, e.g. patient phoned to cancel",
                        id="reason",
                    )
                    yield Static(id="reason-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="warning")
                    yield Button("Keep it  esc", id="cancel")

    def collect(self) -> str | None:
        reason = self.query_one("#reason", Input).value.strip()
        found = cancel_problems(reason)
        for field, message in found.items():
            self.show_problem(field, message)
        return None if found else reason
