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

Rule 12 lives here on the desk's side: after a concern opens or changes, the
appointments it now forbids are listed to the manager at once
(`follow_restriction`), each moved or cancelled in one key; a removal says
which appointments it cancelled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from boundary_tui.core.actions import Action
from boundary_tui.core.attachments import Attachment
from boundary_tui.core.concerns import ConcernDraft
from boundary_tui.core.contacts import Contact
from boundary_tui.core.errors import BoundaryError, Invalid, Refused
from boundary_tui.core.models import Appointment, Concern, Patient, Staff
from boundary_tui.core.roles import require_manager
from boundary_tui.core.text import printable
from boundary_tui.core.timeline import TimelineEntry
from boundary_tui.core.times import london_today, show
from boundary_tui.store import Store
from boundary_tui.store.queue import QueueItem, QueueStore
from boundary_tui.store.views import PatientView, patient_view
from boundary_tui.ui.faults import FAULTS, report
from boundary_tui.ui.screens.action_form import ActionForm, ActionFormScreen
from boundary_tui.ui.screens.appointment_cancel import CancelAppointmentScreen
from boundary_tui.ui.screens.appointments import AppointmentsScreen, Choice
from boundary_tui.ui.screens.attach_form import Attached, AttachFormScreen
from boundary_tui.ui.screens.booking import BookingDraft, BookingScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.contact_form import ContactForm, ContactFormScreen, Logged
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


class LastContact:
    """The contact last saved at this desk: what `ctrl+n` logs another like (a burst of messages)."""

    def __init__(self) -> None:
        self.contact: Contact | None = None


def log_contact(
    screen: Screen[Any],
    store: Store,
    patient: Patient,
    staff_id: int,
    *,
    done: Callable[[Contact], None] | None = None,
    amending: Contact | None = None,
    like: Contact | None = None,
    recent: LastContact | None = None,
) -> None:
    """Open the contact form; on save, say what was saved and call `done`.

    `like`: start from this contact's channel, aimed at and severity; `recent` remembers what was saved."""
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

        def save(form: ContactForm) -> Logged:
            refuse_unattachable(store, form.attach)
            if amending is not None:
                contact = store.contacts.amend(amending.id, form.draft, reason=form.amend_reason, by=staff_id)
            else:
                contact = store.contacts.log(patient.id, form.draft, by=staff_id)
            attached, failed = attach_from_inbox(store, contact.id, form.attach, by=staff_id)
            return Logged(contact, attached, failed)

        form = ContactFormScreen(store, patient, amending=amending, like=like, save=save, inbox=store.attachments.inbox)
    except FAULTS as error:
        report(screen, error)
        return

    def saved(logged: Logged | None) -> None:
        if logged is None:
            return
        contact = logged.contact
        another = ""
        if recent is not None and amending is None:
            recent.contact = contact
            another = " ctrl+n logs another like it."
        copies = say_attached(logged.attached)
        screen.notify(
            printable(contact.confirmation(patient.full_name) + copies) + another, title="Saved", markup=False
        )
        say_not_attached(screen, logged.failed)
        if done is not None:
            done(contact)

    screen.app.push_screen(form, saved)


# -- the access log ------------------------------------------------------------------------------


def record_view(screen: Screen[Any], store: Store, patient_id: int, what: str, staff_id: int) -> None:
    """Put a view of the record on the access log (`store.disclosures`), in a worker: never in the way of the screen.

    A view that cannot be recorded (the database busy for too long) is said, not hidden."""

    async def record() -> None:
        try:
            await asyncio.to_thread(store.disclosures.viewed, patient_id, what, by=staff_id)
        except BoundaryError as error:
            screen.notify(
                printable(f"This view could not be put on the record: {error}"),
                title="Access log",
                severity="warning",
                markup=False,
            )

    screen.run_worker(record(), group="views", exit_on_error=False)


# -- copies of evidence from the inbox -----------------------------------------------------------


def refuse_unattachable(store: Store, names: tuple[str, ...]) -> None:
    """Before a contact is saved: the store's reason for every ticked file it would refuse (nothing is saved)."""
    problems = [
        problem if problem.startswith(repr(name)) else f"{name!r}: {problem}"
        for name in names
        if (problem := store.attachments.inbox_problem(name))
    ]
    if problems:
        raise Invalid({"attach": " ".join(problems) + " Untick it to save without it; nothing was saved."})


