"""A contact's pictures, one at a time, drawn only when asked (`p` on the contact).

The reception screen faces the public: a picture of the evidence appears only
on this deliberate keystroke, and Esc takes it away. The picture is drawn with
half blocks from a small copy made in a child process (`ui/picture.py`);
whoever opens the screen gives the function that makes it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from boundary_tui.core.attachments import Attachment
from boundary_tui.core.errors import BoundaryError
from boundary_tui.core.text import printable
from boundary_tui.ui.keys import bindings
from boundary_tui.ui.picture import Picture
from boundary_tui.ui.resources import stylesheet

Draw = Callable[[Attachment, int, int], Picture]
"""Makes the small copy of one attachment to fit (columns, rows): blocking, run in a worker thread."""

HALF = "▀"


class PicturePane(Widget):
    """One picture in half blocks: each cell is two pixels (upper: the colour, lower: the background)."""

    DEFAULT_CSS = """
    PicturePane {
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._picture: Picture | None = None

    def show(self, picture: Picture | None) -> None:
        self._picture = picture
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        picture = self._picture
        if picture is None or 2 * y + 1 >= picture.height:
            return Strip.blank(width, self.rich_style)
        left = max(0, (width - picture.width) // 2)
        segments = [Segment(" " * left, self.rich_style)] if left else []
        for x in range(min(picture.width, width)):
            top = Color.from_rgb(*picture.pixel(x, 2 * y))
            bottom = Color.from_rgb(*picture.pixel(x, 2 * y + 1))
            segments.append(Segment(HALF, Style(color=top, bgcolor=bottom)))
        return Strip(segments).extend_cell_length(width, self.rich_style)


def caption(attachment: Attachment, index: int, count: int) -> Content:
    """`Picture 1 of 2: card.png (PNG picture, 12 KB)`: the name shown exactly as it is."""
    where = f"Picture {index + 1} of {count}: " if count > 1 else "Picture: "
    return Content.assemble(
        (where, "bold"),
        printable(attachment.file_name, single_line=True),
        f" ({attachment.label}, {attachment.size_text})",
    )


class PreviewScreen(ModalScreen[None]):
    """Esc (or p) closes; ← / → move between the contact's pictures."""

    CSS_PATH = stylesheet("timeline.tcss")

    BINDINGS = bindings("preview.close", "preview.next", "preview.previous")

    def __init__(self, pictures: Sequence[Attachment], draw: Draw, *, start: int = 0) -> None:
        super().__init__()
        self._pictures = tuple(pictures)
        self._draw = draw
        self._index = start

    def compose(self) -> ComposeResult:
        with Vertical(id="preview-dialog", classes="dialog"):
            yield Static(id="preview-caption", classes="dialog-title")
            yield PicturePane(id="preview-picture")
            yield Static(id="preview-message", markup=False)
            hint = "Esc closes · ← → the other pictures" if len(self._pictures) > 1 else "Esc closes"
            yield Static(
                Content(f"{hint} · a preview, drawn small: the copy itself is in the record and the bundle."),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        if not self._pictures:
            self.query_one("#preview-message", Static).update("This contact has no pictures to preview.")
            return
        attachment = self._pictures[self._index]
        self.query_one("#preview-caption", Static).update(caption(attachment, self._index, len(self._pictures)))
        self.query_one("#preview-picture", PicturePane).show(None)
        self.query_one("#preview-message", Static).update("Drawing…")
        self.call_after_refresh(self._load, attachment)

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def _load(self, attachment: Attachment) -> None:
        pane = self.query_one("#preview-picture", PicturePane)
        columns, rows = max(1, pane.size.width), max(1, pane.size.height)
        message = self.query_one("#preview-message", Static)
        try:
            picture = await asyncio.to_thread(self._draw, attachment, columns, rows)
        except BoundaryError as error:
            message.update(printable(str(error)))
            return
        if self._pictures[self._index] is not attachment:
            return  # moved on meanwhile
        pane.show(picture)
        width, height = picture.original
        message.update(f"{width} × {height} pixels, shown at {picture.width} × {picture.height}.")

    def action_step(self, step: int) -> None:
        if len(self._pictures) > 1:
            self._index = (self._index + step) % len(self._pictures)
            self._show()

    def action_close(self) -> None:
        self.dismiss(None)
