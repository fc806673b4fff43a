"""The `boundary-tui` command (`main`), and `python -m boundary_tui`, which behaves exactly like it."""

import sys

from boundary_tui.commands.system_malloc import run_on_system_malloc, starts_a_desk


def main() -> int:
    """A desk first starts itself again on the C library's malloc (`commands/system_malloc.py`), then `cli.main`.

    Before anything else is imported: what the first start imports is time every desk's start-up pays twice."""
    if starts_a_desk(sys.argv[1:]):
        run_on_system_malloc()
    from boundary_tui.cli import main as command

    return command()


if __name__ == "__main__":
    raise SystemExit(main())
