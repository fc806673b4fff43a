"""The export as CSV: one row per entry, the columns an analyst filters on.

* UTF-8 with a byte-order mark and CRLF line endings, so Excel opens it with
  names like Zoë and Ní Bhriain intact; every cell quoted.
* Formula injection: a cell whose text begins with `=`, `+`, `-`, `@`, a tab
  or a carriage return would be run as a formula by a spreadsheet
  (`=cmd|' /C calc'!A0`). Such a cell gets a single quote (`'`) in front, which
  spreadsheets show as text; the rest of the cell is as stored. The JSON export
  holds the exact text.
* Control, separator and bidi characters are made visible
  (`export.text.visible`); line breaks inside a cell are kept (quoted).
* Times: UK wall-clock time (`2026-11-23 09:00:00`, which spreadsheets read as
  a date and time) with its zone (`GMT`/`BST`) in the next column, and UTC.

The header, the chain head and how to verify are not rows: they are in the
other formats; each row carries the patient's NHS number and the export's
chain head so a row copied elsewhere still says where it came from.
"""

from __future__ import annotations

import csv
import io

from boundary_tui.export.model import ExportDocument, ExportEntry, Stamp
from boundary_tui.export.text import visible

BOM = "\ufeff"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take as the start of a formula (OWASP's list)."""

COLUMNS = (
    "number",
    "entry",
    "status",
    "type",
    "kind",
    "channel",
    "severity",
    "occurred_uk",
    "occurred_zone",
    "occurred_utc",
    "recorded_uk",
    "recorded_zone",
    "recorded_utc",
    "recorded_by",
    "aimed_at",
    "text",
    "witnesses",
    "effect_on_person_targeted",
    "evidence_kept",
    "gift_handling",
    "police_called",
    "officer",
    "police_reference",
    "details",
    "correction_of",
    "correction_reason",
    "replaced_by",
    "chain_position",
    "chain_hash",
    "hash_check",
    "patient_nhs_number",
    "patient_name",
    "export_chain_head",
    "export_generated_utc",
)


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs (see the module docstring)."""
    text = visible(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _utc(moment: Stamp) -> str:
    return moment.utc[:19].replace("T", " ")


def _row(entry: ExportEntry, tail: list[str]) -> list[str]:
    """One entry's cells; `tail` is the cells every row ends with (the patient, the head, when), already safe."""
    fields = entry.fields
    contact = entry.source == "contact"
    proofs = entry.proofs
    occurred, recorded = entry.occurred, entry.recorded
    values: list[str] = [
        entry.key,
        "AMENDED" if entry.replaced_by is not None else "current",
        entry.source_label,
        entry.label,
        entry.label if contact else "",
        entry.severity_label,
        occurred.local[:19].replace("T", " "),
        occurred.zone,
        occurred.utc[:19].replace("T", " "),
        recorded.local[:19].replace("T", " "),
        recorded.zone,
        recorded.utc[:19].replace("T", " "),
        entry.recorded_by,
        ", ".join(fields.get("aimed_at", ())) if contact else "",
        entry.text,
        fields.get("witnesses", "") if contact else "",
        fields.get("effect", "") if contact else "",
        fields.get("evidence_location", "") if contact else "",
        fields.get("gift_handling_label", "") if contact else "",
        ("yes" if fields.get("police_called") else "no") if contact else "",
        fields.get("police_officer", "") if contact else fields.get("officer", ""),
        fields.get("police_reference", "") if contact else fields.get("crime_reference", ""),
        "; ".join(f"{label}: {value}" for label, value in entry.facts),
        entry.amends or "",
        entry.amend_reason if entry.amends else "",
        entry.replaced_by or "",
        "; ".join(str(p.position) if p.position is not None else "none" for p in proofs),
        "; ".join(p.hash or "" for p in proofs),
        "; ".join(p.check for p in proofs),
    ]
    whole = "".join(values)
    if whole.isprintable():
        # Nothing to make visible in any cell (most rows): only the formula check is left.
        cells = [("'" + cell) if cell[:1] in _FORMULA_FIRST else cell for cell in values]
    else:
        cells = [neutralise(cell) for cell in values]
    return [str(entry.number), *cells, *tail]


def render(document: ExportDocument) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    tail = [
        neutralise(document.patient.nhs_number),
        neutralise(document.patient.full_name),
        neutralise(document.head.hash if document.head else ""),
        neutralise(_utc(document.generated_at)),
    ]
    writer.writerows(_row(entry, tail) for entry in document.entries)
    return buffer.getvalue().encode("utf-8")
