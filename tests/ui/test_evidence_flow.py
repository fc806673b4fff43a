"""Copies of the evidence at the desk, and the access log, as staff meet them.

The contact form lists the evidence inbox and attaches what is ticked once the
contact is saved; a file the store refuses is named at the form before anything
is saved; an opened contact shows its copies (names literal, kind, size,
SHA-256), attaches more later and previews its pictures. Opening the timeline,
an entry and the concern details goes on the record; a live refresh does not.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.errors import Refused
from boundary_tui.core.text import printable
from boundary_tui.store import Store
from boundary_tui.store.attachments import AttachmentStore
from boundary_tui.ui.screens.attach_form import AttachFormScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.entry import EntryScreen
from boundary_tui.ui.screens.preview import PicturePane, PreviewScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from boundary_tui.ui.widgets.inbox_list import InboxList
from boundary_tui.ui.widgets.timeline_view import TimelineView
from tests.helpers.drafts import log
from tests.helpers.inbox import MARKUP_NAME, drop, inbox, png
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

SIZE = (120, 40)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PROGRAM = b"\x7fELF\x02\x01\x01\x00" + bytes(200)


async def contact_form(pilot: Pilot[None], who: str = "Priya Shah", pin: str = RECEPTION_PIN) -> ContactFormScreen:
    await sign_in(pilot, who, pin)
    await choose_patient(pilot, "martin o'brien")
    await pilot.press("f3")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ContactFormScreen)
    return form


def lines(listing: InboxList) -> list[str]:
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def tick(pilot: Pilot[None], form: ContactFormScreen | AttachFormScreen, *indexes: int) -> None:
    listing = form.query_one("#attach", InboxList)
    listing.focus()
    for index in indexes:
        listing.highlighted = index
        await pilot.press("space")
    await settle(pilot)


async def describe_and_save(pilot: Pilot[None], form: ContactFormScreen) -> None:
    form.query_one("#description", TextArea).insert("A card left at the desk for Dr Hart.")
    await pilot.press("ctrl+s")
    await settle(pilot)


# -- the contact form --------------------------------------------------------------------------


async def test_the_form_lists_the_inbox_newest_first_with_names_shown_exactly(
    app: BoundaryApp, practice: Practice
) -> None:
    drop(practice.path, "letter.pdf", PDF, age_seconds=600)
    drop(practice.path, MARKUP_NAME, png())
    inbox(practice.path).joinpath("elsewhere").symlink_to("/etc/passwd")  # a link out of the inbox: not listed
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form(pilot)
        listing = form.query_one("#attach", InboxList)
        shown = lines(listing)
        assert len(shown) == 2
        assert shown[0].startswith(printable(MARKUP_NAME, single_line=True)) and "[bold]x[b]" in shown[0]
        assert "\x1b" not in shown[0] and shown[1].startswith("letter.pdf · 50 bytes · ")
        listing.scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        await pilot.click(listing, offset=(40, 1))  # clicking a name that is markup only ticks it
        await settle(pilot)
        assert app.is_running and app.screen is form
        assert listing.picked == (MARKUP_NAME,)


async def test_ticked_copies_are_attached_when_the_contact_is_saved(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    drop(practice.path, "letter.pdf", PDF, age_seconds=600)
    drop(practice.path, MARKUP_NAME, png())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await contact_form(pilot)
        await tick(pilot, form, 0, 1)
        await describe_and_save(pilot, form)
        assert isinstance(app.screen, DeskScreen)
        [saved] = [n for n in app._notifications if n.title == "Saved"]
        assert "2 copies of evidence attached" in str(saved.message)
    [contact] = store.contacts.for_patient(practice.obrien)
    copies = store.attachments.for_contact(contact.id)
    assert sorted(c.file_name for c in copies) == sorted([MARKUP_NAME, "letter.pdf"])
    assert {c.added_by for c in copies} == {"Priya Shah"}
    assert not [p for p in inbox(practice.path).iterdir() if p.is_file()]  # moved to inbox/attached/, not deleted
    assert len(list((inbox(practice.path) / "attached").iterdir())) == 2


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("empty.png", b"", "The file is empty (0 bytes)"),
        ("card.png", PROGRAM, "It is a program (Linux), whatever its name says"),
    ],
)
async def test_a_file_the_store_refuses_is_named_at_the_form_and_nothing_is_saved(
    app: BoundaryApp, store: Store, practice: Practice, name: str, data: bytes, said: str
) -> None:
    drop(practice.path, name, data)
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form(pilot)
        await tick(pilot, form, 0)
        await describe_and_save(pilot, form)
        assert app.screen is form
        problem = str(form.query_one("#attach-problem").render())
        assert said in problem and "nothing was saved" in problem
        assert store.contacts.for_patient(practice.obrien) == []
        await tick(pilot, form, 0)  # untick it: the contact saves without it, and the file stays
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    assert len(store.contacts.for_patient(practice.obrien)) == 1
    assert (inbox(practice.path) / name).exists()


async def test_a_file_another_desk_took_is_said_and_the_list_is_read_again(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    drop(practice.path, "card.png", png())
    drop(practice.path, "letter.pdf", PDF, age_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form(pilot)
        await tick(pilot, form, 0, 1)
        os.rename(inbox(practice.path) / "card.png", inbox(practice.path) / ".taken")  # another desk, a moment ago
        await describe_and_save(pilot, form)
        assert app.screen is form
        assert "no longer in the evidence inbox" in str(form.query_one("#attach-problem").render())
        listing = form.query_one("#attach", InboxList)
        assert [f.name for f in listing.files] == ["letter.pdf"] and listing.picked == ("letter.pdf",)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    [contact] = store.contacts.for_patient(practice.obrien)
    assert [c.file_name for c in store.attachments.for_contact(contact.id)] == ["letter.pdf"]


async def test_when_attaching_fails_after_the_save_the_contact_stays_saved_and_the_desk_says_which_file(
    app: BoundaryApp, store: Store, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop(practice.path, "card.png", png())
    drop(practice.path, "letter.pdf", PDF, age_seconds=60)
    attach = AttachmentStore.attach_from_inbox

    def flaky(self: AttachmentStore, contact_id: int, name: str, *, by: int | None):  # type: ignore[no-untyped-def]
        if name == "card.png":
            raise Refused("'card.png' changed while it was being read: nothing was attached.")
        return attach(self, contact_id, name, by=by)

    monkeypatch.setattr(AttachmentStore, "attach_from_inbox", flaky)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await contact_form(pilot)
        await tick(pilot, form, 0, 1)
        await describe_and_save(pilot, form)
        assert isinstance(app.screen, DeskScreen)
        [failed] = [n for n in app._notifications if n.title == "Not attached"]
        message = str(failed.message)
        assert "The contact is saved" in message and "'card.png' changed while it was being read" in message
        assert "stays in the evidence inbox" in message
    [contact] = store.contacts.for_patient(practice.obrien)
    assert [c.file_name for c in store.attachments.for_contact(contact.id)] == ["letter.pdf"]
    assert (inbox(practice.path) / "card.png").exists()


async def test_an_empty_inbox_says_how_files_get_there(app: BoundaryApp, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await contact_form(pilot)
        assert not form.query_one("#attach", InboxList).display
        assert "none waiting in the evidence inbox" in str(form.query_one("#attach-label").render())


# -- an opened contact ---------------------------------------------------------------------------


async def open_contact(pilot: Pilot[None], who: str, pin: str) -> EntryScreen:
    await sign_in(pilot, who, pin)
    await choose_patient(pilot, "martin o'brien")
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    entry = pilot.app.screen
    assert isinstance(entry, EntryScreen)
    return entry


async def test_an_opened_contact_shows_its_copies_attaches_more_later_and_previews_pictures(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    contact = log(store, practice, channel="card", description="A card for Dr Hart.", by=practice.reception)
    drop(practice.path, MARKUP_NAME, png(40, 30))
    first = store.attachments.attach_from_inbox(contact.id, MARKUP_NAME, by=practice.reception)
    drop(practice.path, "envelope.png", png(20, 20, (0, 0, 200)))
    store.staff.add("Ben Clarke", "reception", "5827", by="test")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # Not who logged it, not a manager: anyone signed in may add a copy (it changes nothing already there).
        entry = await open_contact(pilot, "Ben Clarke", "5827")
        shown = str(entry.query_one("#entry-copies").render())
        assert printable(MARKUP_NAME, single_line=True) in shown and "[@click=app.quit]card" in shown
        assert "PNG picture" in shown and first.sha256 in shown and "by Priya Shah" in shown
        await pilot.press("p")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        await settle(pilot)
        pane = preview.query_one("#preview-picture", PicturePane)
        assert pane._picture is not None and pane._picture.original == (40, 30)
        assert printable(MARKUP_NAME, single_line=True) in str(preview.query_one("#preview-caption").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is entry

        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AttachFormScreen)
        assert [f.name for f in form.query_one("#attach", InboxList).files] == ["envelope.png"]
        await pilot.press("ctrl+s")  # nothing ticked yet
        await settle(pilot)
        assert "Tick the files to attach" in str(form.query_one("#attach-problem").render())
        await tick(pilot, form, 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, EntryScreen)  # back on the contact, with both copies
        assert "Copies of evidence (2)" in str(again.query("Static.section-title").last().render())
        assert any("Attached" == n.title for n in app._notifications)
    copies = store.attachments.for_contact(contact.id)
    assert [(c.file_name, c.added_by) for c in copies] == [(MARKUP_NAME, "Priya Shah"), ("envelope.png", "Ben Clarke")]
    assert store.contacts.get(contact.id) == contact  # the contact itself is as it was


async def test_a_picture_that_cannot_be_drawn_says_so(app: BoundaryApp, store: Store, practice: Practice) -> None:
    contact = log(store, practice, description="A photo sent by text.")
    drop(practice.path, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200))  # a PNG's start only
    store.attachments.attach_from_inbox(contact.id, "photo.png", by=practice.reception)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "Priya Shah", RECEPTION_PIN)
        await pilot.press("p")
        await settle(pilot)
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert "cannot be drawn here" in str(preview.query_one("#preview-message").render())
        assert app.is_running


# -- the access log ------------------------------------------------------------------------------


def views(store: Store, practice: Practice) -> list[tuple[str, str]]:
    return [(d.what, d.recorded_by) for d in store.disclosures.for_patient(practice.obrien)]


async def test_opening_the_timeline_an_entry_and_the_details_is_on_the_record(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    from boundary_tui.ui import live

    log(store, practice)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "martin o'brien")
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("escape", "f4")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert views(store, practice) == [("details_viewed", "Priya Shah"), ("timeline_viewed", "Priya Shah")]
        assert timeline.refresh_if_changed() is False  # its own view is no reason to reload
        log(store, practice, description="Another desk logs this.")  # a live refresh: not a new view
        await pilot.pause(live.REFRESH_SECONDS + 0.2)
        await settle(pilot)
        assert len(timeline.query_one("#timeline-entries", TimelineView).entries) == 3
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape")
        await settle(pilot)
        whats = [what for what, _ in views(store, practice)]
        assert whats == ["details_viewed", "timeline_viewed", "entry_viewed"]
        [entry_view] = [d for d in store.disclosures.for_patient(practice.obrien) if d.what == "entry_viewed"]
        assert "contact:" in entry_view.detail

        # Views are on the record but not in the story: "Views and disclosures" shows them.
        view = timeline.query_one("#timeline-entries", TimelineView)
        assert not [e for e in view.entries if e.source == "disclosure"]
        timeline.query_one("#filter-source", Select).value = "disclosure"
        await settle(pilot)
        assert [e.kind for e in view.entries] == ["details_viewed", "timeline_viewed", "entry_viewed"]
        timeline.query_one("#filter-source", Select).value = "everything"
        await settle(pilot)
        assert len(view.entries) == 6


async def test_an_export_is_in_the_story_and_in_the_managers_queue_for_a_week(
    app: BoundaryApp, store: Store, practice: Practice
) -> None:
    from boundary_tui.export import document
    from boundary_tui.ui.widgets.manager_queue import ManagerQueue

    document(store, practice.obrien, generated_by="x", by=practice.manager, recipient="police", recipient_detail="PC 9")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        queue = app.screen.query_one("#queue", ManagerQueue)
        assert "1 export this week" in str(queue.border_title)
        [export] = queue.exports
        assert export.name == "O'Brien, Martin" and export.what.startswith(
            "For Police (PC 9), by Margaret Lewis: export"
        )
        queue.focus()
        queue.highlighted = len(queue._rows) - 1
        await pilot.press("enter")
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen) and desk.view is not None and desk.view.patient.id == practice.obrien
        await pilot.press("f4")
        await settle(pilot)
        view = app.screen.query_one("#timeline-entries", TimelineView)
        assert [e.kind for e in view.entries if e.source == "disclosure"] == ["exported"]


async def test_reception_has_no_queue_and_sees_no_exports(app: BoundaryApp, store: Store, practice: Practice) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        assert not app.screen.query("#queue")


def test_an_attachment_on_a_path_is_never_outside_the_inbox(store: Store, practice: Practice) -> None:
    """'../' cannot name a file at the desk: the store refuses it before looking."""
    problem = store.attachments.inbox_problem("../practice.db")
    assert problem is not None and "'/'" in problem
    assert Path(practice.path).exists()
