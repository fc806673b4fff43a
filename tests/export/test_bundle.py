"""The evidence bundle: one ZIP with the PDF, HTML and JSON reports, the copies, the signed checkpoint and SHA256SUMS;
checked by `verify-export` with nothing else, and by `sha256sum -c`; never left half-written."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from boundary_tui.cli import main
from boundary_tui.export.bundle import prepare
from boundary_tui.export.files import DocumentError, write_file
from boundary_tui.store import Store, signing_key
from tests.helpers.evidence import log_contact
from tests.helpers.practice import Practice

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(300)


def made(store: Store, practice: Practice, dest: Path) -> Path:
    signing_key.create(store.path)
    contact = log_contact(store, practice.zoe, practice.reception, "Zoë left a card for Siobhán Ní Bhriain")
    scan = dest.parent / "card [bold].png"
    scan.write_bytes(PNG)
    store.attachments.attach_file(contact, scan, by=practice.reception)
    bundle = prepare(
        store,
        practice.zoe,
        generated_by="Margaret Lewis",
        by=practice.manager,
        recipient="police",
        recipient_detail="PC 1",
    )
    assert bundle is not None and len(bundle.attachments) == 1
    return write_file(dest, bundle.write, what="bundle")


def test_a_bundle_holds_everything_and_checks_with_nothing_else(
    store: Store, practice: Practice, tmp_path: Path, capsys
) -> None:
    path = made(store, practice, tmp_path / "zoe.zip")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"report.pdf", "report.html", "report.json", "checkpoint.json", "README.txt", "SHA256SUMS"} <= names
        [copy] = [n for n in names if n.startswith("attachments/")]
        assert copy.endswith("-card_bold_.png") and archive.read(copy) == PNG
        pdf = archive.read("report.pdf")
        assert pdf.startswith(b"%PDF") and b"DejaVu" in pdf  # the shipped font is embedded
        archive.extractall(tmp_path / "unpacked")
    store.close()
    capsys.readouterr()
    assert main(["verify-export", str(path)]) == 0
    said = capsys.readouterr().out
    assert "every file in the bundle is what was put in it" in said
    assert "each of the 1 copies of evidence is exactly the file recorded" in said
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "unpacked", capture_output=True, text=True)
    assert sums.returncode == 0, sums.stdout + sums.stderr


def test_a_copy_swapped_in_the_bundle_is_caught(store: Store, practice: Practice, tmp_path: Path, capsys) -> None:
    path = made(store, practice, tmp_path / "zoe.zip")
    swapped = tmp_path / "swapped.zip"
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(swapped, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(item, PNG[:-1] + b"?" if item.filename.startswith("attachments/") else data)
    store.close()
    capsys.readouterr()
    assert main(["verify-export", str(swapped)]) == 1
    assert "no longer holds" in capsys.readouterr().out


def test_an_interrupted_bundle_leaves_nothing_behind(store: Store, practice: Practice, tmp_path: Path) -> None:
    signing_key.create(store.path)
    bundle = prepare(store, practice.obrien, generated_by="M", by=practice.manager, recipient="regulator")
    assert bundle is not None

    def half_then_fail(handle: io.BufferedWriter) -> None:  # type: ignore[type-arg]
        handle.write(b"PK half a zip")
        raise OSError(28, "No space left on device")

    out = tmp_path / "bundles"
    out.mkdir()
    with pytest.raises(DocumentError, match="the disk is full"):
        write_file(out / "x.zip", half_then_fail, what="bundle")  # type: ignore[arg-type]
    assert list(out.iterdir()) == []


def test_the_pdf_prints_names_as_written_on_every_page(store: Store, practice: Practice, tmp_path: Path) -> None:
    path = made(store, practice, tmp_path / "zoe.zip")
    with zipfile.ZipFile(path) as archive:
        reader = PdfReader(io.BytesIO(archive.read("report.pdf")))
    pages = [page.extract_text() for page in reader.pages]
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "Zoë Fairbairn" in text and "NHS 999 000 0026" in text, number
        assert f"Page {number} of {len(pages)}" in text
    assert "Siobhán Ní Bhriain" in "".join(pages)
    assert "card [bold].png" in "".join(pages)  # the name as given, literally
