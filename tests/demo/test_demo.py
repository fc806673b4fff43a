"""The demo practice: staff in every role, thousands of patients, concerns at every stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundary_tui.core import nhs
from boundary_tui.core.errors import Refused
from boundary_tui.demo import DEMO_ACCOUNTS, build_demo
from boundary_tui.store import Store
from tests.helpers.practice import NOW


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, now=NOW)
    return path


@pytest.fixture
def demo_store(demo: Path):
    from boundary_tui.core.clock import FixedClock

    with Store(demo, clock=FixedClock(NOW)) as store:
        yield store


def test_demo_has_5000_patients_with_test_range_nhs_numbers(demo_store: Store) -> None:
    assert demo_store.patients.count() == 5000
    numbers = [r[0] for r in demo_store.db.execute("SELECT nhs_number FROM patients").fetchall()]
    assert len(set(numbers)) == 5000
    assert all(n.startswith("999") and nhs.problem(n) is None for n in numbers)


def test_demo_names_include_apostrophes_hyphens_and_accents(demo_store: Store) -> None:
    families = {r[0] for r in demo_store.db.execute("SELECT DISTINCT family_name FROM patients").fetchall()}
    givens = {r[0] for r in demo_store.db.execute("SELECT DISTINCT given_name FROM patients").fetchall()}
    assert any("'" in n for n in families)
    assert any("-" in n for n in families)
    assert any(not n.isascii() for n in families | givens)


def test_demo_staff_in_every_role_and_about_five_clinicians(demo_store: Store) -> None:
    roles = {s.role for s in demo_store.staff.can_sign_in()}
    assert roles == {"reception", "clinician", "manager"}
    assert len(demo_store.clinicians.all()) == 5
    for account in DEMO_ACCOUNTS:
        staff = demo_store.staff.by_name(account.name)
        assert staff is not None
        assert demo_store.staff.sign_in(staff.id, account.pin).name == account.name


def _patient(store: Store, text: str):
    found = store.patients.lookup(text).patients
    assert len(found) == 1, (text, found)
    return found[0]


def test_demo_concern_targets_one_gp_with_chaperone_for_targets(demo_store: Store) -> None:
    patient = _patient(demo_store, "martin o'brien 14/03/1978")
    restriction = demo_store.concerns.restriction_for(patient)
    assert restriction.banner_lines() == ["Not with Dr Amelia Hart", "Only with Dr Rajesh Patel, Tom Okafor"]
    assert restriction.marker_text() == "Chaperone required with Dr Amelia Hart"


def test_demo_desk_shows_a_flagged_appointment(demo_store: Store) -> None:
    """Booked with Dr Kelly the day before the concern said "only with her male colleagues" (rule 12)."""
    patient = _patient(demo_store, "martin o'brien 14/03/1978")
    [flagged] = demo_store.appointments.affected(patient.id)
    assert flagged.appointment.clinician_name == "Dr Siobhán Kelly"
    assert flagged.why == "Only with Dr Rajesh Patel, Tom Okafor (open concern)"


def test_demo_concern_with_chaperone_for_all(demo_store: Store) -> None:
    patient = _patient(demo_store, "zoe fairbairn")
    restriction = demo_store.concerns.restriction_for(patient)
    assert restriction.marker_text() == "Chaperone required for all consultations"
    assert "Not with Dr Rajesh Patel" in restriction.banner_lines()


def test_demo_removed_patient_cannot_be_booked(demo_store: Store) -> None:
    patient = _patient(demo_store, "declan murphy-jones")
    assert patient.is_removed
    manager = demo_store.staff.by_name("Priya Shah")
    assert manager is not None
    clinician = demo_store.clinicians.all()[0]
    with pytest.raises(Refused, match="removed from the practice list"):
        demo_store.appointments.book(
            patient_id=patient.id, clinician_id=clinician.id, starts_at=NOW.replace(hour=11), by=manager.id
        )


def test_demo_closed_concern_leaves_no_restriction(demo_store: Store) -> None:
    patient = _patient(demo_store, "eve sinclair 21/05/1985")
    assert not demo_store.concerns.restriction_for(patient).restricts_booking
    assert [c.status for c in demo_store.concerns.for_patient(patient.id, include_closed=True)] == ["closed"]


def test_demo_has_a_photo_waiting_in_its_evidence_inbox_and_an_export_in_the_queue(demo: Path) -> None:
    from boundary_tui.core.clock import FixedClock
    from boundary_tui.demo.build import INBOX_EXAMPLE
    from boundary_tui.store.attachments import inbox_path
    from boundary_tui.store.queue import QueueStore

    with Store(demo, clock=FixedClock(NOW)) as store:
        [waiting] = store.attachments.inbox()
        assert waiting.name == INBOX_EXAMPLE and store.attachments.inbox_problem(INBOX_EXAMPLE) is None
        [export] = QueueStore(store).recent_exports()
        assert export.name == "O'Brien, Martin" and export.what.startswith("For Police")
    assert inbox_path(demo).stat().st_mode & 0o777 == 0o700


def test_the_demo_never_puts_files_in_an_inbox_that_is_already_there(tmp_path: Path) -> None:
    from boundary_tui.store.attachments import inbox_path

    inbox = inbox_path(tmp_path / "training.db")
    inbox.mkdir()
    (inbox / "real-scan.pdf").write_bytes(b"%PDF-1.4")
    build_demo(tmp_path / "training.db", patients=200)
    assert [p.name for p in inbox.iterdir()] == ["real-scan.pdf"]
