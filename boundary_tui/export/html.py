"""The export as one self-contained HTML file: read in any browser, printed on paper.

* No scripts and nothing fetched: the stylesheet is inline, there are no images,
  fonts or links out, and a Content-Security-Policy (`default-src 'none'`)
  stops a browser from running or loading anything even if something slipped
  through.
* Every piece of user text is HTML-escaped (`&`, `<`, `>`, `"`, `'`) after its
  control, separator and bidi characters are made visible
  (`export.text.visible`), and is never put in an attribute. Line breaks show
  through `white-space: pre-wrap`, not through markup.
* Print: A4 pages; the patient's name, NHS number and the export's time repeat
  at the top of every page (the entries are one table whose header row the
  browser repeats); an entry is not split across pages where it fits on one;
  the verification section starts a page. Meaning never rests on colour alone
  (severity and AMENDED are written out; borders differ in style), and colours
  print as they show (`print-color-adjust: exact`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from boundary_tui.export.model import (
    CHAIN_EXPLAINED,
    CHECK_TEXT,
    ExportDocument,
    ExportEntry,
    Proof,
    Stamp,
    verify_steps,
)
from boundary_tui.export.text import visible

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #111; background: #fff;
       max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #333; padding-bottom: .15rem; }
h3 { font-size: 1rem; margin: 0 0 .35rem; }
code, .hash { font-family: ui-monospace, "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: .85em;
              overflow-wrap: anywhere; }
.sub { margin: .15rem 0; color: #333; }
dl { display: grid; grid-template-columns: 13rem 1fr; gap: .15rem .8rem; margin: .3rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.none { color: #555; font-style: italic; }
.warning { border: 3px solid #a00; background: #fee; padding: .5rem .8rem; margin: 1rem 0; }
.warning strong { color: #a00; }
.concern { border: 1px solid #999; padding: .5rem .8rem; margin: .5rem 0; }
table.entries { width: 100%; border-collapse: collapse; }
table.entries > thead th { text-align: left; font-weight: normal; font-size: .85rem; color: #333;
                           border-bottom: 1px solid #999; padding: .2rem 0 .4rem; }
table.entries > tbody > tr > td { padding: .45rem 0; }
.entry { border: 1px solid #bbb; border-left: 6px solid #888; padding: .5rem .8rem; }
.entry.concerning { border-left: 6px double #b26a00; }
.entry.threatening { border-left: 6px solid #a00; }
.entry.amended { border-style: dashed; background: #f6f6f6; color: #333; margin-left: 1.5rem; }
.num { display: inline-block; min-width: 2.2rem; }
.sev { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.threatening .sev { color: #a00; }
.concerning .sev { color: #8a5200; }
.flag { font-weight: 700; border: 1px solid #333; padding: 0 .3rem; margin-right: .3rem; }
.note { border-left: 3px solid #555; padding-left: .6rem; margin: .35rem 0; }
.proof { font-size: .85rem; color: #333; margin-top: .35rem; }
.proof.bad { color: #a00; font-weight: 700; }
.verify ol li { margin: .35rem 0; }
footer { margin-top: 2rem; border-top: 1px solid #999; padding-top: .5rem; font-size: .9rem; }
a { color: #124; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  table.entries > thead { display: table-header-group; }
  tr, .entry, .concern, dl, .warning { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  #verify { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""


_ESCAPED = re.compile(r"[&<>\"']")
"""What `html.escape` changes."""


def h(text: str) -> str:
    """User text as HTML text: control characters visible, everything escaped."""
    if text.isprintable() and not _ESCAPED.search(text):
        return text  # most values (names, times, labels): nothing to make visible or to escape
    return html.escape(visible(text), quote=True)


def _code(text: str) -> str:
    return f'<code class="hash">{h(text)}</code>'


def prose(text: str) -> str:
    """Our own text with `code` spans as <code>, escaped."""
    parts = text.split("`")
    return "".join(f"<code>{h(part)}</code>" if i % 2 else h(part) for i, part in enumerate(parts))


def _time(moment: Stamp) -> str:
    # The ISO value is ours (digits, T, colon, offset), never user text: safe in an attribute.
    return f'<time datetime="{html.escape(moment.local)}">{h(moment.text)}</time>'


def _value(value: str) -> str:
    return f'<dd class="text">{h(value)}</dd>' if value else '<dd class="none">none recorded</dd>'


_label = lru_cache(maxsize=1024)(h)
"""`h()` of labels, table names and checks: the same few words on every entry."""


def _row(label: str, value_html: str) -> str:
    return f"<dt>{_label(label)}</dt>{value_html}"


def _proof(p: Proof) -> str:
    what = f"{_label(p.table)} id {p.row_id}"
    if p.position is None or p.hash is None:
        return f'<div class="proof bad">Tamper evidence ({what}): {_label(CHECK_TEXT[p.check])}.</div>'
    cls = "proof" if p.ok else "proof bad"
    return (
        f'<div class="{cls}">Tamper evidence ({what}): chain entry {p.position}, SHA-256 {_code(p.hash)} '
        f"({_label(CHECK_TEXT[p.check])})</div>"
    )


def _link(number: int | None, key: str | None) -> str:
    if number is None:
        return f"a later or earlier entry ({h(key or '')})"
    return f'<a href="#e{number}">entry {number}</a> ({h(key or "")})'


def _entry(entry: ExportEntry) -> str:
    classes = ["entry", entry.source]
    if entry.severity in ("concerning", "threatening"):
        classes.append(entry.severity)
    if entry.amended:
        classes.append("amended")
    what = entry.label if entry.label == entry.source_label else f"{entry.source_label}: {entry.label}"
    heading = [_time(entry.occurred), h(what)]
    if entry.severity_label:
        heading.append(f'<span class="sev">{h(entry.severity_label)}</span>')
    flag = '<span class="flag">AMENDED</span>' if entry.amended else ""
    out = [
        f'<tr><td><article class="{" ".join(classes)}" id="e{entry.number}">',
        f'<h3><span class="num">{entry.number}.</span> {flag}{" · ".join(heading)}</h3>',
    ]
    if entry.amended:
        when = ""
        if entry.replaced_at is not None:
            when = f", recorded {_time(entry.replaced_at)} by {h(entry.replaced_by_whom)}"
        reason = h(entry.replaced_reason) if entry.replaced_reason else '<span class="none">none recorded</span>'
        out.append(
            f'<p class="note text"><strong>AMENDED:</strong> this is an earlier version, replaced by '
            f"{_link(entry.replaced_by_number, entry.replaced_by)}{when}. Reason given: {reason}</p>"
        )
    rows = [
        _row("Occurred", f"<dd>{_time(entry.occurred)}</dd>"),
        _row(entry.recorded_verb, f"<dd>{_time(entry.recorded)} by {h(entry.recorded_by)}</dd>"),
        *(_row(label, _value(value)) for label, value in entry.facts),
        _row(entry.text_label, _value(entry.text)),
    ]
    out.append(f"<dl>{''.join(rows)}</dl>")
    if entry.amends:
        reason = h(entry.amend_reason) if entry.amend_reason else '<span class="none">none recorded</span>'
        out.append(
            f'<p class="note text"><strong>Correction of</strong> {_link(entry.amends_number, entry.amends)}. '
            f"Reason given: {reason}</p>"
        )
    out += [_proof(p) for p in entry.proofs]
    out.append("</article></td></tr>")
    return "\n".join(out)


def render(document: ExportDocument) -> bytes:
    patient = document.patient
    head = document.head
    head_html = f"entry {head.position}, SHA-256 {_code(head.hash)}" if head else "none (the chain was empty)"
    practice = h(document.practice_name) + (
        f', <span class="text">{h(document.practice_address)}</span>' if document.practice_address else ""
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{h(document.software)}">',
        f"<title>{h(document.title)} · NHS {h(patient.nhs_display)} · evidence export</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(document.title)}</h1>",
        f'<p class="sub">Evidence export from {h(document.software)}. Practice: <strong>{practice}</strong>.</p>',
        f'<p class="sub">Generated {_time(document.generated_at)} by {h(document.generated_by)}. '
        f'Chain head when generated: {head_html}. How to verify: <a href="#verify">see the end</a>.</p>',
        "</header>",
    ]
    if document.problems:
        out.append(
            '<section class="warning"><p><strong>WARNING: some entries failed their tamper-evidence check.'
            "</strong></p><ul>"
        )
        out += [f'<li class="text">{h(p)}</li>' for p in document.problems]
        out.append("</ul></section>")
    born = patient.date_of_birth.strftime("%d %b %Y")
    out += [
        '<section id="patient"><h2>Patient</h2><dl>',
        _row("Name", _value(patient.full_name)),
        _row("Date of birth", _value(born)),
        _row("NHS number", _value(patient.nhs_display)),
        _row("Address", _value(patient.address)),
        _row("Postcode", _value(patient.postcode)),
        _row("List status", _value(patient.status_text)),
        "</dl></section>",
        '<section id="concerns"><h2>Concerns</h2>',
    ]
    if not document.concerns:
        out.append("<p>No concern has been opened for this patient.</p>")
    for concern in document.concerns:
        rows = [
            _row("Do not book with (targets)", _value(", ".join(concern.targets))),
            *([_row("Book only with", _value(", ".join(concern.allowed)))] if concern.allowed else []),
            _row("Chaperone", _value(concern.chaperone_label)),
            _row("Opened", f"<dd>{_time(concern.opened)} by {h(concern.opened_by)}</dd>"),
        ]
        if concern.closed is not None:
            reason = f". Reason: {h(concern.close_reason)}" if concern.close_reason else ""
            rows.append(
                _row("Closed", f'<dd class="text">{_time(concern.closed)} by {h(concern.closed_by)}{reason}</dd>')
            )
        rows.append(_row("Review by", _value(concern.review_on.strftime("%d %b %Y") if concern.review_on else "")))
        rows.append(_row("Summary", _value(concern.summary)))
        out.append(
            f'<div class="concern"><h3>Concern {concern.id}: {h(concern.kind_label)} ({h(concern.status)})</h3>'
            f"<dl>{''.join(rows)}</dl></div>"
        )
    out.append("</section>")
    out += [
        '<section id="summary"><h2>What the record adds up to</h2>',
        f'<p class="text">{h(document.conduct)}</p><ul>',
        *(f'<li class="text">{h(line)}</li>' for line in document.status_lines),
        "</ul></section>",
        '<section id="entries">',
        f"<h2>Entries ({len(document.entries):,}, in the order they happened)</h2>",
        "<p>Times are UK time (Europe/London): GMT is UTC+0, BST (British Summer Time) is UTC+1. "
        "&ldquo;Occurred&rdquo; is when it happened; &ldquo;Logged&rdquo; or &ldquo;Recorded&rdquo; is when it was "
        "written down, and by whom. Nothing is ever edited or deleted: a correction is a new entry, followed here "
        "by the versions it replaced, each marked AMENDED.</p>",
    ]
    if not document.entries:
        out.append("<p>No entries.</p>")
    else:
        repeated = (
            f"{h(patient.full_name)} · NHS {h(patient.nhs_display)} · born {h(born)} · "
            f"timeline exported {h(document.generated_at.text)}"
        )
        out.append(f'<table class="entries"><thead><tr><th>{repeated}</th></tr></thead><tbody>')
        out += [_entry(entry) for entry in document.entries]
        out.append("</tbody></table>")
    out.append("</section>")
    steps = verify_steps(document, json_export=False)
    out += [
        '<section id="verify" class="verify"><h2>Chain head and how to verify</h2>',
        f"<p>{h(CHAIN_EXPLAINED)}</p><ol>",
        *(f"<li>{prose(step)}</li>" for step in steps),
        "</ol></section>",
        f"<footer>Generated {_time(document.generated_at)} by {h(document.generated_by)} with "
        f"{h(document.software)}. Chain head: {head_html}.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out).encode("utf-8")
