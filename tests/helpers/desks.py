"""Desk processes for the concurrency and durability tests: `python -m tests.helpers.desks ...`.

Each run is a separate process with its own `Store` on the shared file, like a
desk logged in over SSH. Two modes:

* `save DB PATIENT STAFF COUNT`: open the store, print `ready`, wait for `go`
  on stdin (so every desk starts at the same moment and they really contend),
  log COUNT contacts as fast as possible, then print one JSON line with the
  ids saved, every exception seen and the time taken. Exceptions are recorded,
  never fatal, so the parent sees all of them.
* `burst DB PATIENT STAFF`: log contacts forever, printing each id (flushed)
  the moment `log()` returns: that is the app's "saved" confirmation. The
  parent kills it with SIGKILL somewhere in the middle.
* `book DB PATIENT STAFF CLINICIAN SLOT...`: for each slot (ISO time), print
  `ready`, wait for `go`, try to book it and print the outcome as JSON. Two of
  these racing show that exactly one desk gets each slot. The clock is the
  test practice's fixed Monday morning.

The parent's side (`desks()`, `wait_ready()`, `go()`) follows the desk's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from boundary_tui.core.clock import FixedClock
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.core.errors import SlotTaken
from boundary_tui.store import Store
from boundary_tui.store.appointments import Slot
from tests.helpers.practice import NOW


def draft(staff_id: int, number: int) -> ContactDraft:
    return ContactDraft(
        occurred_at=datetime.now(UTC) - timedelta(minutes=1),
        channel="phone_call",
        aimed_at=(staff_id,),
        description=f"Rang the practice asking for the doctor (call {number}).",
    )


def save(db: str, patient: int, staff: int, count: int) -> int:
    errors: list[str] = []
    ids: list[int] = []
    try:
        store = Store(db, create=False)
        store.contacts  # noqa: B018 - load the repository before the start line, not in the race
    except Exception:  # noqa: BLE001 - reported to the parent, which fails the test
        print(json.dumps({"ids": [], "errors": [traceback.format_exc()], "seconds": 0.0}), flush=True)
        return 1
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 2
    started = time.perf_counter()
    for number in range(count):
        try:
            ids.append(store.contacts.log(patient, draft(staff, number), by=staff).id)
        except Exception as error:  # noqa: BLE001 - every error is reported, none stops the desk
            errors.append(f"{type(error).__name__}: {error}")
    seconds = time.perf_counter() - started
    store.close()
    print(json.dumps({"ids": ids, "errors": errors, "seconds": seconds}), flush=True)
    return 0


def burst(db: str, patient: int, staff: int) -> int:
    store = Store(db, create=False)
    number = 0
    while True:
        contact = store.contacts.log(patient, draft(staff, number), by=staff)
        # Only after log() has returned, i.e. committed with synchronous=FULL: "saved".
        print(contact.id, flush=True)
        number += 1


def book(db: str, patient: int, staff: int, clinician: int, slots: list[str]) -> int:
    store = Store(db, clock=FixedClock(NOW), create=False)
    store.appointments  # noqa: B018 - loaded before the race
    for text in slots:
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 2
        outcome: dict[str, object]
        try:
            booked = store.appointments.book(
                patient_id=patient, clinician_id=clinician, starts_at=datetime.fromisoformat(text), by=staff
            )
            outcome = {"booked": booked.id}
        except SlotTaken as taken:
            offered = taken.next_free
            outcome = {"taken": str(taken), "next_free": offered.label if isinstance(offered, Slot) else None}
        except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the test
            outcome = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(outcome), flush=True)
    store.close()
    return 0


def main(argv: list[str]) -> int:
    mode, db, patient, staff, *rest = argv
    if mode == "save":
        return save(db, int(patient), int(staff), int(rest[0]))
    if mode == "burst":
        return burst(db, int(patient), int(staff))
    if mode == "book":
        return book(db, int(patient), int(staff), int(rest[0]), rest[1:])
    raise SystemExit(f"unknown mode {mode}")


# -- the parent's side: starting desks and starting them together -------------------------

ROOT = Path(__file__).resolve().parents[2]


def start_desk(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.desks", *map(str, args)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def desks(*commands: tuple[object, ...]) -> Iterator[list[subprocess.Popen[str]]]:
    """Desk processes, killed on the way out whatever happened."""
    started = [start_desk(*command) for command in commands]
    try:
        yield started
    finally:
        for desk in started:
            if desk.poll() is None:
                desk.kill()
            desk.communicate()


def wait_ready(desk: subprocess.Popen[str]) -> None:
    assert desk.stdout is not None
    line = desk.stdout.readline().strip()
    if line != "ready":
        desk.kill()
        raise AssertionError(f"desk did not start: {line!r}\n{desk.communicate()[1]}")


def go(desk: subprocess.Popen[str]) -> None:
    assert desk.stdin is not None
    desk.stdin.write("go\n")
    desk.stdin.flush()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
