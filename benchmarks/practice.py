"""A large, deterministic practice: 100,000 patients, 500 concerns, and the evidence to go with them.

Built once per (size, seed, schema version) into a cache folder and copied for
each run, so repeated runs do not pay for generation. Patients go through the
same validation as real imports (`patient_row`); evidence rows go through
`store.evidence.append`, the path every desk uses, inside large transactions.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from boundary_tui.core import nhs
from boundary_tui.core.clock import FixedClock
from boundary_tui.demo import DEMO_ACCOUNTS, DEMO_CLINICIANS
from boundary_tui.demo.names import FAMILY_NAMES, GIVEN_NAMES, INWARD_LETTERS, OUTWARD_CODES, STREETS, TOWN
from boundary_tui.store import Store
from boundary_tui.store.patients import patient_row
from boundary_tui.store.schema import LATEST_VERSION

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""The benchmark practice's "now" (a Monday morning)."""

SEED = 20261123


@dataclass(frozen=True)
class Size:
    patients: int
    concerns: int
    contacts: int
    busy_patient_entries: int
    """Timeline entries of the one very busy patient."""


FULL = Size(patients=100_000, concerns=500, contacts=50_000, busy_patient_entries=5_000)
QUICK = Size(patients=20_000, concerns=100, contacts=10_000, busy_patient_entries=5_000)


@dataclass(frozen=True)
class BigPractice:
    path: Path
    size: Size
    busy_patient_nhs: str
    """NHS number of the patient with `busy_patient_entries` timeline entries."""
    busy_patient_id: int


def _nhs_numbers(rng: random.Random, count: int) -> list[str]:
    numbers: set[str] = set()
    while len(numbers) < count:
        number = nhs.with_check_digit(f"999{rng.randrange(10**6):06d}") if count < 500_000 else None
        if number:
            numbers.add(number)
    return sorted(numbers)


def cache_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / "boundary-tui-benchmarks"
    folder.mkdir(exist_ok=True)
    return folder


def _accounts_key() -> str:
    """A short digest of the demo staff and PINs: a cached practice made with other PINs is not reused."""
    text = "|".join(f"{a.name}:{a.role}:{a.pin}" for a in DEMO_ACCOUNTS)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def big_practice(size: Size, into: Path) -> BigPractice:
    """A copy of the cached practice of this size at `into` (generated if needed)."""
    cached = cache_dir() / f"practice-{size.patients}-{SEED}-v{LATEST_VERSION}-{_accounts_key()}.db"
    if not cached.exists():
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        generate(size, partial)
        partial.rename(cached)
    shutil.copyfile(cached, into)
    with Store(into, clock=FixedClock(NOW)) as store:
        row = store.db.execute(
            "SELECT p.id, p.nhs_number FROM patients p WHERE p.family_name = 'Busybody' LIMIT 1"
        ).fetchone()
    return BigPractice(path=into, size=size, busy_patient_nhs=row[1], busy_patient_id=row[0])


def generate(size: Size, path: Path) -> None:
    rng = random.Random(SEED)
    clock = FixedClock(NOW - timedelta(days=700))
    with Store(path, clock=clock) as store:
        store.db.execute("PRAGMA synchronous = OFF")  # generation only: a crash just means regenerate
        for name, job in DEMO_CLINICIANS:
            store.clinicians.add(name, job, by="benchmark")
        for account in DEMO_ACCOUNTS:
            existing = store.staff.by_name(account.name)
            if existing is None:
                store.staff.add(account.name, account.role, account.pin, by="benchmark")
            else:
                store.staff.set_pin(existing.id, account.pin)
        _patients(store, rng, size.patients)
        manager = store.staff.by_name("Margaret Lewis")
        reception = store.staff.by_name("Priya Shah")
        assert manager and reception
        _concerns(store, rng, clock, size.concerns, manager.id)
        _evidence(store, rng, size, reception.id, manager.id)


def _patients(store: Store, rng: random.Random, count: int) -> None:
    numbers = _nhs_numbers(rng, count)
    rng.shuffle(numbers)
    now = store.patients.now_db()
    batch: list[dict[str, object]] = []
    for index, number in enumerate(numbers):
        family = "Busybody" if index == 0 else rng.choice(FAMILY_NAMES)
        batch.append(
            patient_row(
                {
                    "nhs_number": number,
                    "given_name": rng.choice(GIVEN_NAMES),
                    "family_name": family,
                    "date_of_birth": date(1925, 1, 1) + timedelta(days=rng.randrange(36_000)),
                    "postcode": f"{rng.choice(OUTWARD_CODES)} {rng.randrange(1, 10)}"
                    f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}",
                    "phone": f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
                    "address": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {TOWN}",
                },
                now=now,
                by="benchmark",
            )
        )
        if len(batch) == 10_000:
            store.patients.insert_rows(batch)
            batch = []
    if batch:
        store.patients.insert_rows(batch)


def _concerns(store: Store, rng: random.Random, clock: FixedClock, count: int, manager: int) -> None:
    staff = [c.staff_id for c in store.clinicians.all()]
    patient_ids = [1] + rng.sample(range(2, store.patients.count() + 1), count - 1)
    for patient_id in patient_ids:
        clock.set(NOW - timedelta(days=rng.randrange(30, 600)))
        store.concerns.open(
            patient_id,
            kind=rng.choice(["amorous_advances", "harassment", "stalking", "aggression"]),
            targets=rng.sample(staff, rng.choice([1, 1, 2])),
            chaperone_scope=rng.choice(["none", "targets", "all"]),
            review_on=clock.now().date() + timedelta(days=90),
            summary="Generated for benchmarks.",
            by=manager,
        )


CHANNELS = ["letter", "card", "gift", "phone_call", "text_message", "email", "social_media", "in_person"]


def _evidence(store: Store, rng: random.Random, size: Size, reception: int, manager: int) -> None:
    """Contacts spread over the concern patients; the busy patient gets a whole timeline."""
    from boundary_tui.core.times import to_db
    from boundary_tui.store import evidence
    from boundary_tui.store.connection import immediate

    concerned = [r[0] for r in store.db.execute("SELECT patient_id FROM concerns").fetchall()]
    busy = 1
    others = [p for p in concerned if p != busy]
    plan = [busy] * (size.busy_patient_entries - size.busy_patient_entries // 10)
    plan += [rng.choice(others) for _ in range(size.contacts - len(plan))]
    with immediate(store.db):
        for patient_id in plan:
            occurred = NOW - timedelta(minutes=rng.randrange(60, 600 * 24 * 60))
            evidence.append(
                store.db,
                "contacts",
                {
                    "patient_id": patient_id,
                    "occurred_at": to_db(occurred),
                    "logged_at": to_db(occurred + timedelta(minutes=rng.randrange(0, 120))),
                    "logged_by": reception,
                    "channel": rng.choice(CHANNELS),
                    "aimed_at": "[]",
                    "description": "Generated contact for benchmarks: a card and a long message, "
                    "asked at the desk for the doctor's home address.",
                    "severity": rng.choice(["note", "note", "concerning", "threatening"]),
                },
            )
        for _ in range(size.busy_patient_entries // 10):
            occurred = NOW - timedelta(minutes=rng.randrange(60, 600 * 24 * 60))
            evidence.append(
                store.db,
                "actions",
                {
                    "patient_id": busy,
                    "kind": rng.choice(["spoke_to_patient", "defence_body_contacted", "line_manager_informed"]),
                    "occurred_at": to_db(occurred),
                    "recorded_at": to_db(occurred + timedelta(hours=1)),
                    "recorded_by": manager,
                    "notes": "Generated action for benchmarks.",
                },
            )
