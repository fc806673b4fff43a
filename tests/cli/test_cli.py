"""The command line: demo databases, and plain messages for every mistake."""

from __future__ import annotations

from pathlib import Path

from boundary_tui.cli import main
from boundary_tui.demo.staff import demo_pin
from boundary_tui.store import Store
from tests.helpers.cli import run_cli


def test_demo_writes_a_database_and_prints_how_to_use_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "training.db"
    assert main(["demo", str(path), "--patients", "200"]) == 0
    out = capsys.readouterr().out
    assert str(path) in out
    assert "Margaret Lewis" in out and f"PIN {demo_pin('Margaret Lewis')}" in out
    assert f"boundary-tui --db {path}" in out
    with Store(path) as store:
        assert store.patients.count() == 200


def test_demo_never_overwrites(tmp_path: Path, capsys) -> None:
    path = tmp_path / "existing.db"
    path.write_text("precious")
    assert main(["demo", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "precious"


def test_demo_and_db_together_are_refused(tmp_path: Path, capsys) -> None:
    assert main(["--demo", "--db", str(tmp_path / "x.db")]) == 2
    assert "leave out --db" in capsys.readouterr().err


def test_python_dash_m_works_like_the_command() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("boundary-tui ")


def test_default_database_path_honours_the_environment(tmp_path: Path, monkeypatch) -> None:
    from boundary_tui.commands.paths import resolve_db_path

    monkeypatch.setenv("BOUNDARY_TUI_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"
    assert resolve_db_path(str(tmp_path / "arg.db")) == tmp_path / "arg.db"
