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

from boundary_tui.demo.build import DemoSummary, build_demo
from boundary_tui.demo.staff import DEMO_ACCOUNTS, DEMO_CLINICIANS, DemoAccount, sign_in_note

__all__ = ["DEMO_ACCOUNTS", "DEMO_CLINICIANS", "DemoAccount", "DemoSummary", "build_demo", "sign_in_note"]
