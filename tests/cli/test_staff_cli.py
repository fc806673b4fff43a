"""`boundary-tui staff add|list|pin|unlock|disable`: setup codes instead of other people's PINs,
a manager's PIN for every change, plain messages, nothing half-done."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core import lockout
from boundary_tui.core.errors import Refused
from boundary_tui.store import Store, facts
from boundary_tui.store.staff import SetupCodeAccepted
from tests.helpers.cli import AS_MANAGER, run_cli
from tests.helpers.practice import MANAGER_PIN, RECEPTION_PIN, Practice


@pytest.fixture
def db(practice: Practice) -> Iterator[str]:
    yield str(practice.path)


def setup_code(out: str) -> str:
    """The code a command printed (on a line of its own)."""
    [code] = re.findall(r"^    (\d{8})$", out, flags=re.MULTILINE)
    return code


def changes(db: str, staff_id: int) -> list[tuple[str, int | None, str, str]]:
    with Store(db) as store:
        rows = store.db.execute(
            "SELECT change, recorded_by, reason, account FROM staff_changes WHERE staff_id = ? ORDER BY id", [staff_id]
        )
        return [tuple(r) for r in rows.fetchall()]


def test_add_prints_a_setup_code_and_the_new_person_chooses_their_own_pin(
    db: str, typed: list[str], capsys, practice: Practice
) -> None:
    typed.append(MANAGER_PIN)
    assert main(["--db", db, "staff", "add", "Ben Clarke", "--role", "reception", *AS_MANAGER]) == 0
    out = capsys.readouterr().out
    assert "Added Ben Clarke (reception)." in out
    assert re.search(r"Setup code for Ben Clarke, for one use until \w{3} \d\d \w{3} \d{4} \d\d:\d\d:", out)
    assert "Give it to Ben Clarke in person" in out
    code = setup_code(out)
    assert typed == []  # the manager's PIN, and nothing else, was asked for
    with Store(db) as store:
        ben = store.staff.by_name("Ben Clarke")
        assert ben is not None and ben.setup_pending
        with pytest.raises(SetupCodeAccepted):
            store.staff.sign_in(ben.id, code)
        store.staff.complete_setup(ben.id, code, "3917")
        assert store.staff.sign_in(ben.id, "3917").role == "reception"
        created_by = store.db.execute("SELECT created_by FROM staff WHERE id = ?", [ben.id]).fetchone()[0]
    assert created_by == f"Margaret Lewis (practice manager) at the command line, as {facts.account()}"
    assert changes(db, ben.id)[0][:2] == ("added", practice.manager)


def test_a_wrong_or_missing_manager_pin_adds_nobody(db: str, typed: list[str], capsys, practice: Practice) -> None:
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db, *AS_MANAGER]) == 1
    assert "No PIN was typed: nothing was done." in capsys.readouterr().err
    typed.append("9183")
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db, *AS_MANAGER]) == 1
    err = capsys.readouterr().err
    assert "That PIN is not right for Margaret Lewis" in err and "Traceback" not in err
    with Store(db) as store:
        assert store.staff.by_name("Ben Clarke") is None
        assert store.staff.lock_state(practice.manager).wrong_pins == 1


def test_someone_who_is_not_a_manager_cannot_authorise(db: str, typed: list[str], capsys) -> None:
    typed.append(RECEPTION_PIN)
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db, "--manager", "Priya Shah"]) == 1
    err = capsys.readouterr().err
    assert "Only a practice manager can add staff accounts. Priya Shah is signed in as reception" in err
    assert typed == [RECEPTION_PIN]  # refused before any PIN was asked
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db, "--manager", "Nobody"]) == 1
    assert "There is no member of staff called Nobody" in capsys.readouterr().err


def test_adding_an_imported_clinician_gives_them_a_setup_code(
    db: str, typed: list[str], capsys, practice: Practice
) -> None:
    typed.append(MANAGER_PIN)
    assert main(["staff", "add", "Dr Rajesh Patel", "--role", "clinician", "--db", db, *AS_MANAGER]) == 0
    out = capsys.readouterr().out
    assert "already on the staff list without a PIN: role clinician" in out
    with Store(db) as store:
        store.staff.complete_setup(practice.patel_staff, setup_code(out), "3917")
        assert store.staff.sign_in(practice.patel_staff, "3917").name == "Dr Rajesh Patel"


def test_adding_someone_who_can_already_sign_in_is_refused_before_asking_for_a_pin(
    db: str, typed: list[str], capsys
) -> None:
    assert main(["staff", "add", "priya shah", "--role", "manager", "--db", db]) == 1
    assert "Priya Shah can already sign in" in capsys.readouterr().err
    with Store(db) as store:
        assert store.staff.by_name("Priya Shah").role == "reception"  # type: ignore[union-attr]


def test_an_unknown_role_is_a_usage_error(db: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["staff", "add", "Ben Clarke", "--role", "boss", "--db", db])
    assert exit_.value.code == 2
    assert "invalid choice: 'boss'" in capsys.readouterr().err


def test_list_shows_everyone_with_role_and_whether_they_can_sign_in(db: str, capsys, practice: Practice) -> None:
    with Store(db) as store:
        for _ in range(lockout.MAX_WRONG_PINS):
            with pytest.raises(Refused):
                store.staff.sign_in(practice.reception, "9183")
        store.staff.enrol("Ben Clarke", "reception", by="test")
    assert main(["staff", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Name", "Role", "Sign-in"]
    rows = {line[:30].strip(): line for line in lines[1:]}
    assert set(rows) == {
        "Ben Clarke",
        "Dr Amelia Hart",
        "Dr Rajesh Patel",
        "Grace O'Neill",
        "Margaret Lewis",
        "Priya Shah",
    }
    assert "no PIN (cannot sign in)" in rows["Dr Amelia Hart"]
    assert "manager" in rows["Margaret Lewis"] and rows["Margaret Lewis"].endswith("can sign in")
    assert re.search(r"locked after 5 wrong PINs until \d\d \w{3} \d\d:\d\d$", rows["Priya Shah"])
    assert re.search(r"setup code issued, valid until \d\d \w{3} \d\d:\d\d$", rows["Ben Clarke"])


def test_disable_is_recorded_with_the_manager_and_the_person_can_no_longer_sign_in(
    db: str, capsys, as_manager: None, practice: Practice
) -> None:
    assert main(["staff", "disable", "Priya Shah", "--db", db, *AS_MANAGER]) == 0
    assert "Disabled Priya Shah" in capsys.readouterr().out
    words = f"Margaret Lewis (practice manager) at the command line, as {facts.account()}"
    with Store(db) as store:
        with pytest.raises(Refused, match="disabled"):
            store.staff.sign_in(practice.reception, RECEPTION_PIN)
        assert store.db.execute("SELECT disabled_by FROM staff WHERE id = ?", [practice.reception]).fetchone() == (
            words,
        )
    assert changes(db, practice.reception)[-1][:3] == ("disabled", practice.manager, words)
    assert main(["staff", "list", "--db", db]) == 0
    [priya] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Priya Shah")]
    assert "disabled " in priya and priya.endswith(f"by {words}")
    assert main(["staff", "disable", "Priya Shah", "--db", db, *AS_MANAGER]) == 0
    assert "already disabled" in capsys.readouterr().out


def test_disabling_an_unknown_name_or_the_last_manager_is_refused_plainly(db: str, capsys, as_manager: None) -> None:
    assert main(["staff", "disable", "Nobody Here", "--db", db, *AS_MANAGER]) == 1
    assert "There is no member of staff called Nobody Here" in capsys.readouterr().err
    assert main(["staff", "disable", "Margaret Lewis", "--db", db, *AS_MANAGER]) == 1
    assert "only manager who can sign in" in capsys.readouterr().err


def test_staff_list_on_a_missing_database_is_a_message(tmp_path: Path) -> None:
    result = run_cli("staff", "list", "--db", str(tmp_path / "nowhere.db"))
    assert result.returncode == 1
    assert "There is no database at" in result.stderr and "Traceback" not in result.stderr


# -- a forgotten PIN, a lock-out ----------------------------------------------------------


def test_staff_pin_issues_a_setup_code_the_old_pin_stops_and_the_lock_out_ends(
    db: str, typed: list[str], capsys, practice: Practice
) -> None:
    with Store(db) as store:
        for _ in range(lockout.MAX_WRONG_PINS):
            with pytest.raises(Refused):
                store.staff.sign_in(practice.reception, "9183")
    typed.append(MANAGER_PIN)
    assert main(["staff", "pin", "Priya Shah", "--db", db, *AS_MANAGER]) == 0
    out = capsys.readouterr().out
    assert "Priya Shah's PIN no longer works, and any lock-out is lifted." in out
    code = setup_code(out)
    with Store(db) as store:
        with pytest.raises(Refused, match="not right"):
            store.staff.sign_in(practice.reception, RECEPTION_PIN)
        store.staff.complete_setup(practice.reception, code, "6284")
        assert store.staff.sign_in(practice.reception, "6284").name == "Priya Shah"
    assert changes(db, practice.reception)[-2][:2] == ("pin_reset", practice.manager)


def test_staff_unlock_lifts_a_lock_out_with_a_managers_pin(
    db: str, typed: list[str], capsys, practice: Practice
) -> None:
    assert main(["staff", "unlock", "Priya Shah", "--db", db]) == 0
    assert "Priya Shah is not locked out; nothing was changed." in capsys.readouterr().out
    with Store(db) as store:
        for _ in range(lockout.MAX_WRONG_PINS):
            with pytest.raises(Refused):
                store.staff.sign_in(practice.reception, "9183")
    typed.append(MANAGER_PIN)
    assert main(["staff", "unlock", "Priya Shah", "--db", db, *AS_MANAGER]) == 0
    assert "Lifted the lock on Priya Shah's account" in capsys.readouterr().out
    with Store(db) as store:
        assert store.staff.sign_in(practice.reception, RECEPTION_PIN).name == "Priya Shah"
    assert changes(db, practice.reception)[-1][:2] == ("lock_lifted", practice.manager)
