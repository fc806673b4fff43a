"""The evidence bundle: one file to hand over, holding the report, the copies and the proof.

A ZIP archive (readable everywhere) with:

* `report.pdf` (A4, to print), `report.html` and `report.json` (the complete
  record, with the content behind every hash);
* `attachments/`: every copy of evidence on the patient's record, named
  `<attachment id>-<name as given>` (made safe for any file system);
* `checkpoint.json`: the signed checkpoint made for this bundle;
* `SHA256SUMS`: the SHA-256 of every other file, in `sha256sum -c` format;
* `README.txt`: how to check it, with any tool or `boundary-tui verify-export`.

Making one records the disclosure (for whom) and a signed checkpoint first
(`export.document`). The archive is streamed into a temporary file beside its
destination and takes its name only when whole (`files.write_file`), so an
interrupted bundle leaves nothing behind; copies are read from the database a
megabyte at a time.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from boundary_tui.core.attachments import size_text
from boundary_tui.export import document, render
from boundary_tui.export.model import ExportDocument
from boundary_tui.store.attachments import Attachment

if TYPE_CHECKING:
    from boundary_tui.store import Store

SUMS = "SHA256SUMS"
CHUNK = 1024 * 1024

_PICTURES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "audio/mpeg", "audio/mp4"}
"""Already compressed: stored as they are, not squeezed again."""


@dataclass(frozen=True)
class Bundle:
    """A bundle ready to be written: its document and the copies it holds."""

    document: ExportDocument
    attachments: tuple[Attachment, ...]
    write: Callable[[BinaryIO], None]
    """Writes the whole ZIP to an open file (what `files.write_file` / a `Delivery` takes)."""


def safe_name(attachment: Attachment) -> str:
    """`attachments/12-card_from_Martin.png`: the id first (unique), then the name with anything risky replaced."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", attachment.file_name).strip("._") or "copy"
    return f"attachments/{attachment.id}-{name[:80]}"


def prepare(
    store: Store,
    patient_id: int,
    *,
    generated_by: str,
    by: int | None,
    recipient: str,
    recipient_detail: str = "",
) -> Bundle | None:
    """Record the disclosure and the checkpoint, read the record, and return the bundle's writer (None: no patient)."""
    doc = document(
        store,
        patient_id,
        generated_by=generated_by,
        checkpoint="bundle",
        by=by,
        recipient=recipient,
        recipient_detail=recipient_detail,
        fmt="bundle",
    )
    if doc is None:
        return None
    on_record = {link.row_id for link in doc.record.links if link.table == "attachments"}
    copies = tuple(a for a in store.attachments.for_patient(patient_id) if a.id in on_record)
    listed = [(safe_name(a), a.file_name, f"{a.label}, {size_text(a.size)}", a.sha256) for a in copies]
    pdf = _pdf(doc, listed)

    def write(handle: BinaryIO) -> None:
        sums: list[tuple[str, str]] = []
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:

            def put(name: str, data: bytes, *, compress: bool = True) -> None:
                method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
                archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=method)
                sums.append((hashlib.sha256(data).hexdigest(), name))

            put("report.pdf", pdf, compress=False)
            put("report.html", render(doc, "html"))
            put("report.json", render(doc, "json"))
            put(
                "checkpoint.json",
                json.dumps(doc.checkpoint.as_json() if doc.checkpoint else None, indent=2).encode("utf-8"),
            )
            put("README.txt", _readme(doc, listed).encode("utf-8"))
            for attachment, (name, *_rest) in zip(copies, listed, strict=True):
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if attachment.media_type in _PICTURES else zipfile.ZIP_DEFLATED
                hasher = hashlib.sha256()
                with archive.open(info, "w", force_zip64=True) as member:
                    for chunk in store.attachments.chunks(attachment.sha256):
                        member.write(chunk)
                        hasher.update(chunk)
                sums.append((hasher.hexdigest(), name))
            put(SUMS, "".join(f"{digest}  {name}\n" for digest, name in sums).encode("utf-8"))

    return Bundle(document=doc, attachments=copies, write=write)


def _pdf(doc: ExportDocument, listed: list[tuple[str, str, str, str]]) -> bytes:
    from boundary_tui.export.pdf import render as render_pdf

    return render_pdf(doc, attachments=listed)


def _readme(doc: ExportDocument, listed: list[tuple[str, str, str, str]]) -> str:
    signed = doc.checkpoint is not None and doc.checkpoint.signed
    return (
        f"Evidence bundle: {doc.title}\n"
        f"{doc.practice_name}. Made {doc.generated_at.text} by {doc.generated_by} ({doc.software}).\n\n"
        "What is here\n"
        "  report.pdf       the timeline as a printable report (A4)\n"
        "  report.html      the same, for a browser\n"
        "  report.json      the complete record, with the content behind every hash\n"
        f"  attachments/     {len(listed)} copies of the evidence itself (scans, photos, messages, recordings)\n"
        "  checkpoint.json  where this patient's record ended, "
        + ("signed with the practice's key\n" if signed else "NOT SIGNED (the practice had no signing key)\n")
        + "  SHA256SUMS       the SHA-256 of every other file\n\n"
        "How to check it\n"
        "  1. Every file is what was put in the bundle:  sha256sum -c SHA256SUMS\n"
        "  2. The whole record, its completeness and the signature, with nothing but this bundle:\n"
        "       boundary-tui verify-export THIS-FILE.zip --key <the practice's public key or fingerprint>\n"
        "     (report.json explains the format for anyone who would rather check it with other tools).\n"
    )
