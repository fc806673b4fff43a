"""Three more patients whose deadlines fill the manager's queue, and a colleague locked out.

A warning letter about to lapse, an immediate removal awaiting written
confirmation, and a Stalking Protection Order near its expiry. Concerns go
through the store; the actions are written the way the actions form writes them
(`evidence.append` in a write transaction), each at the time it happened. This
morning someone typed five wrong PINs against Ben Clarke's name, written as the
sign-in screen records them (the lock has ended; the queue offers to lift it).
"""

from __future__ import annotations

from datetime import date, timedelta

from boundary_tui.core import lockout
from boundary_tui.core.removal import SPO_MINIMUM_YEARS, WARNING_VALID_MONTHS, add_months
from boundary_tui.core.times import london_wall_time, to_db
from boundary_tui.demo.staff import DEMO_BY
from boundary_tui.demo.stories.scene import Scene
from boundary_tui.store import evidence, sign_in_events
from boundary_tui.store.connection import immediate

CANDIDATES = 103
"""The three are the last of the first this-many registered patients without a concern."""


LOCKED_OUT = "Ben Clarke"
"""The demo colleague someone tried to sign in as this morning."""


def add_lockout_example(scene: Scene) -> None:
    """Five wrong PINs against one account 40 minutes before the demo's "now": a lock-out for the queue."""
    store, clock = scene.store, scene.clock
    staff_id = scene.staff.get(LOCKED_OUT)
    if staff_id is None:
        return
    clock.set(scene.now - timedelta(minutes=40))
    with immediate(store.db):
        for _ in range(lockout.MAX_WRONG_PINS):
            sign_in_events.record(store.db, staff_id, lockout.WRONG_PIN, at=to_db(clock.now()))
        sign_in_events.record(store.db, staff_id, lockout.LOCKED, at=to_db(clock.now()))
    clock.set(scene.now)


def add_queue_examples(scene: Scene) -> None:
    """The three patients' concerns and actions (nothing in a demo too small to spare three patients),
    and the lock-out."""
    add_lockout_example(scene)
    store, clock, today, manager = scene.store, scene.clock, scene.today, scene.manager
    candidates = store.db.execute(
        """SELECT id FROM patients WHERE status = 'registered'
           AND id NOT IN (SELECT patient_id FROM concerns) ORDER BY id LIMIT ?""",
        (CANDIDATES,),
    ).fetchall()
    if len(candidates) < 3:
        return
    warned, removed, protected = (row[0] for row in candidates[-3:])

    def action(patient_id: int, kind: str, on: date, **extra: str) -> None:
        clock.set(london_wall_time(on, 16, 0))
        with immediate(store.db):
            evidence.append(
                store.db,
                "actions",
                {
                    "patient_id": patient_id,
                    "kind": kind,
                    "occurred_at": to_db(london_wall_time(on, 10, 0)),
                    "recorded_at": to_db(clock.now()),
                    "recorded_by": manager.id,
                    **extra,
                },
            )

    def concern(patient_id: int, kind: str, target: str, opened: date, summary: str) -> None:
        clock.set(london_wall_time(opened, 9, 0))
        store.concerns.open(
            patient_id,
            kind=kind,
            targets=[scene.staff[target]],
            chaperone_scope="targets",
            review_on=today + timedelta(days=45),
            summary=summary,
            by=manager.id,
        )

    # A warning letter sent almost a year ago: it stops supporting an ordinary removal in two weeks.
    warned_on = add_months(today + timedelta(days=14), -WARNING_VALID_MONTHS)
    concern(warned, "harassment", "Tom Okafor", warned_on - timedelta(days=20), "Abusive phone calls to the HCA.")
    action(warned, "warning_letter_sent", warned_on, signed_by="Margaret Lewis", notes="Behaviour must stop.")

    # Removed at once after threats, reported to the police; written confirmation due within 7 days.
    removed_on = today - timedelta(days=3)
    concern(removed, "aggression", "Dr Rajesh Patel", removed_on - timedelta(days=2), "Threatened Dr Patel.")
    action(removed, "police_reported", removed_on - timedelta(days=1), crime_reference="WY/2611/0457")
    action(removed, "removal_effective", removed_on, removal_route="immediate", effective_on=removed_on.isoformat())
    store.patients.mark_removed(removed, removed_on, by=f"{DEMO_BY}: {manager.name}", by_id=manager.id)

    # A Stalking Protection Order granted two years ago, expiring in six weeks.
    expires_on = today + timedelta(days=42)
    granted_on = add_months(expires_on, -12 * SPO_MINIMUM_YEARS)
    concern(protected, "stalking", "Dr Siobhán Kelly", granted_on - timedelta(days=60), "Followed Dr Kelly home.")
    action(
        protected, "spo_granted", granted_on, organisation="Leeds Magistrates' Court", expires_on=expires_on.isoformat()
    )
    clock.set(scene.now)
