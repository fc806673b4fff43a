"""Open a concern, or change an open one (F5, managers only).

The form gathers the kind (changed as the behaviour escalates), the targeted
staff (the do-not-book list), the clinicians the patient may be booked with
("book only with", left empty for no such list), the chaperone scope, the
review date and the discreet summary; a change also needs a reason, which goes
on the timeline with who and when. It checks them with
`core.concerns` (the store's rules, in the store's words) and hands the draft
to the save function its opener gave; the store decides (rule 6 is checked
there, not here) and the form stays open until it agrees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from boundary_tui.core import concerns as rules
from boundary_tui.core.concerns import ConcernDraft
from boundary_tui.core.models import Clinician, Concern, Patient, Staff
from boundary_tui.core.text import MAX_REASON_LENGTH
from boundary_tui.core.times import DateProblem, parse_date
from boundary_tui.core.vocabulary import CHAPERONE_SCOPES, CONCERN_KINDS
from boundary_tui.ui.literal import literal, patient_title
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.concern_close import CloseConcernScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox
from boundary_tui.ui.widgets.type_to_find import FindableSelectionList

TICK_A_TARGET = "Tick at least one member of staff the behaviour is aimed at (space ticks)."
"""`core.concerns.NO_TARGETS` as this form says it: here, naming someone is ticking them."""

DISCREET = (
    "Only whom not to book and the chaperone need reach the desk's banner. "
    "The summary stays behind F7. Facts, not opinions: the record may be disclosed to the patient."
)


def row(field: str, label: str, widget: Widget) -> Horizontal:
    """A labelled field with its problem line underneath (see FormScreen)."""
    problem = Static(id=f"{field}-problem", classes="problem")
    return Horizontal(
        Label(label), Vertical(widget, problem, classes="field"), classes="form-row -shown", id=f"{field}-row"
    )


class ConcernFormScreen(FormScreen[Concern]):
    """Returns the opened, changed or closed concern; None if the manager backed out."""

    CSS_PATH = stylesheet("concern.tcss")

    def __init__(
        self,
        patient: Patient,
        concern: Concern | None,
        *,
        staff: Sequence[Staff],
        today: date,
        save: Callable[[ConcernDraft], Concern],
        close: Callable[[str], Concern] | None = None,
        clinicians: Sequence[Clinician] = (),
    ) -> None:
        """`staff`: everyone who might be named; `clinicians`: who may be on "book only with";
        `save` opens or changes the concern; `close` closes it."""
        super().__init__(save)
        self._patient = patient
        self._concern = concern
        current = [t.staff_id for t in concern.targets] if concern else []
        self._people = rules.target_choices(staff, current)
        allowed_now = {t.staff_id for t in concern.allowed} if concern else set()
        self._bookable = [c for c in clinicians if c.active or c.staff_id in allowed_now]
        self._today = today
        self._close_with = close
        self.SAVE_LABEL = "Open concern  ctrl+s" if concern is None else "Save changes  ctrl+s"
        self.wants_new_concern = False
        """Set when the manager asked to open another concern instead of changing this one."""

    @property
    def is_new(self) -> bool:
        return self._concern is None

    def compose(self) -> ComposeResult:
        concern = self._concern
        heading = "Open a concern" if concern is None else "Change the concern"
        targets = {t.staff_id for t in concern.targets} if concern else set()
        allowed = {t.staff_id for t in concern.allowed} if concern else set()
        review = concern.review_on if concern and concern.review_on else rules.suggested_review(self._today)
        with VerticalScroll(id="concern-dialog", classes="dialog"):
            yield Static(patient_title(heading, self._patient), classes="dialog-title")
            yield Static(DISCREET, markup=False, classes="hint", id="concern-discreet")
            kinds = [(label, key) for key, label in CONCERN_KINDS.items()]
            if concern is None:
                kind: Widget = Select(kinds, prompt="Choose…", id="kind")
            else:
                # The kind follows the behaviour as it escalates (a change with a reason, on the timeline).
                kind = Select(kinds, allow_blank=False, value=concern.kind, id="kind")
            yield row("kind", "Kind", kind)
            people = (
                Selection(literal(f"{s.name} ({s.role})", single_line=True), s.id, s.id in targets)
                for s in self._people
            )
            only = (
                Selection(literal(f"{c.name} ({c.job_title})", single_line=True), c.staff_id, c.staff_id in allowed)
                for c in self._bookable
            )
            # Side by side: whom never to book, and (if the concern says so) whom only to book with.
            with Horizontal(id="lists-row"):
                with Vertical(id="targets-column"):
                    yield Label("Do not book with (Space ticks)")
                    yield FindableSelectionList[int](*people, id="targets")
                    yield Static(id="targets-problem", classes="problem")
                with Vertical(id="allowed-column"):
                    yield Label("Book only with (if set)")
                    yield FindableSelectionList[int](*only, id="allowed")
                    yield Static(id="allowed-problem", classes="problem")
            scopes = [(label, key) for key, label in CHAPERONE_SCOPES.items()]
            scope = concern.chaperone_scope if concern else "targets"
            yield row(
                "chaperone_scope", "Chaperone", Select(scopes, allow_blank=False, value=scope, id="chaperone_scope")
            )
            yield row(
                "review_on", "Review by", TextBox(review.strftime("%d/%m/%Y"), placeholder="DD/MM/YYYY", id="review_on")
            )
            yield row("summary", "Summary", TextArea(concern.summary if concern else "", id="summary", soft_wrap=True))
            if concern is not None:
                reason = TextBox(
                    max_length=MAX_REASON_LENGTH, placeholder="recorded on the timeline with your name", id="reason"
                )
                yield row("reason", "Why the change", reason)
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    if concern is not None:
                        yield Button("Open another concern", id="new-concern")
                        yield Button("Close concern…", id="close-concern", variant="warning")
                    yield Button(self.SAVE_LABEL, id="save", variant="primary")
                    yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#kind" if self.is_new else "#targets").focus()

    def _values(self) -> dict[str, Any]:
        """Ticked names count as typed input too (asked about before throwing away)."""
        values = super()._values()
        values["targets"] = sorted(self.query_one("#targets", SelectionList).selected)
        values["allowed"] = sorted(self.query_one("#allowed", SelectionList).selected)
        return values

    # -- saving -----------------------------------------------------------------------

    def collect(self) -> ConcernDraft | None:
        found: dict[str, str] = {}
        kind = self.query_one("#kind", Select).value
        scope = self.query_one("#chaperone_scope", Select).value
        review: date | None = None
        try:
            review = parse_date(self.query_one("#review_on", Input).value)
        except DateProblem as problem:
            found["review_on"] = str(problem)
        draft = ConcernDraft(
            kind=kind if isinstance(kind, str) else "",
            targets=tuple(self.query_one("#targets", SelectionList).selected),
            chaperone_scope=scope if isinstance(scope, str) else "",
            review_on=review,
            summary=self.query_one("#summary", TextArea).text.strip(),
            reason=self.query_one("#reason", Input).value.strip() if self._concern else "",
            allowed=tuple(self.query_one("#allowed", SelectionList).selected) or None,
        )
        # The store checks again; checking here too shows every problem at once, before a round trip.
        staff_ids = {s.id for s in self._people}
        names = {s.id: s.name for s in self._people}
        names.update({c.staff_id: c.name for c in self._bookable})
        for key, message in rules.problems(
            draft,
            today=self._today,
            staff_ids=staff_ids | {c.staff_id for c in self._bookable},
            was=self._concern,
            clinician_ids={c.staff_id for c in self._bookable},
            staff_names=names,
        ).items():
            found.setdefault(key, TICK_A_TARGET if message == rules.NO_TARGETS else message)
        for field, message in found.items():
            self.show_problem(field, message)
        return None if found else draft

    # -- closing, or starting another ---------------------------------------------------

    @on(Button.Pressed, "#close-concern")
    def _close(self) -> None:
        assert self._concern is not None

        def closed(concern: Concern | None) -> None:
            if concern is not None:
                self.dismiss(concern)

        assert self._close_with is not None
        self.app.push_screen(CloseConcernScreen(self._patient, self._concern, save=self._close_with), closed)

    @on(Button.Pressed, "#new-concern")
    def _new_concern(self) -> None:
        """Leave this concern as it is and open another (asking first if anything was typed)."""

        def leave(discard: bool | None = True) -> None:
            if discard:
                self.wants_new_concern = True
                self.dismiss(None)

        if not self.is_dirty():
            leave()
            return
        question = "Throw away your changes to this concern and open another?"
        self.app.push_screen(ConfirmScreen(question, yes="Throw them away", no="Keep editing"), leave)
