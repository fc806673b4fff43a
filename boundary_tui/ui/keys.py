"""Every key of the app, described once: its footer word, its line in help, in the README and in the palette.

One row (`Key`) per key, by binding id. From it come:

* the bindings: a screen declares `BINDINGS = bindings("desk.help", "desk.book", …)`
  (`tests/ui/test_keys.py` checks that every binding with an id equals its row);
* help (F1, `ui/screens/help.py`): a binding's line is its row's `help`;
  keys handled without a binding (↓ from the search box to the matches) and
  Textual's own keys (ctrl+p, ctrl+q) have rows too, and help lists them;
* the command palette (ctrl+p, `ui/commands.py`): the rows with an `Offer`, in
  the order of this table;
* the README's key tables: written from the rows by
  `python -m tests.helpers.readme_keys` (`tests/project/test_readme.py` checks them).

Offer titles and hints are parsed as markup by the palette: never put user text here.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from textual.binding import Binding, BindingType


class Offer(NamedTuple):
    """How the command palette on the desk offers a key."""

    title: str
    hint: str
    """Under the title. Parsed as markup by the palette: never user text."""
    needs_patient: bool = False
    """Offered only once a patient is chosen."""
    managers_only: bool = False


class Key(NamedTuple):
    """One key (or a few keys doing one thing) and everything said about it."""

    id: str
    """The binding id (`desk.book`): how screens, help, the palette and a user's keymap name the key."""
    keys: str
    """Textual key names, comma-separated, as `Binding` takes them (`f2`, `escape,f7`, `up,down`)."""
    action: str = ""
    """The action it runs; empty for a key a screen handles without a binding (see `listed_on`)."""
    word: str = ""
    """The footer's word (the binding's description)."""
    help: str = ""
    """What help (F1) says it does; empty when the word says it all."""
    readme: str = ""
    """What the README's key table says; empty when help's line says it all."""
    show: bool = True
    """Shown in the footer."""
    priority: bool = False
    """Works inside forms and dialogs too (the app's F1 and F9)."""
    offer: Offer | None = None
    """How the command palette offers it, if it does."""
    listed_on: str = ""
    """For a key without a binding of ours: the screen class (or base class) whose help lists it."""
    textual: bool = False
    """Textual's own key (the binding is Textual's): help lists it where the app allows `action`."""

    @property
    def does(self) -> str:
        """Help's line."""
        return self.help or self.word

    @property
    def manual(self) -> str:
        """The README's line."""
        return self.readme or self.does

    @property
    def label(self) -> str:
        """The keys as people read them: `F1`, `Esc / F7`, `↑ / ↓`."""
        return " / ".join(key_name(key) for key in self.key_list)

    @property
    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(",") if key.strip()]

    def binding(self) -> Binding:
        """The binding this row describes."""
        if not self.action or self.textual:
            raise ValueError(f"{self.id} is not a binding of ours")
        return Binding(self.keys, self.action, self.word, show=self.show, priority=self.priority, id=self.id)


