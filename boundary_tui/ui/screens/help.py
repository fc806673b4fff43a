"""Help (F1): the keys of the screen it was opened from, and the practice's steps in short.

The keys are read from that screen's bindings (and from the bindings of its
widgets that carry an id, such as the manager's queue), so the help lists what
the screen offers today: a screen that gains a key shows it in its help without
anyone editing this file. What a key does comes from its row in `ui/keys.py`
(by binding id), or from the binding's own description for a binding without
one. Keys handled without a binding (moving in a list, choosing with Enter) and
Textual's own keys (ctrl+p, ctrl+q) have rows there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from boundary_tui.ui.keys import BY_ID, KEYS, bindings, key_name, listed_on
from boundary_tui.ui.resources import stylesheet

HEADINGS = {
    "DeskScreen": "Keys at the desk",
    "TimelineScreen": "Keys on the timeline",
    "EntryScreen": "Keys on a timeline entry",
    "LockScreen": "Keys on the lock screen",
    "SignInScreen": "Keys when signing in",
    "FormScreen": "Keys in this form",
}

STEPS_INTRO = "When a patient crosses a professional boundary:"

STEPS = (
    "Keep it professional: tell them the behaviour must stop.",
    "Do not book them with the targeted clinician: the desk refuses it.",
    "Use a chaperone for any consultation that goes ahead, emergencies too.",
    "Log every contact (F3); keep letters, cards and messages.",
    "Think before accepting any gift: it may be evidence.",
    "Tell the practice manager; get advice from the defence body early.",
    "A warning letter from the practice manager or a senior partner.",
    "Police when anyone feels threatened (harassment and stalking are crimes).",
    "Removal from the list when the relationship has broken down.",
)
"""The defence bodies' advice in short, in the order a practice usually meets it."""

STEPS_NOTE = "Write facts, not opinions: the log may one day be shown to the patient."


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help: the key(s) and what they do."""

    keys: str
    does: str


def _ours(node: DOMNode) -> Iterable[Binding]:
    """The bindings `node`'s own classes declare (subclass first); not Textual's (Tab, ctrl+c…)."""
    for cls in type(node).__mro__:
        if cls.__module__.split(".")[0] == "textual" or "BINDINGS" not in vars(cls):
            continue
        declared: list[BindingType] = vars(cls)["BINDINGS"]
        for binding in declared:
            if isinstance(binding, Binding):
                yield binding
            else:
                yield Binding(*binding)


def _enabled(node: DOMNode, binding: Binding) -> bool:
    """False where the node's `check_action` hides the action (e.g. lock before anyone signs in)."""
    action = binding.action.split("(", 1)[0]
    if "." in action:
        return True
    return node.check_action(action, ()) is not False


def _class_names(screen: Screen[Any]) -> list[str]:
    return [cls.__name__ for cls in type(screen).__mro__]


def keys_of(screen: Screen[Any]) -> list[KeyHelp]:
    """Every key the screen offers, with what it does: its bindings, its widgets' named bindings, the app's."""
    app: App[Any] = screen.app
    nodes: list[DOMNode] = [screen, *screen.query("*"), app]
    lines: list[KeyHelp] = []
    taken: set[str] = set()
    for node in nodes:
        grouped: dict[str, list[Binding]] = {}
        for binding in _ours(node):
            # A widget's key is listed only when it has an id: the documented ones (not ↑/↓ in a list).
            if node is not screen and node is not app and binding.id is None:
                continue
            if not _enabled(node, binding):
                continue
            grouped.setdefault(binding.id or f"{binding.action}:{binding.description}", []).append(binding)
        for same in grouped.values():
            keys = [key.strip() for b in same for key in b.key.split(",") if key.strip() and key.strip() not in taken]
            if not keys:
                continue
            taken.update(keys)
            first = same[0]
            described = BY_ID.get(first.id or "")
            does = described.does if described else first.description or first.action
            lines.append(KeyHelp(" / ".join(key_name(k) for k in keys), does))
    lines.extend(KeyHelp(key.label, key.does) for key in listed_on(*_class_names(screen)))
    lines.extend(
        KeyHelp(key.label, key.does) for key in KEYS if key.textual and app.check_action(key.action, ()) is not False
    )
    return lines


def heading_of(screen: Screen[Any]) -> str:
    for name in _class_names(screen):
        if name in HEADINGS:
            return HEADINGS[name]
    return "Keys on this screen"


class Pairs(Widget):
    """Lines of two columns (a key and what it does; a step's number and the step), the second wrapping.

    One widget for the whole list rather than three per line: help is built
    each time F1 is pressed, and a hundred widgets were most of its cost.
    """

    COMPONENT_CLASSES = {"pairs--left"}

    def __init__(self, rows: Sequence[tuple[str, str]], *, left: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = tuple(rows)
        self.left = left

    def render(self) -> RenderableType:
        table = Table.grid(expand=True)
        table.add_column(width=self.left, style=self.get_component_rich_style("pairs--left"))
        table.add_column(ratio=1)
        for first, second in self.rows:
            table.add_row(Text(first), Text(second))
        return table


class HelpScreen(ModalScreen[None]):
    """The keys of one screen, and the practice's steps. F1 or Esc closes it."""

    CSS_PATH = stylesheet("help.tcss")

    BINDINGS = bindings("help.close")

    def __init__(self, keys: Sequence[KeyHelp] = (), heading: str = "Keys") -> None:
        super().__init__()
        self.keys = tuple(keys)
        self.heading = heading

    @classmethod
    def about(cls, screen: Screen[Any]) -> HelpScreen:
        """Help for `screen`: its keys, read from its bindings now."""
        return cls(keys_of(screen), heading_of(screen))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Content.assemble(("Help", "bold"), ("   F1 or Esc closes", "dim")), classes="dialog-title")
            with Horizontal(id="help-columns"):
                with Vertical(id="help-keys"):
                    yield Static(self.heading, classes="section-title", markup=False)
                    yield Pairs([(line.keys, line.does) for line in self.keys], left=13, id="help-key-lines")
                with Vertical(id="help-practice"):
                    yield Static("The practice's steps", classes="section-title", markup=False)
                    yield Static(Content(STEPS_INTRO))
                    yield Pairs([(f"{n}.", step) for n, step in enumerate(STEPS, 1)], left=3, id="help-steps")
                    yield Static(Content(STEPS_NOTE), id="help-note")

    def action_close(self) -> None:
        self.dismiss(None)
