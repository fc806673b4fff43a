"""The banner that tells the desk whom NOT to book (rules 1, 4 and 11).

Shown only while a booking restriction applies; says only what the desk needs.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from boundary_tui.store.views import PatientView


class FlagBanner(Static):
    """`Not with Dr X` per target, or `Removed from list on DATE: do not book`."""

    view: reactive[PatientView | None] = reactive(None)

    def watch_view(self, view: PatientView | None) -> None:
        lines = view.restriction.banner_lines() if view else []
        # The lines hold staff names: user text, so assembled as plain Content.
        self.update(Content("\n".join(f"⚠ {line}" for line in lines)))
        self.set_class(bool(lines), "-shown")
