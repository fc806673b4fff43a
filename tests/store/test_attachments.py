"""Copies of the evidence: attached by content and hash, in the patient's chain, from the inbox or the server, and every
hostile file refused plainly (empty, huge, changing, a link out of the inbox, '../', a program called .png, a race)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.errors import Invalid, Refused
from boundary_tui.store import Store, chain
from boundary_tui.store.attachments import inbox_path
from boundary_tui.store.verify import verify
from tests.helpers.cli import AS_MANAGER
from tests.helpers.evidence import log_contact
from tests.helpers.practice import Practice

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
EML = b"Received: from mail\r\nFrom: martin@example.org\r\nTo: dr.hart@example.nhs.uk\r\nSubject: us\r\n\r\nI know.\r\n"


@pytest.fixture
def contact(store: Store, practice: Practice) -> int:
    return log_contact(store, practice.obrien, practice.reception, "A card addressed to Dr Hart")


def inbox(store: Store) -> Path:
    folder = inbox_path(store.path)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def test_a_scan_is_kept_with_its_hash_in_the_patients_chain(store: Store, practice: Practice, contact: int) -> None:
    card = inbox(store) / "card [bold]\x1b[31m.png"
    card.write_bytes(PNG)
    assert [f.name for f in store.attachments.inbox()] == [card.name]
    attached = store.attachments.attach_from_inbox(contact, card.name, by=practice.reception)
    assert (attached.media_type, attached.size, attached.file_name) == ("image/png", len(PNG), card.name)
    assert attached.sha256 == hashlib.sha256(PNG).hexdigest()
    assert store.attachments.content(attached.sha256) == PNG
    entry = chain.entry_for(store.db, "attachments", attached.id)
    assert entry is not None and entry.patient_id == practice.obrien
    assert not card.exists() and (inbox(store) / "attached" / f"{attached.id}-{card.name}").exists()
    assert store.attachments.inbox() == []
    store.close()
    assert verify(store.path).ok


def test_a_saved_email_is_told_by_its_headers(store: Store, contact: int, tmp_path: Path) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(EML)
    assert store.attachments.attach_file(contact, path, by=None).label == "Saved e-mail"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty (0 bytes)"),
        (b"MZ" + bytes(500), "It is a Windows program (.exe), whatever its name says"),
        (b"\x7fELF" + bytes(500), "It is a program (Linux), whatever its name says"),
        (b"#!/bin/sh\nrm -rf /\n", "It is a shell script"),
        (b"PK\x03\x04" + bytes(500), "It is a ZIP archive"),
        (bytes(range(256)) * 4, "Its type cannot be told from its content"),
    ],
    ids=["empty", "exe-as-png", "elf", "script", "zip", "binary"],
)
def test_a_file_that_is_not_evidence_is_refused_with_what_it_is(
    store: Store, contact: int, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "card.png"
    path.write_bytes(content)
    with pytest.raises(Invalid) as refused:
        store.attachments.attach_file(contact, path, by=None)
    assert reason in refused.value.problems["file"]
    assert store.attachments.for_contact(contact) == []


def test_a_two_gigabyte_file_is_refused_before_it_is_read(store: Store, contact: int, tmp_path: Path) -> None:
    path = tmp_path / "video.mp4"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: costs no disk
    started = time.perf_counter()
    with pytest.raises(Invalid) as refused:
        store.attachments.attach_file(contact, path, by=None)
    assert "the limit is 52 MB a file" in refused.value.problems["file"]
    assert time.perf_counter() - started < 5  # refused from its size, not after reading it


def test_a_file_that_changes_while_it_is_read_is_refused(store: Store, contact: int, tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(PNG + bytes(20 * 1024 * 1024))
    stop = threading.Event()

    def keep_writing() -> None:
        with path.open("ab") as handle:
            while not stop.is_set():
                handle.write(b"x" * 65536)
                handle.flush()
                time.sleep(0.001)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        with pytest.raises((Refused, Invalid)) as refused:
            store.attachments.attach_file(contact, path, by=None)
    finally:
        stop.set()
        writer.join()
    assert "changed while it was being read" in str(refused.value) or "grew" in str(refused.value)
    assert store.db.execute("SELECT count(*) FROM attachment_files").fetchone()[0] == 0


def test_a_link_out_of_the_inbox_and_a_path_are_refused(store: Store, contact: int) -> None:
    folder = inbox(store)
    (folder / "passwords.png").symlink_to("/etc/passwd")
    assert store.attachments.inbox() == []  # not even offered
    with pytest.raises(Refused, match="not a plain file in the evidence inbox"):
        store.attachments.attach_from_inbox(contact, "passwords.png", by=None)
    with pytest.raises(Invalid) as refused:
        store.attachments.attach_from_inbox(contact, "../practice.db", by=None)
    assert "cannot contain '/'" in refused.value.problems["file"]


def test_two_desks_picking_the_same_inbox_file_attach_it_once(practice: Practice, contact: int, store: Store) -> None:
    (inbox(store) / "letter.png").write_bytes(PNG)
    results: list[str] = []

    def desk() -> None:
        with Store(practice.path) as own:
            try:
                own.attachments.attach_from_inbox(contact, "letter.png", by=practice.reception)
                results.append("attached")
            except Refused as refused:
                results.append(str(refused))

    desks = [threading.Thread(target=desk) for _ in range(2)]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join()
    assert results.count("attached") == 1
    [lost] = [r for r in results if r != "attached"]
    assert "another desk attached it a moment ago" in lost
    assert len(store.attachments.for_contact(contact)) == 1


def test_a_copy_changed_in_the_database_is_named_by_verify(store: Store, contact: int, tmp_path: Path) -> None:
    path = tmp_path / "card.png"
    path.write_bytes(PNG)
    attached = store.attachments.attach_file(contact, path, by=None)
    store.close()
    raw = sqlite3.connect(store.path)
    raw.execute("DROP TRIGGER attachment_files_no_update")
    raw.execute("UPDATE attachment_files SET content = ? WHERE sha256 = ?", [PNG[:-1] + b"!", attached.sha256])
    raw.commit()
    raw.close()
    found = "\n".join(p.message for p in verify(store.path).problems)
    assert f"(SHA-256 {attached.sha256}) no longer has that hash" in found


def test_attach_from_the_command_line(
    store: Store, practice: Practice, contact: int, tmp_path: Path, capsys, as_manager: None
) -> None:
    good, bad = tmp_path / "photo.png", tmp_path / "evil.png"
    good.write_bytes(PNG)
    bad.write_bytes(b"MZ" + bytes(100))
    store.close()
    code = main(
        ["attach", practice.obrien_nhs, str(contact), str(good), str(bad), *AS_MANAGER, "--db", str(store.path)]
    )
    out = capsys.readouterr()
    assert code == 1
    assert "Attached photo.png to contact" in out.out and hashlib.sha256(PNG).hexdigest() in out.out
    assert "evil.png: It is a Windows program (.exe)" in out.err
    assert good.exists()  # a file on the server is copied, never moved
    assert main(["attach", practice.obrien_nhs, "999999", str(good), *AS_MANAGER, "--db", str(store.path)]) == 1
    assert os.path.exists(good)
