"""The timeline (F4): one patient's whole story, and what to do next.

At the top: the open concern, contacts per week, the course-of-conduct line,
where the patient stands under rule 9 and the next steps (rule 8). Below: the
entries, line-drawn (`TimelineView`), filtered by kind, channel or severity.
From here staff log contacts (F3), managers record actions (F6), correct an
entry (A), draft a warning letter (W) and export the timeline as evidence (E,
managers: the format, and for whom). Everything shown is assembled by
`core.timeline`, the same model the export writes. When another desk adds to
this patient's record, the screen reloads itself within `live.REFRESH_SECONDS`:
a cursor on the newest entry moves on to the new newest, anywhere else it stays
on the entry being read.

Opening the timeline, and opening an entry, is itself on the record (the access
log, `store.disclosures`): recorded in a worker once the screen shows, never in
its way. A live reload is not a new view. Views are left out of the story unless
asked for ("All, views too", or "Views and disclosures"); exports stay in it.
"""

from __future__ import annotations

import asyncio

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Label, Select, Static

from boundary_tui.core.attachments import Attachment
from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.letter import warning_letter
from boundary_tui.core.nhs import format_nhs
from boundary_tui.core.text import printable
from boundary_tui.core.timeline import SOURCES, Timeline, TimelineEntry
from boundary_tui.core.times import london_today, show, show_date
from boundary_tui.core.vocabulary import CHAPERONE_SCOPES, CONCERN_KINDS, CONTACT_CHANNELS, SEVERITIES
from boundary_tui.export.delivery import EXPORTS, LETTERS, Delivery
from boundary_tui.export.letters import letter_bytes, letter_name
from boundary_tui.store import Store
from boundary_tui.ui import exporting, flows, live, memory, picture
from boundary_tui.ui.faults import guarded
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.manager_keys import ManagerKeysScreen
from boundary_tui.ui.picture import Picture
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.entry import AMEND, ATTACH, EntryScreen
from boundary_tui.ui.screens.export_choice import ExportChoiceScreen, Exported, ExportRequest
from boundary_tui.ui.widgets.keys_footer import KeysFooter
from boundary_tui.ui.widgets.status_line import StatusLine
from boundary_tui.ui.widgets.timeline_view import TimelineView

ALL = "all"
"""Every kind of entry but views (the default: the story, exports included)."""
EVERYTHING = "everything"
"""Every entry, views of the record at desks too."""


SPARK_WIDTH = 100
"""Most characters the sparkline may take (weeks beyond that share a mark)."""


def _drop(_retired: object) -> None:
    """Holds the last reference to what it is given until it runs (see `TimelineScreen.load`)."""


def concern_lines(timeline: Timeline) -> list[str]:
    """Open concerns in a line each; closed ones summed up in one."""
    lines = []
    for concern in timeline.concerns:
        if not concern.is_open:
            continue
        names = ", ".join(t.name for t in concern.targets)
        review = f" · review by {show_date(concern.review_on)}" if concern.review_on else ""
        only = f" · only with {', '.join(t.name for t in concern.allowed)}" if concern.allowed else ""
        lines.append(
            f"Open concern: {CONCERN_KINDS.get(concern.kind, concern.kind)} since "
            f"{show_date(london_today(concern.opened_at))} · not with {names}{only} · "
            f"{CHAPERONE_SCOPES.get(concern.chaperone_scope, '').lower()}{review}"
        )
    closed = [c for c in timeline.concerns if not c.is_open]
    if closed:
        last = max(c.closed_at for c in closed if c.closed_at) if any(c.closed_at for c in closed) else None
        when = f" (last closed {show_date(london_today(last))})" if last else ""
        lines.append(f"{len(closed)} closed concern{'s' if len(closed) > 1 else ''}{when}.")
    if not timeline.concerns:
        lines.append("No concern has been opened for this patient.")
    return lines


