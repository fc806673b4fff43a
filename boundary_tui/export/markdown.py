"""The export as Markdown: a readable report that renders the same on any Markdown viewer.

User text can never become markup. Every piece of it goes through `md()`:

* control, separator and bidi characters made visible (`export.text.visible`);
* a backslash before every character that starts Markdown syntax anywhere in a
  line (`\\ ` * _ { } [ ] < > ! | ~ & $ @`), so no link, image, raw HTML, HTML
  entity, emphasis, code span, table cell, strikethrough or mention can be written
  (`[x](javascript:alert(1))` shows as typed; `<script>` is text);
* a backslash before what starts a block at the beginning of a line (`#`, `>`,
  `-`, `+`, `=`, `:`, `1.`, `1)`), so a line of a description cannot become a
  heading, quote, list, rule or table;
* no bare-URL autolinks (GitHub's extension): the `:` of `://`, `mailto:` and
  `xmpp:`, and the `.` after `www`, are escaped;
* each line break a hard break (`\\` at the end of the line) inside the same
  paragraph, indented to stay in its list item: a blank line cannot end the
  list and start something else.

Hashes and commands of our own are code spans. (An e-mail address typed in a
description may still be shown as a `mailto:` link by GitHub's renderer; it is
the address as typed and cannot run anything.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from boundary_tui.export.model import CHAIN_EXPLAINED, CHECK_TEXT, ExportDocument, ExportEntry, Proof, verify_steps
from boundary_tui.export.text import visible

_INLINE = re.compile(r"([\\`*_{}\[\]<>!|~&$@])")
"""Characters that start inline syntax: each gets a backslash."""
_SCHEME_COLON = re.compile(r"(?i):(?=//)|(?:(?<=mailto)|(?<=xmpp)):")
_WWW_DOT = re.compile(r"(?i)(?<=www)\.")
_LINE_START = re.compile(r"^([ \t]*)([#>+=:-])", re.MULTILINE)
_NUMBER_MARK = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_PLAIN_START = re.compile(r"[^\s#>+=:\-\d]")

INDENT = "  "
"""Continuation lines of a list item."""


def md(text: str, *, indent: str = INDENT, line_start: bool = True) -> str:
    """User text as literal Markdown inline text (see the module docstring).

    `line_start=False`: the text follows something else on its line, so only
    its own line breaks can put a character at the start of a line.
    """
    if text.isprintable() and not _INLINE.search(text):
        # Most values (names, times, labels) have nothing to make visible or to escape.
        lowered = text.lower()
        plain = "://" not in text and "mailto:" not in lowered and "xmpp:" not in lowered and "www." not in lowered
        if plain and (not line_start or _PLAIN_START.match(text)):
            return text
    text = visible(text)
    if _INLINE.search(text):
        text = _INLINE.sub(r"\\\1", text)
    lowered = text.lower()
    if "://" in text or "mailto:" in lowered or "xmpp:" in lowered:
        text = _SCHEME_COLON.sub(r"\\:", text)
    if "www." in lowered:
        text = _WWW_DOT.sub(r"\\.", text)
    if "\n" in text or (line_start and not _PLAIN_START.match(text)):
        # Only a line's start can open a block; most values are one line starting with a letter.
        text = _NUMBER_MARK.sub(r"\1\\\2", text)
        text = _LINE_START.sub(r"\1\\\2", text)
        text = text.replace("\n", "\\\n" + indent)
    return text


def prose(text: str) -> str:
    """Our own text with `code` spans: the spans kept as code, the rest escaped."""
    parts = text.split("`")
    return "".join(_code_span(part) if i % 2 else md(part, line_start=i == 0) for i, part in enumerate(parts))


def _code_span(text: str) -> str:
    """Literal inside backticks; one line (a line break could start a block before inline parsing)."""
    text = " ".join(visible(text).split())
    return f"`{text}`" if text else ""


_HEX = re.compile(r"[0-9a-f]{64}")


def code(value: str) -> str:
    """A hash as a code span (a hash edited into something else by hand is escaped text instead)."""
    return f"`{value}`" if _HEX.fullmatch(value) else md(value)


_label = lru_cache(maxsize=1024)(md)
"""`md()` of labels, table names and checks: the same few words on every entry."""


def _item(label: str, value: str) -> str:
    return f"- **{_label(label)}:** {md(value) if value else '(none recorded)'}"


def _proof(p: Proof) -> str:
    if p.position is None or p.hash is None:
        return f"- **Tamper evidence ({_label(p.table)} id {p.row_id}):** {_label(CHECK_TEXT[p.check])}"
    check = _label(CHECK_TEXT[p.check]) if p.ok else f"**{_label(CHECK_TEXT[p.check])}**"
    where = f"chain entry {p.position}, SHA-256 {code(p.hash)}"
    return f"- **Tamper evidence ({_label(p.table)} id {p.row_id}):** {where} ({check})"


def _heading(entry: ExportEntry) -> str:
    what = entry.label if entry.label == entry.source_label else f"{entry.source_label}: {entry.label}"
    parts = [entry.occurred.text, what]
    if entry.severity_label:
        parts.append(entry.severity_label)
    amended = "AMENDED · " if entry.amended else ""
    return f"### {entry.number}. {amended}{md(' · '.join(parts))}"


def _entry(entry: ExportEntry) -> list[str]:
    lines = [_heading(entry), ""]
    if entry.amended:
        correction = f"entry {entry.replaced_by_number}" if entry.replaced_by_number else "a later entry"
        when = f", recorded {entry.replaced_at.text} by {entry.replaced_by_whom}" if entry.replaced_at else ""
        lines.append(
            f"- **AMENDED:** this is an earlier version, replaced by {md(correction)} ({md(entry.replaced_by or '')})"
            f"{md(when)}. Reason given: {md(entry.replaced_reason) if entry.replaced_reason else '(none recorded)'}"
        )
    lines.append(_item("Occurred", entry.occurred.text))
    lines.append(_item(entry.recorded_verb, f"{entry.recorded.text} by {entry.recorded_by}"))
    lines += [_item(label, value) for label, value in entry.facts]
    lines.append(_item(entry.text_label, entry.text))
    if entry.amends:
        original = f"entry {entry.amends_number}" if entry.amends_number else "an earlier entry"
        lines.append(
            f"- **Correction of:** {md(original)} ({md(entry.amends)}). "
            f"Reason given: {md(entry.amend_reason) if entry.amend_reason else '(none recorded)'}"
        )
    lines += [_proof(p) for p in entry.proofs]
    lines.append("")
    return lines


def render(document: ExportDocument) -> bytes:
    patient = document.patient
    head = document.head
    out: list[str] = [
        f"# {md(document.title)}",
        "",
        f"Evidence export from {md(document.software)}. Practice: **{md(document.practice_name)}**"
        + (f", {md(document.practice_address, indent='')}" if document.practice_address else "")
        + ".",
        "",
        f"Generated {md(document.generated_at.text)} by {md(document.generated_by)}.  ",
        (
            f"Chain head when generated: entry {head.position}, SHA-256 {code(head.hash)}. "
            "How to verify this export: see the end."
            if head
            else "The tamper-evidence chain was empty when this was generated."
        ),
        "",
    ]
    if document.problems:
        out += ["> **WARNING: some entries failed their tamper-evidence check.**", ">"]
        out += [f"> - {md(p, indent='>   ')}" for p in document.problems]
        out.append("")
    out += ["## Patient", ""]
    out += [
        _item("Name", patient.full_name),
        _item("Date of birth", patient.date_of_birth.strftime("%d %b %Y")),
        _item("NHS number", patient.nhs_display),
        _item("Address", patient.address),
        _item("Postcode", patient.postcode),
        _item("List status", patient.status_text),
        "",
        "## Concerns",
        "",
    ]
    if not document.concerns:
        out += ["No concern has been opened for this patient.", ""]
    for concern in document.concerns:
        out += [f"### Concern {concern.id}: {md(concern.kind_label)} ({md(concern.status)})", ""]
        out.append(_item("Do not book with (targets)", ", ".join(concern.targets)))
        if concern.allowed:
            out.append(_item("Book only with", ", ".join(concern.allowed)))
        out.append(_item("Chaperone", concern.chaperone_label))
        out.append(_item("Opened", f"{concern.opened.text} by {concern.opened_by}"))
        if concern.closed is not None:
            reason = f". Reason: {concern.close_reason}" if concern.close_reason else ""
            out.append(_item("Closed", f"{concern.closed.text} by {concern.closed_by}{reason}"))
        out.append(_item("Review by", concern.review_on.strftime("%d %b %Y") if concern.review_on else ""))
        out.append(_item("Summary", concern.summary))
        out.append("")
    out += ["## What the record adds up to", "", md(document.conduct, indent=""), ""]
    out += [f"- {md(line)}" for line in document.status_lines]
    out += [
        "",
        f"## Entries ({len(document.entries):,}, in the order they happened)",
        "",
        md(
            "Times are UK time (Europe/London): GMT is UTC+0, BST (British Summer Time) is UTC+1. "
            '"Occurred" is when it happened; "Logged" or "Recorded" is when it was written down, and by whom. '
            "Nothing is ever edited or deleted: a correction is a new entry, followed here by the versions it "
            "replaced, each marked AMENDED.",
            indent="",
        ),
        "",
    ]
    if not document.entries:
        out += ["No entries.", ""]
    for entry in document.entries:
        out += _entry(entry)
    out += ["## Chain head and how to verify", "", md(CHAIN_EXPLAINED, indent=""), ""]
    out += [f"{i}. {prose(step)}" for i, step in enumerate(verify_steps(document, json_export=False), start=1)]
    out += [
        "",
        f"Generated {md(document.generated_at.text)} by {md(document.generated_by)} "
        f"with {md(document.software)}. Chain head: "
        + (f"entry {head.position}, SHA-256 {code(head.hash)}." if head else "none."),
        "",
    ]
    return "\n".join(out).encode("utf-8")
