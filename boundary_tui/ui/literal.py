"""Show user text literally: never as markup, never as terminal control codes.

Textual 8 parses a plain `str` given to most widgets (and to `notify`) as
markup, so a patient named `[@click=app.quit]Eve[/]` would become a live link.
Every piece of user text reaches the screen through these helpers instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from boundary_tui.core.text import printable

if TYPE_CHECKING:
    from boundary_tui.core.models import Patient


def literal(text: str, *, single_line: bool = False) -> Content:
    """Content that shows `text` exactly (control characters made visible)."""
    return Content(printable(text, single_line=single_line))


def styled(text: str, style: str) -> Content:
    """User text with a style applied to the whole of it, still literal."""
    return Content.styled(printable(text), style)


def patient_title(heading: str, patient: Patient) -> Content:
    """A form's or dialog's title: what it does, and for whom (name, date of birth, NHS number; rule 13)."""
    from boundary_tui.core.patients import identity  # not before the sign-in screen is up: ~3 ms of imports

    return literal(f"{heading}: {identity(patient)}", single_line=True)
