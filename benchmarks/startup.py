"""Start to interactive, against a bare Textual app showing the same first screen, and peak memory.

Each start is a fresh `python -c` process running headless. "Interactive" is the
moment the first frame of the screen that takes input is written to the terminal
(the sign-in screen for us, the only screen for the bare app): the child prints
a line then, and the parent's clock stops when it reads it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.practice import cache_dir
from benchmarks.report import Figure, Ratio, Result, p50, p95, paired_ratio

TARGET = 1.3
ROOT = Path(__file__).resolve().parent.parent

DESK_FIRST = """
from boundary_tui.commands.system_malloc import run_on_system_malloc
run_on_system_malloc()  # first: a desk runs on the C library's malloc, as `boundary-tui` starts one
from boundary_tui.commands.without_openssl import leave_out_openssl
leave_out_openssl()  # before anything imports asyncio or hashlib, as `boundary-tui` does for a desk
"""
"""What a desk process does first (`cli.main`); a child that starts a desk starts with it."""

_READY_HOOK = """
import sys
from textual.app import App
_display = App._display
def _display_and_tell(self, screen, renderable):
    _display(self, screen, renderable)
    if type(screen).__name__ == WANTED and not getattr(self, "_told", False):
        self._told = True
        print("ready", flush=True)
        self.exit()
App._display = _display_and_tell
"""

HELLO = (
    _READY_HOOK.replace("WANTED", "'Screen'")
    + """
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
Bare().run(headless=True)
"""
)

BARE = (
    _READY_HOOK.replace("WANTED", "'Screen'")
    + """
from textual.widgets import Input, Label, OptionList, Static
class Bare(App):
    def compose(self):
        yield Static("Sign in")
        yield Label("Your name")
        yield OptionList(*(f"Name {n}" for n in range(int(sys.argv[1]))))
        yield Label("PIN")
        yield Input(password=True)
        yield Static("")
Bare().run(headless=True)
"""
)
"""The limit: a bare Textual app showing what the sign-in screen shows (a title, the list of names, a PIN
box), without a stylesheet, a database or any module of ours: the least a Textual program must do for the
same first screen. `HELLO` (one line of text) is the floor of any Textual app, reported beside it."""

OURS = (
    DESK_FIRST
    + _READY_HOOK.replace("WANTED", "'SignInScreen'")
    + """
from boundary_tui.cli import parse
from boundary_tui.commands import desk
path = desk.database(parse(["--db", sys.argv[1]]))  # as `boundary-tui --db PATH` starts a desk
from boundary_tui.app import BoundaryApp
BoundaryApp(db_path=path).run(headless=True)
"""
)

SESSION = (
    DESK_FIRST
    + """
import asyncio, sys
from boundary_tui.app import BoundaryApp
from boundary_tui.store.collector import keep_for_the_day
from benchmarks.memory import peak_mb
from benchmarks.pilot import sign_in
from textual.widgets import Input

async def session():
    from boundary_tui.cli import parse
    from boundary_tui.commands import desk
    desk.database(parse(["--db", sys.argv[1]]))  # as `boundary-tui --db PATH` starts a desk
    app = BoundaryApp(db_path=sys.argv[1])
    keep_for_the_day()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot)
        for query in ["smi", "obr", "jo smith", "busybody"]:
            search = app.screen.query_one("#search", Input)
            search.value = query
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in ("f4",):  # the busy patient's timeline (5,000 entries), where it exists
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
    print(peak_mb(), flush=True)

asyncio.run(session())
"""
)


def installed_env() -> dict[str, str]:
    """The environment of a desk as installed: Python's bytecode cached, as pip writes it at install.

    A shell with PYTHONDONTWRITEBYTECODE (this one has it) compiles every module of
    boundary-tui from source at every start (~40 ms here), while Textual, installed
    by pip, has its bytecode: both get a bytecode cache of their own here
    (PYTHONPYCACHEPREFIX, filled by the warm-up starts), away from the worktree.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir() / "pycache")
    return env


def _start(code: str, *args: str) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=installed_env()
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.wait(timeout=60)
    if line.strip() != "ready":
        raise RuntimeError(f"the app did not start: {line!r}")
    return elapsed


def names_at_sign_in(path: Path) -> int:
    """How many names the sign-in screen lists on this practice (the bare app lists as many)."""
    from boundary_tui.store import Store

    with Store(path) as store:
        return len(store.staff.can_sign_in())


def measure(path: Path, *, runs: int = 11) -> list[Result]:
    names = str(names_at_sign_in(path))
    starts = {
        "hello": lambda: _start(HELLO),
        "bare": lambda: _start(BARE, names),
        "ours": lambda: _start(OURS, str(path)),
    }
    for _ in range(2):  # warm the OS file cache and write the bytecode cache, for each
        for start in starts.values():
            start()
    times: dict[str, list[float]] = {kind: [] for kind in starts}
    order = list(starts)
    for i in range(runs):  # interleaved (which goes first turns round), so all see the same machine load
        for kind in order[i % 3 :] + order[: i % 3]:
            times[kind].append(starts[kind]())
    ours, bare, hello = times["ours"], times["bare"], times["hello"]
    return [
        Ratio("Start to interactive vs bare Textual showing the same", p50(ours), p50(bare), TARGET,
              note=f"fresh process to the first frame of the sign-in screen vs a bare Textual app listing as many "
                   f"names and a PIN box; p95 {p95(ours):.0f} vs {p95(bare):.0f} ms; {runs} starts each",
              paired=paired_ratio(ours, bare)),
        Figure("Start to interactive vs a Textual app showing one line", paired_ratio(ours, hello), "×", TARGET,
               f"the floor of any Textual app: {p50(hello):.0f} ms (p95 {p95(hello):.0f}); ours {p50(ours):.0f} ms"),
        Figure("Peak memory of a desk (sign in, 4 searches, the busiest patient's timeline)", peak_rss(path), "MB",
               60.0, "peak resident memory (VmHWM)"),
    ]  # fmt: skip


def peak_rss(path: Path) -> float:
    """Max RSS in MB of a desk that signs in, searches, chooses the busiest patient and opens the timeline.

    The second of two sessions: the first fills the bytecode cache (`installed_env`) for the modules a desk
    imports only once it works (the timeline, the forms), as pip's install does. Compiled during the
    session they read ~10 MB more (63.8 against 53.5 MB), and a run from a fresh worktree measured that."""
    peaks = []
    for _ in range(2):
        session = subprocess.run(
            [sys.executable, "-c", SESSION, str(path)],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
            cwd=ROOT,
            env=installed_env(),
        )
        peaks.append(float(session.stdout.strip().splitlines()[-1]))
    return peaks[-1]