def summary(timeline: Timeline, width: int) -> Content:
    """The header: concerns, contacts per week, course of conduct, rule 9 status."""
    patient = timeline.patient
    spark_width = max(10, min(SPARK_WIDTH, width - 4))
    lines = [
        Content.assemble(
            (printable(patient.full_name, single_line=True), "bold"),
            f" · born {show_date(patient.date_of_birth)} · NHS {format_nhs(patient.nhs_number)}",
        ),
        *(Content(printable(line, single_line=True)) for line in concern_lines(timeline)),
        Content(timeline.conduct.sentence()),
        Content(timeline.weekly.caption(spark_width)),
        Content.styled(timeline.weekly.bars(spark_width), "$accent"),
        Content(printable(" ".join(timeline.status.lines()), single_line=True)),
    ]
    return Content("\n").join(lines)


def hints(timeline: Timeline) -> Content:
    """Next steps (rule 8), the urgent ones in the error colour."""
    if not timeline.hints:
        return Content("Next steps: nothing suggested by the record right now.")
    lines = [Content.styled("Next steps", "bold")]
    for hint in timeline.hints:
        mark = "! " if hint.urgent else "→ "
        line = Content(mark + hint.text)
        lines.append(line.stylize("$text-error") if hint.urgent else line)
    return Content("\n").join(lines)


