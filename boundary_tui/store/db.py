"""The connection as the repositories use it: SQL in, a cursor out; sqlite-utils' tables only when asked for.

A desk runs all day and only ever executes SQL: every repository reads and
writes with `execute`, inside `immediate()`'s explicit transactions. For that,
sqlite-utils' `Database.execute` is a pass-through (it commits a statement that
opened a transaction implicitly, and every connection here is in autocommit
mode, `isolation_level=None`, so none does). Holding a `Database` for it loaded
sqlite-utils with click and pluggy into every desk: 3 MB of resident memory for
the whole day (measured on a desk day, `benchmarks/desk_day.py`), for nothing.

So the repositories hold this. What does use sqlite-utils' table API (adding a
patient, the full-text index a migration builds, the import) gets it through
`table()`, and sqlite-utils is imported then.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table


class Db:
    """One connection (`conn`), for `execute`, `commit`, `rollback`; sqlite-utils' tables on demand (`table`)."""

    __slots__ = ("conn", "_utils")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: Database | None = None

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()

    def table(self, name: str) -> Table:
        """sqlite-utils' table `name` (inserting rows, building the full-text index), sqlite-utils imported on
        first use. No plugins: we use none, and discovering them scans every installed package (~15 ms)."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils.table(name)
