"""Rules, storage and the export writers never import Textual: they must run (and be tested) without a terminal UI."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.practice import Practice


def test_core_store_and_export_do_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, boundary_tui.core, boundary_tui.store, boundary_tui.export\n"
        "for package in (boundary_tui.core, boundary_tui.store, boundary_tui.export):\n"
        "    for m in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import boundary_tui.demo, boundary_tui.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout


def test_the_sign_in_screen_comes_up_without_sqlite_utils(practice: Practice) -> None:
    """Importing sqlite-utils costs ~60-70 ms: it waits until someone signs in (start-up speed)."""
    code = (
        "import asyncio, sys\n"
        "from boundary_tui.app import BoundaryApp\n"
        "async def main():\n"
        "    app = BoundaryApp(db_path=sys.argv[1])\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        print(type(app.screen).__name__, 'sqlite_utils' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(practice.path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["SignInScreen", "False"]


def test_the_desk_keeps_what_it_loaded_out_of_the_garbage_collectors_passes(practice: Practice) -> None:
    """Full collections walk every live object; what start-up loaded is frozen first (desk pauses)."""
    code = (
        "import gc, sys\n"
        "from textual.app import App\n"
        "App.run = lambda self, *a, **k: print('frozen', gc.get_freeze_count())\n"
        "from boundary_tui.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(practice.path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[1]) > 10_000
