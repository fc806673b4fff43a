"""boundary-tui: the reception desk's tool for patients who cross professional boundaries.

The package splits into `core` (rules in plain Python), `store` (SQLite through
sqlite-utils) and `ui` (Textual). `core` and `store` never import Textual, so the
rules can be tested in milliseconds and reused by the command line.
"""

__version__ = "0.1.0"
