"""Subcommands of `boundary-tui`. Add a module with `register(subparsers)` and list it here.

`register` adds a subparser and sets `run=` (a function taking the parsed
arguments and returning the exit code) as its default.

Every desk imports all of these modules (its parser lists every subcommand), and
a desk runs all day: what only a subcommand's `run` needs (the demo, e-mail and
SMTP, verify, the export checker) is imported in `run`, not at the top. They
held ~4 MB of every desk's memory, all day.
"""

from __future__ import annotations

from boundary_tui.commands import (
    attach,
    backup,
    checkpoint,
    demo,
    export,
    import_csv,
    key,
    restore,
    server,
    settings,
    staff,
    verify,
    verify_export,
)

COMMANDS = [
    demo,
    staff,
    settings,
    import_csv,
    verify,
    export,
    backup,
    restore,
    server,
    key,
    checkpoint,
    verify_export,
    attach,
]
