"""The export as a PDF report: A4, "page n of N", the patient and NHS number on every page.

For whoever reads evidence on paper (police, a court, a defence body). Written
with `fpdf2` (pure Python) and the DejaVu fonts shipped in `boundary_tui/fonts/`,
so Zoë, Siobhán and Ní Bhriain print as written on any machine. Text is placed
line by line (`FPDF.text`), wrapped by character count in the monospaced face
for what staff wrote: measuring every word of 5,000 entries in a proportional
face took most of a minute; this takes about a second. Nothing typed is
interpreted: the PDF shows it as characters (control characters made visible).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from boundary_tui.core.text import printable
from boundary_tui.export.model import ExportDocument, ExportEntry, verify_steps

FONTS = Path(__file__).resolve().parent.parent / "fonts"

TOP, BOTTOM, LEFT = 22.0, 280.0, 15.0
WIDTH_MM = 180.0
MONO_COLUMNS = 104
"""Characters of DejaVu Sans Mono at 8.5 pt in 180 mm (each is 0.6 em wide)."""
SANS_COLUMNS = 96
"""A safe count for headings in DejaVu Sans at 9 pt (no word of them is measured)."""


class _Report(FPDF):
    """A4 pages with the patient on top and "page n of N" below."""

    def __init__(self, running_head: str) -> None:
        super().__init__(format="A4")
        self.running_head = running_head
        self.add_font("Sans", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("Sans", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_font("Mono", "", str(FONTS / "DejaVuSansMono.ttf"))
        self.set_auto_page_break(False)
        self.alias_nb_pages()
        self.y_at = TOP

    def header(self) -> None:
        self.set_font("Sans", "", 7.5)
        self.text(LEFT, 12, self.running_head[:150])
        self.line(LEFT, 14, LEFT + WIDTH_MM, 14)
        self.y_at = TOP

    def footer(self) -> None:
        self.set_font("Sans", "", 7.5)
        self.set_xy(LEFT, 286)
        self.cell(WIDTH_MM, 5, f"Page {self.page_no()} of {{nb}}")  # a cell: the page count is filled in at the end

    def line_of(self, text: str, *, font: str = "Sans", style: str = "", size: float = 9.0, gap: float = 4.4) -> None:
        if self.y_at > BOTTOM:
            self.add_page()
        self.set_font(font, style, size)
        self.text(LEFT, self.y_at, text)
        self.y_at += gap

    def heading(self, text: str, *, size: float = 11.0) -> None:
        if self.y_at > BOTTOM - 12:
            self.add_page()
        self.y_at += 2
        for part in textwrap.wrap(text, SANS_COLUMNS * 9 // int(size)) or [""]:
            self.line_of(part, style="B", size=size, gap=size * 0.5)
        self.y_at += 1

    def prose(self, text: str, *, columns: int = SANS_COLUMNS) -> None:
        for paragraph in printable(text).split("\n"):
            for part in textwrap.wrap(paragraph, columns, break_long_words=True) or [""]:
                self.line_of(part)

    def typed(self, text: str) -> None:
        """What someone typed: monospaced, wrapped by characters, control characters visible."""
        for paragraph in printable(text).split("\n"):
            for part in textwrap.wrap(paragraph, MONO_COLUMNS, break_long_words=True, drop_whitespace=False) or [""]:
                self.line_of(part, font="Mono", size=8.5, gap=4.0)


def _entry(pdf: _Report, entry: ExportEntry) -> None:
    amended = "AMENDED · " if entry.amended else ""
    pdf.heading(f"{entry.number}. {amended}{entry.source_label}: {printable(entry.label, single_line=True)}", size=9.5)
    pdf.prose(f"Happened: {entry.occurred.text}. {entry.recorded_verb}: {entry.recorded.text} by {entry.recorded_by}.")
    if entry.severity:
        pdf.prose(f"Severity: {entry.severity_label}.")
    if entry.text:
        pdf.line_of(f"{entry.text_label}:", style="B", size=8.5)
        pdf.typed(entry.text)
    for label, value in entry.facts:
        if value:
            pdf.typed(f"{label}: {value}")
    if entry.amends:
        pdf.prose(f"Corrects entry {entry.amends_number or entry.amends}: {entry.amend_reason}")
    if entry.replaced_by:
        pdf.prose(f"Replaced by entry {entry.replaced_by_number or entry.replaced_by}: {entry.replaced_reason}")
    for proof in entry.proofs:
        where = f"chain entry {proof.position}" if proof.position is not None else "NOT IN THE CHAIN"
        proven = f"{proof.table} id {proof.row_id}, {where}: sha256 {proof.hash or '-'}"
        pdf.line_of(proven, font="Mono", size=6.5, gap=3.4)
    pdf.y_at += 1.5


def render(document: ExportDocument, *, attachments: Sequence[tuple[str, str, str, str]] = ()) -> bytes:
    """The report as PDF bytes. `attachments`: (file in the bundle, name as given, kind and size, SHA-256)."""
    patient = document.patient
    born = f"{patient.date_of_birth:%d %b %Y}"
    head = f"{document.practice_name} · {patient.full_name} · born {born} · NHS {patient.nhs_display}"
    pdf = _Report(printable(head, single_line=True))
    pdf.set_title(printable(document.title, single_line=True))
    pdf.set_creator(document.software)
    pdf.add_page()
    pdf.heading(printable(document.title, single_line=True), size=15)
    pdf.prose(f"{document.practice_name}. {document.practice_address}".strip())
    pdf.prose(f"Made {document.generated_at.text} by {document.generated_by} with {document.software}.")
    pdf.heading("Patient")
    pdf.prose(
        f"{patient.full_name}, born {patient.date_of_birth:%d %b %Y}, NHS number {patient.nhs_display}. "
        f"{patient.status_text}."
    )
    for concern in document.concerns:
        pdf.heading(f"Concern {concern.id}: {concern.kind_label} ({concern.status})", size=10)
        pdf.prose(f"Do not book with: {', '.join(concern.targets) or 'nobody'}. {concern.chaperone_label}.")
        pdf.prose(f"Opened {concern.opened.text} by {concern.opened_by}.")
        if concern.summary:
            pdf.typed(concern.summary)
    pdf.heading("What the record adds up to")
    pdf.prose(document.conduct)
    for line in document.status_lines:
        pdf.prose(line)
    pdf.heading(f"Entries ({len(document.entries):,}, in the order they happened)")
    for entry in document.entries:
        _entry(pdf, entry)
    if attachments:
        pdf.heading(f"Copies of the evidence ({len(attachments)}): in this bundle, each with its SHA-256")
        for path, name, kind, digest in attachments:
            pdf.typed(f"{path}  ({name}; {kind})")
            pdf.line_of(f"sha256 {digest}", font="Mono", size=6.5, gap=3.6)
    pdf.heading("Checking this report")
    for number, step in enumerate(verify_steps(document, json_export=False), start=1):
        pdf.prose(f"{number}. {step.replace('`', '')}")
    if document.problems:
        pdf.heading("WARNING: entries that failed the tamper-evidence check")
        for problem in document.problems:
            pdf.prose(problem)
    return bytes(pdf.output())
