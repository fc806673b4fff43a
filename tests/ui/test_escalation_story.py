"""The seed's case replayed at the desk, at 80x24, counting keys: the walls hit before issue 16, gone.

A patient of Dr Hart (Jo Smith here) sends a gift, then messages; the practice
opens a concern (his existing appointment with Dr Hart is caught and moved to
Dr Ortiz at the same time, in one flow), asks that he be booked only with her
male colleagues (a nurse is refused, a GP offered), a love letter comes, then a
burst of four messages (each at most 6 keys besides the text), the concern
escalates from amorous advances to harassment to stalking, he comes in
aggressive and waits in the car park, the police are called, and he is removed
from the list (his future appointments go with it, each recorded). At every
step on the list the next steps say something.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.times import london, show
from boundary_tui.store import Store
from boundary_tui.ui.screens.appointments import AppointmentsScreen
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from tests.helpers.pilot import settle, sign_in
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient, open_kind
from tests.helpers.screens_tour import sign_in_quickly

SIZE = (80, 24)
TOMORROW_TEN = NOW.replace(hour=10) + timedelta(days=1)


class Keys:
    """Presses keys like a person and counts them (typed text is counted apart)."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)
        await settle(self.pilot)

    async def type(self, text: str) -> None:
        """Text is not what is counted: put into the focused box at once (~70 ms a key typed here)."""
        focused = self.pilot.app.screen.focused
        if isinstance(focused, TextArea):
            focused.insert(text)
        elif isinstance(focused, Input) and not focused.selection.is_empty:
            focused.replace(text, *focused.selection)  # typed over what was selected (ctrl+t selects the time)
        elif isinstance(focused, Input):
            focused.insert_text_at_cursor(text)
        else:
            await self.pilot.press(*text)
        await settle(self.pilot)


def hints(store: Store, patient: int) -> list[str]:
    timeline = store.timeline.for_patient(patient)
    assert timeline is not None
    return [h.code for h in timeline.hints]


async def log(keys: Keys, first: list[str], text: str, then: tuple[str, ...] = ()) -> int:
    """Log one contact: `first` keys, the text, `then`, ctrl+s; returns the keys it took besides the text."""
    keys.count = 0
    await keys.press(*first)
    assert isinstance(keys.pilot.app.screen, ContactFormScreen)
    assert isinstance(keys.pilot.app.screen.focused, TextArea), "not in 'what happened'"
    await keys.type(text)
    if then:
        await keys.press(*then)
    await keys.press("ctrl+s")
    assert isinstance(keys.pilot.app.screen, DeskScreen), "not saved"
    return keys.count


