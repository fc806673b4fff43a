"""Live refresh: noticing, cheaply, that another desk has saved something.

Every desk is its own process on the same database file. A screen that shows
data other desks may change polls `PRAGMA data_version` (~4 µs; it moves when
any other connection commits) and reloads only then, so an idle desk costs
next to nothing and a change made at another desk shows within
`REFRESH_SECONDS` plus the reload.
"""

from __future__ import annotations

from boundary_tui.store import Store

REFRESH_SECONDS = 1.0
"""How often screens ask whether another desk has committed. Read when a screen
mounts (tests shorten it rather than waiting)."""


class ChangeWatch:
    """Tells whether the database has changed since the last look.

    Database faults (a deleted file, a lock) pass through to the caller, which
    knows how to report them on its screen.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: int | None = None

    def changed(self) -> bool:
        """Whether anyone committed since the previous call (the first call only takes note)."""
        version = self._store.data_version()
        previous, self._seen = self._seen, version
        return previous is not None and version != previous
