"""Opening the forms, with what each one saves; and saying what was saved.

Forms return values; the caller saves. A form collects and checks what was
typed, then runs the save function it was given (in a worker thread, staying
open until the store agrees). The functions here are those callers: they say
which store write a form's draft goes to, and as whom. No form module writes
to the store itself (`tests/project/test_forms_do_not_save.py`).

The desk (F3, F6) and the timeline (F3, F6, Amend) start the same evidence
flows: who may, which form, and the confirmation afterwards. A refusal by role
is explained before a form opens (the store refuses as well). A database fault
met while opening a form (the file deleted under the desk, a disk error) is a
notification, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from boundary_tui.core.actions import Action
from boundary_tui.core.concerns import ConcernDraft
from boundary_tui.core.contacts import Contact
from boundary_tui.core.errors import Refused
from boundary_tui.core.models import Appointment, Concern, Patient, Staff
from boundary_tui.core.roles import require_manager
from boundary_tui.core.text import printable
from boundary_tui.core.times import london_today
from boundary_tui.store import Store
from boundary_tui.store.queue import QueueItem, QueueStore
from boundary_tui.store.views import PatientView
from boundary_tui.ui.faults import FAULTS, report
from boundary_tui.ui.screens.action_form import ActionForm, ActionFormScreen
from boundary_tui.ui.screens.booking import BookingDraft, BookingScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.contact_form import ContactForm, ContactFormScreen
from boundary_tui.ui.screens.override_review import OverrideReviewScreen


def manager_refusal(store: Store, staff_id: int, doing: str) -> str | None:
    """Why this member of staff may not do a manager's job, or None if they may."""
    staff = store.staff.get(staff_id)
    if staff is None:
        return "Nobody is signed in with that account: sign in again."
    try:
        require_manager(staff, doing)
    except Refused as refusal:
        return str(refusal)
    return None


def log_contact(
    screen: Screen[Any],
    store: Store,
    patient: Patient,
    staff_id: int,
    *,
    done: Callable[[Contact], None] | None = None,
    amending: Contact | None = None,
) -> None:
    """Open the contact form; on save, say what was saved and call `done`."""
    try:
        if amending is not None:
            staff = store.staff.get(staff_id)
            if staff is not None and not staff.is_manager and staff.id != amending.logged_by:
                screen.notify(
                    printable(
                        f"Only {amending.logged_by_name}, who logged this contact, or a practice manager can "
                        "correct it. Log a new contact if something else happened."
                    ),
                    severity="warning",
                    markup=False,
                )
                return

        def save(form: ContactForm) -> Contact:
            if amending is not None:
                return store.contacts.amend(amending.id, form.draft, reason=form.amend_reason, by=staff_id)
            return store.contacts.log(patient.id, form.draft, by=staff_id)

        form = ContactFormScreen(store, patient, amending=amending, save=save)
    except FAULTS as error:
        report(screen, error)
        return

    def saved(contact: Contact | None) -> None:
        if contact is None:
            return
        screen.notify(printable(contact.confirmation(patient.full_name)), title="Saved", markup=False)
        if done is not None:
            done(contact)

    screen.app.push_screen(form, saved)


def record_action(
    screen: Screen[Any],
    store: Store,
    patient: Patient,
    staff_id: int,
    *,
    done: Callable[[Action], None] | None = None,
    amending: Action | None = None,
) -> None:
    """Open the action form (managers only: anyone else is told why, nothing crashes)."""
    doing = "correct an action" if amending else "record an action (F6)"
    try:
        if refusal := manager_refusal(store, staff_id, doing):
            screen.notify(printable(refusal), title="Managers only", severity="warning", markup=False)
            return
        status = store.timeline.status_for(patient)
        staff = store.staff.get(staff_id)

        def save(form: ActionForm) -> Action:
            if amending is not None:
                return store.actions.amend(amending.id, form.draft, reason=form.amend_reason, by=staff_id)
            return store.actions.record(patient.id, form.draft, by=staff_id)

        form = ActionFormScreen(
            store, patient, status=status, signer=staff.name if staff else "", amending=amending, save=save
        )
    except FAULTS as error:
        report(screen, error)
        return

    def saved(action: Action | None) -> None:
        if action is None:
            return
        screen.notify(printable(action.confirmation(patient.full_name)), title="Saved", markup=False)
        if done is not None:
            done(action)

    screen.app.push_screen(form, saved)


