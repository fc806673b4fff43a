"""`build_demo`: a whole demo practice in a new database file, and what to print about it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from boundary_tui.core.clock import FixedClock, SystemClock
from boundary_tui.core.times import london_today
from boundary_tui.demo.patients import add_patients, add_story_patient
from boundary_tui.demo.pictures import card_photo
from boundary_tui.demo.queue import add_queue_examples
from boundary_tui.demo.staff import DEMO_ACCOUNTS, add_practice_and_staff
from boundary_tui.demo.stories import STORY_PATIENTS, write_stories
from boundary_tui.demo.stories.scene import Scene
from boundary_tui.store import Store
from boundary_tui.store.attachments import inbox_path

HISTORY_DAYS = 400
"""The store's clock starts this long before now: staff and patients were there before every story."""


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    patients: int

    def describe(self) -> str:
        """What to print when a demo database is made."""
        lines = [f"Demo database: {self.path}", f"{self.patients:,} patients. Sign in as:"]
        lines += [f"  {a.name:<16} {a.role:<10} PIN {a.pin}" for a in DEMO_ACCOUNTS]
        lines.append("Patients with concerns (search their names):")
        lines += [f"  {p.given_name} {p.family_name}: {p.story}" for p in STORY_PATIENTS]
        return "\n".join(lines)


def build_demo(path: Path, *, patients: int = 5000, seed: int = 2026, now: datetime | None = None) -> DemoSummary:
    """Write a demo practice database to `path`, which must not exist yet.

    The same `seed`, `patients` and `now` always give the same practice (PIN hashes
    aside: they are salted).
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another path (the demo never overwrites a file).")
    rng = random.Random(seed)
    real_now = now or SystemClock().now()
    clock = FixedClock(real_now - timedelta(days=HISTORY_DAYS))
    store = Store(path, clock=clock)
    try:
        add_practice_and_staff(store)
        stories = len(STORY_PATIENTS)
        add_patients(store, rng, patients - stories, london_today(real_now), spare_numbers=stories)
        patient_ids = {person: add_story_patient(store, rng, person) for person in STORY_PATIENTS}
        scene = Scene(store, clock, real_now)
        write_stories(scene, patient_ids)
        add_queue_examples(scene)
        add_inbox_example(path)
    finally:
        store.close()
    return DemoSummary(path=path, patients=patients)


INBOX_EXAMPLE = "photo-of-card-left-for-Dr-Hart.png"
"""A photo waiting in the demo's evidence inbox, to attach at the desk (F3, or i on a contact)."""


def add_inbox_example(path: Path) -> None:
    """A photo waiting in the evidence inbox beside the demo database, if that inbox is new.

    An inbox that is already there belongs to someone (a training desk beside a
    real practice?): the demo never puts its files among theirs."""
    inbox = inbox_path(path)
    try:
        inbox.mkdir(mode=0o700)
    except FileExistsError:
        return
    (inbox / INBOX_EXAMPLE).write_bytes(card_photo())
