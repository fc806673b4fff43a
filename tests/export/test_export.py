"""The evidence export: complete, chronological, attributed, verifiable, and inert whatever was typed.

The document model and the four writers, against the store (the command line
and the desk's key have their own tests).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from markdown_it import MarkdownIt

from boundary_tui.core.times import london, show, to_db
from boundary_tui.export import FORMATS, document, render
from boundary_tui.export.csv_ import COLUMNS
from boundary_tui.export.markdown import md
from boundary_tui.export.model import stamp
from boundary_tui.store import Store, chain, evidence
from boundary_tui.store.connection import immediate
from boundary_tui.store.verify import verify
from tests.helpers.drafts import act, contact_draft, log
from tests.helpers.evidence import tamper
from tests.helpers.export_data import ALL, NASTY, Hostile, export_of, hostile_timeline
from tests.helpers.html import ALLOWED_TAGS, Tags
from tests.helpers.practice import NOW, Practice

# -- an ordinary story ---------------------------------------------------------------


@pytest.fixture
def story(store: Store, practice: Practice) -> dict[str, int]:
    """O'Brien: a card, a walk-in logged with the wrong day then corrected, a warning letter."""
    card = log(store, practice, occurred_at=NOW - timedelta(days=5), channel="card", description="A card for Dr Hart.")
    walk_in = log(store, practice, occurred_at=NOW - timedelta(days=3), description="Asked for Dr Hart at the desk.")
    corrected = store.contacts.amend(
        walk_in.id,
        contact_draft(practice, occurred_at=NOW - timedelta(days=4), description="Asked for Dr Hart at the desk."),
        reason="Wrong day typed.",
        by=practice.reception,
    )
    letter = act(store, practice, "warning_letter_sent", when=NOW - timedelta(days=2), signed_by="Margaret Lewis")
    return {"card": card.id, "walk_in": walk_in.id, "corrected": corrected.id, "letter": letter.id}


def as_json(store: Store, patient_id: int, by: str = "Test runner") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(export_of(store, patient_id, by), "json"))
    return data


def test_every_entry_is_there_in_order_with_both_times_and_who_logged_it(
    store: Store, practice: Practice, story: dict[str, int]
) -> None:
    data = as_json(store, practice.obrien)
    timeline = store.timeline.for_patient(practice.obrien)
    assert timeline is not None
    assert [e["key"] for e in data["entries"]] == [e.key for e in timeline.entries]
    keys = [e["key"] for e in data["entries"]]
    # The concern was opened 30 days before; the corrected walk-in sits at its corrected time, original after it.
    assert keys == [
        "concern:1",
        f"contact:{story['card']}",
        f"contact:{story['corrected']}",
        f"contact:{story['walk_in']}",
        f"action:{story['letter']}",
        "disclosure:1",  # this export itself: who made it, for whom, when (the disclosure log)
    ]
    assert [e["number"] for e in data["entries"]] == [1, 2, 3, 4, 5, 6]
    made = data["entries"][5]
    assert (made["type"], made["kind_label"], made["fields"]["recipient"]) == ("disclosure", "Exported", "practice")
    card = data["entries"][1]
    assert card["occurred"] == {
        "uk": "2026-11-18T09:00:00+00:00",
        "utc": "2026-11-18T09:00:00Z",
        "text": "Wed 18 Nov 2026 09:00 GMT (UTC+0)",
    }
    assert card["recorded"]["utc"] == "2026-11-23T09:00:00Z"
    assert card["recorded_by"] == "Priya Shah"
    assert card["kind_label"] == "Card" and card["type"] == "contact" and card["status"] == "current"
    assert card["fields"]["aimed_at"] == ["Dr Amelia Hart"]
    letter = data["entries"][4]
    assert letter["recorded_by"] == "Margaret Lewis" and letter["fields"]["signed_by"] == "Margaret Lewis"
    assert data["generated"] == {
        "at": {
            "uk": "2026-11-23T09:00:00+00:00",
            "utc": "2026-11-23T09:00:00Z",
            "text": "Mon 23 Nov 2026 09:00 GMT (UTC+0)",
        },
        "by": "Test runner",
        "software": "boundary-tui 0.1.0",
    }


