"""E on the timeline: a manager exports the timeline as evidence into the private exports folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from boundary_tui.app import BoundaryApp
from boundary_tui.export.files import DocumentError
from boundary_tui.store import Store, chain
from boundary_tui.ui.screens.export_choice import ExportChoiceScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.drafts import log
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.ui.test_timeline_screen import SIZE, open_timeline


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv("BOUNDARY_TUI_EXPORTS", str(folder))
    return folder


async def test_a_manager_exports_the_timeline_in_the_chosen_format(
    app: BoundaryApp, store: Store, practice: Practice, exports: Path
) -> None:
    log(store, practice, description="[@click=app.quit]Asked for Dr Hart[/] \x1b[2J")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        export_key = screen.active_bindings["e"].binding
        assert export_key.description == "Export" and export_key.show  # in the footer
        await pilot.press("e")
        await settle(pilot)
        choice = app.screen
        assert isinstance(choice, ExportChoiceScreen)
        formats = choice.query_one("#export-formats", OptionList)
        assert [formats.get_option_at_index(i).id for i in range(formats.option_count)] == ["md", "html", "csv", "json"]
        await pilot.press("down", "down", "down", "enter")  # JSON
        await settle(pilot)
        assert app.screen is screen
        [written] = exports.iterdir()
        assert written.name == "timeline-OBrien-9434765919-2026-11-23.json"
        assert written.stat().st_mode & 0o777 == 0o600
        data = json.loads(written.read_text(encoding="utf-8"))
        assert data["generated"]["by"] == "Margaret Lewis (manager), signed in at the desk"
        head = chain.head(store.db)  # signing in added to the chain too
        assert head is not None and data["chain_head"] == {"position": head.id, "hash": head.hash}
        assert [e["text"] for e in data["entries"] if e["type"] == "contact"] == [
            "[@click=app.quit]Asked for Dr Hart[/] \x1b[2J"
        ]
        assert str(written) in str(screen.query_one("#timeline-message").render())
        assert any(str(written) in str(n.message) for n in app._notifications)

        await pilot.press("e", "down", "enter")  # HTML this time; then JSON again: never over the first
        await settle(pilot)
        await pilot.press("e", "down", "down", "down", "enter")
        await settle(pilot)
        assert sorted(p.name for p in exports.iterdir()) == [
            "timeline-OBrien-9434765919-2026-11-23-2.json",
            "timeline-OBrien-9434765919-2026-11-23.html",
            "timeline-OBrien-9434765919-2026-11-23.json",
        ]
        assert "<!DOCTYPE html>" in (exports / "timeline-OBrien-9434765919-2026-11-23.html").read_text()

        await pilot.press("e", "escape")  # changing one's mind writes nothing
        await settle(pilot)
        assert app.screen is screen and len(list(exports.iterdir())) == 3
    assert isinstance(screen, TimelineScreen)


async def test_exporting_is_for_managers(app: BoundaryApp, practice: Practice, exports: Path) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        assert any("Only a practice manager can export a timeline" in str(n.message) for n in app._notifications)
    assert not exports.exists()


async def test_an_export_that_cannot_be_written_says_why(
    app: BoundaryApp, practice: Practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BOUNDARY_TUI_EXPORTS", str(blocker / "exports"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("e", "enter")
        await settle(pilot)
        assert app.screen is screen
        [note] = [n for n in app._notifications if n.title == "Not exported"]
        assert "could not be created" in str(note.message) and "Nothing was written." in str(note.message)


# -- the delivery seam: the timeline hands its documents over and says what the delivery answers ----


@dataclass
class Handed:
    """A delivery that keeps what it is given (a browser door would send it as a download)."""

    where: str
    got: list[tuple[str, bytes]] = field(default_factory=list)
    refusal: str = ""

    def deliver(self, name: str, data: bytes) -> str:
        if self.refusal:
            raise DocumentError(self.refusal)
        self.got.append((name, data))
        return self.where


async def open_with(app: BoundaryApp, pilot: Pilot[None], practice: Practice, **deliveries: Handed) -> TimelineScreen:
    await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
    screen = TimelineScreen(app.store, practice.manager, **deliveries).show(practice.obrien)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_the_timeline_hands_exports_and_letters_to_its_delivery(
    app: BoundaryApp, practice: Practice, exports: Path
) -> None:
    downloads, tray = Handed("your browser's downloads"), Handed("the letters tray")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_with(app, pilot, practice, exports=downloads, letters=tray)
        await pilot.press("w")
        await settle(pilot)
        [(name, data)] = tray.got
        assert name == "warning-letter-OBrien-9434765919-2026-11-23.txt" and b"Dear Martin O'Brien," in data
        status = screen.query_one("#timeline-message")
        assert "Draft warning letter written to the letters tray." in str(status.render())
        await pilot.press("e", "down", "enter")  # HTML
        await settle(pilot)
        [(name, data)] = downloads.got
        assert name == "timeline-OBrien-9434765919-2026-11-23.html" and data.startswith(b"<!DOCTYPE html>")
        assert "exported (html) to your browser's downloads." in str(status.render())
    assert not exports.exists()  # nothing went to the server's folder


async def test_a_delivery_that_fails_is_said_and_the_desk_goes_on(app: BoundaryApp, practice: Practice) -> None:
    refusing = Handed("", refusal="The browser went away: nothing was downloaded.")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_with(app, pilot, practice, exports=refusing, letters=refusing)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        said = {n.title: str(n.message) for n in app._notifications}
        assert said["Letter not written"] == said["Not exported"] == "The browser went away: nothing was downloaded."
        assert app.screen is screen and app.is_running
