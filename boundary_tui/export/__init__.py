"""Exporting one patient's timeline as evidence (`boundary-tui export`, and `E` on the timeline).

The pieces, one job each, none importing Textual:

* `store.export_source.read()` reads the timeline, the tamper-evidence chain
  entries behind it and the chain head in one snapshot;
* `model.build()` turns that into the `ExportDocument` (every time in UK time
  with its zone and in UTC, amendments cross-referenced, each hash checked);
* `markdown`, `html`, `csv_` and `json_` write the document, each escaping user
  text for its own format;
* `files` writes the result without ever leaving a half-written file (warning-letter
  drafts, `letters`, go through the same writer);
* `delivery` gives a finished document to the person at the desk (today a new
  private file on the server; a browser download later).

This module stays light (the writers load when first used): the command line
and the desk import it at start-up.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boundary_tui.export.model import ExportDocument
    from boundary_tui.store import Store


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    label: str
    """What it is for, in a few words (the desk's format choice)."""
    module: str
    """The writer: a module with `render(document) -> bytes`."""


FORMATS: dict[str, Format] = {
    "md": Format("md", ".md", "Markdown: a readable report", "boundary_tui.export.markdown"),
    "html": Format("html", ".html", "HTML: to print, or read in any browser", "boundary_tui.export.html"),
    "csv": Format("csv", ".csv", "CSV: one row per entry, for a spreadsheet", "boundary_tui.export.csv_"),
    "json": Format(
        "json", ".json", "JSON: the complete record, with the content behind every hash", "boundary_tui.export.json_"
    ),
}


def document(
    store: Store,
    patient_id: int,
    *,
    generated_by: str,
    now: datetime | None = None,
    checkpoint: str | None = "export",
    by: int | None = None,
    recipient: str = "practice",
    recipient_detail: str = "",
    fmt: str | None = None,
) -> ExportDocument | None:
    """The export document of one patient (None if they are not on the list).

    First the disclosure is recorded (who, for whom, which format: the access
    log, `store.disclosures`), then a signed checkpoint of the chain and of this
    patient's record is made and kept, so the export carries both and the
    practice's signature on where the record ended (`checkpoint` names why;
    None records and signs nothing, for measurements). The caller sends waiting
    checkpoints afterwards (`store.checkpoint_mail`).
    """
    from boundary_tui.export.model import build
    from boundary_tui.store.collector import built_apart
    from boundary_tui.store.export_source import read

    if store.patients.get(patient_id) is None:
        return None
    signed = None
    if checkpoint:
        what = "bundled" if checkpoint == "bundle" else "exported"
        store.disclosures.handed_out(
            patient_id, what, recipient=recipient, recipient_detail=recipient_detail, format=fmt, by=by
        )
        signed = store.checkpoints.make(checkpoint, patient_ids=(patient_id,), by=by)
    source = read(store, patient_id)
    if source is None:
        return None
    with built_apart():
        return build(source, generated_at=now or source.timeline.now, generated_by=generated_by, checkpoint=signed)


def render(doc: ExportDocument, fmt: str) -> bytes:
    """The document as the bytes of one format (`md`, `html`, `csv` or `json`)."""
    from boundary_tui.store.collector import built_apart

    writer = importlib.import_module(FORMATS[fmt].module)
    with built_apart():  # thousands of small acyclic objects: no collection pauses while they are built
        data: bytes = writer.render(doc)
    return data
