"""The desk: find a patient, see at once whom not to book, book safely.

One reactive, `view`, holds the chosen patient; the pane, banner and marker are
bound to it and redraw themselves when it changes. When any desk (or script)
commits a change to the database, the chosen patient is reloaded, so a banner
set by the manager appears on every desk within a second. The same poll notices
a database file deleted or replaced under the desk and says so at once.

Managers also get F5 (open or change a concern) and the manager's queue (F8).
After a concern opens or changes, the appointments it now forbids are listed at
once, to move or cancel in one key (rule 12); `ctrl+o` lists the chosen
patient's appointments any time, and `ctrl+n` logs another contact like the
last one saved (a burst of messages).
"""

from __future__ import annotations

import asyncio

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled, WorkerFailed

from boundary_tui.core.errors import BoundaryError, DatabaseBusy, Refused, StoreError
from boundary_tui.core.models import Appointment, Concern, Patient
from boundary_tui.core.nhs import format_nhs
from boundary_tui.core.roles import require_manager
from boundary_tui.core.text import printable
from boundary_tui.core.times import london_today, show, show_date
from boundary_tui.store import Store
from boundary_tui.store.patients import LookupResult, LookupTooSlow
from boundary_tui.store.queue import AFFECTED, QueueStore
from boundary_tui.store.views import PatientView, patient_view
from boundary_tui.ui import flows, live, memory
from boundary_tui.ui.commands import DeskCommands
from boundary_tui.ui.faults import guarded, reported
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.manager_keys import ManagerKeysScreen
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.concern_choice import NEW, ConcernChoiceScreen
from boundary_tui.ui.screens.concern_details import ConcernDetailsScreen
from boundary_tui.ui.screens.help import HelpScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.keys_footer import KeysFooter
from boundary_tui.ui.widgets.manager_queue import ManagerQueue
from boundary_tui.ui.widgets.match_list import Match, MatchList
from boundary_tui.ui.widgets.patient_pane import PatientPane
from boundary_tui.ui.widgets.practice_header import PracticeHeader
from boundary_tui.ui.widgets.search_box import SearchBox
from boundary_tui.ui.widgets.status_line import StatusLine

NAME_WIDTH = 28
"""Characters of a name shown in the match list (longer names end in …)."""

RETRY_WRITE_SECONDS = 5.0
"""How often sign-ins kept in memory (the file could not be written) are tried again."""

NO_PATIENT = "Choose a patient first: search, then press Enter on their line."
"""What a patient key says when nobody is chosen (or the search changed since)."""


LOOKUP_IN_FRAME_SECONDS = 0.01
"""How long a search may take on the desk's own thread before it moves to a worker (see `_search_changed`)."""

SEARCH_PLACEHOLDER = "Find a patient: name, date of birth (DD/MM/YYYY), NHS number, postcode or phone"


def result_line(patient: Patient) -> Match:
    """One match in the list: name, date of birth, NHS number, postcode. No concern details (rule 11).

    The name is padded to `NAME_WIDTH` (cut with … beyond it); a narrow list shortens it further
    and drops the date of birth before it cuts the NHS number or the postcode (`MatchList`)."""
    name = printable(patient.listing_name, single_line=True)
    if len(name) > NAME_WIDTH:
        name = name[: NAME_WIDTH - 1] + "…"
    return Match(
        patient.id,
        f"{name:<{NAME_WIDTH}}",
        (show_date(patient.date_of_birth), format_nhs(patient.nhs_number), patient.postcode),
    )


