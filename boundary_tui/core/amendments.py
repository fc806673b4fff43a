"""Rule 5: corrections are new entries that point at the entry they amend.

Contacts and actions are never changed. An amendment is a new row with
`amends_id`; the row it points at is *superseded* and stays on record. Rules,
hints and counts look only at current versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from boundary_tui.core import text


class Amendable(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def amends_id(self) -> int | None: ...


T = TypeVar("T", bound=Amendable)


def superseded(items: Iterable[Amendable]) -> dict[int, int]:
    """Id of each amended entry → id of the entry that amends it."""
    return {item.amends_id: item.id for item in items if item.amends_id is not None}


def current(items: Sequence[T]) -> list[T]:
    """Only the entries nobody has amended (the latest version of each)."""
    replaced = superseded(items)
    return [item for item in items if item.id not in replaced]


def latest_version(items: Sequence[T], item_id: int) -> int:
    """Follow amendments from `item_id` to the newest version of that entry."""
    replaced = superseded(items)
    seen = {item_id}
    while item_id in replaced:
        item_id = replaced[item_id]
        if item_id in seen:  # a loop cannot be written through the store; never spin on one
            break
        seen.add(item_id)
    return item_id


def reason_problem(reason: str) -> str | None:
    """Why a correction's reason cannot be saved, or None: every correction says why it was made."""
    return text.reason_problem(reason, "Say why the entry is being corrected (e.g. wrong date typed).")
