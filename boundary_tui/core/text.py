"""Text as people type it and as the screen must show it.

Two jobs, both about user text:

* search keys: `O'Brien` must be found by `obr`, `Zoë` by `zoe`, `Smith-Jones`
  by `jones` and by `smithj`. We index a normalised name and turn whatever was
  typed into safe FTS5 prefix terms (FTS syntax typed by a person is never
  passed to SQLite);
* literal display: names and notes may contain markup (`[b]`, `[@click=...]`)
  or terminal escape sequences (`\\x1b[2J`). They are stored byte for byte and
  shown as visible characters, never interpreted.

It is also the one home of the limits that several kinds of entry share (a
person's name, a reason, a note, a one-line detail), so a reason is as long on
a booking override as on a concern or a correction. A limit that belongs to one
concept lives with it (`core.contacts.MAX_DESCRIPTION_LENGTH`,
`core.concerns.MAX_SUMMARY_LENGTH`, ...).
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc]")
_WORDS = re.compile(r"\w+")

MAX_NAME_LENGTH = 100
"""Longest name of a person: a patient's given or family name, a member of staff,
a chaperone (NHS PDS allows 35 for each part; we allow slack)."""

MAX_REASON_LENGTH = 2000
"""Longest reason, wherever one is asked ("why"): an emergency booking override,
a concern changed or closed, a correction. A sentence or two, not a second account."""

MAX_NOTE_LENGTH = 2000
"""Longest note: where evidence is kept, witnesses, the effect on the person
targeted, a manager's note on a reviewed override."""

MAX_DETAIL_LENGTH = 200
"""Longest one-line detail: an officer's name and number, a police or crime
reference, who signed a letter, an organisation."""


def fold(text: str) -> str:
    """Case-folded and with diacritics removed: `Zoë` → `zoe`, `Siobhán` → `siobhan`."""
    if text.isascii():  # most names: nothing to decompose (search results sort on this)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_key(*names: str) -> str:
    """The text indexed for a patient's names.

    Each name contributes its words (split at apostrophes and hyphens) and its
    joined form, so `O'Brien` indexes `o brien obrien` and `Smith-Jones` indexes
    `smith jones smithjones`.
    """
    parts: list[str] = []
    for name in names:
        folded = fold(name)
        words = _WORDS.findall(_APOSTROPHES.sub(" ", folded))
        parts.extend(words)
        joined = "".join(_WORDS.findall(folded))
        if len(words) > 1 and joined:
            parts.append(joined)
    return " ".join(parts)


def query_terms(text: str) -> list[str]:
    """Words of a search typed by a person, apostrophes closed up (`o'bri` → `obri`)."""
    return _WORDS.findall(_APOSTROPHES.sub("", fold(text)))


def fts_prefix_query(terms: list[str]) -> str | None:
    """A safe FTS5 MATCH expression: every term as a quoted prefix, all required.

    Terms come from `query_terms`, so they hold only word characters; quoting
    them makes words like `AND`, `NOT` or `NEAR` plain text.
    """
    if not terms:
        return None
    return " ".join(f'"{term}"*' for term in terms)


_SURROGATES = re.compile(r"[\ud800-\udfff]")

# C0 and C1 control characters except tab and newline, plus DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def printable(text: str, *, single_line: bool = False) -> str:
    """User text made safe to put on a terminal: control characters become visible.

    ESC shows as `␛`, so `\\x1b[2J` reads `␛[2J` instead of clearing the screen.
    With `single_line`, newlines and tabs become spaces (lists, banners).
    Lone surrogates (which Python strings can hold) are shown as U+FFFD.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = _CONTROLS.sub(_picture, text)
    if single_line:
        text = " ".join(text.split())
    return text


def broken_unicode(value: str, label: str) -> str | None:
    """Why text cannot be stored at all, or None.

    A Python string may hold a lone surrogate (half of a UTF-16 pair); UTF-8, and
    so SQLite, cannot. Anything else typed is stored byte for byte.
    """
    if _SURROGATES.search(value):
        return f"{label} contains characters that cannot be stored (broken Unicode). Retype it."
    return None


def name_problem(value: str, label: str) -> str | None:
    """Why a given or family name cannot be saved, or None."""
    if not value.strip():
        return f"{label} is empty."
    if len(value) > MAX_NAME_LENGTH:
        return f"{label} is longer than {MAX_NAME_LENGTH} characters."
    if _CONTROLS.search(value) or _SURROGATES.search(value):
        return f"{label} contains characters that cannot be stored (control characters)."
    if any(unicodedata.category(c) == "Cf" for c in value):
        # Zero-width spaces, direction overrides…: invisible, so two names that look the
        # same on screen could be different people (or slip past "already exists").
        return f"{label} contains invisible characters (such as a zero-width space): retype it."
    return None


def too_long(value: str, label: str, limit: int) -> str | None:
    """Why short text cannot be stored: longer than `limit`, or holding broken Unicode."""
    if len(value) > limit:
        return f"{label} is longer than {limit:,} characters."
    return broken_unicode(value, label)


def reason_problem(reason: str, missing: str) -> str | None:
    """Why a reason cannot be saved, or None. `missing` asks for it when nothing was typed.

    Every "why" shares this rule (and `MAX_REASON_LENGTH`): it goes on the
    timeline with the name of whoever gave it.
    """
    if not reason.strip():
        return missing
    return too_long(reason, "The reason", MAX_REASON_LENGTH)
