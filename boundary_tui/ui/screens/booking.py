"""Book an appointment (F2), or move one: clinician, date, a free slot; refused where rules say no.

The form shows the rules as soon as a clinician is highlighted (who not to
book, who instead, when a chaperone is needed), but the store decides: like
every form it hands what was chosen to the save function its opener gave, and
stays open until the store confirms the booking, so a refusal or a slot taken
by another desk loses nothing typed. When another desk took the
slot first, the free slots are read again and the next free one is highlighted,
so Enter books it.

Moving an appointment is the same form with a reason: it opens on the same day
and time with an allowed clinician of the same job title highlighted, and the
appointment's own slot counts as free (the move frees it). A second
appointment in the same session (morning or afternoon) of the same day is
asked about first.
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

from boundary_tui.core import appointments as appointment_rules
from boundary_tui.core import booking_guard
from boundary_tui.core.errors import BoundaryError, SlotTaken
from boundary_tui.core.models import Appointment, Clinician
from boundary_tui.core.text import MAX_NAME_LENGTH, MAX_REASON_LENGTH
from boundary_tui.core.times import DateProblem, london, parse_date, show, show_date
from boundary_tui.store import Store
from boundary_tui.store.appointments import Slot
from boundary_tui.store.views import PatientView
from boundary_tui.ui.literal import literal, patient_title
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.text_box import TextBox
from boundary_tui.ui.widgets.type_to_find import FindableOptionList


def clinician_label(clinician: Clinician, view: PatientView) -> Content:
    """`Dr Amelia Hart · GP · do not book` (the warning only where it applies)."""
    label = f"{clinician.name} · {clinician.job_title}"
    if view.restriction.targets(clinician.staff_id):
        label += " · ✗ do not book"
    elif view.restriction.outside_only_with(clinician.staff_id):
        label += " · ✗ not allowed"
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
    reason: str = ""
    """Why it is moved (a move only)."""


class BookingScreen(FormScreen[Appointment]):
    """Returns the booked appointment, or None if the user cancelled."""

    CSS_PATH = stylesheet("booking.tcss")

    AUTO_FOCUS = "#clinician"
    SAVE_LABEL = "Book  ctrl+s"

    def __init__(
        self,
        store: Store,
        view: PatientView,
        *,
        save: Callable[[BookingDraft], Appointment],
        moving: Appointment | None = None,
        reason: str = "",
    ) -> None:
        """`store` is read for free slots; `save` books (or moves) what the form collects.

        `moving`: the appointment to move (then `reason` fills "why")."""
        super().__init__(save)
        self._store = store
        self._view = view
        self._moving = moving
        self._reason = reason
        self._clinicians = list(view.clinicians)
        self._slots: list[Slot] = []
        first = store.appointments.first_bookable_day()
        self._day: date | None = first
        if moving is not None:
            self._day = max(first, london(moving.starts_at).date())
            self.SAVE_LABEL = "Move  ctrl+s"
        self._both_confirmed = False
        """The person said yes to a second appointment the same session."""

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        patient = self._view.patient
        moving = self._moving
        with Vertical(id="booking-dialog", classes="dialog"):
            if moving is None:
                heading = "Book an appointment"
            else:
                heading = f"Move the appointment of {show(moving.starts_at)} with {moving.clinician_name}"
            yield Static(patient_title(heading, patient), classes="dialog-title")
            lines = self._view.restriction.banner_lines()
            yield Static(
                Content("\n".join(f"⚠ {line}" for line in lines)),
                id="booking-restriction",
                classes="-shown" if lines else "",
            )
            with Horizontal(id="booking-columns"):
                with Vertical(id="clinician-column"):
                    yield Label("Clinician")
                    yield FindableOptionList(
                        *(Option(clinician_label(c, self._view), id=str(c.id)) for c in self._clinicians),
                        id="clinician",
                        markup=False,
                    )
                with Vertical(id="slot-column"):
                    yield Label("Date (DD/MM/YYYY)")
                    yield TextBox(value=self._day.strftime("%d/%m/%Y") if self._day else "", id="date")
                    yield Static(id="date-problem", classes="problem")
                    yield Label("Free slots")
                    yield FindableOptionList(id="slot", markup=False)
                    yield Static(id="slot-problem", classes="problem")
            yield Static(id="guard-message")
            with Horizontal(id="override-row", classes="form-row"):
                yield Label("Emergency reason")
                with Vertical(classes="field"):
                    yield TextBox(
                        id="override_reason",
                        max_length=MAX_REASON_LENGTH,
                        placeholder="why this clinician must see the patient",
                    )
                    yield Static(id="override_reason-problem", classes="problem")
            with Horizontal(id="chaperone-row", classes="form-row"):
                yield Label("Chaperone")
                with Vertical(classes="field"):
                    yield TextBox(
                        id="chaperone",
                        max_length=MAX_NAME_LENGTH,
                        placeholder="full name of the chaperone",
                    )
                    yield Static(id="chaperone-problem", classes="problem")
            with Horizontal(id="reason-row", classes="form-row" + (" -shown" if moving else "")):
                yield Label("Why move it")
                with Vertical(classes="field"):
                    yield TextBox(
                        self._reason,
                        id="reason",
                        max_length=MAX_REASON_LENGTH,
                        placeholder="recorded with your name, e.g. the concern now rules Dr X out",
                        compact=True,
                    )
                    yield Static(id="reason-problem", classes="problem")
            with Vertical(classes="dialog-foot"):
                yield Static(id="form-problem", classes="problem")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.SAVE_LABEL, id="save", variant="primary")
                    yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        clinicians = self.query_one("#clinician", OptionList)
        if self._clinicians:
            # Start on someone who may be booked, so the first Enter is safe: for a move,
            # the same clinician if still allowed, else an allowed one with the same job title.
            restriction = self._view.restriction
            like = self._moving_clinician()
            allowed = booking_guard.allowed_clinicians(restriction, self._clinicians, like)
            if like is not None and like in allowed and not self._moving_needs_new_clinician():
                allowed.insert(0, like)
            clinicians.highlighted = self._clinicians.index(allowed[0]) if allowed else 0
        else:
            self.show_problem("form", "No clinicians are set up yet: import them first (see README).")

    def _moving_clinician(self) -> Clinician | None:
        moving = self._moving
        if moving is None:
            return None
        return next((c for c in self._clinicians if c.id == moving.clinician_id), None)

    def _moving_needs_new_clinician(self) -> bool:
        """Moving away from a clinician the restriction rules out (not only to add a chaperone)."""
        moving = self._moving
        return moving is not None and self._view.restriction.forbids(moving.clinician_staff_id)

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
        # What the last save said was about the clinician chosen then (a refusal naming Dr X,
        # a chaperone asked for): it stops applying the moment another one is chosen.
        for field in ("form", "override_reason", "chaperone"):
            self.show_problem(field, "")
        self._show_rules()
        self._load_slots()

    @on(OptionList.OptionSelected, "#clinician")
    def _clinician_chosen(self) -> None:
        self.query_one("#slot", OptionList).focus()

    @on(OptionList.OptionSelected, "#slot")
    def _slot_chosen(self) -> None:
        self.action_save()

    @on(OptionList.OptionHighlighted, "#slot")
    def _slot_changed(self) -> None:
        self._both_confirmed = False  # a yes was for the slot it was asked about

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
        targeted = clinician is not None and restriction.forbids(clinician.staff_id)
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
        freeing = self._moving.id if self._moving else None
        try:
            self._slots = self._store.appointments.day_slots(clinician.id, self._day, freeing=freeing)
        except BoundaryError as error:
            self.show_problem("slot", str(error))
            return
        bookable = [s for s in self._slots if s.bookable]
        slots.add_options(Option(s.label) for s in bookable)
        if bookable:
            # A move starts at the same time where it is free ("the same time with Dr Ortiz").
            same = [i for i, s in enumerate(bookable) if self._moving and s.starts_at == self._moving.starts_at]
            slots.highlighted = same[0] if same else 0
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
        reason = self.query_one("#reason", Input).value.strip() if self._moving else ""
        if self._moving is not None and (found := appointment_rules.move_problems(reason)):
            for field, message in found.items():
                self.show_problem(field, message)
            self.query_one("#reason", Input).focus()
            return None
        # A booking the rules refuse (no emergency reason given) is refused first: asking "book both?"
        # about it would only be followed by the refusal.
        refused = (
            self._view.restriction.forbids(clinician.staff_id)
            and not self.query_one("#override_reason", Input).value.strip()
        )
        if not refused and not self._both_confirmed and (same := self._same_session(slot)):
            self._ask_about_both(slot, same)
            return None
        return BookingDraft(
            clinician=clinician,
            slot=slot,
            chaperone=self.query_one("#chaperone", Input).value,
            override_reason=self.query_one("#override_reason", Input).value,
            reason=reason,
        )

    def _same_session(self, slot: Slot) -> list[Appointment]:
        """The patient's other appointments in the same session of that day (the one being moved aside)."""
        try:
            day = self._store.appointments.on_day(self._view.patient.id, london(slot.starts_at).date())
        except BoundaryError:
            return []  # the store says what is wrong when the booking is saved
        others = [a for a in day if self._moving is None or a.id != self._moving.id]
        return booking_guard.same_session(slot.starts_at, others)

    def _ask_about_both(self, slot: Slot, same: list[Appointment]) -> None:
        """A second appointment the same morning (or afternoon): ask first; yes books it as well."""
        _, session = booking_guard.session_of(slot.starts_at)
        booked = ", ".join(f"{london(a.starts_at):%H:%M} with {a.clinician_name}" for a in same)
        question = (
            f"{self._view.patient.full_name} already has an appointment this {session}: {booked}. "
            f"Book {slot.label} as well?"
        )

        def decided(both: bool | None) -> None:
            if both:
                self._both_confirmed = True
                self.action_save()

        self.app.push_screen(ConfirmScreen(question, yes="Book both", no="Go back"), decided)

    def after_refusal(self, error: BoundaryError) -> None:
        if isinstance(error, SlotTaken):
            self._load_slots()
            self._offer(error.next_free)
            return
        clinician = self.clinician
        if clinician is not None and self._view.restriction.forbids(clinician.staff_id):
            # The refusal (who not to book, who instead) is now shown by the Book button;
            # the note above keeps only what is left to say, so it is not read twice.
            self.query_one("#guard-message", Static).update(
                literal("Emergency only: give a reason and a chaperone below to override.")
            )
            # What is typed next goes into the emergency reason, not into the list of slots.
            self.query_one("#override_reason", Input).focus()

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
