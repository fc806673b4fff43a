"""Record an action (F6, managers only), or correct one.

Highlighting a kind shows exactly the fields `core.actions.ACTION_FIELDS`
gives it (warning letter: signer; police report: crime reference and
officer; removal: route and date; SPO: grant and expiry...), with what rule 9
says about it right now. The form collects and checks (`core.actions`); the
save function its opener gives decides what is stored, and the store enforces
it all again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from boundary_tui.core import actions as rules
from boundary_tui.core import removal
from boundary_tui.core.actions import Action, ActionDraft
from boundary_tui.core.amendments import reason_problem
from boundary_tui.core.list_status import ListStatus
from boundary_tui.core.models import Patient
from boundary_tui.core.patients import identity
from boundary_tui.core.text import MAX_DETAIL_LENGTH, MAX_REASON_LENGTH
from boundary_tui.core.times import DateProblem, london, parse_date, show_date
from boundary_tui.core.vocabulary import ACTION_KINDS, REMOVAL_ROUTES
from boundary_tui.store import Store
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.contact_form import TIME_FORMAT, title, typed_moment
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox
from boundary_tui.ui.widgets.type_to_find import FindableOptionList

DATE_FORMAT = "%d/%m/%Y"
ROW_FIELDS = ("signed_by", "organisation", "officer", "crime_reference", "removal_route", "effective_on", "expires_on")


@dataclass(frozen=True)
class ActionForm:
    """What the form collected: the draft, and the reason when correcting."""

    draft: ActionDraft
    amend_reason: str = ""


def guidance(kind: str, status: ListStatus) -> str:
    """What rule 9 says about this kind for this patient, before anything is saved."""
    if kind in ("removal_requested", "removal_effective"):
        warning = (
            f"Warning letter on record: {show_date(status.warning_on)}, current until "
            f"{show_date(status.warning_lapses_on or status.warning_on)}."
            if status.warning_current and status.warning_on
            else "No current warning letter: the ordinary route is not open."
        )
        police = (
            f"Police report on record: {show_date(status.police_reported_on)}."
            if status.police_reported_on
            else "No police report on record: the immediate route is not open."
        )
        return (
            f"Ordinary route: {warning} Immediate route: {police} "
            f"Immediate removal must be confirmed in writing within {removal.CONFIRMATION_DAYS} days."
        )
    if kind == "spo_granted":
        return f"An order lasts at least {removal.SPO_MINIMUM_YEARS} years; the banner shows it until it expires."
    if kind == "warning_letter_sent":
        return "Record it once sent. It supports an ordinary removal for 12 months. (W on the timeline drafts one.)"
    if kind == "concern_closed":
        return (
            "This records the decision. Close the concern itself with F5: that is what lifts the booking restriction."
        )
    return ""


class ActionFormScreen(FormScreen[Action]):
    """Returns the saved action, or None if the user cancelled."""

    CSS_PATH = [stylesheet("contact.tcss"), stylesheet("action.tcss")]

    AUTO_FOCUS = "#kind"

    def __init__(
        self,
        store: Store,
        patient: Patient,
        *,
        status: ListStatus,
        signer: str,
        amending: Action | None = None,
        save: Callable[[ActionForm], Action],
    ) -> None:
        """`store` is read for the time; `signer` fills "Signed by"; `save` stores what the form collects."""
        super().__init__(save)
        self._store = store
        self._patient = patient
        self._status = status
        self._amending = amending
        self._now = store.now()
        self._signer = signer
        self._kinds = (amending.kind,) if amending else ACTION_KINDS.values_in_order

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        old = self._amending
        verb = "Correct an action" if old else "Record an action"
        with VerticalScroll(id="action-dialog", classes="dialog"):
            yield Static(title(f"{verb}: {identity(self._patient)}"), classes="dialog-title")
            with Horizontal(id="action-top"):
                with Vertical(id="kind-column"):
                    yield Label("What was done (type, ↑/↓, Enter)")
                    yield FindableOptionList(
                        *(Option(ACTION_KINDS[k], id=k) for k in self._kinds), id="kind", markup=False
                    )
                    yield Static(id="kind-problem", classes="problem")
                with Vertical(id="action-fields"):
                    yield Label("When (DD/MM/YYYY HH:MM, UK time)")
                    yield TextBox(
                        london(old.occurred_at if old else self._now).strftime(TIME_FORMAT),
                        id="occurred_at",
                        max_length=40,
                        compact=True,
                    )
                    yield Static(id="occurred_at-problem", classes="problem")
                    yield from self._input_row("signed_by", old.signed_by if old else self._signer)
                    yield from self._input_row("organisation", old.organisation if old else "")
                    yield from self._input_row("officer", old.officer if old else "")
                    yield from self._input_row("crime_reference", old.crime_reference if old else "")
                    with Horizontal(id="removal_route-row", classes="form-row"):
                        yield Label("Route", id="removal_route-label")
                        with Vertical(classes="field"):
                            yield Select(
                                [(label, key) for key, label in REMOVAL_ROUTES.items()],
                                value=old.removal_route if old and old.removal_route else Select.NULL,
                                prompt="Choose the route…",
                                id="removal_route",
                                compact=True,
                            )
                            yield Static(id="removal_route-problem", classes="problem")
                    yield from self._input_row("effective_on", _day(old.effective_on) if old else "")
                    yield from self._input_row("expires_on", _day(old.expires_on) if old else "")
                    yield Static(id="action-guidance")
            yield Label("Notes", id="notes-label")
            yield TextArea(old.notes if old else "", id="notes", soft_wrap=True)
            yield Static(id="notes-problem", classes="problem")
            if old:
                with Horizontal(id="amend-row", classes="form-row -shown"):
                    yield Label("Why correct it")
                    with Vertical(classes="field"):
                        yield TextBox(
                            id="amend_reason",
                            placeholder="e.g. wrong date typed (the original stays on record)",
                            max_length=MAX_REASON_LENGTH,
                            compact=True,
                        )
                        yield Static(id="amend_reason-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="primary")
                    yield Button("Cancel  esc", id="cancel")

    def _input_row(self, field: str, value: str) -> ComposeResult:
        with Horizontal(id=f"{field}-row", classes="form-row"):
            yield Label(field, id=f"{field}-label")
            with Vertical(classes="field"):
                yield TextBox(value, id=field, max_length=MAX_DETAIL_LENGTH, compact=True)
                yield Static(id=f"{field}-problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one("#kind", OptionList).highlighted = 0
        self._show_fields()
        super().on_mount()

    # -- reacting ---------------------------------------------------------------------

    @property
    def kind(self) -> str:
        index = self.query_one("#kind", OptionList).highlighted
        return self._kinds[index or 0]

    @on(OptionList.OptionHighlighted, "#kind")
    def _show_fields(self) -> None:
        """Show the fields this kind asks for, labelled for it (required ones marked *)."""
        specs = rules.fields_of(self.kind)
        # Tab follows the screen order: put this kind's rows in its own order (required ones first).
        column = self.query_one("#action-fields")
        guide_widget = self.query_one("#action-guidance")
        for name in specs:
            if name in ROW_FIELDS:
                column.move_child(self.query_one(f"#{name}-row"), before=guide_widget)
        for field in ROW_FIELDS:
            spec = specs.get(field)
            self.query_one(f"#{field}-row").set_class(spec is not None, "-shown")
            if spec is not None:
                self.query_one(f"#{field}-label", Label).update(literal(spec.label + (" *" if spec.required else "")))
                if field != "removal_route":
                    self.query_one(f"#{field}", Input).placeholder = spec.placeholder
        notes = specs.get("notes")
        label = (notes.label + (" *" if notes.required else "")) if notes else "Notes"
        self.query_one("#notes-label", Label).update(literal(label))
        guide = guidance(self.kind, self._status)
        self.query_one("#action-guidance", Static).update(literal(guide))

    @on(OptionList.OptionSelected, "#kind")
    def _kind_chosen(self) -> None:
        """Enter on the kind: on to its first field."""
        specs = rules.ACTION_FIELDS.get(self.kind, ())
        first = next((s.name for s in specs if s.name != "notes"), "notes")
        self.query_one(f"#{first}").focus()

    # -- saving -----------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        values = super()._values()
        values["kind"] = self.query_one("#kind", OptionList).highlighted
        return values

    def collect(self) -> ActionForm | None:
        kind = self.kind
        specs = rules.fields_of(kind)
        found: dict[str, str] = {}
        occurred = self._now
        try:
            shown = self._amending.occurred_at if self._amending else self._now
            occurred = typed_moment(self.query_one("#occurred_at", Input).value, shown)
        except DateProblem as problem:
            found["occurred_at"] = str(problem)
        days: dict[str, date | None] = {}
        for field in rules.DATE_FIELDS:
            typed = self.query_one(f"#{field}", Input).value.strip()
            days[field] = None
            if field in specs and typed:
                try:
                    days[field] = parse_date(typed)
                except DateProblem as problem:
                    found[field] = str(problem)

        def text(field: str) -> str:
            return self.query_one(f"#{field}", Input).value if field in specs else ""

        route = self.query_one("#removal_route", Select).value
        draft = ActionDraft(
            kind=kind,
            occurred_at=occurred,
            notes=self.query_one("#notes", TextArea).text if "notes" in specs else "",
            signed_by=text("signed_by"),
            organisation=text("organisation"),
            officer=text("officer"),
            crime_reference=text("crime_reference"),
            removal_route=str(route) if "removal_route" in specs and route != Select.NULL else None,
            effective_on=days["effective_on"],
            expires_on=days["expires_on"],
        )
        for key, message in rules.problems(draft, now=self._store.now()).items():
            found.setdefault(key, message)
        reason = ""
        if self._amending:
            reason = self.query_one("#amend_reason", Input).value
            if why_not := reason_problem(reason):
                found["amend_reason"] = why_not
        if found:
            for key, message in found.items():
                self.show_problem(key, message)
            return None
        return ActionForm(draft=draft, amend_reason=reason)


def _day(day: date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""
