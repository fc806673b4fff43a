"""The desk's header: title, who is signed in, and the practice's time.

Textual's own header clock reads the computer's local time. A desk may run on
a server kept in UTC, and every time the app shows is UK time (rule 7), so this
clock reads the app's `Clock` and shows it in Europe/London. Tests, snapshots
and the README's pictures run on a `FixedClock`, so the header no longer
changes from one run to the next.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Header
from textual.widgets._header import HeaderClock  # not exported; Textual is pinned exactly

from boundary_tui.core.clock import Clock
from boundary_tui.core.times import london

TIME_FORMAT = "%H:%M:%S"


class PracticeClock(HeaderClock):
    """The time at the practice, from the app's clock, redrawn every second."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self._clock = clock

    def render(self) -> Content:
        return Content(london(self._clock.now()).strftime(TIME_FORMAT))


class PracticeHeader(Header):
    """Textual's header with the practice's clock in place of the computer's."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(show_clock=True)
        self._clock = clock

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield PracticeClock(self._clock) if isinstance(widget, HeaderClock) else widget