def test_an_amendment_stands_beside_its_original_both_ways(
    store: Store, practice: Practice, story: dict[str, int]
) -> None:
    data = as_json(store, practice.obrien)
    by_key = {e["key"]: e for e in data["entries"]}
    original = by_key[f"contact:{story['walk_in']}"]
    correction = by_key[f"contact:{story['corrected']}"]
    assert original["status"] == "amended" and original["replaced_by"] == correction["key"]
    assert correction["status"] == "current" and correction["amends"] == original["key"]
    assert correction["amend_reason"] == "Wrong day typed."
    assert correction["number"] + 1 == original["number"]

    text = render(export_of(store, practice.obrien), "md").decode()
    assert "### 4. AMENDED · Fri 20 Nov 2026 09:00 GMT (UTC+0) · Contact: In person at the practice · Note" in text
    assert (
        f"- **AMENDED:** this is an earlier version, replaced by entry 3 (contact:{story['corrected']}), "
        "recorded Mon 23 Nov 2026 09:00 GMT (UTC+0) by Priya Shah. Reason given: Wrong day typed." in text
    )
    assert f"- **Correction of:** entry 4 (contact:{story['walk_in']}). Reason given: Wrong day typed." in text
    page = render(export_of(store, practice.obrien), "html").decode()
    assert '<span class="flag">AMENDED</span>' in page and '<a href="#e3">entry 3</a>' in page
    assert '<a href="#e4">entry 4</a>' in page


def test_each_entry_carries_its_chain_position_and_a_hash_anyone_can_recompute(
    store: Store, practice: Practice, story: dict[str, int]
) -> None:
    data = as_json(store, practice.obrien)
    for entry in data["entries"]:
        [link] = entry["chain"]
        stored = chain.entry_for(store.db, link["table"], link["row_id"])
        assert stored is not None
        assert (link["position"], link["prev_hash"], link["hash"]) == (stored.id, stored.prev_hash, stored.hash)
        content = link["canonical"].encode("utf-8")
        assert content == chain.content_of(store.db, stored)
        assert hashlib.sha256(content).hexdigest() == link["hash"]
        assert json.loads(content)["prev"] == link["prev_hash"] and link["check"] == "ok"
    head = chain.head(store.db)
    assert head is not None
    assert data["chain_head"] == {"position": head.id, "hash": head.hash}
    assert data["verification"]["command"] == f"boundary-tui verify --head {head.hash}"
    assert verify(practice.path, expect_head=data["chain_head"]["hash"]).ok
    assert data["problems"] == []


def test_the_header_has_practice_patient_concerns_conduct_and_rule_9(
    store: Store, practice: Practice, story: dict[str, int]
) -> None:
    store.settings.set("practice_name", "Riverside Medical Practice")
    text = render(export_of(store, practice.obrien), "md").decode()
    assert text.startswith("# Timeline of Martin O'Brien\n")
    assert "Practice: **Riverside Medical Practice**" in text
    for line in (
        "- **Date of birth:** 14 Mar 1978",
        "- **NHS number:** 943 476 5919",
        "- **Postcode:** LS6 2AB",
        "- **List status:** Registered (on the practice list)",
        "### Concern 1: Amorous advances (open)",
        "- **Do not book with (targets):** Dr Amelia Hart",
        "- **Chaperone:** Chaperone with targeted staff only",
        "- **Opened:** Sat 24 Oct 2026 10:00 BST (UTC+1) by Margaret Lewis",
        "- **Review by:** 31 Jan 2027",
        "- **Summary:** Cards addressed to Dr Hart.",
        "Course of conduct: 2 contacts on 2 different days between 18 Nov 2026 and 19 Nov 2026",
        "- Warning letter sent 21 Nov 2026: supports an ordinary removal until 21 Nov 2027.",
        "## Chain head and how to verify",
        "Entries about other patients (and staff sign-ins) sit between this patient's entries",
    ):
        assert line in text, line
    head = chain.head(store.db)
    assert head is not None
    assert f"`boundary-tui verify --head {head.hash}`" in text
    assert "Generated Mon 23 Nov 2026 09:00 GMT (UTC+0) by Test runner" in text


def test_a_closed_concern_says_who_closed_it_when_and_why(store: Store, practice: Practice) -> None:
    data = as_json(store, practice.sinclair)
    [concern] = data["concerns"]
    assert concern["status"] == "closed"
    assert concern["closed"]["by"] == "Margaret Lewis" and concern["closed"]["reason"] == "No contact for four months."
    assert concern["opened"]["by"] == "Margaret Lewis" and concern["targets"] == ["Dr Rajesh Patel"]
    assert [e["kind"] for e in data["entries"]] == ["opened", "closed", "exported"]


