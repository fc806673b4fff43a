"""The demo tells a story on its timelines: contacts, actions, a correction, an SPO, next steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundary_tui.core.clock import FixedClock
from boundary_tui.demo import build_demo
from boundary_tui.store import Store
from tests.helpers.practice import NOW


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory):
    path: Path = tmp_path_factory.mktemp("demo-timeline") / "demo.db"
    build_demo(path, now=NOW)
    with Store(path, clock=FixedClock(NOW)) as store:
        yield store


def timeline(store: Store, search: str):
    [patient] = store.patients.lookup(search).patients
    loaded = store.timeline.for_patient(patient.id)
    assert loaded is not None
    return loaded


def test_martin_obrien_has_every_kind_of_entry_and_one_correction(demo_store: Store) -> None:
    story = timeline(demo_store, "martin o'brien")
    channels = {c.channel for c in story.contacts}
    assert {"card", "gift", "social_media", "in_person", "letter", "phone_call"} <= channels
    kinds = {a.kind for a in story.actions}
    assert {"defence_body_contacted", "warning_letter_sent", "care_transferred"} <= kinds
    assert {e.source for e in story.entries} == {"contact", "action", "concern", "override", "disclosure"}
    # The letter carries its scan (a real PNG), and the record was exported for the police two days ago.
    [letter] = [e for e in story.entries if e.channel == "letter"]
    [scan] = letter.attachments
    assert scan.file_name == "letter-to-Dr-Hart-page-1.png" and scan.media_type == "image/png"
    [export] = [e for e in story.entries if e.source == "disclosure"]
    assert export.kind == "exported" and dict(export.facts)["For"].startswith("Police (PC 4127")
    amended = [e for e in story.entries if not e.is_current]
    assert len(amended) == 1 and amended[0].label == "In person at the practice"
    # What to do next: police, removal; and the log goes on.
    assert [h.code for h in story.hints] == ["police_after_warning", "removal", "keep_logging"]
    assert [e.label for e in story.entries if e.source == "concern"][-2:] == [
        "Concern kind changed",
        "Book-only-with list changed",
    ]


def test_zoe_fairbairn_needs_the_police(demo_store: Store) -> None:
    story = timeline(demo_store, "zoe fairbairn")
    assert story.conduct.contacts >= 10
    assert story.hints[0].code == "police_threat" and story.hints[0].urgent
    assert max(story.weekly.counts) >= 2


def test_declan_murphy_jones_is_removed_with_an_spo_on_the_banner(demo_store: Store) -> None:
    story = timeline(demo_store, "declan murphy-jones")
    assert story.status.removal_route == "immediate" and story.status.spo_in_force
    assert [h.code for h in story.hints] == ["keep_logging"]  # stalking can go on after removal
    banner = demo_store.concerns.restriction_for(story.patient).banner_lines()
    assert banner[0].startswith("Removed from list on") and banner[1].startswith("Stalking Protection Order until")


def test_eve_sinclair_stopped_after_the_warning_letter(demo_store: Store) -> None:
    story = timeline(demo_store, "eve sinclair")
    assert [a.kind for a in story.actions][-1] == "warning_letter_sent"
    assert story.hints == ()
