"""Hostile input, keys: a few hundred random keys mashed on every screen of the desk.

Whoever sits at the desk (or leans on the keyboard) must never see a traceback,
lose a confirmed save, or end the session by accident. Each screen of the tour
(`tests/helpers/screens_tour.py`) is reached as a person reaches it, then gets keys from a
seeded `random.Random`: characters, markup-ish pieces, editing and movement keys,
every F-key, ctrl+s, the palette (ctrl+p), ctrl+c, ctrl+z, ctrl+q… Whatever the keys
open (F9's lock screen, a form, the palette) gets the rest of them. Quitting on
purpose (ctrl+q, the palette's Quit, first run's Quit button) is noted instead of
done, so the keys go on; it must never happen while the desk is locked.

After the mashing: the app is still running, nothing raised, the database still
verifies (integrity, append-only protection, hash chain), every save the desk
confirmed is in it, and every row written names the person signed in.

Keys are sent in batches straight to the app (Pilot's `press` waits ~40 ms after
each key, too slow for thousands); `BOUNDARY_FUZZ_SCALE` multiplies their number.
A failure names its seed: `pytest tests/ui/test_hostile_keys.py -k "<stop>"` replays it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import string
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandPalette
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from boundary_tui.app import BoundaryApp
from boundary_tui.store.verify import verify
from boundary_tui.ui.screens.desk import DeskScreen
from tests.helpers.fuzz import SCALE
from tests.helpers.pilot import settle
from tests.helpers.practice import Practice
from tests.helpers.screens_tour import STOPS, Stop, alive, arrive, stop_app

KEYS_PER_SCREEN = 300
BATCH = 50

CHARACTERS = string.ascii_letters + string.digits + string.punctuation + " éÖ£€🌹"
PIECES = ["[", "]", "@", "$", "[b]", "[/]", "[@click=app.quit]x[/]", "[$accent]", "$text", "\\[", "::"]
MOVES = ["enter", "tab", "shift+tab", "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "space"]
EDITS = ["backspace", "delete", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+z", "ctrl+y", "ctrl+x"]
F_KEYS = [f"f{n}" for n in range(1, 13) if n != 9]
CONTROLS = ["ctrl+s", "ctrl+p", "ctrl+c", "ctrl+q", "ctrl+v", "ctrl+d", "ctrl+f", "ctrl+l", "ctrl+left", "ctrl+right"]
LEAVING = ["escape"]
LOCK = ["f9"]
"""Leaving and locking are rarer than the rest, so most keys land on the screen under test
(the lock screen has a stop of its own)."""


def random_keys(rng: random.Random, count: int) -> list[str]:
    """`count` keys (a markup piece counts as its characters), weighted towards typing and moving."""
    keys: list[str] = []
    while len(keys) < count:
        kind = rng.choices(
            ["char", "piece", "move", "edit", "f", "control", "leave", "lock"],
            weights=[45, 5, 22, 10, 7, 8, 2, 0.1],
        )[0]
        if kind == "char":
            keys.append(rng.choice(CHARACTERS))
        elif kind == "piece":
            keys.extend(rng.choice(PIECES))
        else:
            keys.append(
                rng.choice(
                    {"move": MOVES, "edit": EDITS, "f": F_KEYS, "control": CONTROLS, "leave": LEAVING, "lock": LOCK}[
                        kind
                    ]
                )
            )
    return keys[:count]


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key` (as `Pilot.press` builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def mash(pilot: Pilot[None], keys: list[str]) -> None:
    """Send `keys` as fast as a keyboard can, then let the desk catch up with them."""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()


# -- what must hold afterwards ------------------------------------------------------------

WRITES = {
    "contacts": "logged_by",
    "actions": "recorded_by",
    "concern_changes": "recorded_by",
    "appointments": "booked_by",
    "booking_overrides": "recorded_by",
    "override_reviews": "reviewed_by",
}


def last_ids(app: BoundaryApp) -> dict[str, int]:
    return {table: app.store.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0] for table in WRITES}


def written_since(app: BoundaryApp, before: dict[str, int]) -> dict[str, list[int]]:
    """Who wrote each row added since `before`, by table."""
    return {
        table: [r[0] for r in app.store.db.execute(f"SELECT {by} FROM {table} WHERE id > ?", [before[table]])]
        for table, by in WRITES.items()
    }


class Confirmations:
    """Counts what the desk told staff it saved (the toasts), to hold against the database."""

    def __init__(self, app: BoundaryApp) -> None:
        self.titles: list[str] = []
        self._notify = app.notify

        def notify(message: str, *, title: str = "", **kwargs: Any) -> None:
            self.titles.append(title)
            self._notify(message, title=title, **kwargs)

        app.notify = notify  # type: ignore[method-assign]

    def count(self, title: str) -> int:
        return self.titles.count(title)


@pytest.fixture(autouse=True)
def files_stay_in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Exports (E) and warning-letter drafts (W) the mashing writes land in the test's folder."""
    monkeypatch.setenv("BOUNDARY_TUI_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.setenv("BOUNDARY_TUI_LETTERS", str(tmp_path / "letters"))


SEEDS = {stop.name: 20261123 + n for n, stop in enumerate(STOPS)}


@pytest.mark.parametrize("stop", STOPS, ids=[stop.name for stop in STOPS])
async def test_mashing_keys_never_crashes_loses_or_misattributes(
    stop: Stop, practice: Practice, tmp_path: Path
) -> None:
    rng = random.Random(SEEDS[stop.name])
    keys = random_keys(rng, KEYS_PER_SCREEN * SCALE)
    app = stop_app(stop, practice, tmp_path)
    quits: list[bool] = []
    # Quitting on purpose (the palette's "Quit", first run's Quit button) is noted, not done:
    # the keys go on. Never while the desk is locked.
    app.exit = lambda *args, **kwargs: quits.append(app.is_locked)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await arrive(pilot, stop)
        confirmations = Confirmations(app)
        before = last_ids(app)
        for start in range(0, len(keys), BATCH):
            await mash(pilot, keys[start : start + BATCH])
            alive(app, f"{stop.name}, seed {SEEDS[stop.name]}, after key {start + BATCH}")
        await settle(pilot)
        alive(app)
        assert True not in quits, "a locked desk offered a way to quit"
        written = written_since(app, before)
        # Nobody else's PIN was typed: whatever was written, was written by whoever is signed in.
        signed_in = {app.staff.id} if app.staff is not None else set()
        for table, by in written.items():
            assert set(by) <= signed_in, f"{table} rows recorded as someone else: {by}"
        # Every save the desk confirmed is in the database.
        assert len(written["contacts"]) + len(written["actions"]) >= confirmations.count("Saved")
        assert len(written["appointments"]) >= confirmations.count("Appointment booked")
    report = verify(app.store.path)
    assert report.ok, report.describe()


# -- crashes the mashing found ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["pageup", "pagedown"])
async def test_a_page_key_straight_after_typing_in_the_palette_does_nothing_instead_of_crashing(
    key: str, practice: Practice, tmp_path: Path
) -> None:
    """Textual 8.2.8 raised KeyError (the desk gone) when PageUp/PageDown reached the palette's
    list after it was filled and before it was drawn (`ui/textual_fixes.py`)."""
    stop = next(stop for stop in STOPS if stop.name == "desk-flagged-patient")
    app = stop_app(stop, practice, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await arrive(pilot, stop)
        await mash(pilot, ["ctrl+p", "o", key])
        alive(app)
        assert isinstance(app.screen, CommandPalette)
        await settle(pilot)
        await pilot.press(key)  # once drawn, the key moves the highlight as ever
        alive(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_enter_in_the_search_box_waits_for_the_desks_search_only(practice: Practice, tmp_path: Path) -> None:
    """Enter waited for every worker of the app, and one cancelled meanwhile (a search replaced by
    a newer keystroke, the palette's own search) raised WorkerCancelled: the desk was gone.
    Found by mashing the override review (seed 20261141, BOUNDARY_FUZZ_SCALE=4)."""
    stop = next(stop for stop in STOPS if stop.name == "desk-no-patient")
    app = stop_app(stop, practice, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await arrive(pilot, stop)
        assert isinstance(desk, DeskScreen)
        elsewhere = app.run_worker(asyncio.sleep(30), group="elsewhere", exit_on_error=False)
        desk.query_one("#search", Input).value = "o'brien"
        await mash(pilot, ["enter"])
        elsewhere.cancel()
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await elsewhere.wait()
        await settle(pilot)
        alive(app)
        assert desk.view is not None and desk.view.patient.id == practice.obrien
