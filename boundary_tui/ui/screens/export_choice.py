"""Which format to export the timeline in (E on the timeline)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from boundary_tui.core.models import Patient
from boundary_tui.export import FORMATS
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView


class ExportChoiceScreen(FocusInView, ModalScreen[str | None]):
    """Returns the chosen format (`md`, `html`, `csv`, `json`), or None (Esc)."""

    CSS_PATH = stylesheet("timeline.tcss")

    AUTO_FOCUS = "#export-formats"
    BINDINGS = bindings("export_choice.back")

    def __init__(self, patient: Patient) -> None:
        super().__init__()
        self._patient = patient

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(
                literal(f"Export the timeline of {self._patient.full_name} as evidence", single_line=True),
                classes="dialog-title",
            )
            yield OptionList(
                *(Option(Content(f"{f.suffix:<6} {f.label}"), id=f.name) for f in FORMATS.values()),
                id="export-formats",
                markup=False,
            )
            yield Static(
                Content(
                    "Every entry, who logged it and when, corrections beside originals, and the tamper-evidence "
                    "hashes. The file names the patient: keep it safe, and hand it only to whoever should have it."
                ),
                classes="hint",
            )
            yield Static(Content("Enter to export · Esc to go back"), classes="hint")

    @on(OptionList.OptionSelected, "#export-formats")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
