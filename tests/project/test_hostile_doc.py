"""`tests/HOSTILE.md` lists every hostile case and its test: each test it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_named_in_the_hostile_table_exists() -> None:
    table = (TESTS / "HOSTILE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(\w+/test_\w+\.py)::(test_\w+)", table))
    assert len(named) > 60
    missing = [
        f"{module}::{name}"
        for module, name in sorted(named)
        if not re.search(rf"^(async )?def {name}\(", (TESTS / module).read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert not missing, f"named in tests/HOSTILE.md but not in the suite: {missing}"
