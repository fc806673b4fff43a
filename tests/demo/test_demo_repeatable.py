"""The same seed and moment give the same demo practice, row for row (what pictures and training rely on)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from boundary_tui.demo import build_demo
from tests.helpers.practice import NOW


def rows(path: Path) -> list[str]:
    """Every statement that rebuilds the file, PIN hashes blanked (they are salted on purpose), and with them the
    digests of those hashes the record keeps and the chain hashes that cover them."""
    with sqlite3.connect(path) as db:
        dump = list(db.iterdump())
    db.close()
    return [re.sub(r"[0-9a-f]{64}", "HASH", re.sub(r"scrypt\$[^']*", "PIN", line)) for line in dump]


def test_the_same_seed_builds_the_same_practice(tmp_path: Path) -> None:
    build_demo(tmp_path / "a.db", patients=120, now=NOW)
    build_demo(tmp_path / "b.db", patients=120, now=NOW)
    assert rows(tmp_path / "a.db") == rows(tmp_path / "b.db")


def test_another_seed_builds_another_practice(tmp_path: Path) -> None:
    build_demo(tmp_path / "a.db", patients=120, now=NOW)
    build_demo(tmp_path / "b.db", patients=120, now=NOW, seed=7)
    assert rows(tmp_path / "a.db") != rows(tmp_path / "b.db")
