"""The command palette on the desk (ctrl+p): find a patient, run a desk action.

Offered only where it fits (registered on the desk screen, so the lock screen,
sign-in and forms never search patients):

* patients, by anything the desk's search takes (name, NHS number, date of
  birth, postcode, phone), limited to a few; a patient line shows what the
  lookup list shows and nothing of any concern (rule 11);
* the desk's actions: help and lock always; book, log contact and timeline once
  a patient is chosen; concern, record action and the queue for managers only.
  Which keys it offers, under which title, and when, is said by their rows in
  `ui/keys.py` (`Offer`).

Everything shown is built as `Content` from plain text. Patient names are user
text: `Matcher.highlight()` would parse them as markup (a name such as
`[@click=app.quit]Eve[/]` would become a live link), so `highlighted()` marks
the matched characters itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.models import Patient
from boundary_tui.core.nhs import format_nhs
from boundary_tui.core.text import printable
from boundary_tui.core.times import show_date
from boundary_tui.ui.keys import KEYS, Key, Offer

if TYPE_CHECKING:
    from boundary_tui.ui.screens.desk import DeskScreen

PATIENT_LIMIT = 8
"""Most patients the palette lists: it is a shortcut, the desk's list is for browsing."""


@dataclass(frozen=True)
class DeskCommand:
    """A key of the desk (or the app) the palette offers, and how: both are rows of `ui/keys.py`."""

    key: Key
    offer: Offer


DESK_COMMANDS = tuple(DeskCommand(key, key.offer) for key in KEYS if key.offer is not None)
"""What the palette offers, in the order of `ui/keys.py`."""


def highlighted(text: str, matcher: Matcher) -> Content:
    """`text` shown literally, the characters the query matched in the match style.

    Not `matcher.highlight(text)`: that parses `text` as markup.
    """
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def patient_line(patient: Patient) -> str:
    """What the lookup list shows of a patient, and nothing more (rule 11)."""
    name = printable(patient.listing_name, single_line=True)
    return f"{name} · born {show_date(patient.date_of_birth)} · NHS {format_nhs(patient.nhs_number)}"


class DeskCommands(Provider):
    """Patients and desk actions, for the desk screen it was opened on."""

    def _desk(self) -> DeskScreen | None:
        from boundary_tui.ui.screens.desk import DeskScreen

        return self.screen if isinstance(self.screen, DeskScreen) else None

    def _offered(self, desk: DeskScreen) -> list[DeskCommand]:
        """The actions that fit now: chosen patient, role."""
        return [
            command
            for command in DESK_COMMANDS
            if (desk.view is not None or not command.offer.needs_patient)
            and (desk.is_manager or not command.offer.managers_only)
        ]

    def _run(self, desk: DeskScreen, command: DeskCommand) -> Callable[[], Any]:
        """The app's keys (`app.lock`) run on the app, the desk's on the desk."""
        if command.key.id.startswith("app."):
            return partial(self.app.run_action, command.key.action)
        return partial(desk.run_action, command.key.action)

    def _prompt(self, desk: DeskScreen, command: DeskCommand, name: Content) -> Content:
        """The action's name, its key, and for whom (the patient's name, literally)."""
        parts: list[Content | tuple[str, str]] = [name, (f"  {command.key.label}", "dim")]
        if command.offer.needs_patient and desk.view is not None:
            parts.append((" · " + printable(desk.view.patient.full_name, single_line=True), "dim"))
        return Content.assemble(*parts)

    async def discover(self) -> Hits:
        desk = self._desk()
        if desk is None:
            return
        for command in self._offered(desk):
            offer = command.offer
            yield DiscoveryHit(
                self._prompt(desk, command, Content(offer.title)),
                self._run(desk, command),
                text=offer.title,
                help=offer.hint,
            )

    async def search(self, query: str) -> Hits:
        desk = self._desk()
        if desk is None:
            return
        matcher = self.matcher(query)
        for command in self._offered(desk):
            offer = command.offer
            score = matcher.match(offer.title)
            if score > 0:
                yield Hit(
                    score,
                    self._prompt(desk, command, highlighted(offer.title, matcher)),
                    self._run(desk, command),
                    text=offer.title,
                    help=offer.hint,
                )
        for rank, patient in enumerate(await self._patients(desk, query)):
            line = patient_line(patient)
            yield Hit(
                # Below a well-matched action, in the lookup's own order.
                0.5 - rank / 100,
                highlighted(line, matcher),
                partial(desk.choose, patient.id),
                text=line,
                help="Choose this patient on the desk",
            )

    async def _patients(self, desk: DeskScreen, query: str) -> tuple[Patient, ...]:
        """The desk's own lookup, off the UI thread; a failing database finds nobody here
        (the desk's search box says why)."""
        try:
            result = await asyncio.to_thread(desk.store.patients.lookup, query, limit=PATIENT_LIMIT)
        except BoundaryError:
            return ()
        return result.patients
