"""Exports stay inert whatever was saved: the property version of `test_export.py`'s hostile timeline.

For contacts and actions saved with generated hostile text, every format is
checked: JSON holds the stored text exactly; CSV cells cannot start a formula
(`= + - @`, tab, CR get a leading `'`) and carry the text otherwise as stored
(control characters made visible); HTML has only the report's own tags and
attributes; Markdown renders no link, image, HTML or code block from user
text; no format meant for a person carries ESC, BEL, NUL or another control
character.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from boundary_tui.core.actions import ActionDraft
from boundary_tui.core.errors import Invalid
from boundary_tui.export import render
from boundary_tui.export.csv_ import COLUMNS, FORMULA_STARTS, neutralise
from boundary_tui.store import Store
from tests.helpers.drafts import contact_draft
from tests.helpers.export_data import export_of
from tests.helpers.fuzz import fuzz, hostile_text
from tests.helpers.html import ALLOWED_TAGS, Tags
from tests.helpers.practice import NOW, Practice

SETTINGS = fuzz(20)
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LIVE = {"link_open", "image", "html_inline", "html_block", "fence", "code_block", "table_open", "s_open"}

formulaic = st.tuples(st.sampled_from([*FORMULA_STARTS, ""]), hostile_text).map("".join)


@SETTINGS
@given(
    description=formulaic,
    witnesses=formulaic,
    officer=formulaic.map(lambda t: t[:200]),
    notes=formulaic,
    reference=formulaic.map(lambda t: t[:200]),
)
def test_every_format_stays_inert_and_json_is_exact(
    store: Store, practice: Practice, description: str, witnesses: str, officer: str, notes: str, reference: str
) -> None:
    saved = []
    try:
        saved.append(
            store.contacts.log(
                practice.jo,
                contact_draft(
                    practice,
                    occurred_at=NOW - timedelta(hours=2),
                    description=description,
                    witnesses=witnesses,
                    police_called=True,
                    police_officer=officer,
                ),
                by=practice.reception,
            )
        )
    except Invalid:
        pass  # refused plainly (test_hostile_store covers that); the export below still runs
    try:
        saved.append(
            store.actions.record(
                practice.jo,
                ActionDraft(
                    kind="police_reported",
                    occurred_at=NOW - timedelta(hours=1),
                    notes=notes,
                    crime_reference=reference,
                    officer=officer,
                ),
                by=practice.manager,
            )
        )
    except Invalid:
        pass
    doc = export_of(store, practice.jo)

    data = json.loads(render(doc, "json"))
    by_key = {e["key"]: e for e in data["entries"]}
    for entry in saved:
        source = "contact" if hasattr(entry, "description") else "action"
        fields = by_key[f"{source}:{entry.id}"]["fields"]
        if source == "contact":
            assert (fields["description"], fields["witnesses"], fields["police_officer"]) == (
                description,
                witnesses,
                officer,
            )
        else:
            assert (by_key[f"action:{entry.id}"]["text"], fields["crime_reference"]) == (notes, reference)

    raw = render(doc, "csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS and len(rows) == len(doc.entries) + 1
    text_column = COLUMNS.index("text")
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
            assert not CONTROLS.search(cell.replace("\r\n", "\n")), cell
    shown = {row[COLUMNS.index("entry")]: row for row in rows[1:]}
    for entry in saved:
        source = "contact" if hasattr(entry, "description") else "action"
        row = shown[f"{source}:{entry.id}"]
        assert row[text_column] == neutralise(description if source == "contact" else notes)

    for fmt in ("md", "html"):
        page = render(doc, fmt).decode("utf-8")
        assert not CONTROLS.search(page), fmt
        assert "\u202e" not in page and "\u2028" not in page

    html = render(doc, "html").decode("utf-8")
    parser = Tags()
    parser.feed(html)
    assert {tag for tag, _ in parser.tags} <= ALLOWED_TAGS
    for _, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on") and "javascript" not in (value or "").lower()

    renderer = MarkdownIt("gfm-like", {"linkify": True, "html": True})
    tokens = renderer.parse(render(doc, "md").decode("utf-8"))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & LIVE
