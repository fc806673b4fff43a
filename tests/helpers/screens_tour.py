"""Every screen of the desk, reached the way a person reaches it: for the hostile-input tests.

A `Stop` names a screen, who signs in to reach it, what the database needs first
(an emergency override in the manager's queue, a second open concern) and the keys
that get there from the sign-in screen. `tests/ui/test_hostile_resize.py` resizes the
terminal on each stop; `tests/ui/test_hostile_keys.py` mashes keys on each.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from boundary_tui.app import BoundaryApp
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.times import london_wall_time
from boundary_tui.store import Store
from boundary_tui.ui.screens.action_form import ActionFormScreen
from boundary_tui.ui.screens.appointment_cancel import CancelAppointmentScreen
from boundary_tui.ui.screens.appointments import AppointmentsScreen
from boundary_tui.ui.screens.attach_form import AttachFormScreen
from boundary_tui.ui.screens.booking import BookingScreen
from boundary_tui.ui.screens.concern_choice import ConcernChoiceScreen
from boundary_tui.ui.screens.concern_close import CloseConcernScreen
from boundary_tui.ui.screens.concern_details import ConcernDetailsScreen
from boundary_tui.ui.screens.concern_form import ConcernFormScreen
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.contact_form import ContactFormScreen
from boundary_tui.ui.screens.desk import DeskScreen
from boundary_tui.ui.screens.entry import EntryScreen
from boundary_tui.ui.screens.export_choice import ExportChoiceScreen
from boundary_tui.ui.screens.first_run import FirstRunScreen
from boundary_tui.ui.screens.help import HelpScreen
from boundary_tui.ui.screens.lock import LockScreen
from boundary_tui.ui.screens.override_review import OverrideReviewScreen
from boundary_tui.ui.screens.pin_form import PinFormScreen
from boundary_tui.ui.screens.preview import PreviewScreen
from boundary_tui.ui.screens.sign_in import SignInScreen, SomeoneElseScreen
from boundary_tui.ui.screens.timeline import TimelineScreen
from tests.helpers.pilot import settle
from tests.helpers.practice import MANAGER_PIN, NOW, RECEPTION_PIN, Practice
from tests.helpers.quick import choose_patient

MANAGER = ("Margaret Lewis", MANAGER_PIN)
RECEPTION = ("Priya Shah", RECEPTION_PIN)

Go = Callable[[Pilot[None]], Awaitable[None]]
Prepare = Callable[[Store, Practice], None]


def alive(app: App[Any], where: str = "") -> None:
    """The app is running and nothing has gone wrong in it (no traceback, no exit)."""
    assert app._exception is None, f"the app crashed ({where}): {app._exception!r}"
    assert app.is_running and app.return_code is None, f"the app ended ({where})"


# -- preparing the database ---------------------------------------------------------------


def emergency_override(store: Store, practice: Practice) -> None:
    """Reception booked Martin O'Brien with Dr Hart in an emergency: the manager's queue shows it."""
    store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=london_wall_time(date(2026, 11, 23), 11, 0),
        by=practice.reception,
        chaperone_name="Grace O'Neill",
        override_reason="Chest pain; only Dr Hart free.",
    )


SETUP_CODES: dict[str, str] = {}
"""Setup codes issued by `new_colleague`, by name (printed once by the command line; kept here for the tour)."""


def new_colleague(store: Store, practice: Practice) -> None:
    """Ben Clarke was added with `boundary-tui staff add`: he has a setup code, not a PIN yet."""
    SETUP_CODES["Ben Clarke"] = store.staff.enrol("Ben Clarke", "reception", by="test").code


async def setup_code_typed(pilot: Pilot[None]) -> None:
    """Ben Clarke chooses his name and types his setup code: the desk asks him to choose his PIN."""
    await sign_in_quickly(pilot, "Ben Clarke", SETUP_CODES["Ben Clarke"], check=False)


def obrien_booked(store: Store, practice: Practice) -> None:
    """Martin O'Brien is booked with Dr Patel tomorrow at 10:00 (ctrl+o lists it)."""
    store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.patel,
        starts_at=london_wall_time(date(2026, 11, 24), 10, 0),
        by=practice.reception,
    )


def evidence_waiting(store: Store, practice: Practice) -> None:
    """A card for Dr Hart logged with a photo of it attached; a scan with a hostile name waits in the inbox."""
    from tests.helpers.drafts import log
    from tests.helpers.inbox import MARKUP_NAME, drop, png

    contact = log(store, practice, channel="card", description="A card for Dr Hart left at the desk.")
    drop(store.path, "card-photo.png", png(64, 48))
    store.attachments.attach_from_inbox(contact.id, "card-photo.png", by=practice.reception)
    drop(store.path, MARKUP_NAME, png(8, 8))
    drop(store.path, "letter.pdf", b"%PDF-1.4\n%%EOF\n", age_seconds=600)


