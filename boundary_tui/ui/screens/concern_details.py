"""Concern details (F7): the narrative behind the banner, one deliberate keystroke away (rule 11).

The banner tells the desk only whom not to book and whether a chaperone is
needed. Anyone signed in may look further, on purpose, here: the kind, who is
targeted, the chaperone scope, the review date and the summary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from boundary_tui.core.models import Concern, Patient
from boundary_tui.core.text import printable
from boundary_tui.core.times import show_ago, show_date
from boundary_tui.core.vocabulary import CHAPERONE_SCOPES, CONCERN_KINDS
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import patient_title
from boundary_tui.ui.resources import stylesheet


def describe(concern: Concern, now: datetime) -> Content:
    """Everything recorded on one concern, user text kept literal."""
    names = ", ".join(t.name for t in concern.targets)
    review = show_date(concern.review_on) if concern.review_on else "not set"
    lines = [
        Content.styled(CONCERN_KINDS.get(concern.kind, concern.kind), "bold"),
        Content.assemble("Do not book with: ", printable(names, single_line=True)),
        *(
            [
                Content.assemble(
                    "Book only with: ", printable(", ".join(t.name for t in concern.allowed), single_line=True)
                )
            ]
            if concern.allowed
            else []
        ),
        Content(CHAPERONE_SCOPES.get(concern.chaperone_scope, concern.chaperone_scope)),
        Content(f"Review by {review}"),
        Content.assemble("Opened ", show_ago(concern.opened_at, now), " by ", printable(concern.opened_by)),
        Content("Summary:"),
        Content(printable(concern.summary) if concern.summary.strip() else "(no summary recorded)"),
    ]
    return Content("\n").join(lines)


class ConcernDetailsScreen(ModalScreen[None]):
    """Read-only; Esc or F7 closes it."""

    CSS_PATH = stylesheet("concern.tcss")

    BINDINGS = bindings("concern_details.close")

    TIMES_REFRESH_SECONDS = 5.0
    """How often "Opened … (3 days ago)" is said again against the clock while the details are open."""

    def __init__(
        self,
        patient: Patient,
        concerns: Sequence[Concern],
        now: datetime,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """`clock`: the store's clock, to keep the relative times true while the details stay open."""
        super().__init__()
        self._patient = patient
        self._concerns = list(concerns)
        self._now = now
        self._clock = clock

    def on_mount(self) -> None:
        if self._clock is not None:
            self.set_interval(self.TIMES_REFRESH_SECONDS, self.keep_times_true)

    def keep_times_true(self) -> None:
        """Say the relative times again against the clock (no reading from the database)."""
        if self._clock is None:
            return
        self._now = self._clock()
        for concern, detail in zip(self._concerns, self.query(".concern-detail").results(Static), strict=False):
            detail.update(describe(concern, self._now))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="concern-details-dialog", classes="dialog"):
            yield Static(
                patient_title("Concern details", self._patient),
                classes="dialog-title",
            )
            for concern in self._concerns:
                yield Static(describe(concern, self._now), classes="concern-detail")
            yield Static("Not for the banner or the patient's ears. Esc to close.", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
