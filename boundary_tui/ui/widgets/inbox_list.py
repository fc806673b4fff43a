"""The evidence inbox as a list to tick: what the scanner or shared drive has dropped there, newest first.

Each line is the file's name exactly as it is (a file name is user text:
shown literally, control characters made visible, never markup), then its
size and when it arrived; a name too long for the line is cut at its end.
Space ticks; the ticks survive a refresh for the files still there. Given
values by its screen; it never reads the inbox itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import SelectionList

from boundary_tui.core.attachments import InboxFile, size_text
from boundary_tui.core.text import printable
from boundary_tui.core.times import london

EMPTY = (
    "The evidence inbox is empty. Scans and saved messages dropped there (by the practice's scanner or shared "
    "drive) are listed here to attach; they can also be attached later, from the contact on the timeline (i)."
)


def inbox_line(file: InboxFile) -> Content:
    """`card.png · 12 KB · Mon 23 Nov 09:00`: the name as it is, then its size and when it arrived."""
    arrived = london(file.modified).strftime("%a %d %b %H:%M")
    return Content(f"{printable(file.name, single_line=True)} · {size_text(file.size)} · {arrived}")


class InboxList(SelectionList[str]):
    """The inbox's files, by name; `picked` are the ticked ones, in the order listed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._files: tuple[InboxFile, ...] = ()

    @property
    def files(self) -> tuple[InboxFile, ...]:
        return self._files

    @property
    def picked(self) -> tuple[str, ...]:
        ticked = set(self.selected)
        return tuple(f.name for f in self._files if f.name in ticked)

    def set_files(self, files: Sequence[InboxFile]) -> None:
        """List these files (newest first, as the store gives them), keeping ticks on those still there.

        Shown only when there are files. The list read again is not an edit: it posts no
        `SelectedChanged` (a form would take it for one and drop the problem it names)."""
        ticked = set(self.selected)
        self._files = tuple(files)
        highlighted = self.highlighted
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options([(inbox_line(f), f.name, f.name in ticked) for f in self._files])
        if self._files:
            self.highlighted = min(highlighted or 0, len(self._files) - 1)
        self.display = bool(self._files)