def attach_from_inbox(
    store: Store, contact_id: int, names: tuple[str, ...], *, by: int
) -> tuple[tuple[Attachment, ...], tuple[tuple[str, str], ...]]:
    """Attach each file to the contact; one that fails stays in the inbox and is named with why (the rest go on)."""
    attached: list[Attachment] = []
    failed: list[tuple[str, str]] = []
    for name in names:
        try:
            attached.append(store.attachments.attach_from_inbox(contact_id, name, by=by))
        except BoundaryError as error:
            failed.append((name, str(error)))
    return tuple(attached), tuple(failed)


def attach_later(
    screen: Screen[Any],
    store: Store,
    patient: Patient,
    entry: TimelineEntry,
    staff_id: int,
    *,
    done: Callable[[], None] | None = None,
) -> None:
    """`i` on a contact: attach copies from the evidence inbox (anyone signed in; the contact is not changed)."""
    contact_id = entry.id

    def save(names: tuple[str, ...]) -> Attached:
        refuse_unattachable(store, names)
        attached, failed = attach_from_inbox(store, contact_id, names, by=staff_id)
        if not attached and failed:
            raise Refused(" ".join(why for _, why in failed) + " Nothing was attached.")
        return Attached(attached, failed)

    def saved(result: Attached | None) -> None:
        if result is None:
            return
        screen.notify(printable(say_attached(result.attached).strip()), title="Attached", markup=False)
        say_not_attached(screen, result.failed, saved_what="The other copies are attached")
        if done is not None:
            done()

    label = f"{entry.label}, {show(entry.occurred_at)}"
    form = AttachFormScreen(patient, label, inbox=store.attachments.inbox, save=save)
    screen.app.push_screen(form, saved)


def say_attached(attached: tuple[Attachment, ...]) -> str:
    """` 2 copies attached: card.png, letter.pdf.`, or ""."""
    if not attached:
        return ""
    count = "1 copy" if len(attached) == 1 else f"{len(attached)} copies"
    return f" {count} of evidence attached: {', '.join(a.file_name for a in attached)}."


def say_not_attached(
    screen: Screen[Any], failed: tuple[tuple[str, str], ...], *, saved_what: str = "The contact is saved"
) -> None:
    """Each file that could not be attached, and why: it is still in the evidence inbox, nothing is lost."""
    if not failed:
        return
    listed = " ".join(why if why.startswith(repr(name)) else f"{name!r}: {why}" for name, why in failed)
    screen.notify(
        printable(
            f"{saved_what}, but {'a file was' if len(failed) == 1 else f'{len(failed)} files were'} not "
            f"attached. {listed} Nothing is lost: the file stays in the evidence inbox; attach it from the "
            "contact on the timeline (F4, Enter, i)."
        ),
        title="Not attached",
        severity="error",
        markup=False,
        timeout=30,
    )


def log_another(
    screen: Screen[Any],
    store: Store,
    patient: Patient,
    staff_id: int,
    recent: LastContact,
    *,
    done: Callable[[Contact], None] | None = None,
) -> None:
    """ctrl+n: another contact like the last one saved here for this patient (same channel, aimed at, severity)."""
    last = recent.contact
    if last is None or last.patient_id != patient.id:
        screen.notify(
            printable(
                f"Nothing logged for {patient.full_name} at this desk yet: F3 logs a contact, "
                "then ctrl+n logs another like it."
            ),
            severity="warning",
            markup=False,
        )
        return
    log_contact(screen, store, patient, staff_id, done=done, like=last, recent=recent)


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
        say_cancelled_with(screen, store, action)
        if done is not None:
            done(action)

    screen.app.push_screen(form, saved)


def say_cancelled_with(screen: Screen[Any], store: Store, action: Action) -> None:
    """After a removal took effect: which future appointments it cancelled (rule 12), or that there were none."""
    if action.kind != "removal_effective":
        return
    try:
        cancelled = store.actions.cancelled_with(action)
    except FAULTS:
        return  # the removal is saved; the timeline shows what it cancelled
    if not cancelled:
        message = "No future appointments to cancel: none were booked."
    else:
        listed = "; ".join(f"{show(a.starts_at)} with {a.clinician_name}" for a in cancelled)
        count = "1 future appointment" if len(cancelled) == 1 else f"{len(cancelled)} future appointments"
        message = f"{count} cancelled with the removal, each recorded: {listed}."
    screen.notify(printable(message), title="Appointments", markup=False, timeout=15)