def booking_form(store: Store, view: PatientView, staff_id: int) -> BookingScreen:
    """F2: the booking form; what it collects is booked by `staff_id` (the store applies rules 1-4)."""

    def save(draft: BookingDraft) -> Appointment:
        return store.appointments.book(
            patient_id=view.patient.id,
            clinician_id=draft.clinician.id,
            starts_at=draft.slot.starts_at,
            by=staff_id,
            chaperone_name=draft.chaperone,
            override_reason=draft.override_reason,
        )

    return BookingScreen(store, view, save=save)


def concern_form(store: Store, patient: Patient, staff_id: int, concern: Concern | None) -> ConcernFormScreen:
    """F5: open a concern about `patient`, or change or close `concern` (the store checks rule 6)."""

    def save(draft: ConcernDraft) -> Concern:
        if concern is None:
            return store.concerns.open(
                patient.id,
                kind=draft.kind,
                targets=draft.targets,
                chaperone_scope=draft.chaperone_scope,
                review_on=draft.review_on,
                summary=draft.summary,
                by=staff_id,
            )
        return store.concerns.change(
            concern.id,
            reason=draft.reason,
            targets=draft.targets,
            chaperone_scope=draft.chaperone_scope,
            review_on=draft.review_on,
            summary=draft.summary,
            by=staff_id,
        )

    def close(reason: str) -> Concern:
        assert concern is not None
        return store.concerns.close(concern.id, reason=reason, by=staff_id)

    return ConcernFormScreen(
        patient,
        concern,
        staff=store.staff.all(),
        today=london_today(store.now()),
        save=save,
        close=close if concern is not None else None,
    )


def change_pin(screen: Screen[Any], store: Store, staff_id: int) -> None:
    """The signed-in member of staff changes their own PIN (recorded as changed by them)."""
    from boundary_tui.ui.screens.pin_form import PinChange, PinFormScreen

    try:
        staff = store.staff.actor(staff_id)
    except FAULTS as error:
        report(screen, error)
        return

    def save(change: PinChange) -> Staff:
        return store.staff.change_pin(staff_id, change.current, change.pin)

    def saved(changed: Staff | None) -> None:
        if changed is not None:
            screen.notify("PIN changed: use the new one from now on, at every desk.", title="Saved", markup=False)

    screen.app.push_screen(PinFormScreen(staff, save=save, ask_current=True), saved)


def lift_lock(screen: Screen[Any], store: Store, item: QueueItem, staff_id: int, *, done: Callable[[], None]) -> None:
    """From the manager's queue: lift a member of staff's lock-out, after asking (recorded with who lifted it)."""
    locked_id = item.staff_id
    assert locked_id is not None
    try:
        manager = store.staff.actor(staff_id)
        require_manager(manager, "lift a lock-out")
    except FAULTS as error:
        report(screen, error)
        return

    def decided(lift: bool | None) -> None:
        if not lift:
            return
        try:
            store.staff.lift_lock(locked_id, by=f"{manager.name}, at the desk", by_id=manager.id)
        except FAULTS as error:
            report(screen, error)
            done()
            return
        screen.notify(
            printable(f"Lock lifted: {item.name} can sign in with their PIN again."), title="Saved", markup=False
        )
        done()

    question = (
        f"Lift the lock on {item.name}'s account?\n{item.what.removesuffix(': lift the lock')}.\n"
        "If they did not type those PINs, someone else may have: consider a new setup code for them "
        "(boundary-tui staff pin)."
    )
    screen.app.push_screen(ConfirmScreen(question, yes="Lift the lock", no="Not now"), decided)


def override_review_form(store: Store, item: QueueItem, staff_id: int) -> OverrideReviewScreen:
    """From the manager's queue: mark the item's emergency override reviewed (rule 10)."""
    override_id = item.override_id
    assert override_id is not None

    def save(note: str) -> int:
        return QueueStore(store).mark_override_reviewed(override_id, note=note, by=staff_id)

    return OverrideReviewScreen(item, save=save)
