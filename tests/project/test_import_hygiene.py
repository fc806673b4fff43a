"""Rules, storage, the export writers and the server set-up never import Textual: they must run (and be tested)
without a terminal UI."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import boundary_tui
from boundary_tui.store.verify import verify
from tests.helpers.practice import RECEPTION_PIN, Practice

UI = Path(boundary_tui.__file__).parent / "ui"


def test_core_store_export_and_server_do_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import boundary_tui.core, boundary_tui.store, boundary_tui.export, boundary_tui.server\n"
        "for package in (boundary_tui.core, boundary_tui.store, boundary_tui.export, boundary_tui.server):\n"
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
    """Start-up speed: what the sign-in screen does not need waits until someone signs in.

    sqlite-utils (~60-70 ms to import), zoneinfo (~4 ms, with sysconfig), and any
    dataclass of ours: defining a frozen dataclass costs ~1 ms (its methods are
    generated with `exec`), a named tuple a sixth of that.
    """
    code = (
        "import asyncio, dataclasses, sys\n"
        "from boundary_tui.cli import parse\n"
        "from boundary_tui.commands import desk\n"
        "desk.database(parse(['--db', sys.argv[1]]))  # as the command starts a desk\n"
        "from boundary_tui.app import BoundaryApp\n"
        "async def main():\n"
        "    app = BoundaryApp(db_path=sys.argv[1])\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        ours = [m for n, m in list(sys.modules.items()) if n.startswith('boundary_tui')]\n"
        "        defined = [f'{m.__name__}.{k}' for m in ours for k, v in vars(m).items()\n"
        "                   if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == m.__name__]\n"
        "        print(type(app.screen).__name__, 'sqlite_utils' in sys.modules, 'zoneinfo' in sys.modules,\n"
        "              ','.join(sorted(defined)) or '-')\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(practice.path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["SignInScreen", "False", "False", "-"]


def work_a_desk(practice: Practice, *, first: str = "", then: str = "", report: str) -> list[str]:
    """A whole working desk in a fresh process: sign in, find a patient, log a contact (F3, ctrl+s), read the
    timeline (F4) and lock (F9). `first` runs before anything is imported, `then` after the desk has closed;
    what `report` names (a Python expression, where `saved`, `shown` and `locked` are defined) is printed."""
    code = (
        f"{first}\n"
        "import asyncio, sys\n"
        "from boundary_tui.app import BoundaryApp\n"
        "from tests.helpers.pilot import settle, sign_in, type_text\n"
        "async def main():\n"
        "    app = BoundaryApp(db_path=sys.argv[1])\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await sign_in(pilot, 'Priya Shah', sys.argv[2])\n"
        "        await type_text(pilot, 'obr')\n"
        "        await pilot.press('enter', 'f3', 'enter', *'Asked for Dr Hart again.', 'ctrl+s')\n"
        "        await settle(pilot)\n"
        "        saved = len([n for n in app._notifications if 'Contact logged' in str(n.message)])\n"
        "        await pilot.press('f4')\n"
        "        await settle(pilot)\n"
        "        shown = type(app.screen).__name__\n"
        "        await pilot.press('escape', 'f9')\n"
        "        await settle(pilot)\n"
        "        locked = type(app.screen).__name__\n"
        f"        print(*({report}))\n"
        f"{then}\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(practice.path), RECEPTION_PIN],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_working_desk_never_loads_sqlite_utils(practice: Practice) -> None:
    """Memory all day: sqlite-utils (with click and pluggy) cost every desk 3 MB it never gave back, and a desk
    only executes SQL (`store/db.py`). Signing in, finding a patient, logging a contact, reading the timeline
    and locking: none of it imports sqlite-utils."""
    loaded = "(sorted(m for m in ('sqlite_utils', 'click', 'pluggy') if m in sys.modules) or ['-'])"
    assert work_a_desk(practice, report=f"saved, shown, locked, *{loaded}") == [
        "1",
        "TimelineScreen",
        "LockScreen",
        "-",
    ]


def test_the_desk_command_leaves_openssl_out_before_anything_imports_it(practice: Practice) -> None:
    """`boundary-tui --db PATH` imports asyncio and hashlib without OpenSSL before any module of the desk
    (4.4 MB less for each desk: `boundary_tui/commands/without_openssl.py`). Without a terminal the command stops right
    after building the app: by then Textual, asyncio and the store are all loaded."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in ('_ssl', '_hashlib') if m in sys.modules) or '-',\n"
        "    open('/proc/self/maps').read().count('libcrypto'), 'asyncio' in sys.modules, 'hashlib' in sys.modules))\n"
        "from boundary_tui.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(practice.path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2 and "needs a terminal" in result.stderr, result.stderr
    assert result.stdout.split() == ["-", "0", "True", "True"]


