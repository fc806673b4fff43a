"""Subcommands of `boundary-tui`. Add a module with `register(subparsers)` and name it in `NAMES`.

`register` adds a subparser and sets `run=` (a function taking the parsed
arguments and returning the exit code) as its default.

A desk is started with no subcommand, and runs all day: `cli` imports these
modules only when the command line names one of them or asks for help, so a
desk's start-up and memory hold none of them. Within a module, what only its
`run` needs (the demo, e-mail and SMTP, verify, the export checker) is imported
in `run`, so `boundary-tui --help` stays quick too.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES = (
    "demo",
    "staff",
    "settings",
    "import_csv",
    "verify",
    "export",
    "backup",
    "restore",
    "server",
    "key",
    "checkpoint",
    "verify_export",
    "attach",
)
"""The subcommands' modules, in the order `--help` lists them."""


def modules() -> list[ModuleType]:
    """Every subcommand's module, imported."""
    return [importlib.import_module(f"{__name__}.{name}") for name in NAMES]
