"""`boundary-tui import patients|clinicians FILE.csv [--db PATH]`: load the practice list, all or nothing.

Run by the service account with a practice manager's PIN (`commands.common`), who is recorded as the importer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from boundary_tui.commands.common import (
    add_db_option,
    add_manager_option,
    authorise,
    db_path,
    require_service_account,
)
from boundary_tui.core.text import printable
from boundary_tui.store import Store
from boundary_tui.store.importer import (
    CLINICIAN_COLUMNS,
    PATIENT_COLUMNS,
    PATIENT_OPTIONAL,
    ImportRejected,
    Progress,
    import_clinicians,
    import_patients,
)

MAX_LISTED = 100
"""Rejected rows printed one by one; past that, a count per column shows what is wrong with the file."""


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "import",
        help="import patients or clinicians from a CSV file (all or nothing; re-importing updates)",
        description=(
            f"patients: columns {','.join(PATIENT_COLUMNS)} (optional: {','.join(PATIENT_OPTIONAL)}), "
            f"date_of_birth as YYYY-MM-DD. clinicians: columns {','.join(CLINICIAN_COLUMNS)} "
            "(role is the job title: GP, Practice nurse, HCA…). UTF-8, with or without BOM."
        ),
    )
    parser.add_argument("kind", choices=["patients", "clinicians"], help="what the file lists")
    parser.add_argument("file", metavar="FILE.csv")
    add_manager_option(parser)
    add_db_option(parser)
    parser.set_defaults(run=run)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise (logs, pipes, tests)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield report


def run(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    importer = import_patients if args.kind == "patients" else import_clinicians
    database = db_path(args)
    require_service_account(database, f"import {args.kind}")
    with Store(database) as store:
        author = authorise(store, args, f"import {args.kind}")
        with progress_bar(sys.stderr.isatty()) as progress:
            try:
                result = importer(store, path, by=f"import:{author.words}", by_id=author.by_id, progress=progress)
            except ImportRejected as rejected:
                print_rejections(rejected)
                return 1
    print(result.describe())
    return 0


def print_rejections(rejected: ImportRejected) -> None:
    """Every rejected row by line (up to `MAX_LISTED`), and what to do."""
    lines = [f"boundary-tui: {printable(str(rejected), single_line=True)}"]
    lines += [f"  {printable(r.describe(), single_line=True)}" for r in rejected.rejections[:MAX_LISTED]]
    extra = len(rejected.rejections) - MAX_LISTED
    if extra > 0:
        lines.append(f"  … and {extra:,} more rejected rows. Rejected rows per column:")
        lines += [f"    {column}: {count:,}" for column, count in rejected.by_column().items()]
    lines.append("Correct these rows (or remove them) and import the file again.")
    print("\n".join(lines), file=sys.stderr)
