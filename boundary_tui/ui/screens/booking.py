"""Book an appointment (F2): clinician, date, a free slot; refused where rules say no.

The form shows the rules as soon as a clinician is highlighted (who not to
book, who instead, when a chaperone is needed), but the store decides: like
every form it hands what was chosen to the save function its opener gave, and
stays open until the store confirms the booking, so a refusal or a slot taken
by another desk loses nothing typed. When another desk took the
slot first, the free slots are read again and the next free one is highlighted,
so Enter books it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from boundary_tui.core import booking_guard
from boundary_tui.core.errors import BoundaryError, SlotTaken
from boundary_tui.core.models import Appointment, Clinician
from boundary_tui.core.text import MAX_NAME_LENGTH, MAX_REASON_LENGTH
from boundary_tui.core.times import DateProblem, parse_date, show_date
from boundary_tui.store import Store
from boundary_tui.store.appointments import Slot
from boundary_tui.store.views import PatientView
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen


def clinician_label(clinician: Clinician, view: PatientView) -> Content:
    """`Dr Amelia Hart · GP · do not book` (the warning only where it applies)."""
    label = f"{clinician.name} · {clinician.job_title}"
    if view.restriction.targets(clinician.staff_id):
        label += " · ✗ do not book"
    elif view.restriction.needs_chaperone_with(clinician.staff_id):
        label += " · chaperone required"
    return literal(label, single_line=True)


@dataclass(frozen=True)
class BookingDraft:
    """What the receptionist chose, before the store has its say."""

    clinician: Clinician
    slot: Slot
    chaperone: str
    override_reason: str


class BookingScreen(FormScreen[Appointment]):
    """Returns the booked appointment, or None if the user cancelled."""

    CSS_PATH = stylesheet("booking.tcss")

    AUTO_FOCUS = "#clinician"
    SAVE_LABEL = "Book  ctrl+s"

    def __init__(self, store: Store, view: PatientView, *, save: Callable[[BookingDraft], Appointment]) -> None:
        """`store` is read for free slots; `save` books what the form collects."""
        super().__init__(save)
        self._store = store
        self._view = view
        self._clinicians = list(view.clinicians)
        self._slots: list[Slot] = []
        self._day: date | None = store.appointments.first_bookable_day()

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        patient = self._view.patient
        with Vertical(id="booking-dialog", classes="dialog"):
            yield Static(literal(f"Book an appointment: {patient.full_name}", single_line=True), classes="dialog-title")
            lines = self._view.restriction.banner_lines()
            yield Static(
                Content("\n".join(f"⚠ {line}" for line in lines)),
                id="booking-restriction",
                classes="-shown" if lines else "",
            )
            with Horizontal(id="booking-columns"):
                with Vertical(id="clinician-column"):
                    yield Label("Clinician")
                    yield OptionList(
                        *(Option(clinician_label(c, self._view), id=str(c.id)) for c in self._clinicians),
                        id="clinician",
                        markup=False,
                    )
                with Vertical(id="slot-column"):
                    yield Label("Date (DD/MM/YYYY)")
                    yield Input(value=self._day.strftime("%d/%m/%Y") if self._day else "", id="date")
                    yield Static(id="date-problem", classes="problem")
                    yield Label("Free slots")
                    yield OptionList(id="slot", markup=False)
                    yield Static(id="slot-problem", classes="problem")
            yield Static(id="guard-message")
            with Horizontal(id="override-row", classes="form-row"):
                yield Label("Emergency reason")
                with Vertical(classes="field"):
                    yield Input(
                        id="override_reason",
                        max_length=MAX_REASON_LENGTH,
                        placeholder="why this clinician must see the patient",
                    )
                    yield Static(id="override_reason-problem", classes="problem")
            with Horizontal(id="chaperone-row", classes="form-row"):
                yield Label("Chaperone")
                with Vertical(classes="field"):
                    yield Input(
                        id="chaperone",
                        max_length=MAX_NAME_LENGTH,
                        placeholder="full name of the chaperone",
                    )
                    yield Static(id="chaperone-problem", classes="problem")
            yield Static(id="form-problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.SAVE_LABEL, id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        clinicians = self.query_one("#clinician", OptionList)
        if self._clinicians:
            # Start on someone who may be booked, so the first Enter is safe.
            allowed = [i for i, c in enumerate(self._clinicians) if not self._view.restriction.targets(c.staff_id)]
            clinicians.highlighted = allowed[0] if allowed else 0
        else:
            self.show_problem("form", "No clinicians are set up yet: import them first (see README).")

    # -- reacting to choices ------------------------------------------------------------

    @property
    def clinician(self) -> Clinician | None:
        index = self.query_one("#clinician", OptionList).highlighted
        return self._clinicians[index] if index is not None and self._clinicians else None

    @property
    def slot(self) -> Slot | None:
        index = self.query_one("#slot", OptionList).highlighted
        bookable = [s for s in self._slots if s.bookable]
        return bookable[index] if index is not None and index < len(bookable) else None

    @on(OptionList.OptionHighlighted, "#clinician")
    def _clinician_changed(self) -> None:
        self._show_rules()
        self._load_slots()

    @on(OptionList.OptionSelected, "#clinician")
    def _clinician_chosen(self) -> None:
        self.query_one("#slot", OptionList).focus()

    @on(OptionList.OptionSelected, "#slot")
    def _slot_chosen(self) -> None:
        self.action_save()

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        try:
            self._day = parse_date(event.value)
        except DateProblem as problem:
            self._day = None
            self.show_problem("date", str(problem))
        else:
            self.show_problem("date", "")
        self._load_slots()

    def _show_rules(self) -> None:
        """Explain, before anything is submitted, what booking this clinician needs."""
        clinician = self.clinician
        restriction = self._view.restriction
        targeted = clinician is not None and restriction.targets(clinician.staff_id)
        needs_chaperone = clinician is not None and restriction.needs_chaperone_with(clinician.staff_id)
        message = self.query_one("#guard-message", Static)
        if clinician is not None and targeted:
            refusal = booking_guard.refusal_for(restriction, clinician, self._clinicians)
            message.update(literal(f"{refusal} Emergency only: give a reason and a chaperone to override."))
        elif clinician is not None and needs_chaperone:
            message.update(literal(f"A chaperone is required with {clinician.name}: enter their name below."))
        else:
            message.update("")
        message.set_class(targeted, "-refused")
        message.set_class(needs_chaperone and not targeted, "-chaperone")
        self.query_one("#override-row").set_class(targeted, "-shown")
        self.query_one("#chaperone-row").set_class(targeted or needs_chaperone, "-shown")

    def _load_slots(self) -> None:
        slots = self.query_one("#slot", OptionList)
        slots.clear_options()
        self._slots = []
        clinician = self.clinician
        if clinician is None or self._day is None:
            return
        try:
            self._slots = self._store.appointments.day_slots(clinician.id, self._day)
        except BoundaryError as error:
            self.show_problem("slot", str(error))
            return
        bookable = [s for s in self._slots if s.bookable]
        slots.add_options(Option(s.label) for s in bookable)
        if bookable:
            slots.highlighted = 0
            self.show_problem("slot", "")
        elif self._day.weekday() >= 5:
            self.show_problem("slot", f"{show_date(self._day)} is a weekend: no appointments.")
        else:
            self.show_problem("slot", f"No free slots with {clinician.name} on {show_date(self._day)}.")

    # -- saving -----------------------------------------------------------------------

    def collect(self) -> BookingDraft | None:
        clinician, slot = self.clinician, self.slot
        if clinician is None:
            self.show_problem("form", "Choose a clinician.")
            return None
        if slot is None:
            self.show_problem("slot", "Choose a free slot." if self._day else "Enter a valid date first.")
            return None
        return BookingDraft(
            clinician=clinician,
            slot=slot,
            chaperone=self.query_one("#chaperone", Input).value,
            override_reason=self.query_one("#override_reason", Input).value,
        )

    def after_refusal(self, error: BoundaryError) -> None:
        if isinstance(error, SlotTaken):
            self._load_slots()
            self._offer(error.next_free)
            return
        clinician = self.clinician
        if clinician is not None and self._view.restriction.targets(clinician.staff_id):
            # The refusal (who not to book, who instead) is now shown by the Book button;
            # the note above keeps only what is left to say, so it is not read twice.
            self.query_one("#guard-message", Static).update(
                literal("Emergency only: give a reason and a chaperone below to override.")
            )

    def _offer(self, slot: object) -> None:
        """Highlight the slot the store offered instead (if it is still free), ready for Enter."""
        if not isinstance(slot, Slot):
            return
        bookable = [s.starts_at for s in self._slots if s.bookable]
        if slot.starts_at not in bookable:
            return
        slots = self.query_one("#slot", OptionList)
        slots.highlighted = bookable.index(slot.starts_at)
        slots.focus()
        self.show_problem("slot", f"{slot.label} is highlighted: press Enter to book it, or choose another.")
