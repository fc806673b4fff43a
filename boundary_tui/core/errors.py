"""Errors that carry a message written for a person at the desk.

Anything raised from `core` or `store` that a user may see is one of these; the
UI shows `str(error)` and never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping


class BoundaryError(Exception):
    """Base class: the message is fit to show to staff as it is."""


class Refused(BoundaryError):
    """A practice rule says no (booking a targeted clinician, a reception user
    opening a concern...). The message says why and what to do instead."""

    def __init__(self, message: str, *, alternatives: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.alternatives = alternatives
        """Names the user may choose instead (e.g. clinicians who can be booked)."""


class Invalid(BoundaryError):
    """Input that cannot be saved as it is. Collects every problem at once so a
    form can show them all next to their fields."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        """Field name → what is wrong with it, in plain words."""
        super().__init__("; ".join(self.problems.values()))


class StoreError(BoundaryError):
    """The database cannot be used: missing, read-only, corrupt, locked or full.

    The store raises nothing else for a database fault: every SQLite or OS error
    met inside one of its public methods comes out as one of these, so callers
    (screens, commands, the export) handle one kind of error and never import `sqlite3`.
    """


class CannotWrite(StoreError):
    """The file can be read but nothing can be written to it now: it is read-only, the disk is
    full, or another program holds the write lock.

    Reading goes on (the desk still shows banners and markers); every save is refused
    with this message, and works again once the file can be written.
    """


class DatabaseBusy(CannotWrite):
    """Another desk or program held the write lock for the whole busy timeout.

    Nothing was written and nothing is wrong with the file: the same save tried
    again a moment later works, so forms keep the entry and offer to retry.
    """


class SlotTaken(Refused):
    """The chosen appointment slot was booked by someone else first."""

    def __init__(self, message: str, *, next_free: object | None = None) -> None:
        super().__init__(message)
        self.next_free = next_free
        """The next free slot for the same clinician, if there is one that day."""
