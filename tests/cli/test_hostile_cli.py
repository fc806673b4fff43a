"""Hostile arguments to every `boundary-tui` subcommand and option.

Each run ends with exit 0 and the asked-for effect, or a non-zero exit and a
plain message on stderr (ours start `boundary-tui: `; a usage mistake gets
argparse's `boundary-tui …: error: …`). Never a traceback, and no terminal
escape from an argument reaches the terminal.

Most runs call `cli.main(argv)` in-process (fast); a few run the real command,
where the operating system hands over undecodable bytes as lone surrogates.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundary_tui.cli import main
from boundary_tui.core.text import name_problem
from boundary_tui.store import Store
from tests.helpers.cli import AS_MANAGER
from tests.helpers.fuzz import NASTY, fuzz, hostile_text
from tests.helpers.practice import MANAGER_PIN, Practice

PIN = MANAGER_PIN + "\n"

SETTINGS = fuzz(25)


def as_argv(text: str) -> str:
    """What an argument can hold: no NUL, and only the lone surrogates `os.fsdecode` makes from bytes."""
    return "".join("\udcff" if 0xD800 <= ord(c) <= 0xDFFF and not 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)


args = hostile_text.map(lambda t: as_argv(t.replace("\x00", "")))
numbers = st.one_of(
    st.integers().map(str), st.sampled_from(["-1", "0", "1e400", "nan", "inf", "-0", "120.0001", "0x10", "9" * 400])
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit status, stdout, stderr of one in-process run."""
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse: --help, --version, usage errors
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code != 0:
        last = [line for line in err.splitlines() if line.strip()][-1]
        assert last.startswith(("boundary-tui: ", "boundary-tui ")), err
        assert "\x1b" not in err
    return code, out, err


@pytest.fixture
def db(practice: Practice) -> str:
    return str(practice.path)


@pytest.fixture
def pin(as_manager: None) -> None:
    """The practice manager types her PIN at every prompt (commands that change records ask for it)."""


@SETTINGS
@given(name=args)
def test_staff_add_saves_the_name_as_typed_or_says_why(db: str, pin: None, capsys, name: str) -> None:
    code, out, err = run(["staff", "add", name, "--role", "reception", "--db", db, *AS_MANAGER], capsys)
    collapsed = " ".join(name.split())
    with Store(Path(db)) as store:
        staff = store.staff.by_name(collapsed)
    if code == 0:
        assert staff is not None and staff.name == collapsed  # documented: runs of spaces become one
        assert "\x1b" not in out
    elif name_problem(collapsed, "The name") is None and not name.startswith("-"):
        assert staff is not None and "can already sign in" in err  # only refusal left for a good name
    else:
        assert err


@SETTINGS
@given(command=st.sampled_from(["pin", "disable"]), name=args)
def test_staff_pin_and_disable_of_anyone_unknown_say_so(db: str, pin: None, capsys, command: str, name: str) -> None:
    with Store(Path(db)) as store:
        known = store.staff.by_name(name)
    code, _, err = run(["staff", command, name, "--db", db, *AS_MANAGER], capsys)
    if known is None:
        assert code != 0
        assert name.startswith("-") or "There is no member of staff called" in err


@SETTINGS
@given(key=st.sampled_from(["practice_name", "practice_address"]), value=args)
def test_settings_text_is_stored_as_typed_or_refused(db: str, pin: None, capsys, key: str, value: str) -> None:
    code, out, _ = run(["settings", "set", key, value, "--db", db, *AS_MANAGER], capsys)
    if code == 0:
        with Store(Path(db)) as store:
            stored = store.settings.get(key)
        assert stored in (" ".join(value.split()), value.strip())  # documented normalisation per key
        assert "\x1b" not in out
        code, out, _ = run(["settings", "--db", db], capsys)
        assert code == 0 and "\x1b" not in out


@SETTINGS
@given(value=st.one_of(numbers, args))
def test_idle_lock_minutes_takes_only_a_sane_number(db: str, pin: None, capsys, value: str) -> None:
    code, _, err = run(["settings", "set", "idle_lock_minutes", value, "--db", db, *AS_MANAGER], capsys)
    with Store(Path(db)) as store:
        stored = store.settings.get("idle_lock_minutes")
    if code == 0:
        assert 0.5 <= float(stored) <= 120
    else:
        assert err


@SETTINGS
@given(number=args, fmt=st.sampled_from(["md", "html", "csv", "json"]))
def test_export_of_a_hostile_nhs_number_exports_nothing(db: str, pin: None, capsys, number: str, fmt: str) -> None:
    code, out, err = run(["export", number, "--format", fmt, "--db", db, *AS_MANAGER], capsys)
    if code != 0:
        assert out == "" and ("Nothing was exported" in err or "error:" in err)


@SETTINGS
@given(kind=st.sampled_from(["patients", "clinicians"]), name=args)
def test_import_of_a_file_that_is_not_there_says_so(
    db: str, tmp_path: Path, pin: None, capsys, kind: str, name: str
) -> None:
    target = tmp_path / "missing" / name.replace("/", "_")
    code, _, err = run(["import", kind, str(target), "--db", db, *AS_MANAGER], capsys)
    assert code != 0 and err


@SETTINGS
@given(head=st.one_of(args, st.text("0123456789abcdef", min_size=1, max_size=80)))
def test_verify_against_a_hostile_chain_head_fails_plainly(db: str, capsys, head: str) -> None:
    code, out, _ = run(["verify", "--db", db, "--head", head], capsys)
    assert code in (0, 1, 2) and "\x1b" not in out
    assert len(out) < 2000  # a pasted file as the head is not printed back whole


