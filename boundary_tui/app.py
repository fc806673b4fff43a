"""The boundary-tui application: first run or sign in, then the desk; F9 and idle time lock it.

`BoundaryApp(db_path=...)` is the whole app, so tests and scripts can run it
headless with `run_test()` on a database of their own.

Locking (rule 11: a reception screen faces the public). `F9` locks at once;
so does `idle_lock_minutes` without a key press or click (measured with the
store's clock, so tests move a `FixedClock` and call `lock_if_idle()`). The lock
screen is a full screen: nothing of the desk shows through, and no list of names.
Unlocking is signing in again:

* the person who locked it types their PIN: the desk comes back exactly as they
  left it, open form included (nobody else's PIN unlocks it);
* someone else takes the lock screen's separate "Someone else" path and signs in
  with their own PIN: the desk then starts afresh under their name, and whatever
  the previous person had open but not saved is dropped, so nothing can be saved
  under one person's name by another.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen

from boundary_tui.core.clock import Clock, SystemClock
from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.models import Staff
from boundary_tui.store import DESK_CACHE_KIB, Store
from boundary_tui.store.settings import DEFAULTS
from boundary_tui.ui import memory, textual_fixes
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.resources import stylesheet
from boundary_tui.ui.screens.sign_in import SignInScreen

textual_fixes.apply()

IDLE_CHECK_SECONDS = 2.0
"""How often the idle time is compared with the clock (the lock comes at most this late)."""

_ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
"""What counts as someone using the desk."""


def idle_limit(setting: str) -> timedelta:
    """The `idle_lock_minutes` setting as a duration; nonsense or zero falls back to the default.

    A desk that never locks would defeat rule 11, so there is no "off".
    """
    try:
        minutes = float(setting)
    except ValueError:
        minutes = 0
    if not minutes > 0:
        minutes = float(DEFAULTS["idle_lock_minutes"])
    return timedelta(minutes=minutes)


class BoundaryApp(App[None]):
    """The reception desk for one practice database."""

    TITLE = "boundary-tui"

    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (25, "-tall")]
    """Every screen is `-short` in a terminal of 16 to 24 lines (80x24 is PuTTY's and Windows Terminal's
    default): the stylesheets shrink lists and padding there, so outcomes show without scrolling.
    Under 16 lines it is `-tiny` instead: every `-short` rule applies too (each names both classes),
    and nothing is pinned to the top or foot of a dialog or the desk any more: the whole of it
    scrolls, so every field, list and button can be brought into view."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Every screen is `-narrow` under 100 columns: the desk stacks the matches above the patient there,
    so a match keeps its NHS number and postcode (`styles/desk.tcss`)."""

    # Priority bindings: they must also work inside forms and dialogs, which hide the app's ordinary bindings.
    BINDINGS = bindings("app.help", "app.lock")

    def __init__(
        self,
        db_path: Path | str | None = None,
        *,
        store: Store | None = None,
        clock: Clock | None = None,
        sign_in_note: str = "",
        idle_lock_minutes: float | None = None,
        blink: bool = False,
    ) -> None:
        """Open the database (raising `StoreError` with a plain message if it cannot be used).

        Pass `store` to share an already-open store (tests), or `db_path`.
        `sign_in_note` is shown on the sign-in screen (the demo lists its PINs there).
        `idle_lock_minutes` overrides the practice's setting (tests).
        Text cursors are steady unless `blink=True`: a blinking cursor redraws the
        screen twice a second all day at every desk (most of an idle desk's CPU, over
        SSH), and steady cursors keep pictures of the app independent of when they
        were taken.
        """
        if store is None:
            if db_path is None:
                raise ValueError("BoundaryApp needs db_path or store")
            # Opened before anything else, so a bad database fails fast with its message.
            # A file this desk cannot write is read, not refused: the banners must still show.
            store = Store(db_path, clock=clock or SystemClock(), read_only_ok=True, cache_kib=DESK_CACHE_KIB)
        # The sign-in screen's own sheet too: parsed with the app's, not re-parsed with everything when it is shown.
        super().__init__(css_path=[stylesheet("app.tcss"), stylesheet("sign_in.tcss")])
        self.store = store
        self.title = f"boundary-tui · {store.settings.get('practice_name')}"
        self.clock: Clock = store.clock
        self.staff: Staff | None = None
        """Who is signed in at this desk (None until someone signs in)."""
        self._sign_in_note = sign_in_note
        self._idle_override = idle_lock_minutes
        self.idle_limit = timedelta(minutes=5)
        """Lock after this long without a key press or click."""
        self._last_activity = self.clock.now()
        self._locked = False
        self._blink = blink

    def on_mount(self) -> None:
        # A desk runs all day: each sign-in's 16 MB goes back (ui/memory.py); after the first frame (ctypes: ~5 ms).
        self.call_after_refresh(memory.return_large_blocks)
        self.idle_limit = (
            idle_limit(str(self._idle_override))
            if self._idle_override is not None
            else idle_limit(self.store.settings.get("idle_lock_minutes"))
        )
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        if self.store.staff.needs_first_manager():
            from boundary_tui.ui.screens.first_run import FirstRunScreen

            staff = self.store.staff
            first_run = FirstRunScreen(
                save=lambda manager: staff.create_first_manager(manager.name, manager.pin),
                still_needed=staff.needs_first_manager,
            )
            self.push_screen(first_run, self._first_manager_created)
        else:
            sign_in = textual_fixes.sized(SignInScreen(self.store, note=self._sign_in_note), self)
            self.push_screen(sign_in, self._signed_in)

    def _first_manager_created(self, manager: Staff | None) -> None:
        """Straight on to signing in, so the new manager proves they know their PIN."""
        if manager is None:  # another desk set the database up first
            self.push_screen(SignInScreen(self.store), self._signed_in)
            return
        note = (
            f"{manager.name} is the practice manager. Sign in with the PIN you just chose.\n"
            "Add other staff later with:\n"
            '  boundary-tui staff add "NAME" --role reception'
        )
        self.push_screen(SignInScreen(self.store, note=note, preselect=manager.id), self._signed_in)

    def _signed_in(self, staff: Staff | None) -> None:
        if staff is None:
            return
        self._start_desk(staff)

    def _start_desk(self, staff: Staff) -> None:
        # Imported here, not at the top: the sign-in screen is up sooner without
        # loading the desk's screens and forms first.
        from boundary_tui.ui.screens.desk import DeskScreen

        self.staff = staff
        self.sub_title = f"Signed in: {staff.name} ({staff.role})"
        self._last_activity = self.clock.now()
        self.push_screen(DeskScreen(self.store, staff.id))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Every field gets the app's choice of cursor when it is focused.
        from textual.widgets import Input

        # TextArea only if it was loaded: no text area can have the focus before. Importing it
        # here, when the staff list takes the focus at start, was ~25 ms before the first frame.
        text_area = sys.modules.get("textual.widgets._text_area")
        fields = (Input, text_area.TextArea) if text_area is not None else (Input,)
        if isinstance(event.widget, fields):
            event.widget.cursor_blink = self._blink

    # -- help and the command palette ---------------------------------------------------

    def action_help(self) -> None:
        """F1, from any screen: the keys of the screen on top, and the practice's steps."""
        from boundary_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen.about(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """None of Textual's own palette commands: the palette offers the desk's commands only.

        A desk faces the public: "Screenshot" would write what is on screen (patients'
        names, concerns) to a file nobody looks after, "Theme" would let whoever walks up
        make the banner unreadable, and "Keys" or "Maximize" would show Textual's own
        bindings and panes instead of the desk's (help, F1, lists those)."""
        return ()

    # -- locking ----------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._locked

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ACTIVITY) and not event.is_forwarded:
            self._last_activity = self.clock.now()
        await super().on_event(event)

    def lock_if_idle(self) -> bool:
        """Lock if nobody has used the desk for the idle time. Returns whether it locked.

        Run by a timer; tests call it after moving the clock.
        """
        if self.staff is None or self._locked:
            return False
        if self.clock.now() - self._last_activity < self.idle_limit:
            return False
        self.action_lock()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lock":
            return self.staff is not None and not self._locked
        if action == "help":
            from textual.command import CommandPalette

            return not isinstance(self.screen, CommandPalette)
        if action == "quit" and self._locked:
            # A locked desk faces the public: whoever walks up must not end the
            # session (and, on a login that is not `exec boundary-tui`, reach a shell).
            return False
        if action == "command_palette":
            # For a signed-in desk only: on the sign-in or lock screen it would offer
            # whoever walks up to the desk nothing but Textual's own commands.
            return self.staff is not None and not self._locked
        return True

    def action_lock(self) -> None:
        """Cover the desk with the lock screen at once (F9, or idle time)."""
        if self.staff is None or self._locked:
            return
        self._locked = True
        # Toasts may name patients or staff ("X was removed from the list"): gone before the public sees them.
        self.clear_notifications()
        self.sub_title = "Locked"
        from boundary_tui.ui.screens.lock import LockScreen

        self.push_screen(LockScreen(self.store, self.staff, locked_at=self.clock.now()), self._unlocked)
        # Nobody waits on a lock screen: the moment to forget drawn text, free what freezing pinned, and give
        # pages back (ui/memory.py).
        self.call_after_refresh(memory.locked)

    def _unlocked(self, staff: Staff | None) -> None:
        previous = self.staff
        if staff is None or previous is None:
            return
        self._locked = False
        self._last_activity = self.clock.now()
        if staff.id == previous.id:
            self.staff = staff
            self.sub_title = f"Signed in: {staff.name} ({staff.role})"
            return
        # Someone else: drop the previous person's desk and anything they left open, unsaved
        # (and free it for good a little later: ui/memory.py).
        with self.batch_update():
            while len(self.screen_stack) > 1:
                self.pop_screen()
            memory.desk_closed(self)
            self._start_desk(staff)

    def on_unmount(self) -> None:
        if self.store.unrecorded and os.access(self.store.path, os.W_OK):
            try:
                self.store.record_unrecorded()  # a last try for sign-ins kept in memory
            except BoundaryError:
                pass  # still cannot write: they are lost, as the desk said while it ran
        self.store.close()
