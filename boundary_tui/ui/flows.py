"""Opening the evidence forms from any screen, and saying what was saved.

The desk (F3, F6) and the timeline (F3, F6, Amend) start the same flows: who
may, which form, and the confirmation afterwards. A refusal by role is
explained before a form opens (the store refuses as well). A database fault
met while opening a form (the file deleted under the desk, a disk error) is a
notification, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from boundary_tui.core.actions import Action
from boundary_tui.core.contacts import Contact
from boundary_tui.core.errors import Refused
from boundary_tui.core.models import Patient
from boundary_tui.core.roles import require_manager
from boundary_tui.core.text import printable
from boundary_tui.store import Store
from boundary_tui.ui.faults import FAULTS, report
from boundary_tui.ui.screens.action_form import ActionFormScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen


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
        form = ContactFormScreen(store, patient, staff_id, amending=amending)
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
        form = ActionFormScreen(store, patient, staff_id, status=status, amending=amending)
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
