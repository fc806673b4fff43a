"""Building contacts and actions in tests: valid defaults, one override at a time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from boundary_tui.core.actions import ActionDraft
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.store import Store
from tests.helpers.practice import NOW, Practice

HOSTILE = "[b]bold[/b] [@click=app.quit]quit[/] [/] \x1b[2J\x1b]0;pwned\x07 end"
"""Markup, a closing tag with nothing open, and terminal escape sequences (clear screen, set title)."""


def contact_draft(practice: Practice, **overrides: Any) -> ContactDraft:
    values: dict[str, Any] = {
        "occurred_at": NOW - timedelta(hours=1),
        "channel": "in_person",
        "aimed_at": (practice.hart_staff,),
        "description": "Asked at the desk to see Dr Hart.",
    }
    values.update(overrides)
    return ContactDraft(**values)


def log(store: Store, practice: Practice, *, patient: int | None = None, by: int | None = None, **overrides: Any):
    return store.contacts.log(
        patient if patient is not None else practice.obrien,
        contact_draft(practice, **overrides),
        by=by if by is not None else practice.reception,
    )


def act(
    store: Store,
    practice: Practice,
    kind: str,
    *,
    when: datetime | None = None,
    patient: int | None = None,
    by: int | None = None,
    **fields: Any,
):
    """Record an action (by the manager unless told otherwise)."""
    return store.actions.record(
        patient if patient is not None else practice.obrien,
        ActionDraft(kind=kind, occurred_at=when or NOW - timedelta(minutes=30), **fields),
        by=by if by is not None else practice.manager,
    )
