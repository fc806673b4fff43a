"""Hostile text typed (or pasted) into every form of the desk, through the real screens.

Whatever lands in a field is either saved byte for byte (or with the documented
normalisation: outer whitespace stripped where the store says so) and shown
literally, or refused with a message next to the field and the form still open
with the text as typed. The app never crashes, never quits, never parses it as
markup.

Pilot is slow (~1 s a save), so each property keeps ONE app running for all its
examples: a private event loop drives `run_test()` and Hypothesis drives the
examples in between (`Session`). Example counts are small (`fuzz(n)`); raise
them with BOUNDARY_FUZZ_SCALE.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select, SelectionList, Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core import actions as action_rules
from boundary_tui.core import contacts as contact_rules
from boundary_tui.core.actions import ActionDraft
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.concerns import MAX_SUMMARY_LENGTH
from boundary_tui.core.contacts import ContactDraft
from boundary_tui.core.text import MAX_NAME_LENGTH, MAX_REASON_LENGTH, name_problem, printable
from boundary_tui.core.vocabulary import ACTION_KINDS as KIND_LABELS
from boundary_tui.core.vocabulary import CONTACT_CHANNELS
from boundary_tui.store import Store
from boundary_tui.ui.screens.action_form import ActionFormScreen
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.entry import EntryScreen
from boundary_tui.ui.screens.first_run import FirstRunScreen
from boundary_tui.ui.screens.form import FormScreen
from boundary_tui.ui.screens.sign_in import SignInScreen
from boundary_tui.ui.widgets.match_list import MatchList
from tests.helpers.fuzz import NASTY, fuzz, hostile_text
from tests.helpers.pilot import settle, sign_in, type_text
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice

SIZE = (120, 40)
T = TypeVar("T")


def pilot_fuzz(examples: int) -> settings:
    """`fuzz()` without shrinking: each example costs a second of Pilot, and a failure shows its input anyway."""
    return settings(fuzz(examples), phases=[Phase.explicit, Phase.reuse, Phase.generate])


# Hostile text, sometimes repeated past every field's length limit (2,000, 4,000, 10,000 characters).
texts = st.one_of(hostile_text, st.tuples(hostile_text, st.integers(1, 60)).map(lambda pair: pair[0] * pair[1]))


class Session:
    """One app under `run_test()`, kept running across Hypothesis examples on a private event loop.

    `run_test()` sets context variables that must be reset in the task that set them, so one
    task holds the app for the whole session and runs each step it is handed.
    """

    def __init__(self, app: BoundaryApp) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._steps: asyncio.Queue[tuple[Awaitable[Any], asyncio.Future[Any]] | None] = asyncio.Queue()
        started: asyncio.Future[Pilot[None]] = self.loop.create_future()
        self._holder = self.loop.create_task(self._hold(started))
        self.pilot: Pilot[None] = self.loop.run_until_complete(started)

    async def _hold(self, started: asyncio.Future[Pilot[None]]) -> None:
        async with self.app.run_test(size=SIZE, notifications=True) as pilot:
            started.set_result(pilot)
            while (item := await self._steps.get()) is not None:
                step, done = item
                try:
                    done.set_result(await step)
                except BaseException as error:  # noqa: BLE001 - handed to the test, which raises it
                    done.set_exception(error)

    def run(self, step: Awaitable[T]) -> T:
        done: asyncio.Future[T] = self.loop.create_future()
        self._steps.put_nowait((step, done))
        return self.loop.run_until_complete(done)

    def close(self) -> None:
        try:
            self._steps.put_nowait(None)
            self.loop.run_until_complete(self._holder)
        finally:
            self.loop.close()

    def assert_alive(self) -> None:
        """Still running, nothing quit it, no markup error or other exception on the way."""
        assert self.app.is_running and self.app.return_code is None
        assert self.app._exception is None


@contextmanager
def session(practice: Practice, who: str = "", pin: str = "", patient: str = "") -> Iterator[Session]:
    opened = Session(BoundaryApp(db_path=practice.path, clock=FixedClock(NOW)))
    try:
        if who:
            opened.run(sign_in(opened.pilot, who, pin))
        if patient:
            opened.run(choose(opened.pilot, patient))
        yield opened
    finally:
        opened.close()


async def choose(pilot: Pilot[None], search: str) -> None:
    await type_text(pilot, search)
    await pilot.press("enter")
    await settle(pilot)


async def open_form(pilot: Pilot[None], key: str, kind: type[FormScreen[Any]]) -> Any:
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, kind), form
    return form


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def leave(pilot: Pilot[None], form: FormScreen[Any]) -> None:
    """Close a refused form without saving (Esc would ask first; that is tested elsewhere)."""
    form.dismiss(None)
    await settle(pilot)
    assert isinstance(pilot.app.screen, DeskScreen)


def problems_shown(form: FormScreen[Any]) -> dict[str, str]:
    """Every problem line on the form that has text, by widget id."""
    shown = {}
    for widget in form.query(".problem").results(Static):
        text = str(widget.render())
        if text.strip():
            shown[widget.id or ""] = text
    return shown


def values(form: FormScreen[Any]) -> dict[str, Any]:
    return form._values()


def held(form: FormScreen[Any], field: str, typed: str) -> str:
    """What a TextArea holds once `typed` is put in it.

    Textual's TextArea keeps one line-break style per document: `\r\n`, `\r` and the other
    characters Python counts as line breaks (U+2028, U+0085, \v, \f, \x1c-\x1e) become that
    style. Nothing else changes, and the form saves exactly what the field holds.
    """
    text = form.query_one(f"#{field}", TextArea).text
    assert "".join(text.splitlines()) == "".join(typed.splitlines())
    return text


def refused_plainly(session: Session, form: FormScreen[Any], typed: dict[str, Any], expected: set[str]) -> None:
    """The form is still open, says what is wrong (next to the field where there is one), kept the text."""
    session.assert_alive()
    assert session.app.screen is form
    shown = problems_shown(form)
    assert shown, "refused without saying why"
    for field in expected:
        assert f"{field}-problem" in shown or "form-problem" in shown, (field, shown)
    now = values(form)
    for field, value in typed.items():
        assert now[field] == value, field


# -- the contact form (F3) ---------------------------------------------------------------

CONTACT_TEXT = ("evidence_location", "witnesses", "effect", "police_officer", "police_reference")


def fill_contact(form: ContactFormScreen, description: str, fields: dict[str, str], *, gift: bool) -> None:
    if gift:
        form.query_one("#channel", OptionList).highlighted = CONTACT_CHANNELS.index("gift")
        form.query_one("#gift_handling", Select).value = "kept_and_declared"
    form.query_one("#description", TextArea).text = description
    form.query_one("#police_called", Checkbox).value = True
    for field, text in fields.items():
        form.query_one(f"#{field}", Input).value = text


def contact_problems(store: Store, practice: Practice, description: str, fields: dict[str, str], gift: bool) -> dict:
    draft = ContactDraft(
        occurred_at=NOW,
        channel="gift" if gift else "in_person",
        aimed_at=(practice.hart_staff,),
        description=description,
        police_called=True,
        gift_handling="kept_and_declared" if gift else None,
        **fields,
    )
    return contact_rules.problems(draft, now=NOW, staff_ids={practice.hart_staff})


async def contact_case(s: Session, store: Store, practice: Practice, description: str, fields: dict[str, str]) -> None:
    gift = len(description) % 2 == 0
    before = {c.id for c in store.contacts.for_patient(practice.obrien)}
    form = await open_form(s.pilot, "f3", ContactFormScreen)
    fill_contact(form, description, fields, gift=gift)
    await s.pilot.pause()
    typed = values(form)
    description = held(form, "description", description)
    await save(s.pilot)
    expected = contact_problems(store, practice, description, fields, gift)
    if expected:
        refused_plainly(s, form, typed, set(expected))
        assert {c.id for c in store.contacts.for_patient(practice.obrien)} == before  # nothing half-saved
        await leave(s.pilot, form)
        return
    s.assert_alive()
    assert isinstance(s.app.screen, DeskScreen), problems_shown(form)
    [saved] = [c for c in store.contacts.for_patient(practice.obrien) if c.id not in before]
    assert saved.description == description
    assert {f: getattr(saved, f) for f in fields} == fields
    assert saved.gift_handling == ("kept_and_declared" if gift else None)


async def show_entry(s: Session) -> EntryScreen:
    """F4 on the desk, Enter on the newest entry (the timeline opens on it)."""
    await s.pilot.press("f4")
    await settle(s.pilot)
    await s.pilot.press("enter")
    await settle(s.pilot)
    entry = s.app.screen
    assert isinstance(entry, EntryScreen)
    return entry


async def back_to_desk(s: Session) -> None:
    while not isinstance(s.app.screen, DeskScreen):
        await s.pilot.press("escape")
        await settle(s.pilot)


def test_contact_form_fields_save_exactly_or_say_why(practice: Practice) -> None:
    with session(practice, "Priya Shah", RECEPTION_PIN, "martin o'brien") as s, Store(practice.path) as store:

        @pilot_fuzz(4)
        @given(description=texts, fields=st.fixed_dictionaries({f: texts for f in CONTACT_TEXT}))
        def example(description: str, fields: dict[str, str]) -> None:
            s.run(contact_case(s, store, practice, description, fields))

        example()
        s.assert_alive()


def test_contact_form_shows_every_nasty_string_literally(practice: Practice) -> None:
    """Each NASTY string in some field of a saved contact, then read back on the timeline's entry."""
    storable = [t for t in NASTY if "\ud800" not in t]
    with session(practice, "Priya Shah", RECEPTION_PIN, "martin o'brien") as s, Store(practice.path) as store:
        # The lone surrogate is refused next to its field; everything else typed stays.
        s.run(contact_case(s, store, practice, "\ud800 lone surrogate", dict.fromkeys(CONTACT_TEXT, "x")))
        s.run(contact_case(s, store, practice, "ok", {**dict.fromkeys(CONTACT_TEXT, "x"), "witnesses": NASTY[-1]}))
        fields = {f: " | ".join(storable[i::5]) for i, f in enumerate(CONTACT_TEXT)}
        fields["police_officer"] = fields["police_officer"][:200]
        fields["police_reference"] = fields["police_reference"][:200]
        description = "\n".join(storable)
        s.run(contact_case(s, store, practice, description, fields))
        [*_, last] = store.contacts.for_patient(practice.obrien)
        description = last.description
        assert description.splitlines() == "\n".join(storable).splitlines()

        async def check() -> None:
            entry = await show_entry(s)
            assert str(entry.query_one("#entry-text", Static).render()) == printable(description)
            facts = str(entry.query_one("#entry-facts", Static).render())
            for field in ("evidence_location", "witnesses", "effect"):
                assert printable(fields[field]) in facts, field
            assert "[@click=app.quit]Eve[/]" in str(entry.query_one("#entry-text", Static).render())
            await s.pilot.click("#entry-text", offset=(2, 1))  # where a live [@click] would be
            await settle(s.pilot)
            s.assert_alive()
            await back_to_desk(s)

        s.run(check())