async def test_the_seed_case_at_the_desk(app: BoundaryApp, store: Store, practice: Practice) -> None:
    ortiz = store.clinicians.add("Dr Luis Ortiz", "GP", by="test")
    booked = store.appointments.book(
        patient_id=practice.jo, clinician_id=practice.hart, starts_at=TOMORROW_TEN, by=practice.reception
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        keys = Keys(pilot)

        # -- a gift, then a message: proportionate advice --------------------------------------
        await sign_in(pilot, "Priya Shah", RECEPTION_PIN)
        await choose_patient(pilot, "jo smith")
        aimed_at_hart = ("shift+tab", "h", "a", "space")  # no concern yet: nobody is ticked for them
        taken = await log(keys, ["f3", "g", "enter"], "Chocolates and a thank-you card for Dr Hart.", aimed_at_hart)
        assert taken == 8
        assert hints(store, practice.jo) == ["line_manager", "keep_logging"]  # not alarmist
        [gift] = store.contacts.for_patient(practice.jo)
        assert gift.channel == "gift"

        # -- the manager opens a concern: the booking with Dr Hart is caught and moved in one flow ---
        await pilot.press("f9")  # the practice manager takes over the desk: the deliberate "someone else" path
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await sign_in_quickly(pilot, "Margaret Lewis", MANAGER_PIN)
        await choose_patient(pilot, "jo smith")
        await keys.press("f5")
        form = app.screen
        assert isinstance(form, ConcernFormScreen)
        form.query_one("#kind", Select).value = "amorous_advances"
        form.query_one("#targets").focus()
        await keys.press("h", "a", "space")  # type-to-find: Dr Amelia Hart, ticked
        form.query_one("#allowed").focus()
        await keys.press("o", "r", "space", "p", "a", "space")  # "book only with her male colleagues"
        await keys.press("ctrl+s")
        listed = app.screen
        assert isinstance(listed, AppointmentsScreen), "the booking with Dr Hart was not listed"
        [line] = [str(o.prompt) for o in listed.query_one("#appointment-list", OptionList).options]
        assert line == "Tue 24 Nov 2026 10:00 with Dr Amelia Hart · ⚠ Not with Dr Amelia Hart (open concern)"
        await keys.press("m")  # move it
        move = app.screen
        assert isinstance(move, BookingScreen)
        assert move.clinician is not None and move.clinician.name == "Dr Luis Ortiz"  # allowed, same job, first
        assert move.slot is not None and move.slot.starts_at == TOMORROW_TEN  # the same time
        await keys.press("ctrl+s")  # the reason is what the concern says
        assert isinstance(app.screen, DeskScreen)
        [moved] = store.appointments.upcoming_for(practice.jo)
        assert (moved.clinician_name, moved.starts_at, moved.moved_from) == ("Dr Luis Ortiz", TOMORROW_TEN, booked.id)
        assert store.appointments.get(booked.id).status == "cancelled"  # type: ignore[union-attr]
        assert store.appointments.affected() == []
        banner = str(app.screen.query_one("#flag-banner", Static).render())
        assert "Not with Dr Amelia Hart" in banner and "Only with Dr Luis Ortiz, Dr Rajesh Patel" in banner

        # -- "book only with her male colleagues" is enforced: no female nurse offered ------------
        await keys.press("f2")
        booking = app.screen
        assert isinstance(booking, BookingScreen)
        await keys.press("g", "r", "enter", "enter")  # Grace O'Neill, the first free slot
        problem = str(booking.query_one("#form-problem", Static).render())
        assert "Not with Grace O'Neill: an open concern says book this patient only with Dr Luis Ortiz" in problem
        assert "Dr Luis Ortiz (GP), Dr Rajesh Patel (GP) can be" in problem
        await keys.press("escape")
        assert isinstance(app.screen, DeskScreen)

        # -- a love letter, then a burst of four messages: at most 6 keys each besides the text ----
        assert await log(keys, ["f3", "l", "enter"], "A four-page letter to Dr Hart declaring his love.") == 4
        burst = [
            await log(keys, ["f3", "s", "enter"], "Message 1: why won't you answer me?"),
            await log(keys, ["ctrl+n"], "Message 2: I saw you leave at six."),
            await log(keys, ["ctrl+n"], "Message 3: answer me."),
        ]
        keys.count = 0
        await keys.press("ctrl+n", "ctrl+t")  # the fourth came at 08:40: "when it happened" in one key
        earlier = london(NOW - timedelta(minutes=20)).strftime("%d/%m/%Y %H:%M")
        await keys.type(earlier)
        await keys.press("enter")  # on to what happened
        assert isinstance(app.screen.focused, TextArea)
        await keys.type("Message 4: I know where you park.")
        await keys.press("ctrl+s")
        burst.append(keys.count)
        assert burst == [4, 2, 2, 4] and max(burst) <= 6
        messages = [c for c in store.contacts.for_patient(practice.jo) if c.channel == "social_media"]
        assert len(messages) == 4
        assert {tuple(t.name for t in c.aimed_at) for c in messages} == {("Dr Amelia Hart",)}
        assert sorted(c.occurred_at for c in messages)[0] == NOW - timedelta(minutes=20)

        # -- the concern's kind follows the escalation ---------------------------------------------
        for kind, why in (("harassment", "Several messages a day"), ("stalking", "Knows where Dr Hart parks")):
            await keys.press("f5")
            change = app.screen
            assert isinstance(change, ConcernFormScreen)
            change.query_one("#kind", Select).value = kind
            change.query_one("#reason", Input).focus()
            await keys.type(why)
            await keys.press("ctrl+s")
            assert isinstance(app.screen, DeskScreen)
        [concern] = store.concerns.for_patient(practice.jo)
        assert concern.kind == "stalking"
        timeline = store.timeline.for_patient(practice.jo)
        assert timeline is not None
        assert [e.text for e in timeline.entries if e.kind == "kind_changed"] == [
            "Harassment (was: Amorous advances). Why: Several messages a day",
            "Stalking (was: Harassment). Why: Knows where Dr Hart parks",
        ]

        # -- aggressive at the desk, then waiting in the car park: police ---------------------------
        await keys.press("f3", "enter")
        walk_in = app.screen
        assert isinstance(walk_in, ContactFormScreen)
        walk_in.query_one("#severity", Select).value = "threatening"
        await keys.type("Shouted at reception that Dr Hart would regret ignoring him.")
        await keys.press("ctrl+s")
        assert await log(keys, ["f3", "w", "enter"], "Waited by Dr Hart's car in the car park until 19:00.") == 4
        assert hints(store, practice.jo)[0] == "police_threat"

        form = await open_kind(pilot, "police_reported")
        await keys.type("13/123456/26")
        await keys.press("ctrl+s")
        assert isinstance(app.screen, DeskScreen)
        after_report = hints(store, practice.jo)
        assert "police_threat" not in after_report and {"removal", "spo"} <= set(after_report)  # not silent
        assert await log(keys, ["ctrl+n"], "Waited in the car park again.") == 2
        assert {"removal", "spo", "keep_logging"} <= set(hints(store, practice.jo))

        # -- removal takes his future appointments with it -------------------------------------------
        form = await open_kind(pilot, "removal_effective")
        form.query_one("#removal_route", Select).value = "immediate"
        form.query_one("#effective_on", Input).value = "23/11/2026"
        await keys.press("ctrl+s")
        assert isinstance(app.screen, DeskScreen)
        assert store.appointments.upcoming_for(practice.jo) == []
        assert store.appointments.get(moved.id).status == "cancelled"  # type: ignore[union-attr]
        reasons = store.db.execute(
            "SELECT reason, recorded_by FROM appointment_changes WHERE appointment_id = ? AND change = 'cancelled'",
            [moved.id],
        ).fetchall()
        assert reasons == [("Removed from the practice list on 23 Nov 2026.", practice.manager)]
        said = [str(n.message) for n in app._notifications]
        assert any(
            f"1 future appointment cancelled with the removal, each recorded: {show(TOMORROW_TEN)} with Dr Luis Ortiz"
            in message
            for message in said
        )
        assert "Removed from list on 23 Nov 2026" in str(app.screen.query_one("#flag-banner", Static).render())
        assert hints(store, practice.jo)[0] == "confirm_removal"
        assert ortiz.name == "Dr Luis Ortiz" and date(2026, 11, 23) == NOW.date()
