"""`boundary-tui staff add|list|disable`: PINs typed twice without echo, plain messages, nothing half-done."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from boundary_tui.cli import main
from boundary_tui.core.errors import Refused
from boundary_tui.store import Store
from tests.helpers.cli import run_cli
from tests.helpers.practice import RECEPTION_PIN, Practice


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the person types at the (non-echoing) PIN prompts, in order."""
    answers: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("getpass.getuser", lambda: "jsmith")
    return answers


@pytest.fixture
def db(practice: Practice) -> Iterator[str]:
    yield str(practice.path)


def test_add_asks_the_pin_twice_and_the_new_person_can_sign_in(db: str, typed: list[str], capsys) -> None:
    typed.extend(["4815", "4815"])
    assert main(["--db", db, "staff", "add", "Ben Clarke", "--role", "reception"]) == 0
    assert "Added Ben Clarke (reception)" in capsys.readouterr().out
    assert typed == []  # both prompts were used
    with Store(db) as store:
        ben = store.staff.by_name("Ben Clarke")
        assert ben is not None and store.staff.sign_in(ben.id, "4815").role == "reception"
        created_by = store.db.execute("SELECT created_by FROM staff WHERE id = ?", [ben.id]).fetchone()[0]
        assert created_by == "command line (jsmith)"


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("4815", "4816", "the two PINs are different"),
        ("48a5", "48a5", "A PIN is digits only"),
        ("481", "481", "at least 4 digits"),
        ("", "", "Enter a PIN"),
    ],
)
def test_a_bad_or_mismatched_pin_creates_nobody(
    db: str, typed: list[str], capsys, first: str, second: str, message: str
) -> None:
    typed.extend([first, second])
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db]) == 1
    err = capsys.readouterr().err
    assert message in err and "Nothing was saved" in err and "Traceback" not in err
    with Store(db) as store:
        assert store.staff.by_name("Ben Clarke") is None


def test_no_pin_typed_at_all_is_a_message_not_a_traceback(db: str, typed: list[str], capsys) -> None:
    assert main(["staff", "add", "Ben Clarke", "--role", "reception", "--db", db]) == 1
    assert "no PIN was typed" in capsys.readouterr().err


def test_adding_an_imported_clinician_gives_them_a_pin(db: str, typed: list[str], capsys, practice: Practice) -> None:
    typed.extend(["2580", "2580"])
    assert main(["staff", "add", "Dr Rajesh Patel", "--role", "clinician", "--db", db]) == 0
    assert "already on the staff list without a PIN: PIN set" in capsys.readouterr().out
    with Store(db) as store:
        assert store.staff.sign_in(practice.patel_staff, "2580").name == "Dr Rajesh Patel"


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


def test_list_shows_everyone_with_role_and_whether_they_can_sign_in(db: str, capsys) -> None:
    assert main(["staff", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Name", "Role", "Sign-in"]
    rows = {line[:30].strip(): line for line in lines[1:]}
    assert set(rows) == {"Dr Amelia Hart", "Dr Rajesh Patel", "Grace O'Neill", "Margaret Lewis", "Priya Shah"}
    assert "no PIN (cannot sign in)" in rows["Dr Amelia Hart"]
    assert "manager" in rows["Margaret Lewis"] and rows["Margaret Lewis"].endswith("can sign in")


def test_disable_is_recorded_and_the_person_can_no_longer_sign_in(
    db: str, capsys, typed: list[str], practice: Practice
) -> None:
    assert main(["staff", "disable", "Priya Shah", "--db", db]) == 0
    assert "Disabled Priya Shah" in capsys.readouterr().out
    with Store(db) as store:
        with pytest.raises(Refused, match="disabled"):
            store.staff.sign_in(practice.reception, RECEPTION_PIN)
        assert store.db.execute("SELECT disabled_by FROM staff WHERE id = ?", [practice.reception]).fetchone() == (
            "command line (jsmith)",
        )
    assert main(["staff", "list", "--db", db]) == 0
    [priya] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Priya Shah")]
    assert "disabled " in priya and priya.endswith("by command line (jsmith)")
    assert main(["staff", "disable", "Priya Shah", "--db", db]) == 0
    assert "already disabled" in capsys.readouterr().out


def test_disabling_an_unknown_name_or_the_last_manager_is_refused_plainly(db: str, capsys) -> None:
    assert main(["staff", "disable", "Nobody Here", "--db", db]) == 1
    assert "there is no member of staff called Nobody Here" in capsys.readouterr().err
    assert main(["staff", "disable", "Margaret Lewis", "--db", db]) == 1
    assert "only manager who can sign in" in capsys.readouterr().err


def test_staff_list_on_a_missing_database_is_a_message(tmp_path: Path) -> None:
    result = run_cli("staff", "list", "--db", str(tmp_path / "nowhere.db"))
    assert result.returncode == 1
    assert "There is no database at" in result.stderr and "Traceback" not in result.stderr
