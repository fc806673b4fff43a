"""E on the timeline: a manager exports the timeline as evidence into the private exports folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select

from boundary_tui.app import BoundaryApp
from boundary_tui.export.files import DocumentError
from boundary_tui.store import Store
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


async def choose_recipient(pilot: Pilot[None], downs: int) -> None:
    """On "for whom": open the list, go down `downs` past "Choose…", choose (the cursor goes on to who exactly)."""
    await pilot.press("enter", *(["down"] * downs), "enter")
    await settle(pilot)


async def test_a_manager_exports_the_timeline_in_the_chosen_format_for_whom(
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
        ids = [formats.get_option_at_index(i).id for i in range(formats.option_count)]
        assert ids == ["md", "html", "csv", "json", "bundle"]
        await pilot.press("down", "down", "down", "enter")  # JSON, then on to for whom
        await settle(pilot)
        assert choice.focused is choice.query_one("#recipient", Select)
        await choose_recipient(pilot, 1)  # Police
        assert choice.focused is choice.query_one("#recipient_detail", Input)
        await pilot.press(*"PC 123 [b]crime ref[/b] 13/456", "enter")
        await settle(pilot)
        assert app.screen is screen
        [written] = exports.iterdir()
        assert written.name == "timeline-OBrien-9434765919-2026-11-23.json"
        assert written.stat().st_mode & 0o777 == 0o600
        data = json.loads(written.read_text(encoding="utf-8"))
        assert data["generated"]["by"] == "Margaret Lewis (manager), signed in at the desk"
        assert [e["text"] for e in data["entries"] if e["type"] == "contact"] == [
            "[@click=app.quit]Asked for Dr Hart[/] \x1b[2J"
        ]
        # The disclosure is on the record, in the export itself too: for whom, who asked, which format.
        [made] = [e for e in data["entries"] if e["kind"] == "exported"]
        assert made["fields"]["recipient"] == "police" and made["fields"]["format"] == "json"
        assert made["fields"]["recipient_detail"] == "PC 123 [b]crime ref[/b] 13/456"
        assert made["recorded_by"] == "Margaret Lewis"
        message = str(screen.query_one("#timeline-message").render())
        assert str(written) in message and "NOT SIGNED" in message
        [note] = [n for n in app._notifications if str(written) in str(n.message)]
        assert "boundary-tui key init" in str(note.message) and note.severity == "warning"

        async def export(downs: int, recipient: int) -> None:
            await pilot.press("e", *(["down"] * downs), "enter")
            await settle(pilot)
            await choose_recipient(pilot, recipient)
            await pilot.press("ctrl+s")
            await settle(pilot)

        await export(1, 2)  # HTML for the defence body; then JSON again: never over the first
        await export(3, 3)
        assert sorted(p.name for p in exports.iterdir()) == [
            "timeline-OBrien-9434765919-2026-11-23-2.json",
            "timeline-OBrien-9434765919-2026-11-23.html",
            "timeline-OBrien-9434765919-2026-11-23.json",
        ]
        assert "<!DOCTYPE html>" in (exports / "timeline-OBrien-9434765919-2026-11-23.html").read_text()
        handed = [(d.recipient, d.format) for d in store.disclosures.for_patient(practice.obrien) if d.recipient]
        assert handed == [("police", "json"), ("defence_body", "html"), ("regulator", "json")]

        await pilot.press("e", "escape")  # changing one's mind writes nothing
        await settle(pilot)
        assert app.screen is screen and len(list(exports.iterdir())) == 3
    assert isinstance(screen, TimelineScreen)


async def test_for_whom_must_be_said_before_anything_is_made(
    app: BoundaryApp, store: Store, practice: Practice, exports: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("e", "enter", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExportChoiceScreen)
        assert "Say for whom it is" in str(form.query_one("#recipient-problem").render())
    assert not exports.exists()
    assert not [d for d in store.disclosures.for_patient(practice.obrien) if d.recipient]


async def test_an_evidence_bundle_holds_the_copies_and_a_signed_checkpoint_says_so(
    app: BoundaryApp, store: Store, practice: Practice, exports: Path
) -> None:
    from boundary_tui.export.check import check_bundle
    from boundary_tui.store import signing_key
    from tests.helpers.inbox import MARKUP_NAME, drop, png

    contact = log(store, practice, channel="card", description="A card for Dr Hart.")
    drop(store.path, MARKUP_NAME, png())
    store.attachments.attach_from_inbox(contact.id, MARKUP_NAME, by=practice.reception)
    key = signing_key.create(store.path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("e", "down", "down", "down", "down", "enter")
        await settle(pilot)
        await choose_recipient(pilot, 1)
        await pilot.press(*"PC 77", "enter")
        await settle(pilot)
        [bundle] = exports.iterdir()
        assert bundle.name == "evidence-OBrien-9434765919-2026-11-23.zip"
        checked = check_bundle(bundle, expected_key=key.fingerprint)
        assert checked.ok, checked.describe()
        message = str(screen.query_one("#timeline-message").render())
        assert "Evidence bundle (1 copy of evidence)" in message and key.fingerprint in message
        assert "NOT SIGNED" not in message
    [made] = [d for d in store.disclosures.for_patient(practice.obrien) if d.recipient]
    assert (made.what, made.recipient, made.recipient_detail) == ("bundled", "police", "PC 77")


async def test_a_checkpoint_waiting_for_a_mail_server_that_is_down_is_said(
    app: BoundaryApp, store: Store, practice: Practice, exports: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store.settings.set("checkpoint_to", "dpo@example.org")
    store.settings.set("smtp_host", "127.0.0.1")
    store.settings.set("smtp_port", str(port))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("e", "enter")
        await settle(pilot)
        await choose_recipient(pilot, 5)  # the practice's own use
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        [waiting] = [n for n in app._notifications if n.title == "Checkpoint e-mail waiting"]
        assert "could not take them" in str(waiting.message) and "Nothing is lost" in str(waiting.message)
    assert len(list(exports.iterdir())) == 1


async def test_nothing_is_said_about_mail_when_nothing_waits(
    app: BoundaryApp, store: Store, practice: Practice, exports: Path
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("e", "enter")
        await settle(pilot)
        await choose_recipient(pilot, 5)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not [n for n in app._notifications if n.title == "Checkpoint e-mail waiting"]


async def test_exporting_is_for_managers(app: BoundaryApp, practice: Practice, exports: Path) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_timeline(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        assert any("Only a practice manager can export a timeline" in str(n.message) for n in app._notifications)
    assert not exports.exists()


async def test_an_export_that_cannot_be_written_says_why_on_the_form(
    app: BoundaryApp, practice: Practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BOUNDARY_TUI_EXPORTS", str(blocker / "exports"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_timeline(pilot, "Margaret Lewis", MANAGER_PIN)
        await pilot.press("e", "enter")
        await settle(pilot)
        await choose_recipient(pilot, 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExportChoiceScreen)  # still open: ctrl+s tries again
        problem = str(form.query_one("#form-problem").render())
        assert "could not be created" in problem and "Nothing was written." in problem


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
        await choose_recipient(pilot, 1)
        await pilot.press("ctrl+s")
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
        await choose_recipient(pilot, 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = {n.title: str(n.message) for n in app._notifications}
        assert said["Letter not written"] == "The browser went away: nothing was downloaded."
        form = app.screen
        assert isinstance(form, ExportChoiceScreen)  # the refusal is on the form, which stays open
        assert "The browser went away" in str(form.query_one("#form-problem").render())
        await pilot.press("escape")  # throw away what was chosen: yes
        await settle(pilot)
        app.screen.query_one("#yes", Button).press()
        await settle(pilot)
        assert app.screen is screen and app.is_running
