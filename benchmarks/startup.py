"""Start to interactive, against a bare Textual app started the same way, and peak memory.

Each start is a fresh `python -c` process running headless. "Interactive" is the
moment the first frame of the screen that takes input is written to the terminal
(the sign-in screen for us, the only screen for the bare app): the child prints
a line then, and the parent's clock stops when it reads it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.report import Figure, Ratio, Result, p50, p95, paired_ratio

TARGET = 1.3
ROOT = Path(__file__).resolve().parent.parent

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

BARE = (
    _READY_HOOK.replace("WANTED", "'Screen'")
    + """
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
Bare().run(headless=True)
"""
)

OURS = (
    _READY_HOOK.replace("WANTED", "'SignInScreen'")
    + """
from boundary_tui.app import BoundaryApp
BoundaryApp(db_path=sys.argv[1]).run(headless=True)
"""
)

SESSION = """
import asyncio, gc, resource, sys
from boundary_tui.app import BoundaryApp
from benchmarks.pilot import sign_in
from textual.widgets import Input

async def session():
    app = BoundaryApp(db_path=sys.argv[1])
    gc.freeze()
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
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)

asyncio.run(session())
"""


def _start(code: str, *args: str) -> float:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.wait(timeout=60)
    if line.strip() != "ready":
        raise RuntimeError(f"the app did not start: {line!r}")
    return elapsed


def measure(path: Path, *, runs: int = 11) -> list[Result]:
    _start(BARE)  # warm the OS file cache for both
    _start(OURS, str(path))
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):  # interleaved, so both see the same machine load
        bare.append(_start(BARE))
        ours.append(_start(OURS, str(path)))
    return [
        Ratio("Start to interactive vs bare Textual", p50(ours), p50(bare), TARGET,
              note=f"fresh process to first frame; p95 {p95(ours):.0f} vs {p95(bare):.0f} ms; {runs} starts each",
              paired=paired_ratio(ours, bare)),
        Figure("Peak memory of a desk (sign in, 4 searches, the busiest patient's timeline)", peak_rss(path), "MB",
               60.0, "max RSS"),
    ]  # fmt: skip


def peak_rss(path: Path) -> float:
    """Max RSS in MB of a desk that signs in, searches, chooses the busiest patient and opens the timeline."""
    session = subprocess.run(
        [sys.executable, "-c", SESSION, str(path)], capture_output=True, text=True, timeout=300, check=True, cwd=ROOT
    )
    return int(session.stdout.strip().splitlines()[-1]) / 1024
