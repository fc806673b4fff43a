"""A small, fixed practice for tests: who is who, built through the real store API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from boundary_tui.core.clock import FixedClock
from boundary_tui.store import Store

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""Monday 23 November 2026, 09:00 in London (GMT): the tests' "now"."""

HOSTILE_NAME = "[@click=app.quit]Eve[/]"

MANAGER_PIN = "947261"
RECEPTION_PIN = "4826"


@dataclass(frozen=True)
class Practice:
    """Ids of everything the seeded practice holds."""

    path: Path
    manager: int
    reception: int
    hart: int
    """Clinician id of Dr Amelia Hart (targeted by O'Brien)."""
    hart_staff: int
    patel: int
    patel_staff: int
    oneill: int
    oneill_staff: int
    obrien: int
    """Martin O'Brien: not with Dr Hart, chaperone with her (targets only)."""
    zoe: int
    """Zoë Fairbairn: not with Dr Patel, chaperone for all consultations."""
    declan: int
    """Declan Murphy-Jones: removed from the list on 2 Nov 2026."""
    jo: int
    """Jo Smith: no restriction."""
    siobhan: int
    eve: int
    """The patient whose given name is markup."""
    sinclair: int
    """Eve Sinclair: concern closed, no restriction."""
    obrien_nhs: str


def build_practice(path: Path) -> Practice:
    clock = FixedClock(NOW - timedelta(days=30))
    with Store(path, clock=clock) as store:
        store.settings.set("practice_name", "The Surgery")
        hart = store.clinicians.add("Dr Amelia Hart", "GP", by="test")
        patel = store.clinicians.add("Dr Rajesh Patel", "GP", by="test")
        oneill = store.clinicians.add("Grace O'Neill", "Practice nurse", by="test")
        manager = store.staff.add("Margaret Lewis", "manager", MANAGER_PIN, by="test")
        reception = store.staff.add("Priya Shah", "reception", RECEPTION_PIN, by="test")

        def patient(nhs: str, given: str, family: str, born: str, postcode: str, phone: str = "") -> int:
            return store.patients.add(
                nhs_number=nhs,
                given_name=given,
                family_name=family,
                date_of_birth=date.fromisoformat(born),
                postcode=postcode,
                phone=phone,
                by="test",
            ).id

        obrien = patient("9434765919", "Martin", "O'Brien", "1978-03-14", "LS6 2AB", "07700 900123")
        zoe = patient("9990000026", "Zoë", "Fairbairn", "1990-07-02", "SW1A 1AA", "0113 496 0000")
        declan = patient("9990000034", "Declan", "Murphy-Jones", "1969-11-30", "M14 5RT")
        jo = patient("9990000042", "Jo", "Smith", "1985-01-09", "EH3 9QX")
        siobhan = patient("9990000050", "Siobhán", "Ní Bhriain", "2001-12-25", "B15 2TT")
        eve = patient("9990000069", HOSTILE_NAME, "Example", "1999-09-09", "LS1 4AP")
        sinclair = patient("9990000077", "Eve", "Sinclair", "1985-05-21", "LS2 7EW")

        store.concerns.open(
            obrien,
            kind="amorous_advances",
            targets=[hart.staff_id],
            chaperone_scope="targets",
            review_on=date(2027, 1, 31),
            summary="Cards addressed to Dr Hart.",
            by=manager.id,
        )
        store.concerns.open(
            zoe,
            kind="harassment",
            targets=[patel.staff_id],
            chaperone_scope="all",
            review_on=date(2027, 1, 31),
            by=manager.id,
        )
        store.concerns.open(
            declan,
            kind="stalking",
            targets=[oneill.staff_id],
            chaperone_scope="targets",
            review_on=date(2027, 1, 31),
            by=manager.id,
        )
        store.patients.mark_removed(declan, date(2026, 11, 2), by="test")
        closed = store.concerns.open(
            sinclair,
            kind="amorous_advances",
            targets=[patel.staff_id],
            chaperone_scope="targets",
            review_on=date(2027, 1, 31),
            by=manager.id,
        )
        store.concerns.close(closed.id, reason="No contact for four months.", by=manager.id)

    return Practice(
        path=path,
        manager=manager.id,
        reception=reception.id,
        hart=hart.id,
        hart_staff=hart.staff_id,
        patel=patel.id,
        patel_staff=patel.staff_id,
        oneill=oneill.id,
        oneill_staff=oneill.staff_id,
        obrien=obrien,
        zoe=zoe,
        declan=declan,
        jo=jo,
        siobhan=siobhan,
        eve=eve,
        sinclair=sinclair,
        obrien_nhs="9434765919",
    )
