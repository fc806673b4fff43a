"""What every repository shares: the store's connection and clock."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from boundary_tui.core.times import to_db

if TYPE_CHECKING:
    from sqlite_utils import Database

    from boundary_tui.store import Store


class Repo:
    """Base for the per-concept repositories; holds no state of its own."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def db(self) -> Database:
        return self._store.db

    @property
    def conn(self) -> sqlite3.Connection:
        """The same connection without sqlite-utils: for what the sign-in screen reads (see `Store.conn`)."""
        return self._store.conn

    def now(self) -> datetime:
        return self._store.now()

    def now_db(self) -> str:
        """Now, as stored (UTC text)."""
        return to_db(self._store.now())


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds for an index-friendly prefix match: `col >= lo AND col < hi`."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
