"""kill -9 in the middle of saving: every save the app confirmed is there after a restart.

A desk process (`tests/desks.py burst`) logs contacts in a loop and prints each
id the moment `log()` returns, which is when the app tells staff "Saved". The
test kills it with SIGKILL at different moments (often inside a transaction),
reopens the database as a restarted desk would, and checks that every
confirmed id is there, that at most the one save in flight is there without a
confirmation, and that SQLite and the tamper-evidence chain are intact.
"""

from __future__ import annotations

import json
import signal
import time

import pytest

from boundary_tui.store import Store
from boundary_tui.store.verify import verify
from tests.helpers.desks import desks, go, wait_ready
from tests.helpers.practice import Practice

KILLS = [(1, 0.0), (40, 0.0013), (150, 0.0004), (400, 0.007)]
"""(saves confirmed before the kill, then a further pause in seconds): different moments in the burst."""


def confirmed_then_killed(practice: Practice, confirmations: int, pause: float) -> list[int]:
    """Start a saving desk, kill -9 it after `confirmations` (+ `pause`); every id it confirmed."""
    with desks(("burst", practice.path, practice.obrien, practice.reception)) as (desk,):
        assert desk.stdout is not None
        confirmed: list[int] = []
        while len(confirmed) < confirmations:
            line = desk.stdout.readline()
            assert line, desk.communicate()[1]
            confirmed.append(int(line))
        time.sleep(pause)
        desk.send_signal(signal.SIGKILL)
        # Read the rest through the same buffered file: readline() may already hold lines read
        # ahead, which communicate() (reading the raw pipe) would silently drop.
        rest = desk.stdout.read()
        desk.wait()
        assert desk.returncode == -signal.SIGKILL
    # Lines already written when it died were confirmations too.
    return confirmed + [int(line) for line in rest.split()]


def stored_contacts(practice: Practice) -> set[int]:
    """Reopen the file as a restarted desk does; check SQLite's own integrity on the way."""
    with Store(practice.path, create=False) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {c.id for c in store.contacts.for_patient(practice.obrien)}


@pytest.mark.parametrize(("confirmations", "pause"), KILLS)
def test_every_confirmed_save_survives_kill_9(practice: Practice, confirmations: int, pause: float) -> None:
    confirmed = confirmed_then_killed(practice, confirmations, pause)
    stored = stored_contacts(practice)
    assert set(confirmed) <= stored
    assert len(stored - set(confirmed)) <= 1  # only the save in flight may be there unconfirmed
    report = verify(practice.path)
    assert report.ok, report.describe()


def test_a_desk_killed_mid_save_does_not_hold_up_the_others(practice: Practice) -> None:
    """The killed desk's lock goes with its process: a desk saving alongside carries on without an error."""
    with desks(("save", practice.path, practice.obrien, practice.reception, 300)) as (other,):
        wait_ready(other)
        go(other)
        confirmed = confirmed_then_killed(practice, 60, 0.002)
        out, err = other.communicate(timeout=120)
        assert other.returncode == 0, err
    outcome = json.loads(out)
    assert outcome["errors"] == []
    stored = stored_contacts(practice)
    assert set(confirmed) | set(outcome["ids"]) <= stored
    assert verify(practice.path).ok
