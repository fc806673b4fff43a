"""The restriction drives the banner and the marker: discreet, and right for every combination."""

from __future__ import annotations

from datetime import UTC, date, datetime

from boundary_tui.core.models import Concern, Target
from boundary_tui.core.restriction import Restriction

HART = Target(1, "Dr Amelia Hart")
PATEL = Target(2, "Dr Rajesh Patel")


def concern(*targets: Target, scope: str = "targets", status: str = "open") -> Concern:
    return Concern(
        id=1,
        patient_id=1,
        kind="harassment",
        chaperone_scope=scope,
        targets=targets,
        summary="private narrative",
        review_on=None,
        status=status,
        opened_at=datetime(2026, 1, 1, tzinfo=UTC),
        opened_by="M",
    )


def test_no_concern_no_restriction() -> None:
    r = Restriction.from_concerns([])
    assert not r.restricts_booking and not r.chaperone_required
    assert r.banner_lines() == [] and r.marker_text() == ""


def test_targets_only_scope() -> None:
    r = Restriction.from_concerns([concern(HART)])
    assert r.banner_lines() == ["Not with Dr Amelia Hart"]
    assert r.marker_text() == "Chaperone required with Dr Amelia Hart"
    assert r.needs_chaperone_with(1) and not r.needs_chaperone_with(2)


def test_all_consultations_scope() -> None:
    r = Restriction.from_concerns([concern(PATEL, scope="all")])
    assert r.marker_text() == "Chaperone required for all consultations"
    assert r.needs_chaperone_with(1) and r.needs_chaperone_with(2)


def test_no_chaperone_scope_still_restricts_booking() -> None:
    r = Restriction.from_concerns([concern(HART, scope="none")])
    assert r.banner_lines() == ["Not with Dr Amelia Hart"]
    assert not r.chaperone_required


def test_several_concerns_combine_and_closed_ones_do_not_count() -> None:
    r = Restriction.from_concerns(
        [concern(HART), concern(PATEL, scope="none"), concern(Target(3, "X"), status="closed")]
    )
    assert r.banner_lines() == ["Not with Dr Amelia Hart", "Not with Dr Rajesh Patel"]
    assert not r.targets(3)


def test_removed_patient_banner_says_since_when() -> None:
    r = Restriction.from_concerns([concern(HART)], removed_on=date(2026, 11, 2))
    assert r.banner_lines() == ["Removed from list on 02 Nov 2026: do not book"]


def test_banner_never_carries_the_narrative() -> None:
    r = Restriction.from_concerns([concern(HART)])
    assert "private narrative" not in " ".join(r.banner_lines()) + r.marker_text()