# -- the action form (F6, managers) -------------------------------------------------------

ACTION_KINDS = ("warning_letter_sent", "defence_body_contacted", "police_reported", "spoke_to_patient")
ACTION_TEXT = ("signed_by", "organisation", "officer", "crime_reference")


async def action_case(s: Session, store: Store, practice: Practice, kind: str, notes: str, fields: dict) -> None:
    specs = action_rules.fields_of(kind)
    mine = {f: v for f, v in fields.items() if f in specs}
    before = {a.id for a in store.actions.for_patient(practice.obrien)}
    form = await open_form(s.pilot, "f6", ActionFormScreen)
    form.query_one("#kind", OptionList).highlighted = KIND_LABELS.index(kind)
    await s.pilot.pause()
    form.query_one("#notes", TextArea).text = notes
    for field, text in mine.items():
        form.query_one(f"#{field}", Input).value = text
    await s.pilot.pause()
    typed = values(form)
    notes = held(form, "notes", notes)
    await save(s.pilot)
    draft = ActionDraft(kind=kind, occurred_at=NOW, notes=notes, **mine)
    expected = action_rules.problems(draft, now=NOW)
    if expected:
        refused_plainly(s, form, typed, set(expected))
        assert {a.id for a in store.actions.for_patient(practice.obrien)} == before
        await leave(s.pilot, form)
        return
    s.assert_alive()
    assert isinstance(s.app.screen, DeskScreen), problems_shown(form)
    [saved] = [a for a in store.actions.for_patient(practice.obrien) if a.id not in before]
    assert (saved.kind, saved.notes) == (kind, notes)
    assert {f: getattr(saved, f) for f in mine} == mine


