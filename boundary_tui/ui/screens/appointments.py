"""A patient's appointments, to move or cancel one (ctrl+o on the desk; after a concern changes, rule 12).

Opened with the patient's future appointments, each flagged where the
restriction as it is now forbids it (or wants a chaperone it lacks). Opened
after a concern opens or changes, or from the manager's queue, with only those
flagged: the manager deals with each in one key (`m` moves it, `c` cancels it)
or leaves them, and they stay in the manager's queue until dealt with.

The dialog only says which appointment and what to do with it: its opener
(`ui/flows.py`) opens the form that does it, then shows the list again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from boundary_tui.core.models import Appointment, Patient
from boundary_tui.core.text import printable
from boundary_tui.core.times import show
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal, patient_title
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView

Choice = tuple[Literal["move", "cancel"], Appointment]
"""What the person chose to do, and with which appointment."""


def appointment_line(appointment: Appointment, flag: str | None) -> Content:
    """`Tue 24 Nov 2026 10:00 with Dr Amelia Hart · ⚠ Not with Dr Amelia Hart (open concern)`."""
    parts = [f"{show(appointment.starts_at)} with {appointment.clinician_name}"]
    if appointment.chaperone_required:
        parts.append(f"chaperone: {appointment.chaperone_name or ''}")
    if flag:
        parts.append(f"⚠ {flag}")
    return Content(printable(" · ".join(parts), single_line=True))


class AppointmentsScreen(FocusInView, ModalScreen[Choice | None]):
    """Returns ("move" | "cancel", the appointment), or None (Esc)."""

    CSS_PATH = stylesheet("booking.tcss")

    AUTO_FOCUS = "#appointment-list"
    BINDINGS = bindings("appointments.move", "appointments.cancel", "appointments.close")

    def __init__(
        self,
        patient: Patient,
        appointments: Sequence[Appointment],
        flags: Mapping[int, str],
        *,
        heading: str,
        note: str = "",
        highlight: int | None = None,
    ) -> None:
        """`flags`: why an appointment no longer fits (by id); `highlight`: the appointment to start on."""
        super().__init__()
        self._patient = patient
        self._appointments = list(appointments)
        self._flags = dict(flags)
        self._heading = heading
        self._note = note
        self._highlight = highlight

    def compose(self) -> ComposeResult:
        with Vertical(id="appointments-dialog", classes="dialog"):
            yield Static(patient_title(self._heading, self._patient), classes="dialog-title")
            if self._note:
                yield Static(literal(self._note), id="appointments-note")
            yield OptionList(
                *(Option(appointment_line(a, self._flags.get(a.id)), id=str(a.id)) for a in self._appointments),
                id="appointment-list",
                markup=False,
            )
            yield Static("m (or Enter) moves it · c cancels it · Esc closes", classes="hint", markup=False)

    def on_mount(self) -> None:
        ids = [a.id for a in self._appointments]
        if self._appointments:
            start = ids.index(self._highlight) if self._highlight in ids else 0
            self.query_one("#appointment-list", OptionList).highlighted = start

    @property
    def current(self) -> Appointment | None:
        index = self.query_one("#appointment-list", OptionList).highlighted
        return self._appointments[index] if index is not None and index < len(self._appointments) else None

    @on(OptionList.OptionSelected, "#appointment-list")
    def action_move(self) -> None:
        if (appointment := self.current) is not None:
            self.dismiss(("move", appointment))

    def action_cancel_appointment(self) -> None:
        if (appointment := self.current) is not None:
            self.dismiss(("cancel", appointment))

    def action_close(self) -> None:
        self.dismiss(None)
