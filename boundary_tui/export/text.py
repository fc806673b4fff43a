"""User text made visible for a document a person reads (Markdown, HTML, CSV).

`core.text.printable` already turns C0/C1 control characters into visible
marks (ESC as `␛`, NUL as `␀`, CSI as `\\x9b`). A document read months later
must also not hide or reorder text: line and paragraph separators (U+2028,
U+2029) and the bidirectional controls that can make text display in another
order than it was typed (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C)
are written as `\\u2028`-style marks. The JSON export keeps the exact text (as
JSON escapes); these marks are only for the readable formats.
"""

from __future__ import annotations

import re

from boundary_tui.core.text import printable

INVISIBLE = re.compile("[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
"""Characters that change how the text around them displays, or hide a line break."""


def _mark(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """Control, separator and bidi characters made visible; newlines and tabs kept."""
    if text.isprintable():
        # The common case, without three regular expressions: no character Python calls
        # printable is a control, a separator, a bidi control or a lone surrogate.
        return text
    return INVISIBLE.sub(_mark, printable(text))
