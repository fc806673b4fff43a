"""Evidence rows already read for the patient on screen, kept by id so a re-read fetches only what is new.

Used for contacts, thousands of which a long record holds. Contacts are
append-only: the database's triggers refuse UPDATE and DELETE whatever the
client, and a desk stops using a file replaced under it
(`Store._check_identity`). So a row read once reads the same for the life of the
store, and the staff name joined to it cannot change either (staff are never
renamed). Reading a record again after any desk saved (F4 once more, the
timeline's live refresh) then costs a scan of the patient's ids in the index and
the new rows, instead of fetching and parsing every row again: 5,000 contacts
were ~20 ms to fetch and ~10 ms to parse.

One patient at a time, the one last read: the rows kept are the same objects the
timeline on screen holds, so keeping them costs no memory of its own. An export
never uses this: it reads and hashes every row as stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_BY_ID = 200
"""Up to this many rows missing are fetched by id; more, and the patient's rows are read whole."""


class KeptRows(Generic[T]):
    """One patient's rows of one table, parsed, by id (see the module docstring)."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._patient: int | None = None
        self._rows: dict[int, T] = {}
        self._lock = threading.Lock()

    def read(
        self,
        patient_id: int,
        ids: Sequence[int],
        fetch: Callable[[Sequence[int] | None], Iterable[Any]],
    ) -> list[T]:
        """The patient's rows in the order of `ids`.

        `ids`: the patient's row ids, in order, as just read in the caller's snapshot.
        `fetch(None)` reads every row of the patient, `fetch(ids)` only those rows;
        a row read comes first with its id. Rows are built as they come (a cursor will
        do): 5,000 rows held at once before any was built took ~4 MB more at the peak.
        """
        with self._lock:
            kept = self._rows if self._patient == patient_id else {}
            missing = [i for i in ids if i not in kept]
            if missing:
                rows = fetch(None if len(missing) > _BY_ID else missing)
                kept = dict(kept)  # a reader on another thread may hold the old one
                build = self._build
                kept.update((row[0], build(row)) for row in rows if row[0] not in kept)
            self._patient, self._rows = patient_id, kept
            return [kept[i] for i in ids]

    def forget(self) -> None:
        with self._lock:
            self._patient, self._rows = None, {}