def test_a_demo_of_no_patients_is_refused(tmp_path: Path, capsys) -> None:
    code, _, err = run(["demo", str(tmp_path / "new.db"), "--patients", "-5"], capsys)
    assert code == 2 and "--patients must be at least 1" in err and not (tmp_path / "new.db").exists()


@SETTINGS
@given(patients=numbers)
def test_demo_refuses_odd_sizes_or_writes_a_database(tmp_path: Path, capsys, patients: str) -> None:
    target = tmp_path / "folder"  # exists: refused before anything is built, whatever the size
    target.mkdir(exist_ok=True)
    code, _, err = run(["demo", str(target), "--patients", patients], capsys)
    assert code != 0 and err


COMMANDS_ON_A_DATABASE = [
    ["staff", "list"],
    ["staff", "disable", "Priya Shah"],
    ["settings"],
    ["settings", "set", "practice_name", "The Surgery"],
    ["verify"],
    ["export", "9434765919", "--format", "json"],
    ["backup", "{tmp}/copy.db"],
]


@pytest.mark.parametrize("command", COMMANDS_ON_A_DATABASE, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("where", ["missing", "folder", "not-a-database", "hostile-name"])
def test_a_database_that_cannot_be_used_is_refused_plainly(
    tmp_path: Path, capsys, command: list[str], where: str
) -> None:
    path = {
        "missing": tmp_path / "nowhere" / "practice.db",
        "folder": tmp_path,
        "not-a-database": tmp_path / "notes.db",
        "hostile-name": tmp_path / "[@click=app.quit]\x1b[2J\udcff.db",
    }[where]
    if where == "not-a-database":
        path.write_bytes(b"just some text, not SQLite\n" * 100)
    argv = [part.replace("{tmp}", str(tmp_path)) for part in command]
    code, _, err = run([*argv, "--db", str(path)], capsys)
    assert code != 0 and err
    assert not (tmp_path / "nowhere").exists()  # nothing created on the way


@pytest.mark.parametrize("text", [t for t in NASTY if "\x00" not in t], ids=range(len(NASTY) - 1))
def test_every_nasty_string_as_every_text_argument(db: str, tmp_path: Path, pin: None, capsys, text: str) -> None:
    text = as_argv(text)
    for argv in (
        ["staff", "add", text, "--role", "manager", *AS_MANAGER],
        ["staff", "pin", text, *AS_MANAGER],
        ["staff", "unlock", text, *AS_MANAGER],
        ["staff", "disable", text, *AS_MANAGER],
        ["staff", "add", "Ben Clarke", "--role", "reception", "--manager", text],
        ["settings", "set", "practice_name", text, *AS_MANAGER],
        ["settings", "set", "practice_address", text, *AS_MANAGER],
        ["settings", "set", "idle_lock_minutes", text, *AS_MANAGER],
        ["export", text, "--format", "md", *AS_MANAGER],
        ["export", "9434765919", "--format", "md", "-o", str(tmp_path / text.replace("/", "_")), *AS_MANAGER],
        ["import", "patients", str(tmp_path / text.replace("/", "_")), *AS_MANAGER],
        ["verify", "--head", text],
        ["backup", str(tmp_path / ("b" + text.replace("/", "_")))],
        ["restore", str(tmp_path / ("r" + text.replace("/", "_")))],
        ["server", "add-desk", text, str(tmp_path / "desk.pub")],
        ["server", "check", "--account", text],
    ):
        run([*argv, "--db", db], capsys)
    code, out, _ = run(["staff", "list", "--db", db], capsys)
    assert code == 0 and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize("argv", [["--db"], ["export"], ["export", "9434765919"], ["staff"], ["import", "people", "x"]])
def test_usage_mistakes_are_one_error_line_and_exit_2(capsys, argv: list[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2 and err.strip().splitlines()[-1].startswith("boundary-tui")


def real(args: list[str | bytes], tmp_path: Path, *, typed: str = "") -> subprocess.CompletedProcess[bytes]:
    """The real command; `typed` is its standard input (a PIN prompt without a terminal reads it)."""
    env = {**os.environ, "BOUNDARY_TUI_DB": str(tmp_path / "unused.db"), "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "boundary_tui", *args],
        capture_output=True,
        input=typed.encode(),
        start_new_session=True,  # no terminal: a prompt reads the empty input, never waits for someone
        env=env,
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in done.stdout + done.stderr, done.stderr.decode(errors="replace")
    return done


def test_the_real_command_with_undecodable_and_escape_arguments(practice: Practice, tmp_path: Path) -> None:
    db = str(practice.path)
    # Bytes that are not UTF-8 arrive as lone surrogates: once a traceback from `staff disable`.
    done = real(["staff", "disable", b"\xff\xfe", "--db", db], tmp_path)
    assert done.returncode == 1 and b"no member of staff called" in done.stderr
    done = real(["settings", "set", "practice_name", b"Surgery \xff", "--db", db, *AS_MANAGER], tmp_path, typed=PIN)
    assert done.returncode == 1 and done.stderr.splitlines()[-1].startswith(b"boundary-tui: ")
    assert b"cannot be stored" in done.stderr
    done = real(["export", "\x1b[2J\x1b]52;c;aGVsbG8=\x07", "--format", "md", "--db", db], tmp_path)
    assert done.returncode == 1 and b"\x1b" not in done.stderr and b"\x07" not in done.stderr
    done = real(["backup", os.fsencode(tmp_path) + b"/copy \xff.db", "--db", db], tmp_path)
    assert done.returncode == 0 and b"Verified the copy" in done.stdout


def test_a_huge_chain_head_is_not_printed_back_whole(db: str, capsys) -> None:
    code, out, err = run(["verify", "--db", db, "--head", "z" * 100_000], capsys)
    assert code == 2 and "100,000 characters" in out + err and len(out + err) < 3000
