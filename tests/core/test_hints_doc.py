"""`docs/hints.md` says what `core.hints` does: the practice manager's table and the code agree."""

from __future__ import annotations

from boundary_tui.core.hints import ADVICE, RULES
from tests.helpers.hints_doc import DOC, rewrite, table


def test_the_page_holds_exactly_the_tables_the_code_writes() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert rewrite(text) == text, "docs/hints.md is out of date: run `python -m tests.helpers.hints_doc --write`"
    for name in ("advice", "rules"):
        assert table(name) in text


def test_every_hint_names_the_advice_it_follows() -> None:
    for rule in RULES:
        assert rule.advice and set(rule.advice) <= set(ADVICE), rule.code
        assert rule.situation and rule.suggestion, rule.code
    assert len({rule.code for rule in RULES}) == len(RULES)


def test_the_advice_is_product_md_s_nine_points() -> None:
    assert list(ADVICE) == list(range(1, 10))
