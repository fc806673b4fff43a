"""The command line stops trusting whoever runs it (issue 14, part 2).

* Commands that change who may do what, or disclose or rewrite records, run only
  as the service account (the owner of the database file) or root.
* Those the desk keeps for managers also need a manager's name and PIN; a wrong
  PIN counts towards the same lock-out as at the desk, and the manager is
  recorded as the author.
* The computer account recorded is the real uid, whatever `$LOGNAME` says.
* The first manager of an empty database needs no manager's PIN.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from boundary_tui.app import BoundaryApp
from boundary_tui.cli import main
from boundary_tui.core import lockout
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.errors import Refused
from boundary_tui.store import Store, facts
from tests.helpers.cli import AS_MANAGER, run_cli, run_cli_in_terminal, run_unprivileged
from tests.helpers.pilot import settle, sign_in, text_of
from tests.helpers.practice import MANAGER_PIN, NOW, Practice

GUARDED = {
    "staff add": ["staff", "add", "Mallory", "--role", "manager", *AS_MANAGER],
    "staff list": ["staff", "list"],
    "staff pin": ["staff", "pin", "Margaret Lewis", *AS_MANAGER],
    "staff unlock": ["staff", "unlock", "Margaret Lewis", *AS_MANAGER],
    "staff disable": ["staff", "disable", "Priya Shah", *AS_MANAGER],
    "settings set": ["settings", "set", "practice_name", "Mallory's", *AS_MANAGER],
    "import patients": ["import", "patients", "{folder}/list.csv", *AS_MANAGER],
    "import clinicians": ["import", "clinicians", "{folder}/list.csv", *AS_MANAGER],
    "export": ["export", "9434765919", "--format", "json", "-o", "{folder}/out.json", *AS_MANAGER],
    "backup": ["backup", "{folder}/copy.db"],
}
"""Each command only the service account (or root) may run, as `nobody` would type it (knowing the PIN)."""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def readable_practice(practice: Practice, shared_dir: Path) -> Path:
    """The practice's database owned by root, as readable by others as a careless set-up leaves it."""
    assert os.geteuid() == 0, "these tests become `nobody` to meet the guard: run the suite as root (CI does)"
    database = shared_dir / "practice.db"
    shutil.copyfile(practice.path, database)
    database.chmod(0o666)  # even a file anyone may write: the guard is about who runs the command
    shared_dir.chmod(0o777)
    (shared_dir / "list.csv").write_text("name,role\nDr Mallory,GP\n")
    return database


@pytest.mark.parametrize("command", list(GUARDED), ids=list(GUARDED))
def test_anyone_but_the_service_account_is_refused_in_one_line(
    readable_practice: Path, shared_dir: Path, command: str
) -> None:
    before = digest(readable_practice)
    argv = [part.replace("{folder}", str(shared_dir)) for part in GUARDED[command]]
    code, stderr = run_unprivileged([*argv, "--db", str(readable_practice)], typed=[MANAGER_PIN])
    assert code == 1, stderr
    assert stderr == (
        f"boundary-tui: Only the practice's service account (root, which owns {readable_practice}) or root "
        f"can run `boundary-tui {command}`; this is nobody. Nothing was read or changed.\n"
    )
    assert digest(readable_practice) == before
    assert not (shared_dir / "out.json").exists() and not (shared_dir / "copy.db").exists()


