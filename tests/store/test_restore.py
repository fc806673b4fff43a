"""`restore`: never while anything holds the database, never a backup that fails verify, and nothing deleted.

The classic broken restore copies a backup over a database a desk still has
open, or leaves the old `-wal` beside it for SQLite to replay into the restored
file. These tests hold the database open from real second processes and leave
real stale `-wal`/`-shm` files behind a process killed mid-way.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store
from boundary_tui.store.backup import backup
from boundary_tui.store.holders import holders
from boundary_tui.store.restore import BackupFailsVerify, DesksOpen, restore
from boundary_tui.store.verify import verify
from tests.helpers.evidence import log_contact, tamper
from tests.helpers.practice import Practice

NOBODY = 65534

HOLD_WITH_SQLITE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode").fetchone()   # WAL, as every desk leaves it
conn.execute("SELECT count(*) FROM patients").fetchone()
print("ready", flush=True)
time.sleep(60)
"""

HOLD_AS_A_FILE = """
import sys, time
f = open(sys.argv[1], "rb")   # no SQLite, no lock: a program copying the file, say
print("ready", flush=True)
time.sleep(60)
"""

KILLED_MID_WAY = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode = wal")
conn.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
conn.execute("INSERT INTO scratch VALUES (1)")
conn.commit()
os._exit(0)   # killed: no checkpoint, -wal and -shm stay behind
"""


@contextmanager
def held(path: Path, script: str) -> Iterator[subprocess.Popen[str]]:
    """Another process with the database open until the block ends."""
    process = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True, cwd="/")
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def held_by_nobody(path: Path) -> Iterator[int]:
    """A desk of another account (`nobody`) with the database open; forked, as that account cannot run our python."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(read_end)
            os.setgid(NOBODY)
            os.setgroups([])
            os.setuid(NOBODY)
            conn = sqlite3.connect(path)
            conn.execute("SELECT count(*) FROM patients").fetchone()
            os.write(write_end, b"ready")
            signal.pause()
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        assert os.read(read_end, 5) == b"ready"
        yield pid
    finally:
        os.close(read_end)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@pytest.fixture
def saved(practice: Practice, tmp_path: Path) -> Path:
    """A backup of the practice, then one more contact in the live database (not in the backup)."""
    copy = tmp_path / "backups" / "practice-monday.db"
    copy.parent.mkdir()
    assert backup(practice.path, copy).report.ok
    with Store(practice.path) as store:
        log_contact(store, practice.obrien, practice.reception, "Logged after the backup")
    return copy


def contacts(path: Path) -> list[str]:
    with Store(path, create=False) as store:
        return [row[0] for row in store.db.execute("SELECT description FROM contacts ORDER BY id")]


def test_restore_puts_the_backup_back_and_keeps_everything_it_replaced(
    practice: Practice, saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = practice.path
    subprocess.run([sys.executable, "-c", KILLED_MID_WAY, str(db)], check=True)
    stale = {suffix: Path(f"{db}{suffix}").read_bytes() for suffix in ("-wal", "-shm")}
    before = db.read_bytes()
    os.chown(db, NOBODY, NOBODY)  # the service account's file, restored by root
    db.chmod(0o640)

    assert main(["restore", str(saved), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {saved} into {db}." in out and "Verified the restored database: all checks passed" in out

    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    assert "Logged after the backup" not in contacts(db)
    assert verify(db).ok
    st = db.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (NOBODY, NOBODY, 0o600)
    kept = {p.name.split(".before-restore-")[0]: p for p in db.parent.iterdir() if ".before-restore-" in p.name}
    assert sorted(kept) == ["practice.db", "practice.db-shm", "practice.db-wal"]
    for path in kept.values():
        assert f"kept aside (not deleted): {path}" in out
    assert kept["practice.db"].read_bytes() == before  # the database as it was, byte for byte
    for suffix in ("-wal", "-shm"):
        assert kept[f"practice.db{suffix}"].read_bytes() == stale[suffix]
    assert not [p for p in db.parent.iterdir() if p.name.startswith(".practice.db.restoring")]


def test_restore_is_refused_while_a_desk_holds_the_database(practice: Practice, saved: Path) -> None:
    before = practice.path.read_bytes()
    with held(practice.path, HOLD_WITH_SQLITE) as desk:
        with pytest.raises(DesksOpen, match=f"process {desk.pid} .*account root.*Nothing was changed") as refused:
            restore(saved, practice.path)
        assert [h.pid for h in refused.value.holders] == [desk.pid]
    assert practice.path.read_bytes() == before
    assert "Logged after the backup" in contacts(practice.path)


def test_restore_sees_a_process_of_another_account_and_one_without_sqlite(
    practice: Practice, saved: Path, shared_dir: Path
) -> None:
    folder = shared_dir / "nobodys"  # a desk of nobody's, on nobody's database
    folder.mkdir(mode=0o700)
    elsewhere = folder / "practice.db"
    elsewhere.write_bytes(practice.path.read_bytes())
    for path in (folder, elsewhere):
        os.chown(path, NOBODY, NOBODY)
    with held_by_nobody(elsewhere) as desk:
        assert [(h.pid, h.account) for h in holders(elsewhere)] == [(desk, "nobody")]
        with pytest.raises(DesksOpen, match=f"process {desk} .*account nobody"):
            restore(saved, elsewhere)
    with held(practice.path, HOLD_AS_A_FILE) as reader:
        with pytest.raises(DesksOpen, match=f"process {reader.pid}"):
            restore(saved, practice.path)
    assert holders(practice.path) == []


def test_the_cli_names_who_holds_it(practice: Practice, saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with held(practice.path, HOLD_WITH_SQLITE) as desk:
        assert main(["restore", str(saved), "--db", str(practice.path)]) == 1
    err = capsys.readouterr().err
    assert f"is in use: process {desk.pid}" in err and "Close every desk (ctrl+q)" in err


def test_a_backup_that_fails_verify_is_refused(practice: Practice, saved: Path) -> None:
    tamper(saved, "UPDATE contacts SET description = 'edited' WHERE id = (SELECT min(id) FROM contacts)")
    before = practice.path.read_bytes()
    with pytest.raises(BackupFailsVerify, match="does not pass verify .*Nothing was changed"):
        restore(saved, practice.path)
    assert practice.path.read_bytes() == before
    assert not [p for p in practice.path.parent.iterdir() if "restor" in p.name]


def test_restore_into_a_folder_with_no_database_yet(saved: Path, tmp_path: Path) -> None:
    db = tmp_path / "new" / "practice.db"
    db.parent.mkdir(mode=0o700)
    done = restore(saved, db)
    assert done.kept == [] and done.report.ok and db.stat().st_mode & 0o777 == 0o600


def test_restore_refuses_the_database_itself_and_missing_files(practice: Practice, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is the database itself"):
        restore(practice.path, practice.path)
    with pytest.raises(StoreError, match="There is no backup"):
        restore(tmp_path / "nope.db", practice.path)
    with pytest.raises(StoreError, match="does not exist"):
        restore(practice.path, tmp_path / "no" / "such" / "practice.db")
