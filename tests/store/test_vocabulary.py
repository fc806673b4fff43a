"""Vocabulary as data: the lists in `core.vocabulary` are what the database accepts, and nothing else.

Adding a contact channel is two one-line changes (a `Term` and an `add_terms`
step); the last test makes exactly those two changes to a copy of the package
and logs a contact with the new channel end to end.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from boundary_tui.core.vocabulary import ALL, Vocabulary
from boundary_tui.store import Store
from tests.helpers.practice import Practice

ROOT = Path(__file__).resolve().parents[2]


def test_every_list_is_exactly_what_the_database_accepts(store: Store) -> None:
    """A value on screen that the database refuses would fail every save of it; a forgotten `add_terms` fails here."""
    stored: dict[str, set[str]] = {}
    for name, value in store.db.execute("SELECT list, value FROM vocabulary").fetchall():
        stored.setdefault(name, set()).add(value)
    assert {v.name: set(v) for v in ALL} == stored


def test_the_lists_have_one_definition_each() -> None:
    import boundary_tui.core.vocabulary as module

    defined = [value for value in vars(module).values() if isinstance(value, Vocabulary)]
    assert sorted(v.name for v in defined) == sorted(v.name for v in ALL)
    assert len({v.name for v in ALL}) == len(ALL)


@pytest.mark.parametrize(
    ("statement", "column"),
    [
        (
            "INSERT INTO contacts (patient_id, occurred_at, logged_at, logged_by, channel, description, severity) "
            "VALUES (1, '2026-01-01', '2026-01-01', 1, 'carrier_pigeon', 'x', 'note')",
            "contacts.channel",
        ),
        (
            "INSERT INTO contacts (patient_id, occurred_at, logged_at, logged_by, channel, description, severity) "
            "VALUES (1, '2026-01-01', '2026-01-01', 1, 'letter', 'x', 'alarming')",
            "contacts.severity",
        ),
        (
            "INSERT INTO contacts (patient_id, occurred_at, logged_at, logged_by, channel, description, severity, "
            "gift_handling) VALUES (1, '2026-01-01', '2026-01-01', 1, 'gift', 'x', 'note', 'eaten')",
            "contacts.gift_handling",
        ),
        (
            "INSERT INTO actions (patient_id, kind, occurred_at, recorded_at, recorded_by) "
            "VALUES (1, 'shrugged', '2026-01-01', '2026-01-01', 1)",
            "actions.kind",
        ),
        (
            "INSERT INTO actions (patient_id, kind, occurred_at, recorded_at, recorded_by, removal_route) "
            "VALUES (1, 'removal_requested', '2026-01-01', '2026-01-01', 1, 'sideways')",
            "actions.removal_route",
        ),
        ("UPDATE concerns SET kind = 'mild' WHERE id = 1", "concerns.kind"),
        ("UPDATE concerns SET chaperone_scope = 'sometimes' WHERE id = 1", "concerns.chaperone_scope"),
        (
            "INSERT INTO concerns (patient_id, kind, chaperone_scope, opened_at, opened_by, updated_at, updated_by) "
            "VALUES (1, 'stalking', 'never', 'x', 1, 'x', 1)",
            "concerns.chaperone_scope",
        ),
        (
            "INSERT INTO concern_changes (concern_id, patient_id, change, recorded_at, recorded_by) "
            "VALUES (1, 1, 'forgotten', 'x', 1)",
            "concern_changes.change",
        ),
    ],
)
def test_the_database_itself_refuses_a_value_no_list_has(practice: Practice, statement: str, column: str) -> None:
    """Plain sqlite3, as someone at a shell would write it: the triggers say which column and which list."""
    raw = sqlite3.connect(practice.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match=rf"{column}: not a value of the \w+ list"):
            raw.execute(statement)
    finally:
        raw.close()


def test_vocabulary_values_are_never_changed_or_removed(practice: Practice) -> None:
    raw = sqlite3.connect(practice.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="never changed or removed"):
            raw.execute("DELETE FROM vocabulary WHERE list = 'contact_channel' AND value = 'letter'")
        with pytest.raises(sqlite3.IntegrityError, match="never changed or removed"):
            raw.execute("UPDATE vocabulary SET value = 'post' WHERE value = 'letter'")
    finally:
        raw.close()


ADD_A_CHANNEL = r"""
import sys
from datetime import timedelta
from pathlib import Path

from boundary_tui.core.clock import FixedClock
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.core.vocabulary import CONTACT_CHANNELS
from boundary_tui.store import Store
from boundary_tui.store.schema import LATEST_VERSION
from boundary_tui.store.verify import verify
from tests.helpers.practice import NOW

path = Path(sys.argv[1])
assert CONTACT_CHANNELS.index("video_call") == CONTACT_CHANNELS.index("social_media") + 1
with Store(path, clock=FixedClock(NOW)) as store:
    staff = store.db.execute("SELECT id FROM staff WHERE name = 'Priya Shah'").fetchone()[0]
    patient = store.db.execute("SELECT id FROM patients WHERE nhs_number = '9434765919'").fetchone()[0]
    draft = ContactDraft(
        occurred_at=NOW - timedelta(minutes=5), channel="video_call", aimed_at=(staff,),
        description="Joined Dr Hart's video clinic uninvited.",
    )
    contact = store.contacts.log(patient, draft, by=staff)
    assert contact.channel_label == "Video call"
    print("version", LATEST_VERSION)
report = verify(path)
assert report.ok, report.problems
print("logged and verified")
"""


def test_adding_a_contact_channel_is_two_one_line_changes(practice: Practice, tmp_path: Path) -> None:
    copy, original = tmp_path / "src", tmp_path / "original"
    for folder in (copy, original):  # compiled files left by any run are no part of the change
        shutil.copytree(ROOT / "boundary_tui", folder / "boundary_tui", ignore=shutil.ignore_patterns("__pycache__"))
    vocabulary = copy / "boundary_tui" / "core" / "vocabulary.py"
    schema = copy / "boundary_tui" / "store" / "schema.py"
    change_one = '    Term("social_media", "Social media"),\n'
    assert change_one in vocabulary.read_text()
    vocabulary.write_text(
        vocabulary.read_text().replace(change_one, change_one + '    Term("video_call", "Video call"),\n')
    )
    text = schema.read_text()
    last_step = text.rindex(",\n]", 0, text.index("LATEST_VERSION = len(MIGRATIONS)"))
    schema.write_text(
        text[: last_step + 2] + '    add_terms("contact_channel", "video_call"),\n' + text[last_step + 2 :]
    )
    diff = subprocess.run(
        ["git", "diff", "--no-index", "--numstat", str(original / "boundary_tui"), str(copy / "boundary_tui")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    assert sorted(line.split("\t")[:2] for line in diff if line) == [["1", "0"], ["1", "0"]], diff

    result = subprocess.run(
        [sys.executable, "-c", ADD_A_CHANNEL, str(practice.path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": f"{copy}:{ROOT}", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "logged and verified" in result.stdout