class TimelineScreen(ManagerKeysScreen):
    """A full screen; Esc goes back to the desk."""

    MANAGER_ACTIONS = frozenset({"record_action", "warning_letter", "export"})
    """Actions for managers only (rule 6): not offered to anyone else (`ManagerKeysScreen`)."""

    CSS_PATH = [stylesheet("timeline.tcss")]

    AUTO_FOCUS = "#timeline-entries"

    BINDINGS = bindings(
        "timeline.back",
        "timeline.contact",
        "timeline.log_another",
        "timeline.action",
        "timeline.amend",
        "timeline.letter",
        "timeline.export",
        "timeline.filter",
    )

    def __init__(
        self,
        store: Store,
        staff_id: int,
        *,
        exports: Delivery = EXPORTS,
        letters: Delivery = LETTERS,
        recent: flows.LastContact | None = None,
    ) -> None:
        """`exports` and `letters`: how an export (E) and a letter draft (W) reach the person at the
        desk (today a private folder on the server; a browser door would give a download instead).
        `recent`: the desk's last saved contact (ctrl+n here logs another like it too)."""
        super().__init__()
        self._recent = recent or flows.LastContact()
        self._store = store
        self._staff_id = staff_id
        self._exports = exports
        self._letters = letters
        self._patient_id = 0
        self._stale = True
        """Pointed at a patient (`show`) and not read since."""
        self.timeline: Timeline | None = None
        self._applied: tuple[tuple[str | None, str | None, str | None], bool] | None = None
        """The filters the entries were last drawn with (Select posts Changed on mount too)."""
        self._changes = live.ChangeWatch(store)
        self._version: tuple[object, ...] | None = None
        """`Store.patient_version` when the timeline was last read."""
        self._poll: Timer | None = None
        try:
            signed_in = store.staff.get(staff_id)
        except BoundaryError:
            signed_in = None  # the keys check the role again (and say why) when pressed
        self._is_manager = signed_in is not None and signed_in.is_manager
        self._views_unread = False
        """Views were recorded since the timeline was read (read again once views are shown)."""
        self._styled: tuple[int, int] | None = None
        """What the styles were computed with when last shown (see `_on_screen_resume`)."""

    def show(self, patient_id: int) -> TimelineScreen:
        """Point the screen at a patient before it is pushed.

        The desk keeps one timeline screen and reuses it: building the screen
        (header, filters, footer) took longer than reading 5,000 entries. A new
        patient starts with every filter cleared, the newest entry chosen.
        """
        if patient_id != self._patient_id and self.is_mounted:
            self.timeline = None
            for select in self.query("#timeline-filters Select").results(Select):
                select.value = ALL
            self._version = None
            self.query_one("#timeline-message", StatusLine).message = ""
            self.query_one("#timeline-summary", Static).update("")
            self.query_one("#timeline-hints", Static).update("")
            view = self.query_one("#timeline-entries", TimelineView)
            view.set_entries((), self._store.now())
            view.focus()
        self._patient_id = patient_id
        self._stale = True
        return self

    def forget_unless(self, patient_id: int) -> None:
        """Let go of the timeline shown last if the desk has moved on to another patient.

        A desk runs all day: a record of 5,000 entries held for a patient nobody is
        looking at any more was 9 MB of it. Going back to the timeline of the patient
        still chosen (F4, Esc, F4) keeps its fast path.
        """
        if patient_id == self._patient_id or self.timeline is None or self.app.screen is self:
            return
        self.timeline = None
        self._stale = True
        self._store.timeline.forget()
        if self.is_mounted:
            self.query_one("#timeline-entries", TimelineView).set_entries((), self._store.now())

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="timeline-top"):
            yield Static(id="timeline-summary")
        # Outside the summary's scrolling box: the next steps stay in sight on a small terminal.
        yield Static(id="timeline-hints")
        with Horizontal(id="timeline-filters"):
            yield Label("Show ")
            yield Select(
                [
                    ("All but views", ALL),
                    ("All, views too", EVERYTHING),
                    *((label, key) for key, label in SOURCES.items()),
                ],
                value=ALL,
                allow_blank=False,
                id="filter-source",
                compact=True,
                type_to_search=False,
            )
            yield Select(
                [("Any channel", ALL), *((label, key) for key, label in CONTACT_CHANNELS.items())],
                value=ALL,
                allow_blank=False,
                id="filter-channel",
                compact=True,
                type_to_search=False,
            )
            yield Select(
                [("Any severity", ALL), *((label, key) for key, label in SEVERITIES.items())],
                value=ALL,
                allow_blank=False,
                id="filter-severity",
                compact=True,
                type_to_search=False,
            )
            yield Static(id="timeline-count")
        yield TimelineView(id="timeline-entries")
        yield StatusLine(id="timeline-message")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._poll = self.set_interval(live.REFRESH_SECONDS, self.refresh_if_changed)
        self._load_if_stale()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Pushed again (`show`), or back from a dialog: read what changed meanwhile.

        And restyle the screen only if its styles could have changed while it was away.
        Textual restyles every widget of a pushed screen (43 here: the filters, the
        footer's keys) in case the theme or the stylesheets changed; that was ~15 ms of
        each F4. The theme (`_css_update_count`) and the stylesheets loaded (a screen
        shown for the first time brings its own) are what can change: restyle when
        either did. (Textual calls `Screen._on_screen_resume` itself after this one,
        with the event as left here; a class has either `_on_…` or `on_…`, so this is
        the one handler of this class.)
        """
        styled = (self.app._css_update_count, len(self.app.stylesheet.source))
        if event.refresh_styles and styled == self._styled:
            event.refresh_styles = False
        self._styled = styled
        if self._poll is not None:
            self._poll.resume()
        if not self._load_if_stale():
            self.refresh_if_changed()

    def on_screen_suspend(self) -> None:
        """Back at the desk (or under a dialog, which reads again on the way back): no polling.

        And, once what replaced this screen is drawn, the garbage a large timeline's
        freeze pinned is freed (`store/collector.py`)."""
        if self._poll is not None:
            self._poll.pause()
        self.app.call_after_refresh(memory.tidy_up)

    def _load_if_stale(self) -> bool:
        if not self._stale:
            return False
        self._stale = False
        # Shown again (F4): what was on screen is not drawn again and reading the record needs
        # none of it (the store keeps what it reuses). Let go of it first, or a record read
        # whole holds two timelines of 5,000 entries at once (~2.7 MB more at the day's peak).
        self.timeline = None
        if self.is_mounted:
            self.query_one("#timeline-entries", TimelineView).let_go()
        self.load()
        if self.timeline is not None:
            self._record_view("timeline_viewed")
        return True

    @work(group="views", exit_on_error=False)
    async def _record_view(self, what: str, detail: str = "") -> None:
        """Put this view on the record (the access log), off the UI thread; it never delays what is shown.

        The view changes the patient's version; when it is the only change, the
        screen takes the new version as read (its own view is no reason to reload).
        """
        patient_id, staff_id = self._patient_id, self._staff_id

        def record() -> tuple[object, ...]:
            self._store.disclosures.viewed(patient_id, what, by=staff_id, detail=detail)
            return self._store.patient_version(patient_id)

        try:
            after = await asyncio.to_thread(record)
        except BoundaryError as error:
            self.notify(
                printable(f"This view could not be put on the record: {error}"),
                title="Access log",
                severity="warning",
                markup=False,
            )
            return
        if patient_id == self._patient_id and self._store.views_only_since(self._version, after):
            self._version = after
            self._views_unread = True

    # -- loading and filtering --------------------------------------------------------

    def load(self, *, cursor_key: str | None = None) -> None:
        """Read the timeline again (after a save here, or to pick up another desk's entries)."""
        self._views_unread = False
        try:
            self._changes.changed()  # what is read below is up to date with this version
            # Read before the timeline: a save landing in between makes the next poll read again.
            self._version = self._store.patient_version(self._patient_id)
            timeline = self._store.timeline.for_patient(self._patient_id, reuse=True)
        except BoundaryError as error:
            self._version = None  # read again on the next poll
            self.notify(str(error), severity="error", markup=False)
            return
        if timeline is None:
            self.notify("That patient is no longer on the practice list.", severity="error", markup=False)
            return
        if self.timeline is not None and self.timeline is not timeline:
            # Free the timeline shown until now once the new one is on screen: tens of
            # thousands of objects, ~5 ms of the F4 that replaces it otherwise.
            self.call_after_refresh(_drop, self.timeline)
        self.timeline = timeline
        self.title = f"Timeline · {printable(timeline.patient.full_name, single_line=True)}"
        self.query_one("#timeline-summary", Static).update(summary(timeline, self.app.size.width))
        self.query_one("#timeline-hints", Static).update(hints(timeline))
        self._filter(cursor_key=cursor_key)

    def refresh_if_changed(self) -> bool:
        """Reload if another desk added to this patient's record (a ~4 µs check while nothing changes)."""
        self.query_one("#timeline-entries", TimelineView).keep_times_true(self._store.now())
        try:
            changed = self._changes.changed()
            if (not changed and self._version is not None) or (
                self._store.patient_version(self._patient_id) == self._version
            ):
                return False
        except BoundaryError:
            return False  # the desk's own poll reports a lost database; keys here say so too
        view = self.query_one("#timeline-entries", TimelineView)
        entry = view.entry
        # On the newest entry: follow to the new newest (no key). Anywhere else: stay on the entry being read.
        self.load(cursor_key=entry.key if entry is not None and entry is not view.entries[-1] else None)
        return True

    def _choice(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value in (ALL, EVERYTHING) or value == Select.NULL else str(value)

    @on(Select.Changed, "#timeline-filters Select")
    def _filters_changed(self) -> None:
        view = self.query_one("#timeline-entries", TimelineView)
        key = view.entry.key if view.entry else None
        if self._views_unread and self.query_one("#filter-source", Select).value in (EVERYTHING, "disclosure"):
            self.load(cursor_key=key)  # this desk's own latest views, which the story left out
            return
        self._filter(cursor_key=key, unless_unchanged=True)

    def _filter(self, *, cursor_key: str | None = None, unless_unchanged: bool = False) -> None:
        timeline = self.timeline
        if timeline is None:
            return
        views = self.query_one("#filter-source", Select).value == EVERYTHING
        choice = (self._choice("#filter-source"), self._choice("#filter-channel"), self._choice("#filter-severity"))
        if unless_unchanged and (choice, views) == self._applied:
            return
        self._applied = (choice, views)
        source, channel, severity = choice
        entries = timeline.filtered(
            source=source, channel=channel, severity=severity, views=views or source == "disclosure"
        )
        self.query_one("#timeline-entries", TimelineView).set_entries(entries, timeline.now, cursor_key=cursor_key)
        # The story (views left out) counts what it could show: "3 of 4" would send people looking for
        # a fourth entry that is only someone's look at the record.
        seen_by_filter = views or source == "disclosure"
        total = len(timeline.entries) if seen_by_filter else sum(not e.is_view for e in timeline.entries)
        noun = "entry" if total == 1 else "entries"
        shown = f"{len(entries):,} of {total:,} {noun}" if len(entries) != total else f"{total:,} {noun}"
        self.query_one("#timeline-count", Static).update(Content(f"  {shown}"))

    # -- keys -------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_filters(self) -> None:
        self.query_one("#filter-source", Select).focus()

    def action_log_contact(self) -> None:
        if self.timeline is None:
            return
        flows.log_contact(
            self,
            self._store,
            self.timeline.patient,
            self._staff_id,
            done=lambda contact: self.load(cursor_key=f"contact:{contact.id}"),
            recent=self._recent,
        )

    def action_log_another(self) -> None:
        if self.timeline is None:
            return
        flows.log_another(
            self,
            self._store,
            self.timeline.patient,
            self._staff_id,
            self._recent,
            done=lambda contact: self.load(cursor_key=f"contact:{contact.id}"),
        )

    def action_record_action(self) -> None:
        if self.timeline is None:
            return
        flows.record_action(
            self,
            self._store,
            self.timeline.patient,
            self._staff_id,
            done=lambda action: self.load(cursor_key=f"action:{action.id}"),
        )

    @on(TimelineView.Chosen, "#timeline-entries")
    def _entry_chosen(self, event: TimelineView.Chosen) -> None:
        self._open_entry(event.entry)
        if event.entry.source != "disclosure":
            entry = event.entry
            self._record_view("entry_viewed", f"{entry.label}, {show(entry.occurred_at)} ({entry.key})")

    def _open_entry(self, entry: TimelineEntry) -> None:
        """The entry in full; its copies of evidence include those of the versions it corrects."""
        timeline = self.timeline
        if timeline is None:
            return
        by_key = {e.key: e for e in timeline.entries}
        copies = list(entry.attachments)
        if entry.is_current:
            older = entry.amends
            while older is not None and older in by_key:
                copies += by_key[older].attachments
                older = by_key[older].amends
        store = self._store

        def draw(attachment: Attachment, columns: int, rows: int) -> Picture:
            return picture.draw(store.attachments.chunks(attachment.sha256), columns, rows)

        def closed(choice: str | None) -> None:
            if choice == AMEND:
                self._amend(entry)
            elif choice == ATTACH:
                self._attach_to(entry)

        copies.sort(key=lambda a: a.id)
        self.app.push_screen(EntryScreen(entry, timeline.now, copies=copies, draw=draw), closed)

    @guarded
    def _attach_to(self, entry: TimelineEntry) -> None:
        """Attach copies from the inbox to the contact's latest version; then show the contact again."""
        timeline = self.timeline
        if timeline is None or entry.source != "contact":
            return
        by_key = {e.key: e for e in timeline.entries}
        while entry.superseded_by is not None and entry.superseded_by in by_key:
            entry = by_key[entry.superseded_by]
        key = entry.key

        def done() -> None:
            self.load(cursor_key=key)
            reread = next((e for e in self.timeline.entries if e.key == key), None) if self.timeline else None
            if reread is not None:
                self._open_entry(reread)

        flows.attach_later(self, self._store, timeline.patient, entry, self._staff_id, done=done)

    def action_amend(self) -> None:
        entry = self.query_one("#timeline-entries", TimelineView).entry
        if entry is None:
            self.notify("There is no entry to correct yet.", severity="warning", markup=False)
            return
        self._amend(entry)

    @guarded
    def _amend(self, entry: TimelineEntry) -> None:
        """Correct the latest version of the entry's chain (the original always stays)."""
        timeline = self.timeline
        if timeline is None:
            return
        if entry.source == "concern":
            self.notify(
                "Concern changes are not corrected here: the practice manager changes the concern itself (F5), "
                "which adds a new entry.",
                severity="warning",
                markup=False,
            )
            return
        if entry.source == "override":
            self.notify(
                "An emergency booking override is reviewed by a manager, not corrected.",
                severity="warning",
                markup=False,
            )
            return
        if entry.source == "appointment":
            self.notify(
                "An appointment change is not corrected: book, move or cancel again at the desk (F2, ctrl+o).",
                severity="warning",
                markup=False,
            )
            return
        by_key = {e.key: e for e in timeline.entries}
        while entry.superseded_by is not None and entry.superseded_by in by_key:
            entry = by_key[entry.superseded_by]
        patient = timeline.patient
        if entry.source == "contact":
            contact = self._store.contacts.get(entry.id)
            if contact is not None:
                flows.log_contact(
                    self,
                    self._store,
                    patient,
                    self._staff_id,
                    amending=contact,
                    done=lambda saved: self.load(cursor_key=f"contact:{saved.id}"),
                )
        else:
            action = self._store.actions.get(entry.id)
            if action is not None:
                flows.record_action(
                    self,
                    self._store,
                    patient,
                    self._staff_id,
                    amending=action,
                    done=lambda saved: self.load(cursor_key=f"action:{saved.id}"),
                )

    @guarded
    def action_warning_letter(self) -> None:
        """Draft a warning letter and deliver it (managers): nothing goes on the timeline until it is sent."""
        timeline = self.timeline
        if timeline is None:
            return
        if refusal := flows.manager_refusal(self._store, self._staff_id, "draft a warning letter"):
            self.notify(printable(refusal), title="Managers only", severity="warning", markup=False)
            return
        staff = self._store.staff.get(self._staff_id)
        settings = self._store.settings
        text = warning_letter(
            practice_name=settings.get("practice_name"),
            practice_address=settings.get("practice_address"),
            patient=timeline.patient,
            today=timeline.today,
            contacts=timeline.contacts,
            signer=staff.name if staff else "",
        )
        self._deliver_letter(letter_name(timeline.patient, timeline.today), letter_bytes(text))

    @work(group="letter", exit_on_error=False)
    async def _deliver_letter(self, name: str, data: bytes) -> None:
        """Off the UI thread (the file is flushed to disk); every W is its own draft, none cancels another."""
        try:
            where = await asyncio.to_thread(self._letters.deliver, name, data)
        except BoundaryError as error:
            self.notify(printable(str(error)), title="Letter not written", severity="error", markup=False)
            return
        message = (
            f"Draft warning letter written to {where}. Edit, print and sign it; once sent, record "
            "'Warning letter sent' (F6)."
        )
        self.query_one("#timeline-message", StatusLine).message = message
        self.notify(printable(message), title="Draft written", markup=False, timeout=15)

    # -- export -----------------------------------------------------------------------

    @guarded
    def action_export(self) -> None:
        """Export the record as evidence (managers): the format, for whom, then it is made and delivered."""
        timeline = self.timeline
        if timeline is None:
            return
        if refusal := flows.manager_refusal(self._store, self._staff_id, "export a timeline"):
            self.notify(printable(refusal), title="Managers only", severity="warning", markup=False)
            return
        patient_id, staff_id, store, delivery = self._patient_id, self._staff_id, self._store, self._exports

        def save(request: ExportRequest) -> Exported:
            return exporting.make(store, patient_id, staff_id, request, delivery)

        self.app.push_screen(ExportChoiceScreen(timeline.patient, save=save), self._exported)

    def _exported(self, done: Exported | None) -> None:
        if done is None:
            return
        message = exporting.outcome(done)
        self.query_one("#timeline-message", StatusLine).message = printable(message, single_line=True)
        if done.problems:
            self.notify(
                printable(
                    f"{message} WARNING: {done.problems} entr{'y' if done.problems == 1 else 'ies'} failed the "
                    "tamper-evidence check (the export says which): run `boundary-tui verify` and tell whoever "
                    "manages the database."
                ),
                title="Exported, with a warning",
                severity="warning",
                markup=False,
                timeout=30,
            )
        else:
            self.notify(
                printable(message),
                title="Exported" if done.signed else "Exported: checkpoint NOT SIGNED",
                severity="information" if done.signed else "warning",
                markup=False,
                timeout=20 if done.signed else 30,
            )
        self.refresh_if_changed()  # the export is on the record: show it
        self._send_checkpoints()

    @work(group="checkpoint-mail", exclusive=True, exit_on_error=False)
    async def _send_checkpoints(self) -> None:
        """Send waiting checkpoint e-mails in the background; say something only if the mail server let them down."""
        try:
            sent = await asyncio.to_thread(exporting.send_checkpoints, self._store)
        except BoundaryError:
            return  # kept in the outbox; the next export, backup or daily checkpoint tries again
        if note := exporting.mail_note(sent):
            self.notify(
                printable(note), title="Checkpoint e-mail waiting", severity="warning", markup=False, timeout=20
            )
