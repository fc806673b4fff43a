"""The demo's manager's queue shows every kind of item, so a demo or training desk can try them all."""

from __future__ import annotations

from pathlib import Path

from boundary_tui.core.clock import FixedClock
from boundary_tui.core.times import london_today
from boundary_tui.demo import build_demo
from boundary_tui.store import Store
from boundary_tui.store.queue import QueueStore, when_text
from tests.helpers.practice import NOW


def test_the_demo_queue_has_one_of_each_kind_with_sensible_deadlines(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, patients=300, now=NOW)
    with Store(path, clock=FixedClock(NOW)) as store:
        items = QueueStore(store).items()
        today = london_today(NOW)
        seen = {i.kind: when_text(i, today) for i in items}
        assert seen == {
            "review": "140 days overdue",
            "override": "6 days ago",
            "confirmation": "in 4 days",
            "warning": "in 14 days",
            "spo": "in 42 days",
            "lockout": "today",
            "affected": "in 7 days",
        }
        assert store.patients.count() == 300
        removed = next(i for i in items if i.kind == "confirmation")
        patient = store.patients.get(removed.patient_id)
        assert patient is not None and patient.is_removed
