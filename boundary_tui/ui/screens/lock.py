"""The lock screen (F9, or idle time): faces the public, so it shows no patient data.

A full screen, not a dialog over the desk: nothing behind it is drawn. It is
the sign-in screen with the person who locked it already chosen, so they only
type their PIN; anyone else can choose their own name instead (the app then
starts a fresh desk for them: see `app.py`).
"""

from __future__ import annotations

from datetime import datetime

from boundary_tui.core.models import Staff
from boundary_tui.core.times import london
from boundary_tui.store import Store
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.sign_in import SignInScreen


class LockScreen(SignInScreen):
    """Returns whoever unlocked the desk."""

    CSS_PATH = [stylesheet("sign_in.tcss"), stylesheet("lock.tcss")]

    TITLE_TEXT = "Desk locked"

    def __init__(self, store: Store, locked_by: Staff, *, locked_at: datetime) -> None:
        note = (
            f"Locked at {london(locked_at):%H:%M}. {locked_by.name}: type your PIN to carry on.\n"
            "Someone else: choose your name (↑/↓); the desk starts afresh for you."
        )
        super().__init__(store, note=note, preselect=locked_by.id)
        self.locked_by = locked_by
