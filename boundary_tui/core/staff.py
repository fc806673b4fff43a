"""Staff accounts: what a new account, or a new PIN, must be before it is stored.

The same words for the first-run screen, `boundary-tui staff add` and a
script. Whether the name is already taken, or the account disabled, needs the
database: the store checks that, inside its write transaction.
"""

from __future__ import annotations

from boundary_tui.core.models import ROLES
from boundary_tui.core.pin import pin_problem
from boundary_tui.core.text import name_problem


def problems(name: str, role: str, pin: str | None, *, name_label: str = "Name") -> dict[str, str]:
    """Everything wrong with an account's name, role and PIN, by field (empty when it can be stored).

    `pin` is None for staff who never sign in (clinicians imported for booking).
    `name_label` is how the name is asked for ("Your name" on the first-run screen).
    """
    found: dict[str, str] = {}
    if reason := name_problem(name, name_label):
        found["name"] = reason
    if role not in ROLES:
        found["role"] = f"Role must be one of: {', '.join(ROLES)}."
    if pin is not None and (reason := pin_problem(pin, role)):
        found["pin"] = reason
    return found