def test_action_form_fields_save_exactly_or_say_why(practice: Practice) -> None:
    with session(practice, "Margaret Lewis", MANAGER_PIN, "martin o'brien") as s, Store(practice.path) as store:

        @pilot_fuzz(4)
        @given(
            kind=st.sampled_from(ACTION_KINDS),
            notes=texts,
            fields=st.fixed_dictionaries({f: hostile_text for f in ACTION_TEXT}),
        )
        def example(kind: str, notes: str, fields: dict[str, str]) -> None:
            s.run(action_case(s, store, practice, kind, notes, fields))

        example()

        # And every NASTY string on one police report, read back literally.
        storable = [t for t in NASTY if "\ud800" not in t]
        notes = "\n".join(storable)
        officer, reference = " ".join(storable[::2])[:200], " ".join(storable[1::2])[:200]
        fields = {"officer": officer, "crime_reference": reference, "signed_by": "", "organisation": ""}
        s.run(action_case(s, store, practice, "police_reported", notes, fields))
        notes = max(store.actions.for_patient(practice.obrien), key=lambda a: a.id).notes

        async def check() -> None:
            entry = await show_entry(s)
            assert str(entry.query_one("#entry-text", Static).render()) == printable(notes)
            facts = str(entry.query_one("#entry-facts", Static).render())
            assert printable(reference) in facts and printable(officer) in facts
            await back_to_desk(s)

        s.run(check())
        s.assert_alive()


