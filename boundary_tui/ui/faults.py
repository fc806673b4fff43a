"""Database faults met by a key press: a message on the screen, never a traceback.

Any key that reads the database (opening a form, the timeline, a concern) may
meet a fault: the file deleted under the desk, a disk error, another program
holding a lock. The store raises `StoreError` with a sentence for staff (it
converts every SQLite error itself, so the UI never meets `sqlite3`); these
helpers show it as a notification instead of letting it end the app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from textual.widget import Widget

from boundary_tui.core.errors import BoundaryError

FAULTS: type[BoundaryError] = BoundaryError
"""What a store call may raise that a person must be told about: a `BoundaryError`,
whose message is written for the desk (a rule's refusal, or a `StoreError`)."""

P = ParamSpec("P")
W = TypeVar("W", bound=Widget)


def message(error: BaseException) -> str:
    """The sentence to show for a store error (its message is already written for staff)."""
    return str(error)


def report(widget: Widget, error: BaseException) -> None:
    widget.notify(message(error), title="Not done", severity="error", markup=False, timeout=10)


@contextmanager
def reported(widget: Widget) -> Iterator[None]:
    """Run store calls; a fault becomes a notification on `widget`'s screen."""
    try:
        yield
    except FAULTS as error:
        report(widget, error)


def guarded(method: Callable[Concatenate[W, P], None]) -> Callable[Concatenate[W, P], None]:
    """Decorate a key's handler so that a database fault is reported, not fatal."""

    @functools.wraps(method)
    def handler(self: W, /, *args: P.args, **kwargs: P.kwargs) -> None:
        with reported(self):
            method(self, *args, **kwargs)

    return handler