KEYS: tuple[Key, ...] = (
    # Key(id, keys, action, footer word, help's line, README's line, …): the fields above, in order.
    # The desk, in the order the palette offers its keys.
    Key(
        "desk.book",
        "f2",
        "book",
        "Book",
        "Book an appointment for the chosen patient",
        offer=Offer("Book an appointment", "Book the chosen patient with a clinician", needs_patient=True),
    ),
    Key(
        "desk.contact",
        "f3",
        "log_contact",
        "Log contact",
        "Log a contact (a walk-in: F3, Enter, what happened, ctrl+s)",
        "Log a contact for the chosen patient (anyone signed in). A walk-in is `F3`, `Enter` (in person, now, "
        "aimed at whom the concern names), what happened, `ctrl+s`",
        offer=Offer("Log a contact", "A walk-in, a call, a letter, a gift…", needs_patient=True),
    ),
    Key(
        "desk.log_another",
        "ctrl+n",
        "log_another",
        "Another",
        "Log another contact like the last one saved: same channel, aimed at, severity",
        "Log another contact like the last one saved here (same channel, aimed at and severity; a new time and "
        "text): a burst of messages is `ctrl+n`, what happened, `ctrl+s` each",
        show=False,
        offer=Offer("Log another like the last", "Same channel, aimed at, severity", needs_patient=True),
    ),
    Key(
        "desk.appointments",
        "ctrl+o",
        "appointments",
        "Appointments",
        "The chosen patient's appointments: move or cancel one",
        "The chosen patient's appointments, flagged where a restriction now forbids one: `m` moves (rebooks) "
        "it, `c` cancels it, each with a reason",
        show=False,
        offer=Offer("Move or cancel an appointment", "The chosen patient's appointments", needs_patient=True),
    ),
    Key(
        "desk.timeline",
        "f4",
        "timeline",
        "Timeline",
        "The chosen patient's timeline",
        "The chosen patient's timeline: every contact, action, concern change, emergency booking override and "
        "appointment moved or cancelled, in the order it happened",
        offer=Offer("Timeline", "Everything logged about the chosen patient", needs_patient=True),
    ),
    Key(
        "desk.concern",
        "f5",
        "concern",
        "Concern",
        "Open, change or close a concern (managers)",
        "Open a concern for the chosen patient, or change / close the open one (managers only)",
        offer=Offer(
            "Open or change a concern",
            "Targets, chaperone, review date (managers)",
            needs_patient=True,
            managers_only=True,
        ),
    ),
    Key(
        "desk.action",
        "f6",
        "record_action",
        "Action",
        "Record an action: warning letter, police, removal… (managers)",
        "Record an action (managers only): warning letter, defence-body advice, police report with crime "
        "reference, police warning, removal (ordinary or immediate), Stalking Protection Order with its expiry…",
        offer=Offer(
            "Record an action",
            "Warning letter, defence body, police, removal… (managers)",
            needs_patient=True,
            managers_only=True,
        ),
    ),
    Key(
        "desk.concern_details",
        "f7",
        "concern_details",
        "Details",
        "Concern details: kind, targets, summary (not on the banner)",
        "Concern details: kind, targets, chaperone scope, review date and summary (never on the banner)",
    ),
    Key(
        "desk.queue",
        "f8",
        "focus_queue",
        "Queue",
        "The manager's queue (managers)",
        "The manager's queue (managers only): `Enter` opens the item's patient, or on a lock-out asks to lift it",
        show=False,
        offer=Offer("Manager's queue", "Reviews, overrides and deadlines due", managers_only=True),
    ),
    Key(
        "desk.search",
        "slash",
        "focus_search",
        "Search",
        "Search: name, date of birth, NHS number, postcode, phone",
        "Search: a name (`obr` finds O'Brien, `zoe` finds Zoë, `smi jo` finds Jo Smith), a date of birth "
        "(`14/03/1978` or `1978-03-14`), an NHS number (with or without spaces), a postcode (any spacing or "
        "case) or a phone number",
        offer=Offer("Search for a patient", "Name, date of birth, NHS number, postcode or phone"),
    ),
    Key(
        "desk.help",
        "f1",
        "help",
        "Help",
        "This help",
        offer=Offer("Help", "The keys of the desk and the practice's steps"),
    ),
    Key(
        "desk.change_pin",
        "ctrl+r",
        "change_pin",
        "Change PIN",
        "Change your own PIN (your current PIN, then the new one twice)",
        show=False,
        offer=Offer("Change my PIN", "Your current PIN, then a new one twice"),
    ),
    Key("desk.back", "escape", "back", "Back", "Back to the search box (twice: clear it)", show=False),
    Key("desk.matches", "down", help="From the search box to the matches", listed_on="DeskScreen"),
    Key(
        "desk.choose",
        "enter",
        help="Choose the highlighted patient",
        readme="Choose the highlighted patient (from the search box too: Enter there chooses the first match)",
        listed_on="DeskScreen",
    ),
    Key(
        "queue.mark_reviewed",
        "r",
        "mark_reviewed",
        "Mark reviewed",
        "In the queue: mark an emergency override reviewed",
    ),
    # The app: on every screen, forms and dialogs included.
    Key(
        "app.help",
        "f1",
        "help",
        "Help",
        "This help",
        "Help: the keys of the screen you are on, and the practice's steps",
        priority=True,
    ),
    Key(
        "app.lock",
        "f9",
        "lock",
        "Lock",
        "Lock the desk now (it also locks itself when left idle)",
        priority=True,
        offer=Offer("Lock the desk", "Nothing of the desk shows until a PIN is typed"),
    ),
    Key(
        "textual.command_palette",
        "ctrl+p",
        "command_palette",
        help="Command palette: find a patient, run a desk action",
        readme="Command palette: find a patient by name or NHS number, run a desk action (once signed in)",
        textual=True,
    ),
    Key(
        "textual.quit",
        "ctrl+q",
        "quit",
        help="Quit",
        readme="Quit (not while the desk is locked: whoever walks up cannot end the session)",
        textual=True,
    ),
    # The timeline and its entries.
    Key("timeline.back", "escape", "close", "Back", "Back to the desk"),
    Key("timeline.contact", "f3", "log_contact", "Log contact", "Log a contact for this patient"),
    Key(
        "timeline.log_another",
        "ctrl+n",
        "log_another",
        "Another",
        "Log another contact like the last one saved",
        show=False,
    ),
    Key("timeline.action", "f6", "record_action", "Record action", "Record an action (managers)"),
    Key(
        "timeline.amend",
        "a",
        "amend",
        "Amend",
        "Correct the highlighted entry (the original stays)",
        "Correct (amend) the highlighted entry: the original stays, marked *amended*",
    ),
    Key(
        "timeline.letter",
        "w",
        "warning_letter",
        "Warning letter draft",
        "Write a draft warning letter to a file (managers)",
    ),
    Key(
        "timeline.export",
        "e",
        "export",
        "Export",
        "Export the record as evidence: the format, and for whom (managers)",
        "Export the record as evidence (managers): Markdown, HTML, CSV, JSON or the evidence bundle (a ZIP with the "
        "copies of evidence and the signed checkpoint), saying for whom (police, defence body…) and who exactly; "
        "it goes on the patient's record",
    ),
    Key("timeline.filter", "f", "focus_filters", "Filter", "Filter by kind, channel or severity"),
    Key("timeline.details", "enter", "choose", "Details", "The whole entry, every field"),
    Key(
        "timeline.move",
        "up,down",
        help="Move between entries",
        readme="Move between entries (`PgUp` / `PgDn` a page at a time, `Home` / `End` to the first and last)",
        listed_on="TimelineScreen",
    ),
    Key("entry.close", "escape", "close", "Close", "Back to the timeline"),
    Key("entry.amend", "a", "amend", "Amend", "Correct this entry (the original stays)"),
    Key(
        "entry.attach",
        "i",
        "attach",
        "Attach",
        "Attach copies from the evidence inbox to this contact (the contact itself is never changed)",
    ),
    Key(
        "entry.preview",
        "p",
        "preview",
        "Preview",
        "Preview the contact's pictures (drawn in the terminal only when asked)",
    ),
    Key("preview.close", "escape,p", "close", "Close"),
    Key("preview.next", "right", "step(1)", "Next", "The next picture"),
    Key("preview.previous", "left", "step(-1)", "Previous", "The previous picture"),
    # Forms.
    Key(
        "form.save",
        "ctrl+s",
        "save",
        "Save",
        "Save (the form stays open until the database confirms)",
        "Save (book, log…): the form stays open until the database confirms",
    ),
    Key("form.cancel", "escape", "cancel", "Cancel", "Cancel (asks first if anything was typed)"),
    Key("form.next", "tab", help="Next field", listed_on="FormScreen"),
    Key("form.previous", "shift+tab", help="Previous field", listed_on="FormScreen"),
    Key(
        "form.list",
        "up,down,enter",
        help="Move in a list, choose",
        readme="Move in a list, choose (`Enter` on a free slot books it)",
        listed_on="FormScreen",
    ),
    Key(
        "form.find",
        "a…z",
        help="In a list: type to find (`so` goes to Social media, `pa` to Dr Patel)",
        readme="In a list: type to find (`s`, `so` goes to Social media; `pa` to Dr Patel; the same letter again "
        "to the next)",
        listed_on="FormScreen",
    ),
    Key(
        "contact.when",
        "ctrl+t",
        "focus_when",
        "When",
        "Contact form: to when it happened (type the time over it; Enter goes on to what happened)",
    ),
    Key(
        "form.tick",
        "space",
        help="Tick or untick in a list of names",
        readme='Tick or untick a name ("aimed at", "do not book with", "book only with")',
        listed_on="FormScreen",
    ),
    # Dialogs.
    Key("appointments.move", "m", "move", "Move", "Move (rebook) the highlighted appointment, with a reason"),
    Key(
        "appointments.cancel",
        "c",
        "cancel_appointment",
        "Cancel it",
        "Cancel the highlighted appointment, with a reason",
    ),
    Key(
        "appointments.close",
        "escape",
        "close",
        "Close",
        "Close (whatever is left flagged stays in the manager's queue)",
    ),
    Key("help.close", "escape,f1", "close", "Close"),
    Key("concern_details.close", "escape,f7", "close", "Close"),
    Key("concern_choice.back", "escape", "close", "Back"),
    Key("confirm.keep_editing", "escape", "no", "Keep editing"),
    # Signing in and the lock screen: handled by the screens themselves.
    Key("sign_in.name", "up,down", help="Choose your name", listed_on="SignInScreen"),
    Key(
        "sign_in.enter",
        "enter",
        help="From your name to the PIN (or your setup code); after it, sign in",
        listed_on="SignInScreen",
    ),
    Key("sign_in.clear", "escape", help="Clear the PIN", listed_on="SignInScreen"),
    Key(
        "lock.someone_else",
        "ctrl+o",
        "someone_else",
        "Someone else",
        "Someone else signs in (once they have, this desk closes: anything not saved is dropped)",
    ),
    Key("lock.unlock", "enter", help="After your PIN, unlock: the desk is as you left it", listed_on="LockScreen"),
    Key("lock.clear", "escape", help="Clear the PIN", listed_on="LockScreen"),
    Key("someone_else.name", "up,down", help="Choose your name", listed_on="SomeoneElseScreen"),
    Key(
        "someone_else.enter",
        "enter",
        help="From your name to the PIN; after the PIN, sign in (a fresh desk for you)",
        listed_on="SomeoneElseScreen",
    ),
    Key(
        "someone_else.back",
        "escape",
        help="Clear the PIN; on an empty PIN, back to the locked desk",
        listed_on="SomeoneElseScreen",
    ),
)
"""Every key, by binding id."""

BY_ID: dict[str, Key] = {key.id: key for key in KEYS}


def bindings(*ids: str) -> list[BindingType]:
    """The bindings a screen or widget declares, from their rows, in this order."""
    return [BY_ID[key_id].binding() for key_id in ids]


def listed_on(*class_names: str) -> list[Key]:
    """The keys without a binding of ours that help lists on the first of these screen classes that has any."""
    for name in class_names:
        found = [key for key in KEYS if key.listed_on == name]
        if found:
            return found
    return []


KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "slash": "/",
    "space": "Space",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "delete": "Del",
}


def key_name(key: str) -> str:
    """`f1` → `F1`, `escape` → `Esc`, `slash` → `/`, `shift+tab` → `shift+Tab`; `ctrl+s` and letters as typed."""
    modifiers, _, key = key.rpartition("+")
    prefix = modifiers + "+" if modifiers else ""
    if key in KEY_NAMES:
        return prefix + KEY_NAMES[key]
    if re.fullmatch(r"f\d{1,2}", key):
        return prefix + key.upper()
    return prefix + key
