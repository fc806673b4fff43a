"""Demo and training practices: staff, clinicians, thousands of patients, concerns at every stage.

The demo is built through the real store API with a clock that is moved back
in time, so every demo entry went through the same rules as a real one.

- `staff`: the practice, its staff (demo PINs) and clinicians;
- `patients`: the practice list, from a seeded generator (`names` holds the parts);
- `stories/`: the four patients with a story, one module each (`scene` is what they share);
- `queue`: three more patients whose deadlines fill the manager's queue;
- `build`: `build_demo`, which puts them together in a new database file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boundary_tui.demo.staff import DEMO_ACCOUNTS, DEMO_CLINICIANS, DemoAccount, sign_in_note

if TYPE_CHECKING:
    from boundary_tui.demo.build import DemoSummary, build_demo


def __getattr__(name: str) -> object:
    """`build_demo` and `DemoSummary` load the builder (names, stories, patients) when first asked for: a
    process that needs only the demo's staff and PINs (the benchmarks' desk signing in) never holds it."""
    if name in ("build_demo", "DemoSummary"):
        from boundary_tui.demo import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEMO_ACCOUNTS", "DEMO_CLINICIANS", "DemoAccount", "DemoSummary", "build_demo", "sign_in_note"]