# -- the concern form (F5, managers) ------------------------------------------------------


async def concern_case(s: Session, store: Store, practice: Practice, summary: str, reason: str) -> None:
    [before] = store.concerns.for_patient(practice.obrien)
    form = await open_form(s.pilot, "f5", ConcernFormScreen)
    assert not form.is_new
    form.query_one("#summary", TextArea).text = summary
    form.query_one("#reason", Input).value = reason
    await s.pilot.pause()
    typed = values(form)
    summary = held(form, "summary", summary)
    await save(s.pilot)
    [after] = store.concerns.for_patient(practice.obrien)
    if isinstance(s.app.screen, DeskScreen):
        s.assert_alive()
        assert after.summary == summary.strip()  # documented: the form strips the summary
        if after.summary != before.summary:
            change = store.db.execute(
                "SELECT reason FROM concern_changes WHERE concern_id = ? ORDER BY id DESC LIMIT 1", [after.id]
            ).fetchone()
            assert change == (reason.strip(),)
        return
    refused_plainly(s, form, typed, set())
    assert after == before
    fine = (
        len(summary.strip()) <= MAX_SUMMARY_LENGTH
        and "\ud800" not in summary + reason
        and not any(0xD800 <= ord(c) <= 0xDFFF for c in summary + reason)
        and reason.strip()
        and len(reason.strip()) <= MAX_REASON_LENGTH
        and summary.strip() != before.summary
    )
    assert not fine, problems_shown(form)  # a refusal of acceptable text would be a silent loss
    await leave(s.pilot, form)


def test_concern_form_summary_and_reason_save_or_say_why(practice: Practice) -> None:
    with session(practice, "Margaret Lewis", MANAGER_PIN, "martin o'brien") as s, Store(practice.path) as store:

        @pilot_fuzz(4)
        @given(summary=texts, reason=texts)
        def example(summary: str, reason: str) -> None:
            s.run(concern_case(s, store, practice, summary, reason))

        example()
        s.run(concern_case(s, store, practice, "\ud800", "broken"))  # was a silent failure: now explained
        s.run(concern_case(s, store, practice, "fine", "\udfff"))
        s.run(concern_case(s, store, practice, "\n".join(NASTY[:-1]), "[@click=app.quit]x[/]"))

        async def check() -> None:
            await s.pilot.press("f7")
            await settle(s.pilot)
            shown = " ".join(str(w.render()) for w in s.app.screen.query(Static))
            assert printable("[@click=app.quit]Eve[/]") in shown and "␛[2J" in shown
            await back_to_desk(s)

        s.run(check())
        s.assert_alive()


def test_a_new_concern_summary_is_saved_or_refused_plainly(practice: Practice) -> None:
    with session(practice, "Margaret Lewis", MANAGER_PIN, "jo smith") as s, Store(practice.path) as store:

        async def case(summary: str) -> None:
            form = await open_form(s.pilot, "f5", ConcernFormScreen)
            assert form.is_new
            form.query_one("#kind", Select).value = "harassment"
            form.query_one("#targets", SelectionList).select(practice.hart_staff)
            form.query_one("#summary", TextArea).text = summary
            await s.pilot.pause()
            typed = values(form)
            shown = held(form, "summary", summary)
            await save(s.pilot)
            if "\ud800" in summary:
                refused_plainly(s, form, typed, {"summary"})
                assert store.concerns.for_patient(practice.jo) == []
                await leave(s.pilot, form)
                return
            [concern] = store.concerns.for_patient(practice.jo)
            assert concern.summary == shown.strip()

        s.run(case("\ud800 lone surrogate"))
        s.run(case("\n".join(NASTY[:-1])))
        s.assert_alive()


