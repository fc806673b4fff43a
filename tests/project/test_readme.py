"""The README stays true to the app: its pictures exist, its keys are the desk's keys (its key
tables written from `ui/keys.py`), and its test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from boundary_tui.app import BoundaryApp
from boundary_tui.demo import build_demo
from boundary_tui.store import Store
from boundary_tui.ui.keys import BY_ID, KEYS, key_name
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from screenshots.tour import TOUR
from tests.helpers import readme_keys

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_picture_of_the_tour_is_in_the_readme_and_every_embedded_picture_exists() -> None:
    embedded = set(re.findall(r"\]\((screenshots/[^)]+\.svg)\)", README))
    assert {f"screenshots/{shot.name}.svg" for shot in TOUR} <= embedded
    for picture in embedded:
        assert (ROOT / picture).is_file(), picture


def test_the_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"```sh\n{ci}\n```" in README


def test_the_readme_lists_every_key_of_the_desk_timeline_and_app() -> None:
    for screen in (DeskScreen, TimelineScreen, BoundaryApp):
        for binding in screen.BINDINGS:
            assert hasattr(binding, "key")
            for key in binding.key.split(","):
                assert f"`{key_name(key)}`" in README, f"{screen.__name__}: {key}"


def test_the_readme_key_tables_say_what_the_key_table_says() -> None:
    fix = "run: .venv/bin/python -m tests.helpers.readme_keys --write"
    tables = readme_keys.tables_in(README)
    assert set(tables) == set(readme_keys.SECTIONS), fix
    for name, table in tables.items():
        assert table == readme_keys.table(name), f"README key table {name!r} is out of date: {fix}"


def test_every_key_is_in_a_readme_table_but_the_dialogs_own() -> None:
    listed = [key_id for ids in readme_keys.SECTIONS.values() for key_id in ids]
    assert len(listed) == len(set(listed)), "a key in two README tables"
    assert set(listed) <= set(BY_ID)
    assert {key.id for key in KEYS} - set(listed) == set(readme_keys.NOT_IN_README)


def test_the_readmes_example_commands_name_demo_patients(tmp_path: Path) -> None:
    """A command copied from the README onto the demo finds its patient (issue 15: one did not)."""
    numbers = set(re.findall(r'boundary-tui export "([0-9 ]{12})"', README)) | set(
        re.findall(r"evidence-\w+-(\d{10})-", README)
    )
    assert numbers, "the README's export examples moved: update this test"
    build_demo(tmp_path / "demo.db", patients=200)
    with Store(tmp_path / "demo.db", create=False) as store:
        for number in numbers:
            assert store.patients.by_nhs_number(number.replace(" ", "")) is not None, number
