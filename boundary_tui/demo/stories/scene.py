"""What a demo story is, and the scene it is written in: the store, a clock moved back in time, who is who.

A story writes its entries through the real store API, each at the moment it
happened (the clock is set first), so every demo entry went through the same
rules as a real one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from boundary_tui.core.actions import ActionDraft
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.core.models import Staff
from boundary_tui.core.times import london_today, london_wall_time
from boundary_tui.store import Store


@dataclass(frozen=True)
class DemoPatient:
    """A patient the demo gives a story to, so people can find and try them."""

    given_name: str
    family_name: str
    date_of_birth: date
    story: str
    """The story in one line, printed when a demo is made."""
    nhs_number: str = ""
    """Fixed, so the README's examples (`boundary-tui export "999 000 0018"`) work on every demo."""


class Scene:
    """The practice a story is written into: ids by name, and the clock to move."""

    def __init__(self, store: Store, clock: FixedClock, now: datetime) -> None:
        self.store = store
        self.clock = clock
        self.now = now
        """The demo's present: stories are written in the days before it."""
        self.today = london_today(now)
        self.staff = {s.name: s.id for s in store.staff.all()}
        self.clinicians = {c.name: c.id for c in store.clinicians.all()}
        manager = store.staff.by_name("Margaret Lewis")
        reception = store.staff.by_name("Priya Shah")
        assert manager and reception
        self.manager: Staff = manager
        """Opens the concerns and records the actions."""
        self.reception: Staff = reception
        """Books the appointments."""

    def set_clock(self, days_ago: int) -> None:
        """The clock at this time of day, `days_ago` days before now."""
        self.clock.set(self.now - timedelta(days=days_ago))

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        """`hour`:`minute` at the practice, `days_ago` days before today."""
        return london_wall_time(self.today - timedelta(days=days_ago), hour, minute)

    def contact(
        self,
        patient_id: int,
        when: datetime,
        channel: str,
        text: str,
        *,
        by: int,
        aimed: tuple[int, ...],
        **more: Any,
    ) -> int:
        """Log a contact 25 minutes after it happened; returns its id."""
        self.clock.set(when + timedelta(minutes=25))
        draft = ContactDraft(occurred_at=when, channel=channel, aimed_at=aimed, description=text, **more)
        return self.store.contacts.log(patient_id, draft, by=by).id

    def action(self, patient_id: int, when: datetime, kind: str, **fields: Any) -> None:
        """The practice manager records an action an hour after it happened."""
        self.clock.set(when + timedelta(hours=1))
        self.store.actions.record(patient_id, ActionDraft(kind=kind, occurred_at=when, **fields), by=self.manager.id)


def working_slot(day: date, hour: int) -> datetime:
    """`hour`:00 on the first weekday on or after `day`."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return london_wall_time(day, hour, 0)


Chapter = Callable[[Scene, int], None]
"""One part of a story, written into the scene for the story's patient (by id)."""


def nothing(scene: Scene, patient_id: int) -> None:
    """A chapter a story does not have."""


@dataclass(frozen=True)
class Story:
    """One demo patient and what happened, in three chapters the demo writes in turn for every story."""

    patient: DemoPatient
    concern: Chapter
    """The concern as it was opened, changed, closed (and what it did to bookings)."""
    history: Chapter
    """The contacts logged and the actions the practice took."""
    booked_today: Chapter = nothing
    """Appointments booked at the desk today."""
