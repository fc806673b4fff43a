"""`backup`: a consistent online copy while desks write, never over a file, and the copy verifies."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store, chain
from boundary_tui.store.backup import backup
from boundary_tui.store.verify import verify
from tests.helpers.cli import owned_by_nobody, run_unprivileged
from tests.helpers.evidence import log_contact, tamper
from tests.helpers.practice import Practice


def test_a_backup_is_one_private_file_that_verifies(practice: Practice, tmp_path: Path, capsys) -> None:
    with Store(practice.path) as store:
        log_contact(store, practice.obrien, practice.reception)
        head = chain.head(store.db)
    assert head is not None
    dest = tmp_path / "backups" / "practice-2026-11-23.db"
    dest.parent.mkdir()
    assert main(["backup", str(dest), "--db", str(practice.path)]) == 0
    out = capsys.readouterr().out
    assert f"Backed up {practice.path} to {dest}" in out
    assert f"Verified the copy: all checks passed. Chain head: entry {head.id}, sha256 {head.hash}." in out
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]  # no -wal/-shm: one self-contained file
    assert dest.stat().st_mode & 0o777 == 0o600
    with Store(dest) as copy:
        assert copy.patients.count() == 7
        assert copy.db.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1


def test_a_backup_never_overwrites(practice: Practice, tmp_path: Path, capsys) -> None:
    dest = tmp_path / "existing.db"
    dest.write_text("last week's backup")
    assert main(["backup", str(dest), "--db", str(practice.path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert dest.read_text() == "last week's backup"


def test_a_missing_folder_or_database_is_refused_plainly(practice: Practice, tmp_path: Path, capsys) -> None:
    assert main(["backup", str(tmp_path / "no" / "such" / "b.db"), "--db", str(practice.path)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["backup", str(tmp_path / "b.db"), "--db", str(tmp_path / "none.db")]) == 1
    assert "There is no database" in capsys.readouterr().err
    assert not (tmp_path / "b.db").exists()


def test_an_unwritable_destination_is_refused_plainly(practice: Practice, shared_dir: Path) -> None:  # noqa: F811
    database = shared_dir / "practice.db"
    database.write_bytes(practice.path.read_bytes())
    database.chmod(0o644)
    owned_by_nobody(database)  # the service account's own database (backup is for it alone)
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    code, stderr = run_unprivileged(["backup", str(locked / "b.db"), "--db", str(database)])
    assert code == 1, stderr
    assert "Cannot write to the folder" in stderr and "Traceback" not in stderr


def test_a_backup_taken_while_a_desk_keeps_saving_is_consistent(practice: Practice, tmp_path: Path) -> None:
    """A writer thread appends contacts non-stop; every copy verifies and is a prefix of the live chain."""
    stop = threading.Event()
    started = threading.Event()
    saved: list[int] = []
    errors: list[BaseException] = []

    def desk() -> None:
        try:
            with Store(practice.path) as store:
                while not stop.is_set():
                    saved.append(log_contact(store, practice.obrien, practice.reception, f"contact {len(saved)}"))
                    if len(saved) == 20:
                        started.set()
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
            started.set()

    writer = threading.Thread(target=desk)
    writer.start()
    copies = []
    try:
        assert started.wait(30)
        for n in range(5):
            copies.append(backup(practice.path, tmp_path / f"copy-{n}.db"))
    finally:
        stop.set()
        writer.join(30)
    assert not errors, errors
    final = verify(practice.path)
    assert final.ok, final.describe()
    live = sqlite3.connect(practice.path)
    sizes = []
    for result in copies:
        assert result.report.ok, result.report.describe()
        head = result.report.head
        assert head is not None
        assert live.execute("SELECT hash FROM chain WHERE id = ?", [head.id]).fetchone() == (head.hash,)
        sizes.append(result.report.counts["contacts"])
    live.close()
    assert sizes == sorted(sizes) and sizes[-1] <= len(saved)
    assert len(saved) > sizes[0] > 0  # the desk really was writing around the backups


def test_a_backup_of_a_tampered_database_says_the_copy_fails_verify(practice: Practice, tmp_path: Path, capsys) -> None:
    with Store(practice.path) as store:
        contact = log_contact(store, practice.obrien, practice.reception)
    tamper(practice.path, f"UPDATE contacts SET description = 'nothing happened' WHERE id = {contact}")
    dest = tmp_path / "b.db"
    assert main(["backup", str(dest), "--db", str(practice.path)]) == 1
    captured = capsys.readouterr()
    assert "did NOT pass verify" in captured.err
    assert f"First bad entry: contacts id {contact}" in captured.out
    assert dest.exists()


def test_backing_up_onto_the_database_itself_is_refused(practice: Practice) -> None:
    with pytest.raises(StoreError, match="already exists"):
        backup(practice.path, practice.path)
