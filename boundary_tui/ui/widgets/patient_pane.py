"""The selected patient: who they are, their restriction and upcoming appointments.

Rule 11: nothing of a concern's narrative appears here, only the banner and the
marker the desk needs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from boundary_tui.core.nhs import format_nhs
from boundary_tui.core.text import printable
from boundary_tui.core.times import age_on, london_today, show, show_date
from boundary_tui.store.appointments import Change
from boundary_tui.store.views import PatientView
from boundary_tui.ui.widgets.chaperone_marker import ChaperoneMarker
from boundary_tui.ui.widgets.flag_banner import FlagBanner


def details(view: PatientView) -> Content:
    """Name, date of birth with age, NHS number 3-3-4, postcode, phone."""
    p = view.patient
    lines = [
        Content.styled(printable(p.full_name, single_line=True), "bold"),
        Content(
            f"Born {show_date(p.date_of_birth)} (age {age_on(p.date_of_birth, view.today)})"
            f" · NHS {format_nhs(p.nhs_number)}"
        ),
        Content.assemble(
            "Postcode ",
            printable(p.postcode or "not recorded"),
            "  ·  Phone ",
            printable(p.phone or "not recorded", single_line=True),
        ),
    ]
    if p.is_removed and p.removed_on:
        lines.append(Content(f"Removed from the practice list on {show_date(p.removed_on)}"))
    return Content("\n").join(lines)


def appointments(view: PatientView) -> Content:
    """Upcoming appointments, each with its chaperone marker where one applies, flagged where a restriction
    that came later forbids it (rule 12); then those cancelled or moved, with who, when and why."""
    lines = []
    if not view.upcoming:
        lines.append(Content("No upcoming appointments."))
    for appt in view.upcoming:
        line = Content.assemble(f"{show(appt.starts_at)} with ", printable(appt.clinician_name, single_line=True))
        if appt.chaperone_required:
            line = Content.assemble(line, " · ◆ chaperone: ", printable(appt.chaperone_name or "", single_line=True))
        if appt.override_id:
            line = Content.assemble(line, " · emergency override")
        if flag := view.flags.get(appt.id):
            line = Content.assemble(
                line,
                ("\n  ⚠ ", "$text-warning"),
                (printable(flag, single_line=True) + ": move or cancel (ctrl+o)", "bold"),
            )
        lines.append(line)
    for change in view.changed:
        lines.append(changed_line(change))
    return Content("\n").join(lines)


def changed_line(change: Change) -> Content:
    """`✗ Tue 24 Nov 2026 10:00 with Dr Amelia Hart: moved by Margaret Lewis on 23 Nov 2026 (why)`."""
    appt = change.appointment
    verb = "moved" if change.change == "moved" else "cancelled"
    who = f" by {change.by}" if change.by else ""
    to = ""
    if change.moved_to is not None:
        to = f" to {show(change.moved_to.starts_at)} with {change.moved_to.clinician_name}"
    text = (
        f"✗ {show(appt.starts_at)} with {appt.clinician_name}: {verb}{to}{who} on {show_date(london_today(change.at))}"
        f" ({change.reason})"
    )
    return Content.styled(printable(text, single_line=True), "dim")


class PatientPane(VerticalScroll):
    """Everything the desk needs about the chosen patient, at a glance."""

    view: reactive[PatientView | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield FlagBanner(id="flag-banner").data_bind(PatientPane.view)
        yield ChaperoneMarker(id="chaperone-marker").data_bind(PatientPane.view)
        yield Static(id="patient-details")
        yield Static("Upcoming appointments", id="appointments-title", classes="section-title")
        yield Static(id="appointments")

    def watch_view(self, view: PatientView | None) -> None:
        self.set_class(view is None, "-empty")
        if view is None:
            self.query_one("#patient-details", Static).update(
                Content("Search for a patient, then press Enter to choose them.")
            )
            self.query_one("#appointments", Static).update("")
            return
        self.query_one("#patient-details", Static).update(details(view))
        self.query_one("#appointments", Static).update(appointments(view))