def test_a_removed_patient_shows_the_removal_date(store: Store, practice: Practice) -> None:
    data = as_json(store, practice.declan)
    assert data["patient"]["list_status"] == "removed" and data["patient"]["removed_on"] == "2026-11-02"
    assert "Removed from the practice list on 02 Nov 2026" in render(export_of(store, practice.declan), "md").decode()


def test_times_in_summer_and_in_the_repeated_autumn_hour_are_unambiguous(store: Store, practice: Practice) -> None:
    summer = datetime(2026, 7, 1, 11, 0, tzinfo=UTC)  # 12:00 BST
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT, an hour later
    for moment in (summer, first, second):
        log(store, practice, occurred_at=moment)
    data = as_json(store, practice.obrien)
    contacts = [e for e in data["entries"] if e["type"] == "contact"]
    assert [c["occurred"]["uk"] for c in contacts] == [
        "2026-07-01T12:00:00+01:00",
        "2026-10-25T01:30:00+01:00",
        "2026-10-25T01:30:00+00:00",
    ]
    assert [c["occurred"]["text"] for c in contacts] == [
        "Wed 01 Jul 2026 12:00 BST (UTC+1)",
        "Sun 25 Oct 2026 01:30 BST (UTC+1)",
        "Sun 25 Oct 2026 01:30 GMT (UTC+0)",
    ]
    rows = list(csv.DictReader(io.StringIO(render(export_of(store, practice.obrien), "csv").decode("utf-8-sig"))))
    autumn = [(r["occurred_uk"], r["occurred_zone"], r["occurred_utc"]) for r in rows if r["type"] == "Contact"]
    assert autumn[1:] == [
        ("2026-10-25 01:30:00", "BST", "2026-10-25 00:30:00"),
        ("2026-10-25 01:30:00", "GMT", "2026-10-25 01:30:00"),
    ]