# -- booking override (F2) ----------------------------------------------------------------


def bookings(store: Store, practice: Practice) -> dict[int, tuple[str, str, str]]:
    """Appointment id → (chaperone on the appointment, override reason, override chaperone)."""
    rows = store.db.execute(
        """SELECT a.id, a.chaperone_name, o.reason, o.chaperone_name
           FROM appointments a JOIN booking_overrides o ON o.appointment_id = a.id WHERE a.patient_id = ?""",
        [practice.obrien],
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


async def booking_case(s: Session, store: Store, practice: Practice, reason: str, chaperone: str) -> None:
    before = bookings(store, practice)
    form = await open_form(s.pilot, "f2", BookingScreen)
    clinicians = form.query_one("#clinician", OptionList)
    clinicians.highlighted = next(i for i, c in enumerate(form._clinicians) if c.id == practice.hart)
    await settle(s.pilot)
    form.query_one("#override_reason", Input).value = reason
    form.query_one("#chaperone", Input).value = chaperone
    await s.pilot.pause()
    typed = values(form)
    await save(s.pilot)
    if isinstance(s.app.screen, ConfirmScreen):  # a second appointment this morning is asked about: book both
        await s.pilot.press("tab", "enter")
        await settle(s.pilot)
    r, c = reason.strip(), chaperone.strip()
    ok = (
        r
        and c
        and len(r) <= MAX_REASON_LENGTH
        and len(c) <= MAX_NAME_LENGTH
        and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in r + c)
    )
    if not ok:
        refused_plainly(s, form, typed, set())
        assert bookings(store, practice) == before
        await leave(s.pilot, form)
        return
    s.assert_alive()
    assert isinstance(s.app.screen, DeskScreen), problems_shown(form)
    [new] = [row for key, row in bookings(store, practice).items() if key not in before]
    assert new == (c, r, c)  # documented: outer spaces stripped


def test_booking_override_reason_and_chaperone_save_or_say_why(practice: Practice) -> None:
    with session(practice, "Priya Shah", RECEPTION_PIN, "martin o'brien") as s, Store(practice.path) as store:

        @pilot_fuzz(5)
        @given(reason=hostile_text, chaperone=hostile_text.map(lambda t: t[:120]))
        def example(reason: str, chaperone: str) -> None:
            s.run(booking_case(s, store, practice, reason, chaperone))

        s.run(booking_case(s, store, practice, "chest pain", "[@click=app.quit]Ann[/] \x1b[2J"))
        shown = str(s.app.screen.query_one("#appointments").render())
        assert "chaperone: [@click=app.quit]Ann[/] ␛[2J" in shown  # literal: markup as typed, ESC as ␛
        s.run(booking_case(s, store, practice, "chest pain \ud800", "Ann Lee"))  # was a silent failure
        example()
        s.assert_alive()


# -- the desk's search box ----------------------------------------------------------------


async def search_case(s: Session, text: str) -> None:
    box = s.app.screen.query_one("#search", Input)
    box.value = text
    await settle(s.pilot)
    s.assert_alive()
    assert isinstance(s.app.screen, DeskScreen)
    assert box.value == text
    message = str(s.app.screen.query_one("#lookup-message").render())
    assert "\x1b" not in message and "\x00" not in message
    results = s.app.screen.query_one("#results", MatchList)
    for y in range(results.size.height):
        line = results.render_line(y).text
        assert "\x1b" not in line


def test_the_search_box_takes_anything(practice: Practice) -> None:
    with session(practice, "Priya Shah", RECEPTION_PIN) as s:

        @pilot_fuzz(8)
        @given(text=texts)
        def example(text: str) -> None:
            s.run(search_case(s, text))

        example()
        for text in NASTY:
            s.run(search_case(s, text))

        async def find_eve() -> None:
            await search_case(s, "example")
            results = s.app.screen.query_one("#results", MatchList)
            assert "[@click=app.quit]E" in results.matches[0].line
            await s.pilot.click("#results", offset=(4, 0))
            await settle(s.pilot)
            s.assert_alive()

        s.run(find_eve())


