"""Which concern to change, when a patient has several open (F5)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from boundary_tui.core.models import Concern, Patient
from boundary_tui.core.times import london_today, show_date
from boundary_tui.core.vocabulary import CONCERN_KINDS
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal, patient_title
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.fit import FocusInView

NEW = 0
"""The choice "open a new concern" (concern ids start at 1)."""


def concern_label(concern: Concern) -> Content:
    """`Harassment · not with Dr Rajesh Patel · opened 13 Oct 2026 by Margaret Lewis`."""
    names = ", ".join(t.name for t in concern.targets)
    kind = CONCERN_KINDS.get(concern.kind, concern.kind)
    return literal(
        f"{kind} · not with {names} · opened {show_date(london_today(concern.opened_at))} by {concern.opened_by}",
        single_line=True,
    )


class ConcernChoiceScreen(FocusInView, ModalScreen[int | None]):
    """Returns the chosen concern's id, `NEW` to open another, or None (Esc)."""

    CSS_PATH = stylesheet("concern.tcss")

    AUTO_FOCUS = "#concern-choices"
    BINDINGS = bindings("concern_choice.back")

    def __init__(self, patient: Patient, concerns: Sequence[Concern]) -> None:
        super().__init__()
        self._patient = patient
        self._concerns = list(concerns)

    def compose(self) -> ComposeResult:
        with Vertical(id="concern-choice-dialog", classes="dialog"):
            yield Static(patient_title("Concerns about", self._patient), classes="dialog-title")
            yield OptionList(
                *(Option(concern_label(c), id=str(c.id)) for c in self._concerns),
                Option(Content("+ Open a new concern"), id=str(NEW)),
                id="concern-choices",
                markup=False,
            )
            yield Static("Enter to choose · Esc to go back", classes="hint")

    @on(OptionList.OptionSelected, "#concern-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or NEW))

    def action_close(self) -> None:
        self.dismiss(None)
