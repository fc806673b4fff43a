"""`docs/hints.md`'s tables, written from `boundary_tui/core/hints.py` (`RULES` and `ADVICE`).

The page explains the hints to a practice manager; the tables between
`<!-- hints: NAME -->` and `<!-- /hints -->` are what the code does, so
`tests/core/test_hints_doc.py` fails while the page says anything else:

    .venv/bin/python -m tests.helpers.hints_doc          # print the tables
    .venv/bin/python -m tests.helpers.hints_doc --write  # rewrite them in docs/hints.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from boundary_tui.core.hints import ADVICE, RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "hints.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(name: str) -> str:
    """The `advice` table (PRODUCT.md's numbered advice) or the `rules` table (situation → suggestion → source)."""
    if name == "advice":
        rows = ["| # | The defence bodies' advice |", "| --- | --- |"]
        rows += [f"| {number} | {_cell(text)} |" for number, text in ADVICE.items()]
    else:
        rows = ["| Hint | When | Suggests | Advice |", "| --- | --- | --- | --- |"]
        for rule in RULES:
            urgent = " (urgent)" if rule.urgent else ""
            advice = ", ".join(str(n) for n in rule.advice)
            rows.append(f"| `{rule.code}`{urgent} | {_cell(rule.situation)} | {_cell(rule.suggestion)} | {advice} |")
    return "\n".join(rows)


def rewrite(text: str) -> str:
    for name in ("advice", "rules"):
        text = re.sub(
            rf"(<!-- hints: {name} -->\n)(?:.*?\n)?(<!-- /hints -->)",
            lambda m, name=name: m.group(1) + table(name) + "\n" + m.group(2),
            text,
            flags=re.S,
        )
    return text


def main(argv: list[str]) -> int:
    if "--write" in argv:
        DOC.write_text(rewrite(DOC.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"rewrote {DOC}")
    else:
        print(table("advice"), table("rules"), sep="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
