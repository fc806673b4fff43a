"""The marker that says a chaperone is required (rule 3), and for whom."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from boundary_tui.store.views import PatientView


class ChaperoneMarker(Static):
    """`Chaperone required for all consultations` / `… with Dr X`."""

    view: reactive[PatientView | None] = reactive(None)

    def watch_view(self, view: PatientView | None) -> None:
        text = view.restriction.marker_text() if view and not view.patient.is_removed else ""
        self.update(Content(f"◆ {text}" if text else ""))
        self.set_class(bool(text), "-shown")
