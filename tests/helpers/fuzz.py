"""One place that sets how hard the hostile-input tests push.

CI runs a small number of examples per property so the suite stays quick. To fuzz for
longer on a quiet machine, scale every property up, e.g. fifty times as many examples:

    BOUNDARY_FUZZ_SCALE=50 .venv/bin/python -m pytest tests/*/test_hostile_*.py

Hypothesis keeps failing examples in `.hypothesis/` and replays them first next time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCALE = max(1, int(os.environ.get("BOUNDARY_FUZZ_SCALE", "1") or "1"))

# Hostile strings every text field is tried with, besides whatever Hypothesis invents.
NASTY = [
    "[b]bold[/b]",
    "[@click=app.quit]Eve[/]",
    "[/]",
    "[$accent]x",
    "\x1b[2J\x1b[H",
    "\x1b]52;c;aGVsbG8=\x07",
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "@foo",
    "-2+3",
    "<script>alert(1)</script>",
    "](javascript:alert(1))",
    "nul\x00byte",
    "\u202eevil\u202c",
    "e\u0301\u0301\u0301",
    "שלום עולם",
    "🌹👩‍⚕️",
    "zero\u200bwidth",
    "O'Brien; DROP TABLE contacts;--",
    '"quoted" \\ backslash',
    "line\nbreak\r\nand\ttab\u2028sep",
    "\ud800 lone surrogate",
]


def fuzz(examples: int) -> settings:
    """Hypothesis settings for a property tried `examples` times in CI (times SCALE when asked)."""
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Any text Python can hold (lone surrogates included), weighted towards the nasty cases above.
hostile_text = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=300), st.text(alphabet=st.characters(codec=None), max_size=50)
)