def second_concern(store: Store, practice: Practice) -> None:
    """Martin O'Brien has two open concerns, so F5 asks which one."""
    store.concerns.open(
        practice.obrien,
        kind="aggression",
        targets=[practice.patel_staff],
        chaperone_scope="all",
        review_on=date(2027, 2, 28),
        by=practice.manager,
    )


# -- getting there ------------------------------------------------------------------------


find = choose_patient
"""Type a search into the desk's box (set at once) and choose the single match with Enter."""


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def on_obrien(*keys: str) -> Go:
    """Martin O'Brien chosen on the desk (not with Dr Hart, chaperone with her), then `keys`."""

    async def go(pilot: Pilot[None]) -> None:
        await find(pilot, "o'brien")
        if keys:
            await press(pilot, *keys)

    return go


async def stay(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def half_filled_contact_then_escape(pilot: Pilot[None]) -> None:
    await on_obrien("f3", "enter")(pilot)
    pilot.app.screen.query_one("#description", TextArea).insert("Asked for Dr Hart at the desk.")
    await settle(pilot)
    await press(pilot, "escape")


async def close_concern_button(pilot: Pilot[None]) -> None:
    await on_obrien("f5")(pilot)
    pilot.app.screen.query_one("#close-concern").focus()
    await press(pilot, "enter")


@dataclass(frozen=True)
class Stop:
    """One screen to visit."""

    name: str
    screen: type[Screen[Any]]
    who: tuple[str, str] | None
    """Who signs in first (None: stay on the first screen)."""
    go: Go = stay
    reach: tuple[str, ...] = ()
    """Widgets that must stay reachable (scrolled to, then on screen) at any terminal size."""
    prepare: Prepare | None = None
    empty_database: bool = False


STOPS = [
    Stop("sign-in", SignInScreen, None, reach=("#staff-list", "#pin")),
    Stop("first-run", FirstRunScreen, None, reach=("#name", "#pin_again", "#save"), empty_database=True),
    Stop("desk-no-patient", DeskScreen, RECEPTION, reach=("#search", "#results", "#patient")),
    Stop(
        "desk-flagged-patient",
        DeskScreen,
        RECEPTION,
        on_obrien(),
        reach=("#search", "#results", "#flag-banner", "#chaperone-marker"),
    ),
    Stop(
        "desk-manager-queue",
        DeskScreen,
        MANAGER,
        on_obrien(),
        reach=("#search", "#results", "#flag-banner", "#queue"),
        prepare=emergency_override,
    ),
    Stop("booking", BookingScreen, RECEPTION, on_obrien("f2"), reach=("#clinician", "#date", "#slot", "#save")),
    Stop("contact-form", ContactFormScreen, RECEPTION, on_obrien("f3"), reach=("#channel", "#description", "#save")),
    Stop("timeline", TimelineScreen, RECEPTION, on_obrien("f4"), reach=("#timeline-summary", "#timeline-entries")),
    Stop("timeline-entry", EntryScreen, RECEPTION, on_obrien("f4", "enter"), reach=("#entry-text",)),
    Stop("concern-form", ConcernFormScreen, MANAGER, on_obrien("f5"), reach=("#targets", "#reason", "#save")),
    Stop(
        "concern-choice",
        ConcernChoiceScreen,
        MANAGER,
        on_obrien("f5"),
        reach=("#concern-choices",),
        prepare=second_concern,
    ),
    Stop("concern-close", CloseConcernScreen, MANAGER, close_concern_button, reach=("#reason", "#save")),
    Stop("action-form", ActionFormScreen, MANAGER, on_obrien("f6"), reach=("#kind", "#notes", "#save")),
    Stop("concern-details", ConcernDetailsScreen, RECEPTION, on_obrien("f7"), reach=(".concern-detail",)),
    Stop("help", HelpScreen, RECEPTION, on_obrien("f1"), reach=("#help-note",)),
    Stop("lock", LockScreen, RECEPTION, on_obrien("f9"), reach=("#pin", "#someone-else")),
    Stop("someone-else", SomeoneElseScreen, RECEPTION, on_obrien("f9", "ctrl+o"), reach=("#staff-list", "#pin")),
    Stop("change-pin", PinFormScreen, RECEPTION, on_obrien("ctrl+r"), reach=("#current", "#pin_again", "#save")),
    Stop(
        "choose-pin",
        PinFormScreen,
        None,
        setup_code_typed,
        reach=("#pin", "#pin_again", "#save"),
        prepare=new_colleague,
    ),
    Stop(
        "export-choice",
        ExportChoiceScreen,
        MANAGER,
        on_obrien("f4", "e"),
        reach=("#export-formats", "#recipient", "#recipient_detail", "#save"),
    ),
    Stop(
        "contact-form-inbox",
        ContactFormScreen,
        RECEPTION,
        on_obrien("f3"),
        reach=("#channel", "#attach", "#save"),
        prepare=evidence_waiting,
    ),
    Stop(
        "entry-with-copies",
        EntryScreen,
        RECEPTION,
        on_obrien("f4", "enter"),
        reach=("#entry-copies", "#close"),
        prepare=evidence_waiting,
    ),
    Stop(
        "attach-form",
        AttachFormScreen,
        RECEPTION,
        on_obrien("f4", "enter", "i"),
        reach=("#attach", "#save"),
        prepare=evidence_waiting,
    ),
    Stop(
        "preview",
        PreviewScreen,
        RECEPTION,
        on_obrien("f4", "enter", "p"),
        reach=("#preview-picture", "#preview-caption"),
        prepare=evidence_waiting,
    ),
    Stop("confirm-discard", ConfirmScreen, RECEPTION, half_filled_contact_then_escape, reach=("#no", "#yes")),
    Stop(
        "appointments",
        AppointmentsScreen,
        RECEPTION,
        on_obrien("ctrl+o"),
        reach=("#appointment-list",),
        prepare=obrien_booked,
    ),
    Stop(
        "appointment-move",
        BookingScreen,
        RECEPTION,
        on_obrien("ctrl+o", "m"),
        reach=("#clinician", "#slot", "#reason", "#save"),
        prepare=obrien_booked,
    ),
    Stop(
        "appointment-cancel",
        CancelAppointmentScreen,
        RECEPTION,
        on_obrien("ctrl+o", "c"),
        reach=("#reason", "#save"),
        prepare=obrien_booked,
    ),
    Stop(
        "override-review",
        OverrideReviewScreen,
        MANAGER,
        on_obrien("f8", "r"),
        reach=("#note", "#save"),
        prepare=emergency_override,
    ),
]


def stop_app(stop: Stop, practice: Practice, tmp_path: Path) -> BoundaryApp:
    """The app for `stop`: the practice (prepared as the stop needs), or an empty database."""
    clock = FixedClock(NOW)
    if stop.empty_database:
        return BoundaryApp(db_path=tmp_path / "new.db", clock=clock)
    if stop.prepare is not None:
        with Store(practice.path, clock=clock) as store:
            stop.prepare(store, practice)
    return BoundaryApp(db_path=practice.path, clock=clock)


async def sign_in_quickly(pilot: Pilot[None], name: str, pin: str, *, check: bool = True) -> None:
    """Sign in without typing key by key (`conftest.sign_in` does that; ~40 ms a key adds up here)."""
    screen = pilot.app.screen
    staff_list = screen.query_one("#staff-list", OptionList)
    prompts = [str(staff_list.get_option_at_index(i).prompt) for i in range(staff_list.option_count)]
    staff_list.highlighted = next(i for i, prompt in enumerate(prompts) if prompt.startswith(name))
    pin_box = screen.query_one("#pin", Input)
    pin_box.focus()
    pin_box.value = pin
    await pilot.press("enter")
    await settle(pilot)
    if check:
        assert isinstance(pilot.app.screen, DeskScreen), "not signed in"


async def arrive(pilot: Pilot[None], stop: Stop) -> Screen[Any]:
    """Sign in as the stop says and go there; returns the screen, checked to be the right one."""
    await settle(pilot)
    if stop.who is not None:
        await sign_in_quickly(pilot, *stop.who)
    await stop.go(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, stop.screen), f"{stop.name}: on {type(screen).__name__}"
    alive(pilot.app)
    return screen


# -- on screen ------------------------------------------------------------------------------


def shown_region(widget: Widget) -> Region:
    """The part of `widget` drawn on its screen now (empty if none of it is)."""
    try:
        geometry = widget.screen.find_widget(widget)
    except Exception:  # noqa: BLE001 - NoWidget: not drawn at all
        return Region()
    return geometry.region.intersection(geometry.clip).intersection(widget.screen.region)


async def bring_into_view(pilot: Pilot[None], widget: Widget) -> Region:
    """Scroll `widget` into view as the focus would, and return what of it is then shown."""
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    return shown_region(widget)
