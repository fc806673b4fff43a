"""Rule 6: who may do what. Checked in the store, so a script is refused like the desk."""

from __future__ import annotations

from boundary_tui.core.errors import Refused
from boundary_tui.core.models import Staff


def require_manager(staff: Staff, doing: str) -> None:
    """Refuse unless `staff` is a manager; the message says who may and why not.

    `doing` completes "Only a practice manager can …", e.g. "open a concern".
    """
    if not staff.is_manager:
        raise Refused(
            f"Only a practice manager can {doing}. {staff.name} is signed in as {staff.role}: "
            "ask the practice manager or a senior partner."
        )
