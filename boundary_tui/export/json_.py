"""The export as JSON: the complete structured record, exact, for tools and for checking every hash.

* Stable keys (`format_version` goes up if one changes meaning or goes away);
  times as ISO 8601 in UK time with the offset (`uk`), in UTC (`utc`), and as
  shown to people (`text`); dates as `YYYY-MM-DD`.
* Text is exactly as stored: parsing the file gives back the very characters
  typed, markup, escape sequences and all. Nothing in the file itself is live:
  JSON escapes control characters below U+0020, and this writer also writes
  DEL, the C1 controls (U+0080–U+009F), U+2028/U+2029, the bidi controls and
  any lone surrogate as `\\uXXXX` escapes, so viewing the raw file in a
  terminal or editor cannot run or hide anything. Those escapes decode to the
  same characters.
* Each entry's `chain` list holds, per evidence row, its chain position,
  previous hash, hash and `canonical`: the canonical content whose UTF-8 bytes
  were hashed, so anyone can check `sha256(canonical) == hash` with any tool.
"""

from __future__ import annotations

import json
import re
from typing import Any

from boundary_tui.export.model import (
    CANONICAL_FORMAT,
    CHAIN_EXPLAINED,
    CHECK_TEXT,
    FORMAT_NAME,
    FORMAT_VERSION,
    RECORD_EXPLAINED,
    ConcernSection,
    ExportDocument,
    ExportEntry,
    verify_steps,
)

_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _concern(concern: ConcernSection) -> dict[str, Any]:
    return {
        "id": concern.id,
        "kind": concern.kind,
        "kind_label": concern.kind_label,
        "status": concern.status,
        "targets": list(concern.targets),
        "allowed": list(concern.allowed),
        "chaperone_scope": concern.chaperone_scope,
        "chaperone_scope_label": concern.chaperone_label,
        "opened": {"at": concern.opened.as_json(), "by": concern.opened_by},
        "closed": (
            {"at": concern.closed.as_json(), "by": concern.closed_by, "reason": concern.close_reason}
            if concern.closed is not None
            else None
        ),
        "review_on": concern.review_on.isoformat() if concern.review_on else None,
        "summary": concern.summary,
    }


def _entry(entry: ExportEntry) -> dict[str, Any]:
    return {
        "number": entry.number,
        "key": entry.key,
        "type": entry.source,
        "type_label": entry.source_label,
        "kind": entry.kind,
        "kind_label": entry.label,
        "severity": entry.severity,
        "status": entry.status,
        "occurred": entry.occurred.as_json(),
        "recorded": entry.recorded.as_json(),
        "recorded_by": entry.recorded_by,
        "text_label": entry.text_label,
        "text": entry.text,
        "facts": [{"label": label, "value": value} for label, value in entry.facts],
        "fields": entry.fields,
        "amends": entry.amends,
        "amend_reason": entry.amend_reason,
        "replaced_by": entry.replaced_by,
        "chain": [
            {
                "table": p.table,
                "row_id": p.row_id,
                "position": p.position,
                "prev_hash": p.prev_hash,
                "hash": p.hash,
                "canonical": p.canonical,
                "check": p.check,
                "check_text": CHECK_TEXT[p.check],
            }
            for p in entry.proofs
        ],
    }


def as_data(document: ExportDocument) -> dict[str, Any]:
    """The export as plain JSON-ready values."""
    patient = document.patient
    head = document.head
    positions = document.positions()
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generated": {
            "at": document.generated_at.as_json(),
            "by": document.generated_by,
            "software": document.software,
        },
        "practice": {"name": document.practice_name, "address": document.practice_address},
        "patient": {
            "full_name": patient.full_name,
            "given_name": patient.given_name,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "nhs_number": patient.nhs_number,
            "nhs_number_display": patient.nhs_display,
            "address": patient.address,
            "postcode": patient.postcode,
            "list_status": patient.status,
            "removed_on": patient.removed_on.isoformat() if patient.removed_on else None,
            "list_status_text": patient.status_text,
        },
        "concerns": [_concern(c) for c in document.concerns],
        "course_of_conduct": document.conduct,
        "rule_9_status": list(document.status_lines),
        "entry_count": len(document.entries),
        "entries": [_entry(e) for e in document.entries],
        "chain_head": {"position": head.position, "hash": head.hash} if head else None,
        "record": {
            "explained": RECORD_EXPLAINED,
            "entries": [link.as_json() for link in document.record.links],
            "earlier": [link.as_json() for link in document.record.earlier],
            "head": (
                {"position": document.record.head.position, "hash": document.record.head.hash}
                if document.record.head
                else None
            ),
        },
        "checkpoint": document.checkpoint.as_json() if document.checkpoint else None,
        "problems": list(document.problems),
        "verification": {
            "chain": CHAIN_EXPLAINED,
            "canonical_format": CANONICAL_FORMAT,
            "steps": list(verify_steps(document, json_export=True)),
            "command": document.verify_command(),
            "patient_chain_positions": {"first": positions[0], "last": positions[1]} if positions else None,
        },
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
"""One encoder for the 5,000 entry lines (the C encoder: no indent)."""


def _dumps(value: Any, *, indent: int | None = None) -> str:
    if indent is None:
        return _ENCODER.encode(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent)


def render(document: ExportDocument) -> bytes:
    """Indented JSON, one entry per line.

    `json.dumps(indent=…)` runs Python's pure-Python encoder, too slow for 5,000
    entries within the second the export may take; so the top level is laid out
    here and each entry is written in one C-encoder call, on a line of its own
    (still easy to read, to diff and to grep).
    """
    data = as_data(document)
    entries = data.pop("entries")
    lines = ["{"]
    items = list(data.items())
    position = list(data).index("entry_count") + 1
    items.insert(position, ("entries", None))
    for i, (key, value) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        if key == "entries":
            if not entries:
                lines.append('  "entries": []' + comma)
                continue
            lines.append('  "entries": [')
            last = len(entries) - 1
            lines += [f"    {_safe(_dumps(entry))}{',' if n < last else ''}" for n, entry in enumerate(entries)]
            lines.append("  ]" + comma)
        else:
            body = _dumps(value, indent=2).replace("\n", "\n  ")
            lines.append(f"  {_dumps(key)}: {_safe(body)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _safe(text: str) -> str:
    """The characters `_UNSAFE` names as `\\uXXXX` escapes.

    Only inside strings can they appear, and json.dumps doubles every backslash
    it writes, so an escape added here always decodes to the original character.
    """
    if text.isascii() and "\x7f" not in text:
        return text  # most lines: nothing to look for
    return _UNSAFE.sub(_escape, text)
