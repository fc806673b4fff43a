"""Type-to-find in a choice list: typing `s`, `so` goes to "Social media".

Every list a form offers (contact channels, action kinds, clinicians, free
slots, staff to tick) takes letters: the typed text (what was typed within
`PAUSE` seconds) moves the highlight to the first option starting with it, or
else to the first with a word starting with it (`pa` finds Dr Rajesh Patel,
`eff` finds "Removal from the list effective"). The same letter again moves on
to the next option starting with it. Enter still chooses and Space still
ticks: only what a list does not use is taken.

`Finder` is the rule (plain, testable without a terminal); `FindableOptionList`
and `FindableSelectionList` are the lists the forms use.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList

from boundary_tui.ui.widgets.tick_box import mark

PAUSE = 1.0
"""Seconds after which a new letter starts a new search."""

ValueT = TypeVar("ValueT")


def plain(prompt: Any) -> str:
    """An option's label as text (a `Content`, a rich `Text` or a string)."""
    if isinstance(prompt, Content | Text):
        return prompt.plain
    return str(prompt)


class Finder:
    """What has been typed into one list, and where it leads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._typed = ""
        self._at = 0.0
        self._clock = clock

    def find(self, character: str, labels: Sequence[str | None], current: int | None) -> int | None:
        """The option to highlight after typing `character` (None: no option matches)."""
        now = self._clock()
        typed = (self._typed if now - self._at <= PAUSE else "") + character.casefold()
        self._at = now
        found = _match(typed, [label.casefold() if label is not None else None for label in labels], current)
        if found is None and len(typed) > 1:
            # Nothing starts like that: start again from this letter ("orp" → "p").
            typed = character.casefold()
            found = _match(typed, [label.casefold() if label is not None else None for label in labels], current)
        self._typed = typed
        return found

    def reset(self) -> None:
        """Another key (Space, Enter, an arrow) ends the search: the next letter starts a new one."""
        self._typed = ""

    @property
    def typing(self) -> bool:
        """Whether a search is under way (a space then belongs to it: `dr p`)."""
        return bool(self._typed) and self._clock() - self._at <= PAUSE


def _match(typed: str, folded: Sequence[str | None], current: int | None) -> int | None:
    if len(set(typed)) == 1 and len(typed) > 1 and not any(f and f.startswith(typed) for f in folded):
        # The same letter again: the next option starting with it.
        starting = [i for i, f in enumerate(folded) if f and f.startswith(typed[0])]
        later = [i for i in starting if current is None or i > current]
        following = later or starting
        return following[0] if following else None
    for i, f in enumerate(folded):
        if f and f.startswith(typed):
            return i
    for i, f in enumerate(folded):
        if f and any(word.startswith(typed) for word in f.split()):
            return i
    return None


def _labels(options: OptionList) -> list[str | None]:
    """Each option's label, None for a disabled one (never highlighted by typing)."""
    labels: list[str | None] = []
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        labels.append(None if option.disabled else plain(option.prompt))
    return labels


def _typed(options: OptionList, finder: Finder, event: events.Key, *, space: bool) -> bool:
    """Move to what was typed; True when the key was used."""
    character = event.character
    if not event.is_printable or character is None or (character == " " and not space):
        finder.reset()
        return False
    index = finder.find(character, _labels(options), options.highlighted)
    if index is not None:
        options.highlighted = index
    return True


class FindableOptionList(OptionList):
    """An `OptionList` that goes to the option typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finder = Finder()

    async def _on_key(self, event: events.Key) -> None:
        if _typed(self, self.finder, event, space=self.finder.typing):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class FindableSelectionList(SelectionList[ValueT]):
    """A `SelectionList` that goes to the name typed (Space still ticks); an unticked name's box is empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finder = Finder()

    def render_line(self, y: int) -> Strip:
        """Textual's line, its box emptied when the name is not ticked (not only another colour)."""
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count or self.get_option_at_index(index).value in self.selected:
            return line
        segments = list(line)
        if len(segments) > 1 and segments[1].text == mark(True):
            segments[1] = Segment(mark(False), segments[1].style, segments[1].control)
            return Strip(segments, line.cell_length)
        return line

    async def _on_key(self, event: events.Key) -> None:
        if _typed(self, self.finder, event, space=False):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)
