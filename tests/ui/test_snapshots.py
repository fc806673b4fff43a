"""Snapshot tests: the key screens as a person sees them, at 120x40, grouped by feature.

Each test runs a step of the README's tour (`screenshots/tour.py`) on a small
demo practice built at a fixed moment, with a fixed clock and still cursors,
and compares the screen with the SVG in `tests/ui/__snapshots__/test_snapshots/`.
The same steps make the README's pictures, so a snapshot that changes is a
picture to regenerate.

When a screen changes on purpose: run this file, open `snapshot_report.html`,
look at every difference, and only then run it again with `--snapshot-update`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.demo import build_demo
from screenshots import tour

Compare = Callable[..., bool]


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's staff, clinicians and stories with 200 patients, built once per worker."""
    path = tmp_path_factory.mktemp("snapshot-demo") / "demo.db"
    build_demo(path, patients=200, now=tour.NOW)
    return path


@pytest.fixture
def demo_app(small_demo: Path, tmp_path: Path) -> BoundaryApp:
    path = tmp_path / "demo.db"
    shutil.copyfile(small_demo, path)
    return tour.demo_app(path)


def matches(snap_compare: Compare, app: BoundaryApp, steps: tour.Steps) -> bool:
    return snap_compare(app, terminal_size=tour.SIZE, run_before=steps)


class TestSigningIn:
    def test_sign_in(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """Names to choose from, the PIN box, and the demo's PINs."""
        assert matches(snap_compare, demo_app, tour.sign_in_screen)

    def test_lock_screen(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F9 with a flagged patient on the desk: nothing of the patient shows."""
        assert matches(snap_compare, demo_app, tour.lock_screen)

    def test_first_run(self, snap_compare: Compare, tmp_path: Path) -> None:
        """A new, empty database asks for the first practice manager."""
        assert matches(snap_compare, tour.demo_app(tmp_path / "new.db"), tour.first_run)


class TestDesk:
    def test_flagged_patient(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """Banner (not with Dr Hart) and chaperone marker on the chosen patient."""
        assert matches(snap_compare, demo_app, tour.desk_flagged)

    def test_help(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F1: the desk's keys, read from its bindings, and the practice's steps."""
        assert matches(snap_compare, demo_app, tour.help_screen)


class TestBooking:
    def test_refused_with_alternatives(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """Dr Hart refused for O'Brien, naming who may be booked instead."""
        assert matches(snap_compare, demo_app, tour.booking_refused)


class TestEvidence:
    def test_walk_in_contact_form(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F3, Enter: in person, now, aimed at Dr Hart; what happened typed."""
        assert matches(snap_compare, demo_app, tour.contact_walk_in)

    def test_timeline(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """Sparkline, course of conduct, rule 9 status, next steps, entries."""
        assert matches(snap_compare, demo_app, tour.timeline)

    def test_contact_copies(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """A letter's scan on its contact: name, kind, size, who added it, SHA-256; attach and preview."""
        assert matches(snap_compare, demo_app, tour.contact_copies)


class TestManager:
    def test_queue(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """A manager's desk with the queue focused and its first item opened."""
        assert matches(snap_compare, demo_app, tour.manager_queue)

    def test_concern_editor(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F5 on O'Brien: the open concern's targets, chaperone, review date."""
        assert matches(snap_compare, demo_app, tour.concern_editor)


SMALL = (80, 24)
"""PuTTY's, Windows Terminal's and most SSH windows' default size: a real reception desk."""


class TestAt80x24:
    """The screens a receptionist must read at once, at 80x24: nothing they need below the fold (issue 15)."""

    def test_flagged_patient(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """The banner and chaperone marker; the matches keep date of birth and NHS number; F1 and F9 in the footer."""
        assert snap_compare(demo_app, terminal_size=SMALL, run_before=tour.desk_flagged)

    def test_refused_booking(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """Dr Hart refused: the refusal and who may be booked instead, in sight without scrolling."""
        assert snap_compare(demo_app, terminal_size=SMALL, run_before=tour.booking_refused)

    def test_contact_form(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F3: the title names the patient with date of birth and NHS number."""
        assert snap_compare(demo_app, terminal_size=SMALL, run_before=tour.contact_walk_in)

    def test_timeline(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F4: next steps stay in sight above the entries."""
        assert snap_compare(demo_app, terminal_size=SMALL, run_before=tour.timeline)

    def test_lock_screen(self, snap_compare: Compare, demo_app: BoundaryApp) -> None:
        """F9: the PIN box and its message line in sight."""
        assert snap_compare(demo_app, terminal_size=SMALL, run_before=tour.lock_screen)