def test_every_hour_of_a_year_is_stated_as_the_desk_shows_it() -> None:
    """The export's fast UK times agree with the desk's (`core.times`) through both clock changes."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hour in range(365 * 24):
        moment = start + timedelta(hours=hour, minutes=30)
        stamped = stamp(moment)
        assert stamped.text.startswith(show(moment) + " " + london(moment).tzname() + " (UTC+")
        assert datetime.fromisoformat(stamped.local) == moment == datetime.fromisoformat(stamped.utc)
        assert stamped.local[19:] == ("+01:00" if stamped.zone == "BST" else "+00:00")


def test_an_override_and_its_review_are_both_proven(store: Store, practice: Practice) -> None:
    booked = store.appointments.book(
        patient_id=practice.obrien,
        clinician_id=practice.hart,
        starts_at=NOW.replace(hour=10),
        by=practice.reception,
        override_reason="Chest pain; no one else free",
        chaperone_name="Grace O'Neill",
    )
    assert booked.override_id is not None
    from boundary_tui.store.queue import QueueStore

    QueueStore(store).mark_override_reviewed(booked.override_id, note="Appropriate.", by=practice.manager)
    data = as_json(store, practice.obrien)
    [override] = [e for e in data["entries"] if e["type"] == "override"]
    assert [link["table"] for link in override["chain"]] == ["booking_overrides", "override_reviews"]
    assert all(hashlib.sha256(c["canonical"].encode()).hexdigest() == c["hash"] for c in override["chain"])
    assert override["fields"]["review"]["by"] == "Margaret Lewis"
    assert {"label": "Reviewed", "value": "Mon 23 Nov 2026 09:00 GMT (UTC+0) by Margaret Lewis: Appropriate."} in (
        override["facts"]
    )


def test_a_record_changed_behind_the_apps_back_is_flagged_in_every_format(
    store: Store, practice: Practice, story: dict[str, int]
) -> None:
    store.close()
    tamper(practice.path, f"UPDATE contacts SET description = 'Nothing happened.' WHERE id = {story['card']}")
    with Store(practice.path, clock=store.clock) as reopened:
        doc = export_of(reopened, practice.obrien)
    [problem] = doc.problems
    assert f"contacts id {story['card']}" in problem and "DOES NOT MATCH" in problem
    data = json.loads(render(doc, "json"))
    [card] = [e for e in data["entries"] if e["key"] == f"contact:{story['card']}"]
    assert card["chain"][0]["check"] == "changed"
    assert hashlib.sha256(card["chain"][0]["canonical"].encode()).hexdigest() != card["chain"][0]["hash"]
    assert "WARNING: some entries failed their tamper-evidence check" in render(doc, "md").decode()
    assert "WARNING: some entries failed their tamper-evidence check" in render(doc, "html").decode()
    rows = list(csv.DictReader(io.StringIO(render(doc, "csv").decode("utf-8-sig"))))
    assert [r["hash_check"] for r in rows if r["entry"] == f"contact:{story['card']}"] == ["changed"]


def test_a_row_inserted_outside_the_app_is_shown_as_not_in_the_chain(store: Store, practice: Practice) -> None:
    now = to_db(NOW)
    store.close()
    tamper(
        practice.path,
        "INSERT INTO contacts (patient_id, occurred_at, logged_at, logged_by, channel, description, severity) "
        f"VALUES ({practice.obrien}, '{now}', '{now}', {practice.reception}, 'card', 'Planted.', 'note')",
    )
    with Store(practice.path, clock=store.clock) as reopened:
        data = json.loads(render(export_of(reopened, practice.obrien), "json"))
    [planted] = [e for e in data["entries"] if e["text"] == "Planted."]
    assert planted["chain"] == [
        {
            "table": "contacts",
            "row_id": int(planted["key"].split(":")[1]),
            "position": None,
            "prev_hash": None,
            "hash": None,
            "canonical": None,
            "check": "not_in_chain",
            "check_text": planted["chain"][0]["check_text"],
        }
    ]
    assert "NOT IN THE CHAIN" in data["problems"][0]


def test_an_entry_saved_by_another_desk_during_the_export_is_wholly_in_or_out(
    store: Store, practice: Practice, story: dict[str, int]
) -> None:
    """Timeline, chain entries and head are read in one snapshot: no entry above the head, none missing below."""
    from boundary_tui.store import export_source

    original = store.timeline.for_patient

    def slow_for_patient(patient_id: int, **options: Any) -> Any:
        result = original(patient_id, **options)
        with Store(practice.path, clock=store.clock) as other:  # another desk saves now
            log(other, practice, description="Saved by another desk meanwhile.")
        return result

    store.timeline.for_patient = slow_for_patient  # type: ignore[method-assign]
    source = export_source.read(store, practice.obrien)
    assert source is not None
    assert all(
        link.entry is not None and link.entry.id <= (source.head.id if source.head else 0)
        for link in source.links.values()
    )
    assert "Saved by another desk meanwhile." not in [e.text for e in source.timeline.entries]
    assert len(source.links) == len(source.timeline.entries)


# -- hostile text in every field -----------------------------------------------------


@pytest.fixture
def hostile(store: Store, practice: Practice) -> Hostile:
    return hostile_timeline(store, practice)


C0_EXCEPT_NEWLINE_TAB = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_carries_a_terminal_escape_or_control_character(store: Store, hostile: Hostile, fmt: str) -> None:
    data = render(export_of(store, hostile.patient), fmt).decode("utf-8")
    text = data.replace("\r\n", "\n") if fmt == "csv" else data
    assert "\x1b" not in data and "\x00" not in data and "\x9b" not in data and "\x07" not in data
    assert not C0_EXCEPT_NEWLINE_TAB.findall(text), fmt
    assert "\u2028" not in data and "\u2029" not in data and "\u202e" not in data
    if fmt == "json":
        assert "\t" not in data  # JSON writes tabs in strings as \t


def test_html_is_self_contained_and_user_text_is_only_ever_text(store: Store, hostile: Hostile) -> None:
    page = render(export_of(store, hostile.patient), "html").decode()
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<!-- c" not in page
    parser = Tags()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= ALLOWED_TAGS
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert value is not None and re.fullmatch(r"#(e\d+|verify)", value), value
            assert "javascript" not in (value or "").lower()
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            assert ("content", "default-src 'none'; style-src 'unsafe-inline'") in attrs
    assert not re.search(r"(src|url\()\s*=?\s*['\"]?(https?:)?//", page.split("</style>")[0])
    shown = "".join(parser.text)
    # The hostile text reads as typed (control characters as visible marks).
    assert "<script>alert('x')</script>" in shown and "=cmd|' /C calc'!A0" in shown
    assert "␛]52;c;ZXZpbA==␇ OSC 52" in shown and "NUL ␀ here, DEL ␡, CSI \\x9b31m" in shown
    assert "line\\u2028separator\\u2029paragraph \\u202egnp.exe" in shown
    assert "@media print" in page and "table-header-group" in page and "break-inside: avoid" in page


def test_markdown_renders_hostile_text_as_plain_text(store: Store, hostile: Hostile) -> None:
    doc = export_of(store, hostile.patient)
    text = render(doc, "md").decode()
    renderer = MarkdownIt("gfm-like", {"linkify": True, "html": True})
    page = renderer.render(text)
    assert "<a " not in page and "<img" not in page and "<script" not in page.lower() and "<del>" not in page
    assert "<table" not in page and "<pre" not in page and "<blockquote" not in page and "<hr" not in page
    assert "<em>" not in page
    # Only our own structure: one h1, the section h2s, one h3 per concern and per entry.
    assert page.count("<h1>") == 1 and page.count("<h2>") == 5
    assert page.count("<h3>") == len(doc.concerns) + len(doc.entries)
    tokens = renderer.parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {
        "link_open",
        "image",
        "html_inline",
        "html_block",
        "fence",
        "code_block",
        "table_open",
        "s_open",
    }
    plain = "".join(c.content for t in tokens for c in (t.children or []) if c.type in ("text", "text_special"))
    assert "[click me](javascript:alert(1))" in plain and "<script>alert('x')</script>" in plain
    assert "# heading" in plain and "https://evil.com" in plain


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "<script>x</script>",
        "# h\n1. one\n2) two\n- a\n+ b\n* c\n> q\n===\n---\n: def\n    code\n```\nfence\n```",
        "www.evil.com https://evil.com a@evil.com <https://x.com> mailto:a@evil.com xmpp:a@evil.com ftp://evil.com",
        "*a* _b_ **c** ~~d~~ `e` $f$ [^1] \\ | &amp; ![i](x)",
    ],
)
def test_one_markdown_line_cannot_become_markup(text: str) -> None:
    renderer = MarkdownIt("gfm-like", {"linkify": True, "html": True})
    rendered = renderer.render(f"- **What happened:** {md(text)}\n")
    inner = rendered.removeprefix("<ul>\n<li><strong>What happened:</strong> ").removesuffix("</li>\n</ul>\n")
    assert re.fullmatch(r"[^<]*(<br />\n[^<]*)*", inner), rendered
    shown = inner.replace("<br />\n", "\n")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        shown = shown.replace(entity, char)
    # Exactly the text (a renderer drops the indentation at the start of a continued line).
    assert shown.splitlines() == [line.lstrip() for line in text.splitlines()]


def test_csv_cells_cannot_run_as_formulas(store: Store, hostile: Hostile) -> None:
    doc = export_of(store, hostile.patient)
    raw = render(doc, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS and len(rows) == len(doc.entries) + 1
    for row in rows:
        assert len(row) == len(COLUMNS)
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    cells = {cell for row in rows for cell in row}
    assert "'=cmd|' /C calc'!A0" in cells  # witnesses: neutralised, otherwise as stored
    assert "'+SUM(1,2)" in cells and "'-2+3" in cells and "'@SUM(A1:A2)" in cells
    assert "'\tleading tab" in cells and '\'=HYPERLINK("http://evil.example")' in cells
    assert (
        rows[1][COLUMNS.index("patient_name")]
        == "<b>[@click=app.quit]Eve</b> =cmd|' /C calc'!A0 ](javascript:alert(1))"
    )


def test_json_keeps_every_stored_text_exactly(store: Store, practice: Practice, hostile: Hostile) -> None:
    doc = export_of(store, hostile.patient)
    data = json.loads(render(doc, "json"))
    assert data["patient"]["given_name"] == "<b>[@click=app.quit]Eve</b>"
    assert data["patient"]["family_name"] == "=cmd|' /C calc'!A0 ](javascript:alert(1))"
    assert data["practice"]["name"] == NASTY[8] and data["practice"]["address"] == NASTY[13]
    original = store.contacts.get(hostile.contact)
    corrected = store.contacts.get(hostile.corrected)
    assert original is not None and corrected is not None
    by_key = {e["key"]: e for e in data["entries"]}
    for contact in (original, corrected):
        fields = by_key[f"contact:{contact.id}"]["fields"]
        for name in ("description", "witnesses", "effect", "evidence_location", "police_officer", "police_reference"):
            assert fields[name] == getattr(contact, name), name
    assert original.description == ALL and "\x00" in original.description
    assert by_key[f"contact:{corrected.id}"]["amend_reason"] == NASTY[9] + NASTY[5]
    assert by_key[f"contact:{corrected.id}"]["recorded_by"] == "[@click=app.quit]Mal[/] <script>alert(1)</script> =1+1"
    [concern] = data["concerns"]
    assert concern["summary"] == NASTY[12]
    override = next(e for e in data["entries"] if e["type"] == "override")
    assert override["text"] == ALL and override["fields"]["review"]["note"] == ALL
    actions = {e["kind"]: e for e in data["entries"] if e["type"] == "action"}
    assert actions["police_reported"]["fields"]["crime_reference"] == '=HYPERLINK("http://evil.example")'
    assert actions["defence_body_contacted"]["text"] == ALL
    # The canonical content holds the same exact text, and hashes to the recorded hash.
    for entry in data["entries"]:
        for link in entry["chain"]:
            content = link["canonical"].encode("utf-8")
            assert hashlib.sha256(content).hexdigest() == link["hash"], entry["key"]
            stored = chain.entry_for(store.db, link["table"], link["row_id"])
            assert stored is not None and content == chain.content_of(store.db, stored)
    row = json.loads(by_key[f"contact:{original.id}"]["chain"][0]["canonical"])["row"]
    assert row["description"] == ALL and row["witnesses"] == NASTY[2]


def test_json_escapes_delete_even_in_an_otherwise_plain_record(store: Store, practice: Practice) -> None:
    log(store, practice, patient=practice.jo, description="rub\x7fout")
    data = render(export_of(store, practice.jo), "json")
    assert b"\x7f" not in data and b"rub\\u007fout" in data
    assert json.loads(data)["entries"][0]["text"] == "rub\x7fout"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_hostile_entry_is_in_every_format(store: Store, hostile: Hostile, fmt: str) -> None:
    doc = export_of(store, hostile.patient)
    data = render(doc, fmt).decode("utf-8")
    for entry in doc.entries:
        for proof in entry.proofs:
            assert proof.hash is not None and proof.hash in data
    assert len(doc.entries) == 11 and not doc.problems  # ten entries, and this export's own disclosure


def test_an_empty_timeline_exports_cleanly(store: Store, practice: Practice) -> None:
    from boundary_tui.export import document

    doc = document(store, practice.jo, generated_by="x", checkpoint=None)  # nothing recorded, not even this export
    assert doc is not None and doc.entries == () and doc.concerns == ()
    for fmt in FORMATS:
        assert render(doc, fmt)
    assert "No entries." in render(doc, "md").decode()
    assert json.loads(render(doc, "json"))["entries"] == []


def test_patient_not_on_the_list_has_no_export(store: Store) -> None:
    from boundary_tui.export import document

    assert document(store, 999_999, generated_by="x") is None


def test_thousands_of_entries_are_read_with_their_chain_entries_in_one_query(store: Store, practice: Practice) -> None:
    """The chain entries come in one query whatever the length (statements counted with a trace)."""
    with immediate(store.db):
        for i in range(300):
            evidence.append(
                store.db,
                "contacts",
                {
                    "patient_id": practice.obrien,
                    "occurred_at": to_db(NOW - timedelta(hours=i + 1)),
                    "logged_at": to_db(NOW),
                    "logged_by": practice.reception,
                    "channel": "text_message",
                    "description": f"Message {i}",
                    "severity": "note",
                },
            )
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        doc = document(store, practice.obrien, generated_by="Test runner", checkpoint=None)  # reading only
    finally:
        store.db.conn.set_trace_callback(None)
    assert len(doc.entries) == 301
    assert len([s for s in statements if "FROM chain" in s]) == 2  # the patient's entries, and the head
    assert all(p.ok for e in doc.entries for p in e.proofs)


def test_each_row_is_hashed_once_however_many_places_state_its_proof(
    store: Store, practice: Practice, story: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry's proof and the record section both say whether a row matches: the SHA-256 is worked out once."""
    from boundary_tui.store import export_source

    hashed: list[str] = []
    real = export_source.text_hash

    def counted(text: str) -> str:
        hashed.append(text)
        return real(text)

    monkeypatch.setattr(export_source, "text_hash", counted)
    doc = document(store, practice.obrien, generated_by="Test runner", checkpoint=None)
    assert doc is not None
    rendered = [render(doc, fmt) for fmt in FORMATS]  # no format hashes again
    assert all(rendered)
    assert len(hashed) == len(set(hashed)) == len(doc.record.links) + len(doc.record.earlier)
    assert all(p.ok for e in doc.entries for p in e.proofs) and all(link.ok for link in doc.record.links)
