"""Log a contact (F3), or correct one: built for the walk-in at the desk.

The channel list opens on "In person at the practice" with the time set to
now and "aimed at" ticked for the staff the open concern names, so a walk-in
is F3, Enter, the description, ctrl+s. Every other field is optional and one
Tab away. The form collects and checks (`core.contacts`); the save function
its opener gives decides what is stored, and the store checks again.

Copies of the evidence: the files waiting in the evidence inbox (a scanner or
shared drive drops them there) are listed to tick; the save function its opener
gives attaches them right after the contact is logged (`ui/flows.py`). A file the
store would refuse is named under the list before anything is saved.

Built for a burst too: typing finds a channel (`s` is Social media), `ctrl+t`
goes to "when it happened" from anywhere (type over it; Enter goes on to what
happened), and opened `like` the last contact saved (`ctrl+n` on the desk) it
starts with that one's channel, aimed at and severity, the time now and the
cursor in "what happened".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from boundary_tui.core import contacts as rules
from boundary_tui.core.amendments import reason_problem
from boundary_tui.core.attachments import Attachment, InboxFile
from boundary_tui.core.contacts import Contact, ContactDraft
from boundary_tui.core.errors import BoundaryError, Invalid
from boundary_tui.core.models import Patient
from boundary_tui.core.patients import identity
from boundary_tui.core.text import MAX_DETAIL_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH, printable
from boundary_tui.core.times import DateProblem, london, parse_london_datetime
from boundary_tui.core.vocabulary import CONTACT_CHANNELS, GIFT_HANDLING, SEVERITIES
from boundary_tui.store import Store
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.literal import literal
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.widgets.inbox_list import InboxList
from boundary_tui.ui.widgets.status_line import StatusLine
from boundary_tui.ui.widgets.text_box import TextBox
from boundary_tui.ui.widgets.tick_box import TickBox
from boundary_tui.ui.widgets.type_to_find import FindableOptionList, FindableSelectionList

TIME_FORMAT = "%d/%m/%Y %H:%M"

LIST_LABEL = "Copies from the evidence inbox, newest first (Space ticks)"
EMPTY_LABEL = "Copies of evidence: none waiting in the evidence inbox (attach later: i on the contact)"

GIFT_ADVICE = "Advise not handling it further: it may be evidence. Bag it, label it, say where it is kept."


def typed_moment(text: str, shown: datetime) -> datetime:
    """The moment typed, or exactly `shown` while the field still holds it as filled in
    (so "now" keeps its seconds and a correction does not move the original by them)."""
    if " ".join(text.split()) == london(shown).strftime(TIME_FORMAT):
        return shown
    return parse_london_datetime(text)


def title(text: str) -> Content:
    """The form's title (user text: a patient's name) and how to save or leave."""
    return Content.assemble((printable(text, single_line=True), "bold"), ("   ctrl+s saves · Esc cancels", "dim"))


@dataclass(frozen=True)
class ContactForm:
    """What the form collected: the draft, the reason when correcting, and the inbox files ticked."""

    draft: ContactDraft
    amend_reason: str = ""
    attach: tuple[str, ...] = ()
    """Names of files in the evidence inbox to attach once the contact is saved."""


@dataclass(frozen=True)
class Logged:
    """What saving the form did: the contact, the copies attached, and any file that could not be (and why)."""

    contact: Contact
    attached: tuple[Attachment, ...] = ()
    failed: tuple[tuple[str, str], ...] = field(default=())
    """(file name, why) for each ticked file that was not attached: it is still in the inbox."""


class ContactFormScreen(FormScreen[Logged]):
    """Returns what was saved, or None if the user cancelled."""

    CSS_PATH = [stylesheet("contact.tcss")]

    AUTO_FOCUS = "#channel"

    BINDINGS = bindings("contact.when")
    """ctrl+s and Esc come from `FormScreen` (Textual adds a base class's bindings)."""

    def __init__(
        self,
        store: Store,
        patient: Patient,
        *,
        amending: Contact | None = None,
        like: Contact | None = None,
        save: Callable[[ContactForm], Logged],
        inbox: Callable[[], Sequence[InboxFile]] = tuple,
    ) -> None:
        """`store` is read to fill the form (staff, the open concern, the time); `save` stores what it collects.

        `like`: a contact to start from (its channel, aimed at and severity): "log another like this".
        `inbox`: what is waiting in the evidence inbox (read when the form opens, and after a refusal)."""
        super().__init__(save)
        self._inbox = inbox
        self._store = store
        self._patient = patient
        self._amending = amending
        self._like = like if amending is None else None
        targets = {t.staff_id for c in store.concerns.for_patient(patient.id) for t in c.targets}
        if amending:
            self._aimed = {t.staff_id for t in amending.aimed_at}
        elif self._like:
            self._aimed = {t.staff_id for t in self._like.aimed_at}
        else:
            self._aimed = targets
        # Those it is usually aimed at first (already ticked), then everyone else by name.
        staff = [s for s in store.staff.all() if not s.disabled]
        self._staff = sorted(staff, key=lambda s: s.id not in self._aimed)
        self._now = store.now()

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        old = self._amending
        verb = "Correct a contact" if old else "Log another like the last" if self._like else "Log a contact"
        start = old or self._like
        channel = start.channel if start else CONTACT_CHANNELS.values_in_order[0]
        with VerticalScroll(id="contact-dialog", classes="dialog"):
            yield Static(title(f"{verb}: {identity(self._patient)}"), classes="dialog-title")
            yield Static(rules.FACTS_NOT_OPINIONS, id="facts-reminder", markup=False)
            with Horizontal(id="contact-top"):
                with Vertical(id="channel-column"):
                    yield Label("How it came (type, ↑/↓, Enter)")
                    yield FindableOptionList(
                        *(Option(label, id=key) for key, label in CONTACT_CHANNELS.items()), id="channel", markup=False
                    )
                    yield Static(id="channel-problem", classes="problem")
                with Vertical(id="when-column"):
                    yield Label("When (ctrl+t): DD/MM/YYYY HH:MM")
                    when = london(old.occurred_at if old else self._now).strftime(TIME_FORMAT)
                    yield TextBox(value=when, id="occurred_at", max_length=40, compact=True)
                    yield Static(id="occurred_at-problem", classes="problem")
                    yield Label("Severity")
                    yield Select(
                        [(label, key) for key, label in SEVERITIES.items()],
                        value=start.severity if start else "note",
                        allow_blank=False,
                        id="severity",
                        compact=True,
                    )
                    yield Static(id="severity-problem", classes="problem")
                    yield Label("Aimed at (Space ticks)")
                    yield FindableSelectionList[int](
                        *((literal(s.name, single_line=True), s.id, s.id in self._aimed) for s in self._staff),
                        id="aimed_at",
                    )
                    yield Static(id="aimed_at-problem", classes="problem")
            with Horizontal(classes="label-row"):
                yield Label("What happened: what was said and done, in their words where you can")
                yield StatusLine(id="description-count")
            yield TextArea(old.description if old else "", id="description", soft_wrap=True)
            yield Static(id="description-problem", classes="problem")
            with Horizontal(id="gift-row", classes="form-row" + (" -shown" if channel in rules.GIFT_CHANNELS else "")):
                yield Label("What was done with it")
                with Vertical(classes="field"):
                    yield Select(
                        [(label, key) for key, label in GIFT_HANDLING.items()],
                        value=old.gift_handling if old and old.gift_handling else Select.NULL,
                        prompt="Choose…",
                        id="gift_handling",
                        compact=True,
                    )
                    yield Static(GIFT_ADVICE, classes="hint", markup=False)
                    yield Static(id="gift_handling-problem", classes="problem")
            yield from self._text_row("evidence_location", "Evidence kept at", "e.g. sealed envelope, manager's safe")
            yield Label(EMPTY_LABEL, id="attach-label")
            yield InboxList(id="attach")
            yield Static(id="attach-problem", classes="problem")
            yield from self._text_row("witnesses", "Witnesses", "names of anyone who saw or heard it")
            yield from self._text_row("effect", "Effect on them", "on the person targeted, in their words")
            yield TickBox("Police called", value=bool(old and old.police_called), id="police_called")
            with Horizontal(id="police-row", classes="form-row" + (" -shown" if old and old.police_called else "")):
                yield Label("Officer, reference")
                with Vertical(classes="field"):
                    yield TextBox(
                        old.police_officer if old else "",
                        id="police_officer",
                        placeholder="officer's name and number",
                        max_length=MAX_DETAIL_LENGTH,
                        compact=True,
                    )
                    yield Static(id="police_officer-problem", classes="problem")
                    yield TextBox(
                        old.police_reference if old else "",
                        id="police_reference",
                        placeholder="incident or crime reference",
                        max_length=MAX_DETAIL_LENGTH,
                        compact=True,
                    )
                    yield Static(id="police_reference-problem", classes="problem")
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

    def _text_row(self, field: str, label: str, placeholder: str) -> ComposeResult:
        value = getattr(self._amending, field) if self._amending else ""
        with Horizontal(classes="form-row -shown"):
            yield Label(label)
            with Vertical(classes="field"):
                yield TextBox(value, id=field, placeholder=placeholder, max_length=MAX_NOTE_LENGTH, compact=True)
                yield Static(id=f"{field}-problem", classes="problem")

    def on_mount(self) -> None:
        self._list_inbox()
        channels = self.query_one("#channel", OptionList)
        start = self._amending or self._like
        channels.highlighted = CONTACT_CHANNELS.index(start.channel) if start else 0
        self._count()
        super().on_mount()
        if self._like is not None:
            self.query_one("#description", TextArea).focus()

    def _list_inbox(self) -> None:
        """What the inbox holds now (a file another desk took is gone from the list; ticks stay on the rest)."""
        try:
            files = list(self._inbox())
        except BoundaryError as error:
            files = []
            self.show_problem("attach", str(error))
        self.query_one("#attach", InboxList).set_files(files)
        self.query_one("#attach-label", Label).update(LIST_LABEL if files else EMPTY_LABEL)

    def after_refusal(self, error: BoundaryError) -> None:
        self._list_inbox()

    def show_invalid(self, invalid: Invalid) -> None:
        super().show_invalid(invalid)
        if "attach" in invalid.problems:
            self._list_inbox()

    # -- keys -------------------------------------------------------------------------

    def action_focus_when(self) -> None:
        """ctrl+t: to "when it happened", all of it selected so typing replaces it (a backdated contact)."""
        when = self.query_one("#occurred_at", Input)
        when.focus()
        when.select_all()

    @on(Input.Submitted, "#occurred_at")
    def _when_entered(self) -> None:
        """Enter after the time: on to what happened."""
        self.query_one("#description", TextArea).focus()

    # -- reacting ---------------------------------------------------------------------

    @property
    def channel(self) -> str | None:
        index = self.query_one("#channel", OptionList).highlighted
        return CONTACT_CHANNELS.values_in_order[index] if index is not None else None

    @on(OptionList.OptionHighlighted, "#channel")
    def _channel_highlighted(self) -> None:
        self.query_one("#gift-row").set_class(self.channel in rules.GIFT_CHANNELS, "-shown")

    @on(OptionList.OptionSelected, "#channel")
    def _channel_chosen(self) -> None:
        """Enter on the channel: straight on to what happened."""
        self.query_one("#description", TextArea).focus()

    @on(Checkbox.Changed, "#police_called")
    def _police_toggled(self, event: Checkbox.Changed) -> None:
        self.query_one("#police-row").set_class(event.value, "-shown")

    @on(TextArea.Changed, "#description")
    def _count(self) -> None:
        length = len(self.query_one("#description", TextArea).text)
        # A repaint, not a relayout, on every keystroke.
        counter = self.query_one("#description-count", StatusLine)
        counter.message = f"{length:,} / {rules.MAX_DESCRIPTION_LENGTH:,}" if length else ""
        counter.set_class(length > rules.MAX_DESCRIPTION_LENGTH, "-over")

    # -- saving -----------------------------------------------------------------------

    def _aimed_selection(self) -> list[int]:
        selection: SelectionList[int] = self.query_one("#aimed_at", SelectionList)
        return list(selection.selected)

    def _values(self) -> dict[str, Any]:
        values = super()._values()
        values["channel"] = self.query_one("#channel", OptionList).highlighted
        values["aimed_at"] = tuple(self._aimed_selection())
        values["police_called"] = self.query_one("#police_called", Checkbox).value
        values["attach"] = self.query_one("#attach", InboxList).picked
        return values

    def collect(self) -> ContactForm | None:
        found: dict[str, str] = {}
        text = self.query_one("#occurred_at", Input).value
        occurred = self._now
        try:
            occurred = typed_moment(text, self._amending.occurred_at if self._amending else self._now)
        except DateProblem as problem:
            found["occurred_at"] = str(problem)
        gift = self.query_one("#gift_handling", Select).value
        police = self.query_one("#police_called", Checkbox).value
        draft = ContactDraft(
            occurred_at=occurred,
            channel=self.channel or "",
            aimed_at=tuple(self._aimed_selection()),
            description=self.query_one("#description", TextArea).text,
            evidence_location=self.query_one("#evidence_location", Input).value,
            gift_handling=str(gift) if self.channel in rules.GIFT_CHANNELS and gift != Select.NULL else None,
            witnesses=self.query_one("#witnesses", Input).value,
            effect=self.query_one("#effect", Input).value,
            severity=str(self.query_one("#severity", Select).value),
            police_called=police,
            police_officer=self.query_one("#police_officer", Input).value if police else "",
            police_reference=self.query_one("#police_reference", Input).value if police else "",
        )
        # The store checks again; checking here too shows every problem at once, before a round trip.
        staff_ids = {s.id for s in self._staff}
        for key, message in rules.problems(draft, now=self._store.now(), staff_ids=staff_ids).items():
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
        return ContactForm(draft=draft, amend_reason=reason, attach=self.query_one("#attach", InboxList).picked)