def test_a_working_desk_without_openssl_saves_a_chain_that_verifies_and_can_still_send_mail(
    practice: Practice,
) -> None:
    """Signing in (a PIN: scrypt, in a child), logging a contact (its chain hash: Python's own SHA-256),
    the timeline and the lock never load OpenSSL; the record it wrote verifies with OpenSSL's SHA-256 (this
    process); and TLS for checkpoint e-mail is still there when a desk needs it."""
    openssl = "*(sorted(m for m in ('_ssl', '_hashlib') if m in sys.modules) or ['-'])"
    mapped = "open('/proc/self/maps').read().count('libcrypto')"
    printed = work_a_desk(
        practice,
        first="from boundary_tui.commands.without_openssl import leave_out_openssl\ndone = leave_out_openssl()",
        then="    import ssl\n    print(ssl.create_default_context().verify_mode == ssl.CERT_REQUIRED)",
        report=f"done, saved, locked, {openssl}, {mapped}",
    )
    assert printed == ["True", "1", "LockScreen", "-", "0", "True"]
    report = verify(practice.path)
    assert report.ok, report


def test_the_desk_keeps_what_it_loaded_out_of_the_garbage_collectors_passes(practice: Practice) -> None:
    """Full collections walk every live object; what start-up loaded is frozen first (desk pauses)."""
    code = (
        "import gc, sys\n"
        "from textual.app import App\n"
        "App.run = lambda self, *a, **k: print('frozen', gc.get_freeze_count())\n"
        "from boundary_tui.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1]]))\n"
    )
    terminal, desk_side = os.openpty()  # the desk starts only on a terminal
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, str(practice.path)],
            stdin=desk_side,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(terminal)
        os.close(desk_side)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[1]) > 10_000


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, and every `module.name` it imports from one (at any depth, even lazily)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_ui_never_meets_sqlite() -> None:
    """The store turns every database fault into a `StoreError` with the desk's words: screens catch
    `BoundaryError` and show it, so no module under `ui/` imports `sqlite3` or describes SQLite errors itself."""
    modules = sorted(UI.rglob("*.py"))
    assert len(modules) > 20  # the walk found the UI
    offending = {
        str(path.relative_to(UI)): sorted(bad)
        for path in modules
        if (
            bad := {
                name
                for name in imports_of(path)
                if name == "sqlite3" or name.startswith("sqlite3.") or name == "boundary_tui.store.connection.describe"
            }
        )
    }
    assert offending == {}


def test_a_desk_holds_none_of_the_subcommands_work() -> None:
    """Start-up and memory all day: a desk (no subcommand) is parsed without importing any subcommand's module,
    and building the whole command line (`--help`) imports none of their work either (it waits for `run`).
    They cost a desk's start ~45 ms and its memory ~2.5 MB, all day (the demo's builder, e-mail and SMTP,
    verify, the export checker). The import's columns name themselves in its help, so its reader is loaded."""
    code = (
        "import sys\n"
        "from boundary_tui.cli import build_parser, parse\n"
        "from boundary_tui.commands import NAMES, desk\n"
        "import boundary_tui.app\n"
        "assert parse(['--db', 'x.db']).command is None and parse([]).command is None\n"
        "work = [f'boundary_tui.commands.{name}' for name in NAMES]\n"
        "work += ['boundary_tui.demo.build', 'boundary_tui.store.checkpoint_mail', 'smtplib', 'email.message',\n"
        "         'boundary_tui.store.verify', 'boundary_tui.store.importer', 'boundary_tui.export.check', 'zipfile']\n"
        "print(','.join(m for m in work if m in sys.modules) or '-')\n"
        "build_parser()  # the whole command line, as `--help` builds it: still none of the subcommands' work\n"
        "print(','.join(m for m in work[len(NAMES):] if m in sys.modules) or '-')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-", "boundary_tui.store.importer"]


def test_every_box_typed_into_on_the_desk_is_a_text_box() -> None:
    """A key repaints the box it is typed in, not its whole screen (`ui/widgets/text_box.py`): a form that
    built Textual's own Input would arrange every widget again on each letter."""
    built = {
        f"{path.relative_to(UI)}:{node.lineno}"
        for path in sorted(UI.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Input"
    }
    assert built == set()