def booking_form(
    store: Store, view: PatientView, staff_id: int, *, moving: Appointment | None = None, reason: str = ""
) -> BookingScreen:
    """F2: the booking form; what it collects is booked by `staff_id` (the store applies rules 1-4).

    `moving`: move this appointment instead (old cancelled, new booked, one save; `reason` fills "why")."""

    def save(draft: BookingDraft) -> Appointment:
        if moving is not None:
            return store.appointments.move(
                moving.id,
                clinician_id=draft.clinician.id,
                starts_at=draft.slot.starts_at,
                reason=draft.reason,
                by=staff_id,
                chaperone_name=draft.chaperone,
                override_reason=draft.override_reason,
            )
        return store.appointments.book(
            patient_id=view.patient.id,
            clinician_id=draft.clinician.id,
            starts_at=draft.slot.starts_at,
            by=staff_id,
            chaperone_name=draft.chaperone,
            override_reason=draft.override_reason,
        )

    return BookingScreen(store, view, save=save, moving=moving, reason=reason)


def manage_appointments(
    screen: Screen[Any],
    store: Store,
    patient: Patient,
    staff_id: int,
    *,
    only_flagged: bool = False,
    highlight: int | None = None,
    done: Callable[[], None] | None = None,
) -> None:
    """The patient's appointments (or only those a restriction now forbids): each moved or cancelled in one key,
    then the list again, until the person closes it. `done` runs after every change and at the end."""

    def finished() -> None:
        if done is not None:
            done()

    def show_list(start: int | None = None) -> None:
        try:
            flagged = store.appointments.affected(patient.id)
            flags = {a.appointment.id: a.why for a in flagged}
            if only_flagged:
                listed = [a.appointment for a in flagged]
            else:
                listed = store.appointments.upcoming_for(patient.id, limit=None)
        except FAULTS as error:
            report(screen, error)
            finished()
            return
        if not listed:
            if only_flagged:
                screen.notify(
                    printable(f"Every appointment of {patient.full_name} fits the restriction now."), markup=False
                )
            else:
                screen.notify(printable(f"{patient.full_name} has no upcoming appointments."), markup=False)
            finished()
            return
        heading = "Appointments the restriction now forbids" if only_flagged else "Appointments"
        note = (
            "Booked before the restriction changed: move each to someone allowed, or cancel it. "
            "Left as they are, they stay flagged in the manager's queue."
            if only_flagged
            else ("⚠ marks one the restriction now forbids." if flags else "")
        )
        screen.app.push_screen(
            AppointmentsScreen(patient, listed, flags, heading=heading, note=note, highlight=start), chosen
        )

    def chosen(choice: Choice | None) -> None:
        if choice is None:
            finished()
            return
        what, appointment = choice
        try:
            view = patient_view(store, patient.id)
            why = view.flags.get(appointment.id, "") if view else ""
            if view is None:
                finished()
                return
            if what == "move":
                form: Any = booking_form(store, view, staff_id, moving=appointment, reason=why)
            else:
                form = cancel_form(store, patient, appointment, staff_id, reason=why)
        except FAULTS as error:
            report(screen, error)
            finished()
            return

        def changed(result: Appointment | None) -> None:
            if result is not None:
                if what == "move":
                    message = (
                        f"Moved: {show(appointment.starts_at)} with {appointment.clinician_name} is now "
                        f"{show(result.starts_at)} with {result.clinician_name}."
                    )
                else:
                    message = f"Cancelled: {show(appointment.starts_at)} with {appointment.clinician_name}."
                screen.notify(printable(message), title="Appointment", markup=False)
                if done is not None:
                    done()
            show_list(None if result is not None else appointment.id)

        screen.app.push_screen(form, changed)

    show_list(highlight)


def cancel_form(
    store: Store, patient: Patient, appointment: Appointment, staff_id: int, *, reason: str = ""
) -> CancelAppointmentScreen:
    """Cancel `appointment` for the reason typed (the store refuses one already past or no longer booked)."""

    def save(typed: str) -> Appointment:
        return store.appointments.cancel(appointment.id, reason=typed, by=staff_id)

    return CancelAppointmentScreen(patient, appointment, reason=reason, save=save)


def follow_restriction(
    screen: Screen[Any], store: Store, patient: Patient, staff_id: int, *, done: Callable[[], None] | None = None
) -> bool:
    """Rule 12, after a concern opened or changed: list what it now forbids to the person who changed it.

    Returns whether there was anything to list (the list is then on screen)."""
    try:
        flagged = store.appointments.affected(patient.id)
    except FAULTS as error:
        report(screen, error)
        return False
    if not flagged:
        return False
    manage_appointments(screen, store, patient, staff_id, only_flagged=True, done=done)
    return True


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
                allowed=draft.allowed,
                by=staff_id,
            )
        return store.concerns.change(
            concern.id,
            reason=draft.reason,
            kind=draft.kind,
            targets=draft.targets,
            allowed=draft.allowed,
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
        clinicians=store.clinicians.all(active_only=False),
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
