"""The boundary-tui application: sign in, then the desk.

`BoundaryApp(db_path=...)` is the whole app, so tests and scripts can run it
headless with `run_test()` on a database of their own.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from boundary_tui.core.clock import Clock, SystemClock
from boundary_tui.core.models import Staff
from boundary_tui.resources import stylesheet
from boundary_tui.store import Store
from boundary_tui.ui.screens.sign_in import SignInScreen


class BoundaryApp(App[None]):
    """The reception desk for one practice database."""

    TITLE = "boundary-tui"

    def __init__(
        self,
        db_path: Path | str | None = None,
        *,
        store: Store | None = None,
        clock: Clock | None = None,
        sign_in_note: str = "",
    ) -> None:
        """Open the database (raising `StoreError` with a plain message if it cannot be used).

        Pass `store` to share an already-open store (tests), or `db_path`.
        `sign_in_note` is shown on the sign-in screen (the demo lists its PINs there).
        """
        if store is None:
            if db_path is None:
                raise ValueError("BoundaryApp needs db_path or store")
            # Opened before anything else, so a bad database fails fast with its message.
            store = Store(db_path, clock=clock or SystemClock())
        super().__init__(css_path=[stylesheet("app.tcss")])
        self.store = store
        self.title = f"boundary-tui · {store.settings.get('practice_name')}"
        self.clock: Clock = store.clock
        self.staff: Staff | None = None
        """Who is signed in at this desk (None until someone signs in)."""
        self._sign_in_note = sign_in_note

    def on_mount(self) -> None:
        self.push_screen(SignInScreen(self.store, note=self._sign_in_note), self._signed_in)

    def _signed_in(self, staff: Staff | None) -> None:
        if staff is None:
            return
        # Imported here, not at the top: the sign-in screen is up sooner without
        # loading the desk's screens and forms first.
        from boundary_tui.ui.screens.desk import DeskScreen

        self.staff = staff
        self.sub_title = f"Signed in: {staff.name} ({staff.role})"
        self.push_screen(DeskScreen(self.store, staff.id))

    def on_unmount(self) -> None:
        self.store.close()
