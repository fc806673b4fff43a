"""The layer table of CONTRIBUTING.md holds: every import of every module keeps to its layer's rule.

`tests/helpers/layers.py` holds the rules; CONTRIBUTING.md's "May import" column
is checked against them, so the page says exactly what is enforced.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.layers import RULES, check, may_import

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "boundary_tui"


def test_every_import_keeps_to_its_layer() -> None:
    problems = check(PACKAGE_DIR)
    assert not problems, "\n".join(str(problem) for problem in problems)


def test_the_contributing_table_says_what_the_test_enforces() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `boundary_tui/([^`]+)` \| .* \| ([^|]+) \|$", text, flags=re.MULTILINE)
    assert {layer: cell.strip() for layer, cell in rows} == {layer: may_import(layer) for layer in RULES}


def write(tree: Path, relative: str, source: str = "") -> None:
    path = tree / "boundary_tui" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A tiny package laid out like ours, with clean modules in every layer."""
    write(tmp_path, "__init__.py", '__version__ = "0"\n')
    for layer in ("core", "store", "export", "demo", "ui", "commands"):
        write(tmp_path, f"{layer}/__init__.py")
    write(tmp_path, "core/rules.py", "import re\nimport arrow\nfrom . import clock\n")
    write(tmp_path, "core/clock.py", "from datetime import datetime\n")
    write(tmp_path, "store/repo.py", "import sqlite_utils\nfrom boundary_tui.core import rules\nfrom .. import core\n")
    write(tmp_path, "export/model.py", "from boundary_tui import __version__\nfrom boundary_tui.store import repo\n")
    write(tmp_path, "commands/desk.py", "def run():\n    from boundary_tui.app import BoundaryApp\n")
    write(tmp_path, "app.py", "from textual.app import App\nfrom boundary_tui.ui import screen\n")
    write(tmp_path, "ui/screen.py", "import textual\nfrom boundary_tui.export import model\n")
    write(tmp_path, "cli.py", "from boundary_tui.commands import desk\n")
    return tmp_path


def test_the_checker_passes_a_clean_tree(tree: Path) -> None:
    assert check(tree / "boundary_tui") == []


def test_the_checker_names_file_line_and_rule_of_every_wrong_import(tree: Path) -> None:
    write(
        tree,
        "core/bad.py",
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from boundary_tui.ui.screen import Screen\n"  # line 4: type-only, still a dependency
        "def late():\n"
        "    import textual.widgets\n"  # line 6: inside a function
        "from ..store import repo\n",  # line 7: relative, one layer up
    )
    write(tree, "commands/staff.py", "from boundary_tui.app import BoundaryApp\n")  # only the desk command may
    write(tree, "ui/reach.py", "from boundary_tui import commands\n")  # `from package import module`
    write(tree, "demo/data.py", "import sqlite_utils\n")  # through the store, not around it
    write(tree, "stray.py", "")  # a module no layer owns

    found = {(problem.path, problem.line, problem.imported) for problem in check(tree / "boundary_tui")}

    assert found == {
        ("boundary_tui/core/bad.py", 4, "boundary_tui.ui.screen"),
        ("boundary_tui/core/bad.py", 6, "textual.widgets"),
        ("boundary_tui/core/bad.py", 7, "boundary_tui.store.repo"),
        ("boundary_tui/commands/staff.py", 1, "boundary_tui.app"),
        ("boundary_tui/ui/reach.py", 1, "boundary_tui.commands"),
        ("boundary_tui/demo/data.py", 1, "sqlite_utils"),
        ("boundary_tui/stray.py", 0, ""),
    }
    message = next(str(p) for p in check(tree / "boundary_tui") if p.imported == "textual.widgets")
    assert message.startswith("boundary_tui/core/bad.py:6: boundary_tui/core/ imports `textual.widgets`")
    assert "may import only: `core`; stdlib, `arrow`, `dateutil`, `nhs_number`" in message