# -- the first manager's name, typed on an empty database ---------------------------------


@pilot_fuzz(5)
@given(name=hostile_text)
def test_the_first_managers_name_is_saved_as_typed_or_refused_plainly(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = BoundaryApp(db_path=Path(folder) / "new.db", clock=FixedClock(NOW))
        s = Session(app)
        try:

            async def case() -> None:
                await settle(s.pilot)
                form = app.screen
                assert isinstance(form, FirstRunScreen)
                for field, value in (("name", name), ("pin", "947261"), ("pin_again", "947261")):
                    form.query_one(f"#{field}", Input).value = value
                typed = values(form)
                await save(s.pilot)
                collapsed = " ".join(name.split())
                if name_problem(collapsed, "Your name"):
                    refused_plainly(s, form, typed, {"name"})
                    assert app.store.staff.all() == []
                    return
                assert isinstance(app.screen, SignInScreen)
                [manager] = app.store.staff.all()
                assert manager.name == collapsed  # documented: runs of spaces become one
                prompt = str(app.screen.query_one("#staff-list", OptionList).get_option_at_index(0).prompt)
                assert prompt == printable(collapsed, single_line=True)  # names only: no roles on a public screen
                s.assert_alive()

            s.run(case())
        finally:
            s.close()


# -- behind every form: the store refuses what it cannot store, by field ---------------------

BROKEN = "text \ud800 with half a character"


def test_every_store_write_behind_a_form_refuses_broken_unicode_by_field(store: Store, practice: Practice) -> None:
    """Each of these raised UnicodeEncodeError from SQLite (a form showed nothing and kept waiting)."""
    from datetime import date

    from boundary_tui.core.errors import Invalid
    from boundary_tui.store.queue import QueueStore
    from tests.helpers.drafts import contact_draft, log

    [concern] = store.concerns.for_patient(practice.obrien)
    contact = log(store, practice)
    action = store.actions.record(
        practice.obrien, ActionDraft(kind="spoke_to_patient", occurred_at=NOW, notes="Spoke."), by=practice.manager
    )
    booked = store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=NOW.replace(hour=10),
        by=practice.reception,
        override_reason="Chest pain",
        chaperone_name="Ann Lee",
    )
    assert booked.override_id is not None
    writes = {
        "summary": lambda: store.concerns.open(
            practice.jo, kind="other", targets=[practice.hart_staff], chaperone_scope="none",
            review_on=date(2027, 1, 31), summary=BROKEN, by=practice.manager,
        ),
        "reason": lambda: store.concerns.change(concern.id, reason=BROKEN, summary="x", by=practice.manager),
        "override_reason": lambda: store.appointments.book(
            patient_id=practice.obrien, clinician_id=practice.hart, starts_at=NOW.replace(hour=11),
            by=practice.reception, override_reason=BROKEN, chaperone_name="Ann Lee",
        ),
        "chaperone": lambda: store.appointments.book(
            patient_id=practice.obrien, clinician_id=practice.hart, starts_at=NOW.replace(hour=11),
            by=practice.reception, override_reason="Chest pain", chaperone_name=BROKEN,
        ),
        "note": lambda: QueueStore(store).mark_override_reviewed(booked.override_id, note=BROKEN, by=practice.manager),
        "amend_reason": lambda: store.contacts.amend(
            contact.id, contact_draft(practice, description="Changed."), reason=BROKEN, by=practice.reception
        ),
        "action amend_reason": lambda: store.actions.amend(
            action.id, ActionDraft(kind="spoke_to_patient", occurred_at=NOW, notes="Changed."), reason=BROKEN,
            by=practice.manager,
        ),
        "job_title": lambda: store.clinicians.add("Dr New", BROKEN, by="test"),
        "address": lambda: store.patients.add(
            nhs_number="9990000085", given_name="A", family_name="B", date_of_birth=date(1990, 1, 1),
            address=BROKEN, by="test",
        ),
    }  # fmt: skip
    for field, write in writes.items():
        try:
            write()
        except Invalid as invalid:
            assert "broken Unicode" in invalid.problems[field.split()[-1]], field
        else:
            raise AssertionError(f"{field}: saved broken Unicode")
    try:
        store.concerns.close(concern.id, reason=BROKEN, by=practice.manager)
    except Invalid as invalid:
        assert "broken Unicode" in invalid.problems["reason"]
    else:
        raise AssertionError("close: saved broken Unicode")
