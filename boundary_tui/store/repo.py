"""What every repository shares: the store's connection and clock, and its boundary.

A repository's public methods are what the rest of the app calls, so they are
where a database fault becomes a `StoreError` (see `connection.raises_store_error`).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from types import FunctionType
from typing import TYPE_CHECKING, Any

from boundary_tui.core.times import to_db
from boundary_tui.store.connection import raises_store_error

if TYPE_CHECKING:
    from boundary_tui.store import Store
    from boundary_tui.store.db import Db


class Repo:
    """Base for the per-concept repositories; holds no state of its own."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Wrap every public method of a repository in `raises_store_error`.

        Done here, once per class, so that a method added later cannot forget it
        and no method needs a try/except of its own. Private helpers (`_name`) are
        left alone: they run inside a public method, whose boundary covers them.
        """
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and isinstance(member, FunctionType):
                setattr(cls, name, raises_store_error(member))

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def db(self) -> Db:
        return self._store.db

    @property
    def conn(self) -> sqlite3.Connection:
        """The same connection as `db`, plain: for what the sign-in screen reads (see `Store.conn`)."""
        return self._store.conn

    def now(self) -> datetime:
        return self._store.now()

    def now_db(self) -> str:
        """Now, as stored (UTC text)."""
        return to_db(self._store.now())


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds for an index-friendly prefix match: `col >= lo AND col < hi`."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
