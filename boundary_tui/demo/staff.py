"""The demo practice's name, its staff (with the PINs the README lists) and its clinicians."""

from __future__ import annotations

from dataclasses import dataclass

from boundary_tui.store import Store

PRACTICE_NAME = "Riverside Medical Practice"
PRACTICE_ADDRESS = "1 Riverside Walk, Leeds LS6 2AB"

DEMO_BY = "demo"
"""Who the demo's set-up writes are attributed to (no one signs in to build a demo)."""


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in, printed on start and listed in the README."""

    name: str
    role: str
    pin: str


DEMO_ACCOUNTS = (
    DemoAccount("Margaret Lewis", "manager", "582946"),
    DemoAccount("Priya Shah", "reception", "3917"),
    DemoAccount("Ben Clarke", "reception", "6284"),
    DemoAccount("Dr Amelia Hart", "clinician", "5173"),
)


def demo_pin(name: str) -> str:
    """The PIN of the demo account called `name` (tests, benchmarks and screenshots sign in with it)."""
    return next(account.pin for account in DEMO_ACCOUNTS if account.name == name)


DEMO_CLINICIANS = (
    ("Dr Amelia Hart", "GP"),
    ("Dr Rajesh Patel", "GP"),
    ("Dr Siobhán Kelly", "GP"),
    ("Grace O'Neill", "Practice nurse"),
    ("Tom Okafor", "Healthcare assistant"),
)
"""(name, job title) of every bookable clinician."""


def sign_in_note() -> str:
    """The reminder shown on the demo's sign-in screen."""
    pins = ", ".join(f"{a.name} {a.pin}" for a in DEMO_ACCOUNTS)
    return f"Demo practice. PINs: {pins}."


def add_practice_and_staff(store: Store) -> None:
    """The practice's settings, its clinicians, and a sign-in for each demo account.

    A clinician is staff too: Dr Hart, added as a clinician, gets her PIN here.
    """
    store.settings.set("practice_name", PRACTICE_NAME)
    store.settings.set("practice_address", PRACTICE_ADDRESS)
    for name, job in DEMO_CLINICIANS:
        store.clinicians.add(name, job, by=DEMO_BY)
    for account in DEMO_ACCOUNTS:
        existing = store.staff.by_name(account.name)
        if existing is None:
            store.staff.add(account.name, account.role, account.pin, by=DEMO_BY)
        else:
            store.staff.set_pin(existing.id, account.pin)