class DeskScreen(ManagerKeysScreen):
    """The reception desk."""

    MANAGER_ACTIONS = frozenset({"concern", "record_action", "focus_queue"})
    """Actions for managers only (rule 6): not offered to anyone else (`ManagerKeysScreen`)."""

    CSS_PATH = [stylesheet("desk.tcss"), stylesheet("queue.tcss")]

    AUTO_FOCUS = "#search"

    COMMANDS = {DeskCommands}
    """ctrl+p on the desk: patients and desk actions (see `ui/commands.py`)."""

    BINDINGS = bindings(
        "desk.help",
        "desk.book",
        "desk.contact",
        "desk.log_another",
        "desk.appointments",
        "desk.timeline",
        "desk.concern",
        "desk.action",
        "desk.concern_details",
        "desk.queue",
        "desk.search",
        "desk.change_pin",
        "desk.back",
    )
    """Described in `ui/keys.py`, which the footer, help, the palette and the README read."""

    view: reactive[PatientView | None] = reactive(None, always_update=True)
    """The chosen patient, or None. Everything on the right follows it."""

    def __init__(self, store: Store, staff_id: int) -> None:
        super().__init__()
        self._store = store
        self._staff_id = staff_id
        self._timeline_screen: TimelineScreen | None = None
        try:
            signed_in = store.staff.get(staff_id)
        except BoundaryError:
            signed_in = None  # the first poll reports the fault; manager keys still check the role
        self._is_manager = signed_in is not None and signed_in.is_manager
        self._queue = QueueStore(store)
        self._recent = flows.LastContact()
        """The contact last saved at this desk (ctrl+n logs another like it), shared with its timeline."""
        self._changes = live.ChangeWatch(store)
        self._fault: str | None = None
        """The database fault last reported by the poll (each is said once, not every second)."""
        self._write_problem = ""
        """Why nothing can be saved, as last shown above the matches ("" while saves work)."""
        self._recording = False
        """Sign-ins kept in memory are being written (in a thread)."""

    @property
    def store(self) -> Store:
        return self._store

    @property
    def is_manager(self) -> bool:
        """Whether the person this desk belongs to is a manager (the palette offers their actions)."""
        return self._is_manager

    def compose(self) -> ComposeResult:
        yield PracticeHeader(self._store.clock)
        search = SearchBox(id="search", placeholder=SEARCH_PLACEHOLDER)
        # A steady cursor: blinking redraws the desk twice a second all day, over SSH at every
        # desk; it was two thirds of an idle desk's CPU (0.5 of 0.75 %).
        search.cursor_blink = False
        yield search
        yield StatusLine(id="lookup-message")
        yield Static(id="write-problem")
        with Horizontal(id="desk-body"):
            yield MatchList(id="results")
            yield PatientPane(id="patient").data_bind(DeskScreen.view)
        if self._is_manager:
            yield ManagerQueue(id="queue")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_results(LookupResult(message=self._store.patients.lookup("").message))
        self.refresh_queue()
        self.refresh_if_changed()  # takes the current version as the starting point
        self.set_interval(live.REFRESH_SECONDS, self.refresh_if_changed)
        self.set_interval(RETRY_WRITE_SECONDS, self._record_unrecorded)

    # -- lookup ---------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        """Search at once, here: the matches then reach the screen in the same frame as the key.

        Rule 13 first: a new search un-chooses the patient at once, before its matches
        are in, so no key can act on someone who is not among the matches shown.

        A search takes about a millisecond; handing it to a thread cost a whole frame
        (matches 20-35 ms after the key instead of 3-5 ms). One that takes longer than
        `LOOKUP_IN_FRAME_SECONDS` (a cold cache, a busy disk) is given up and runs on a
        worker instead, so typing never waits for it.
        """
        if self.view is not None:
            self.view = None
        try:
            result = self._store.patients.lookup(event.value, within=LOOKUP_IN_FRAME_SECONDS)
        except LookupTooSlow:
            self.lookup(event.value)
            return
        except BoundaryError as error:
            result = LookupResult(message=str(error))
        self.workers.cancel_group(self, "lookup")  # an older, slower search must not overwrite these matches
        self.show_results(result)

    @work(exclusive=True, group="lookup", exit_on_error=False)
    async def lookup(self, text: str) -> None:
        """Search off the UI thread; a newer keystroke cancels an older search."""
        try:
            result = await asyncio.to_thread(self._store.patients.lookup, text)
        except BoundaryError as error:
            result = LookupResult(message=str(error))
        self.show_results(result)

    def show_results(self, result: LookupResult) -> None:
        self.query_one("#results", MatchList).set_matches([result_line(p) for p in result.patients])
        self.query_one("#lookup-message", StatusLine).message = result.message

    @on(Input.Submitted, "#search")
    async def _search_submitted(self) -> None:
        """Enter in the search box: wait for the latest search, then go to the matches."""
        await self._searches_done()
        results = self.query_one("#results", MatchList)
        if results.option_count == 1:
            self.choose(results.matches[0].patient_id)
        elif results.option_count:
            results.focus()

    async def _searches_done(self) -> None:
        """Wait for this desk's searches only (not an export, not the palette's).

        A search replaced by a newer keystroke ends cancelled: that is no error, the
        newer one is waited for instead (waiting for every worker of the app raised
        WorkerCancelled here, and the desk was gone).
        """
        while pending := [
            worker
            for worker in self.workers
            if worker.node is self and worker.group == "lookup" and not worker.is_finished
        ]:
            try:
                await self.workers.wait_for_complete(pending)
            except (WorkerCancelled, WorkerFailed):
                pass  # finished after all: look again for a newer search

    def key_down(self) -> None:
        """↓ from the search box moves into the matches."""
        results = self.query_one("#results", MatchList)
        if self.focused is self.query_one("#search") and results.option_count:
            results.focus()

    def on_key(self, event: events.Key) -> None:
        """Letters typed in the matches start a new search: the person is searching again; nothing typed is lost.

        (The new text then un-chooses the patient, as any change to the search does.)"""
        search = self.query_one("#search", SearchBox)
        if self.focused is self.query_one("#results", MatchList) and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            search.start_with(event.character)

    @on(MatchList.Chosen, "#results")
    def _patient_chosen(self, event: MatchList.Chosen) -> None:
        self.choose(event.match.patient_id)

    def choose(self, patient_id: int) -> None:
        """Make this patient the desk's current patient."""
        with reported(self):
            self.view = patient_view(self._store, patient_id)
        if self._timeline_screen is not None:
            self._timeline_screen.forget_unless(patient_id)

    def refresh_view(self) -> None:
        """Reload the current patient (after a booking, or another desk's change).

        A patient taken off the database meanwhile is un-chosen, and the desk says so."""
        if self.view is None:
            return
        was = self.view.patient
        with reported(self):
            self.view = view = patient_view(self._store, was.id)
            if view is None:
                self.notify(
                    f"{printable(was.full_name, single_line=True)} is no longer in the practice database: "
                    "search again.",
                    severity="warning",
                    markup=False,
                )

    # -- actions ----------------------------------------------------------------------

    def action_focus_search(self) -> None:
        search = self.query_one("#search", Input)
        search.focus()
        search.select_all()

    def action_back(self) -> None:
        """Esc: back to the search box (a second Esc clears it)."""
        search = self.query_one("#search", Input)
        if self.focused is search:
            search.value = ""
        search.focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen.about(self))

    def action_change_pin(self) -> None:
        """ctrl+r (or the palette): change your own PIN."""
        flows.change_pin(self, self._store, self._staff_id)

    @guarded
    def action_book(self) -> None:
        view = self.view
        if view is None:
            self._no_patient()
            return
        if view.patient.is_removed:
            when = f" on {show_date(view.patient.removed_on)}" if view.patient.removed_on else ""
            self.notify(
                f"{view.patient.full_name} was removed from the practice list{when}: do not book with anyone.",
                severity="error",
                markup=False,
            )
            return
        self._store.data_version()  # a lost or damaged file is said here, not on an empty booking form
        self.app.push_screen(flows.booking_form(self._store, view, self._staff_id), self._booked)

    def _booked(self, appointment: Appointment | None) -> None:
        if appointment is None:
            return
        self.refresh_view()
        chaperone = f" · chaperone: {appointment.chaperone_name}" if appointment.chaperone_required else ""
        self.notify(
            f"Booked {show(appointment.starts_at)} with {appointment.clinician_name}{chaperone}",
            title="Appointment booked",
            markup=False,
        )

    # -- live refresh -------------------------------------------------------------------

    def refresh_if_changed(self) -> bool:
        """Reload the patient and the queue if another connection has committed since the last look.

        Runs every `live.REFRESH_SECONDS`. A database deleted or replaced under the
        desk is reported here (once), so staff learn of it before they type a
        whole entry; a momentary busy file is left for the next tick. A file that
        cannot be written is said in a line of its own, for as long as it lasts.
        """
        self._show_write_problem()
        try:
            changed = self._changes.changed()
        except DatabaseBusy:
            return False
        except StoreError as error:
            self._report_fault(str(error))
            return False
        if self._fault is not None:
            self._report_fault(None)
        if not changed:
            return False
        self.refresh_view()
        self.refresh_queue()
        return True

    def _show_write_problem(self) -> None:
        """Say plainly, above the matches, that nothing can be saved and why (a read-only file, a sign-in not
        yet recorded); gone as soon as it can save again. Cheap: no write is tried to find out."""
        problem = self._store.write_problem() or ""
        line = self.query_one("#write-problem", Static)
        if problem == self._write_problem:
            return
        self._write_problem = problem
        line.update(Content(printable(f"⚠ {problem}" if problem else "")))
        line.set_class(bool(problem), "-shown")

    def _record_unrecorded(self) -> None:
        """Write the sign-ins kept in memory, once the file can be written again (tried every few seconds,
        in a thread: a lock another program holds makes the try wait for the busy timeout)."""
        if self._store.unrecorded and not self._recording:
            self._recording = True
            self._try_recording()

    @work(thread=True, group="record-unrecorded", exit_on_error=False)
    def _try_recording(self) -> None:
        try:
            self._store.record_unrecorded()
        except BoundaryError:
            pass  # still cannot write: said by the line above the matches; tried again later
        finally:
            self._recording = False
        if self.app.is_running:
            self.app.call_from_thread(self._show_write_problem)

    def _report_fault(self, message: str | None) -> None:
        if message == self._fault:
            return
        self._fault = message
        status = self.query_one("#lookup-message", StatusLine)
        if message is None:
            status.message = ""
            return
        status.message = message
        self.notify(message, title="Database problem", severity="error", markup=False, timeout=30)

    def on_screen_resume(self) -> None:
        """Back from a form or a lock: what it did may have changed the queue. And once the desk is
        drawn again, the screen that closed is freed (`ui/memory.py`)."""
        self._show_clock(True)
        self.refresh_queue()
        self.app.call_after_refresh(memory.tidy_up)

    def on_screen_suspend(self) -> None:
        """Covered by a full screen (timeline, lock): stop the header clock.

        Ticking behind another screen, it made Textual repaint that whole screen
        every second: an open timeline or a locked desk used ~1-1.4 % CPU sitting
        still, ~0.2 % without. Behind a dialog the desk stays visible, so it ticks on.
        """
        if not isinstance(self.app.screen_stack[-1], ModalScreen):
            self._show_clock(False)

    def _show_clock(self, shown: bool) -> None:
        for clock in self.query("HeaderClock"):
            clock.display = shown

    # -- concerns (F5, managers) and their details (F7) -----------------------------------

    @guarded
    def action_concern(self) -> None:
        """F5: open a concern for the chosen patient, or change the open one (managers only, rule 6)."""
        try:
            require_manager(self._store.staff.actor(self._staff_id), "open, change or close a concern")
        except Refused as refusal:
            self.notify(str(refusal), title="Managers only", severity="warning", markup=False)
            return
        view = self.view
        if view is None:
            self._no_patient()
            return
        concerns = self._store.concerns.for_patient(view.patient.id)
        if len(concerns) <= 1:
            self._edit_concern(view.patient, concerns[0] if concerns else None)
            return

        def chosen(concern_id: int | None) -> None:
            if concern_id is not None:
                with reported(self):
                    self._edit_concern(
                        view.patient, None if concern_id == NEW else self._store.concerns.get(concern_id)
                    )

        self.app.push_screen(ConcernChoiceScreen(view.patient, concerns), chosen)

    @guarded
    def _edit_concern(self, patient: Patient, concern: Concern | None) -> None:
        form = flows.concern_form(self._store, patient, self._staff_id, concern)

        def done(saved: Concern | None) -> None:
            if form.wants_new_concern:
                self._edit_concern(patient, None)
                return
            if saved is None:
                return
            self.refresh_view()
            self.refresh_queue()
            if not saved.is_open:
                message = "Concern closed: its booking restrictions are lifted."
            elif concern is None:
                message = "Concern opened: every desk shows the banner now."
            else:
                message = "Concern changed: the change is on the timeline."
            self.notify(message, markup=False)
            if saved.is_open:
                flows.follow_restriction(self, self._store, patient, self._staff_id, done=self._appointments_changed)

        self.app.push_screen(form, done)

    @guarded
    def action_concern_details(self) -> None:
        """F7: the concern's kind, targets, scope, review date and summary, shown on purpose (rule 11)."""
        view = self.view
        if view is None:
            self._no_patient()
            return
        concerns = self._store.concerns.for_patient(view.patient.id)
        if not concerns:
            self.notify(f"No open concern about {view.patient.full_name}.", markup=False)
            return
        self.app.push_screen(ConcernDetailsScreen(view.patient, concerns, self._store.now(), clock=self._store.now))
        flows.record_view(self, self._store, view.patient.id, "details_viewed", self._staff_id)  # the access log

    # -- the manager's queue (F8) -------------------------------------------------------

    def refresh_queue(self) -> None:
        """Reload the manager's queue (managers only; nobody else has one)."""
        if not self._is_manager:
            return
        try:
            items = self._queue.items()
            exports = self._queue.recent_exports()
        except BoundaryError:
            return  # keep what is shown; the next refresh tries again
        self.query_one("#queue", ManagerQueue).set_items(items, london_today(self._store.now()), exports=exports)

    def action_focus_queue(self) -> None:
        if self._is_manager:
            self.query_one("#queue", ManagerQueue).focus()

    @on(ManagerQueue.Chosen, "#queue")
    def _queue_item_chosen(self, event: ManagerQueue.Chosen) -> None:
        if event.item.patient_id is not None:
            self.choose(event.item.patient_id)
            if event.item.kind == AFFECTED and self.view is not None:
                flows.manage_appointments(
                    self,
                    self._store,
                    self.view.patient,
                    self._staff_id,
                    only_flagged=True,
                    highlight=event.item.appointment_id,
                    done=self._appointments_changed,
                )
        elif event.item.staff_id is not None:
            flows.lift_lock(self, self._store, event.item, self._staff_id, done=self.refresh_queue)

    @on(ManagerQueue.MarkReviewed, "#queue")
    def _mark_override_reviewed(self, event: ManagerQueue.MarkReviewed) -> None:
        def done(review_id: int | None) -> None:
            if review_id is not None:
                self.refresh_queue()
                self.notify("Override marked reviewed.", markup=False)

        self.app.push_screen(flows.override_review_form(self._store, event.item, self._staff_id), done)

    # -- contacts, timeline, actions (issue 3) --------------------------------------------

    def _chosen_patient(self) -> Patient | None:
        if self.view is None:
            self._no_patient()
            return None
        return self.view.patient

    def _no_patient(self) -> None:
        """A patient key with nobody chosen from the current matches (rule 13)."""
        self.notify(NO_PATIENT, title="No patient chosen", severity="warning", markup=False)

    def action_log_contact(self) -> None:
        """F3: any signed-in staff logs a contact for the chosen patient."""
        if patient := self._chosen_patient():
            flows.log_contact(self, self._store, patient, self._staff_id, recent=self._recent)

    def action_log_another(self) -> None:
        """ctrl+n: another contact like the last one saved here (same channel, aimed at, severity)."""
        if patient := self._chosen_patient():
            flows.log_another(self, self._store, patient, self._staff_id, self._recent)

    @guarded
    def action_appointments(self) -> None:
        """ctrl+o: the chosen patient's appointments, to move or cancel one (each with a reason)."""
        if patient := self._chosen_patient():
            flows.manage_appointments(self, self._store, patient, self._staff_id, done=self._appointments_changed)

    def _appointments_changed(self) -> None:
        self.refresh_view()
        self.refresh_queue()

    @guarded
    def action_timeline(self) -> None:
        """F4: the chosen patient's timeline; the banner is reloaded on the way back."""
        if patient := self._chosen_patient():
            self._store.data_version()  # a lost or damaged file is said here, not on an empty timeline
            self.app.push_screen(self._timeline().show(patient.id), lambda _: self.refresh_view())

    def _timeline(self) -> TimelineScreen:
        """This desk's timeline screen, built once and kept (installed) to be shown again at once."""
        if self._timeline_screen is None:
            self._timeline_screen = TimelineScreen(self._store, self._staff_id, recent=self._recent)
            self.app.install_screen(self._timeline_screen, name=f"timeline-{id(self)}")
        return self._timeline_screen

    def on_unmount(self) -> None:
        """Someone else signed in: their desk builds its own timeline screen; this one goes."""
        screen, self._timeline_screen = self._timeline_screen, None
        if screen is None or screen in self.app.screen_stack:
            return  # the app is closing with the timeline open: Textual tidies up installed screens
        self.app.uninstall_screen(screen)
        if screen.is_mounted:
            screen.remove()

    def action_record_action(self) -> None:
        """F6: managers record an action (a removal or an SPO changes the banner)."""
        if patient := self._chosen_patient():
            flows.record_action(self, self._store, patient, self._staff_id, done=lambda _: self.refresh_view())