@pytest.mark.parametrize(
    "argv",
    [["verify"], ["settings"], ["--version"], ["--help"], ["staff", "--help"], ["demo", "{folder}/training.db"]],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_reading_checking_and_demos_stay_open_to_anyone_who_can_read_the_file(
    readable_practice: Path, shared_dir: Path, argv: list[str]
) -> None:
    argv = [part.replace("{folder}", str(shared_dir)) for part in argv]
    if argv[0] == "demo":
        argv += ["--patients", "20"]
    elif not argv[0].startswith("-") and "--help" not in argv:
        argv += ["--db", str(readable_practice)]
    code, stderr = run_unprivileged(argv)
    assert code == 0, stderr
    assert "service account" not in stderr


def test_the_service_account_is_whoever_owns_the_file(readable_practice: Path, shared_dir: Path) -> None:
    """`nobody`, owning the file, is the service account: refused only for want of a manager's PIN."""
    os.chown(readable_practice, 65534, 65534)
    code, stderr = run_unprivileged(["staff", "list", "--db", str(readable_practice)])
    assert code == 0, stderr
    code, stderr = run_unprivileged(["settings", "set", "practice_name", "X", "--db", str(readable_practice)])
    assert code == 1 and stderr.endswith("boundary-tui: No manager's name was given: give it with --manager NAME. "
                                         "Nothing was done.\n")  # fmt: skip


# -- a manager's PIN, counted like the desk's -----------------------------------------------


async def test_wrong_manager_pins_at_the_command_line_lock_her_out_at_the_desk_too(
    practice: Practice, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(practice.path)
    for _ in range(lockout.MAX_WRONG_PINS):
        typed.append("9183")
        assert main(["settings", "set", "practice_name", "Mallory's", "--db", db, *AS_MANAGER]) == 1
        err = capsys.readouterr().err
        assert "That PIN is not right for Margaret Lewis" in err
    assert "Margaret Lewis's account is locked after 5 wrong PINs" in err
    typed.append(MANAGER_PIN)
    assert main(["settings", "set", "practice_name", "Mallory's", "--db", db, *AS_MANAGER]) == 1
    assert "locked after 5 wrong PINs" in capsys.readouterr().err  # even the right PIN, now
    with Store(db) as store:
        assert store.settings.get("practice_name") == "The Surgery"
        outcomes = [r[0] for r in store.db.execute("SELECT outcome FROM sign_in_events ORDER BY id")]
        assert outcomes == ["wrong_pin"] * 5 + ["locked", "refused_locked"]
        assert [(s.name, state.lockouts) for s, state in store.staff.lockouts()] == [("Margaret Lewis", 1)]

    app = BoundaryApp(db_path=practice.path)  # the system clock, as the command line used
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "Margaret Lewis", MANAGER_PIN)
        await settle(pilot)
        assert "Margaret Lewis's account is locked after 5 wrong PINs" in text_of(app, "#sign-in-message")


def test_the_manager_is_recorded_as_the_author_of_what_the_command_line_changes(
    practice: Practice, tmp_path: Path, as_manager: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(practice.path)
    listing = tmp_path / "clinicians.csv"
    listing.write_text("name,role\nDr Nadia Rahman,GP\n")
    assert main(["import", "clinicians", str(listing), "--db", db, *AS_MANAGER]) == 0
    words = f"Margaret Lewis (practice manager) at the command line, as {facts.account()}"
    assert f"Recorded as imported by {words}." in capsys.readouterr().out
    with Store(db) as store:
        nadia = store.staff.by_name("Dr Nadia Rahman")
        assert nadia is not None
        row = store.db.execute(
            "SELECT recorded_by, account FROM staff_changes WHERE staff_id = ? ORDER BY id DESC", [nadia.id]
        ).fetchone()
        assert row == (practice.manager, facts.account())
        created_by = store.db.execute("SELECT created_by FROM staff WHERE id = ?", [nadia.id]).fetchone()[0]
        assert created_by == f"import:{words}"


def test_logname_and_user_never_change_the_recorded_account(practice: Practice) -> None:
    """At a real terminal: the PIN prompt reads the terminal without echo; $LOGNAME and $USER are ignored."""
    code, shown = run_cli_in_terminal(
        "staff", "add", "Ben Clarke", "--role", "reception", "--db", str(practice.path), "--manager", "Margaret Lewis",
        answers=[MANAGER_PIN],
        env={"LOGNAME": "mallory", "USER": "mallory", "USERNAME": "mallory"},
    )  # fmt: skip
    assert code == 0, shown
    assert "PIN for Margaret Lewis (not shown): " in shown and MANAGER_PIN not in shown
    assert "Added Ben Clarke (reception)." in shown and re.search(r"^    \d{8}$", shown, flags=re.MULTILINE)
    with Store(practice.path) as store:
        ben = store.staff.by_name("Ben Clarke")
        assert ben is not None
        recorded = store.db.execute(
            "SELECT recorded_by, account FROM staff_changes WHERE staff_id = ?", [ben.id]
        ).fetchall()
        created_by = store.db.execute("SELECT created_by FROM staff WHERE id = ?", [ben.id]).fetchone()[0]
    assert recorded == [(practice.manager, facts.account())]
    assert "mallory" not in created_by and facts.account() in created_by


def test_a_manager_pin_typed_on_standard_input_works_without_a_terminal(practice: Practice) -> None:
    """A script (no terminal) can pipe the PIN in; `getpass` warns that it may be echoed."""
    done = run_cli(
        "settings", "set", "idle_lock_minutes", "3", "--db", str(practice.path), *AS_MANAGER, stdin=f"{MANAGER_PIN}\n"
    )
    assert done.returncode == 0, done.stderr
    assert "idle_lock_minutes is now '3'" in done.stdout


# -- the first manager --------------------------------------------------------------------


def test_the_first_manager_of_an_empty_database_needs_no_managers_pin(
    tmp_path: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "new.db")
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db]) == 1
    assert "No practice manager can sign in, so nobody can authorise this" in capsys.readouterr().err
    assert main(["staff", "add", "Margaret Lewis", "--role", "manager", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert "No practice manager can sign in, so no manager's PIN is asked for" in err
    code = re.findall(r"^    (\d{8})$", out, flags=re.MULTILINE)[0]
    with Store(db, clock=FixedClock(NOW)) as store:
        margaret = store.staff.by_name("Margaret Lewis")
        assert margaret is not None
        store.staff.complete_setup(margaret.id, code, "947261")
    # From now on a manager can sign in: every change needs her PIN.
    assert main(["staff", "add", "Priya Shah", "--role", "manager", "--db", db]) == 1
    assert "No manager's name was given" in capsys.readouterr().err
    typed.append("947261")
    assert main(["staff", "add", "Priya Shah", "--role", "manager", "--db", db, *AS_MANAGER]) == 0
    with Store(db) as store:
        priya = store.staff.by_name("Priya Shah")
        assert priya is not None
        rows = store.db.execute(
            "SELECT staff_id, recorded_by FROM staff_changes WHERE change = 'added' ORDER BY id"
        ).fetchall()
    assert rows == [(margaret.id, None), (priya.id, margaret.id)]


def test_a_manager_held_locked_is_let_back_in_by_the_service_account(
    practice: Practice, capsys: pytest.CaptureFixture[str]
) -> None:
    """When no manager could type a PIN, nobody could authorise anything: the service account lifts the lock."""
    clock = FixedClock(NOW)
    with Store(practice.path, clock=clock) as store:
        for _ in range(lockout.HELD_FROM):  # four lock-outs in a row, each after the last has ended
            for _ in range(lockout.MAX_WRONG_PINS):
                with pytest.raises(Refused):
                    store.staff.sign_in(practice.manager, "9183")
            clock.advance(hours=2)
        assert store.staff.managers_who_can_vouch() == []
    assert main(["staff", "unlock", "Priya Shah", "--db", str(practice.path)]) == 0  # not locked: nothing asked
    assert main(["staff", "disable", "Priya Shah", "--db", str(practice.path)]) == 1
    assert "No practice manager can sign in" in capsys.readouterr().err
    assert main(["staff", "unlock", "Margaret Lewis", "--db", str(practice.path)]) == 0
    assert "Lifted the lock on Margaret Lewis's account" in capsys.readouterr().out
    with Store(practice.path) as store:
        assert store.staff.sign_in(practice.manager, MANAGER_PIN).name == "Margaret Lewis"
        assert store.db.execute(
            "SELECT change, recorded_by, account FROM staff_changes ORDER BY id DESC LIMIT 1"
        ).fetchone() == ("lock_lifted", None, facts.account())
