"""Export the timeline (E on the timeline): which format, and for whom.

An export hands the record to someone: the police, the defence body, a
regulator, the patient (a subject access request). The disclosure log records
for whom and who asked for it, so the form asks both before anything is made:
the format (Markdown, HTML, CSV, JSON, or the evidence bundle with the copies of
evidence), for whom (`RECIPIENTS`) and who exactly (officer and crime
reference, case number…). Whoever opens the form gives the function that makes
and delivers the export; the form stays open until it is made, and shows a
refusal next to the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from boundary_tui.core.contacts import text_problem
from boundary_tui.core.models import Patient
from boundary_tui.core.text import MAX_DETAIL_LENGTH
from boundary_tui.core.vocabulary import RECIPIENTS
from boundary_tui.export import FORMATS
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox

BUNDLE = "bundle"

CHOICES: tuple[tuple[str, str], ...] = (
    *((f.name, f"{f.suffix:<6} {f.label}") for f in FORMATS.values()),
    (BUNDLE, ".zip   Evidence bundle: PDF, HTML and JSON reports, the copies of evidence, the signed checkpoint"),
)
"""Every format the desk offers, in order (`bundle` is the one to hand to the police)."""


@dataclass(frozen=True)
class ExportRequest:
    """What the form collected: the format, for whom, and who exactly."""

    fmt: str
    recipient: str
    recipient_detail: str = ""


@dataclass(frozen=True)
class Exported:
    """What making and delivering an export answered (the opener's save function returns it)."""

    fmt: str
    where: str
    """Where it went, in words for the person at the desk."""
    entries: int
    copies: int
    """Copies of evidence in a bundle (0 for the other formats)."""
    problems: int
    """Entries that failed their tamper-evidence check."""
    signed: bool
    fingerprint: str = ""
    """The signing key's fingerprint, when signed."""


class ExportChoiceScreen(FormScreen[Exported]):
    """Returns what was exported, or None (Esc)."""

    CSS_PATH = stylesheet("timeline.tcss")

    AUTO_FOCUS = "#export-formats"

    SAVE_LABEL = "Export  ctrl+s"
    SAVING_LABEL = "Exporting…"
    WAITING_LABEL = "Exporting… (a long record takes a moment)"

    def __init__(self, patient: Patient, *, save: Callable[[ExportRequest], Exported]) -> None:
        super().__init__(save)
        self._patient = patient

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-dialog", classes="dialog"):
            yield Static(
                literal(f"Export the record of {self._patient.full_name} as evidence", single_line=True),
                classes="dialog-title",
            )
            yield OptionList(*(Option(Content(text), id=key) for key, text in CHOICES), id="export-formats")
            with Horizontal(classes="form-row -shown"):
                yield Label("For whom")
                yield Select(
                    [(label, key) for key, label in RECIPIENTS.items()],
                    prompt="Choose…",
                    id="recipient",
                    compact=True,
                )
            yield Static(id="recipient-problem", classes="problem")
            with Horizontal(classes="form-row -shown"):
                yield Label("Who exactly")
                yield TextBox(
                    id="recipient_detail",
                    placeholder="officer and crime reference, case number…",
                    max_length=MAX_DETAIL_LENGTH,
                    compact=True,
                )
            yield Static(id="recipient_detail-problem", classes="problem")
            yield Static(
                Content(
                    "Every entry, who logged it and when, corrections beside originals, views and disclosures, "
                    "and the tamper-evidence. For whom goes on the patient's record. It names the patient: hand "
                    "it only to whoever should have it."
                ),
                classes="hint",
            )
            yield Static(id="form-problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.SAVE_LABEL, id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-formats", OptionList).highlighted = 0
        super().on_mount()

    @on(OptionList.OptionSelected, "#export-formats")
    def _format_chosen(self) -> None:
        """Enter on a format: on to for whom."""
        self.query_one("#recipient", Select).focus()

    @on(Select.Changed, "#recipient")
    def _recipient_chosen(self) -> None:
        if self.query_one("#recipient", Select).has_focus:
            self.query_one("#recipient_detail", Input).focus()

    @on(Input.Submitted, "#recipient_detail")
    def _detail_entered(self) -> None:
        self.action_save()

    def _values(self) -> dict[str, Any]:
        values = super()._values()
        values["export-formats"] = self.query_one("#export-formats", OptionList).highlighted
        return values

    def collect(self) -> ExportRequest | None:
        found: dict[str, str] = {}
        index = self.query_one("#export-formats", OptionList).highlighted
        recipient = self.query_one("#recipient", Select).value
        detail = self.query_one("#recipient_detail", Input).value
        if recipient == Select.NULL or recipient not in RECIPIENTS:
            found["recipient"] = f"Say for whom it is: {', '.join(RECIPIENTS.values())}."
        if reason := text_problem(detail, "Who exactly", MAX_DETAIL_LENGTH):
            found["recipient_detail"] = reason
        if found:
            for key, message in found.items():
                self.show_problem(key, message)
            return None
        return ExportRequest(
            fmt=CHOICES[index if index is not None else 0][0], recipient=str(recipient), recipient_detail=detail
        )
