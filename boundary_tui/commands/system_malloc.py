"""A desk runs on the C library's malloc, which gives freed memory back: 3.5-5 MB less at its peak.

Python keeps its small objects (nearly all of a desk's) in 256 KB arenas of its
own (pymalloc) and gives an arena back only once every object in it is freed.
The busiest record's F4 builds some 5 MB of them; freed, they leave arenas
that a handful of long-lived objects keep, and the desk's resident memory
stayed at its peak (a desk day: 64.8 MB at its peak, 59.7 at the end of its
first hour, 62.1 at its fourth). On glibc's malloc instead (`PYTHONMALLOC=malloc`),
the pages freed in the middle of the heap go back whenever the desk tidies up
(`ui/memory.py`, `malloc_trim`): 59.6, 56.9 and 57.9 MB on the same day; with one
heap for all its threads (`ONE_HEAP`), 58.7, 56.1 and 57.5 MB by the third hour. A
whole desk day: peak 65.7 -> 62.2 MB, growth 6.1 -> 2.6 MB. The price: glibc serves
small objects more slowly than Python's own allocator, so a 5,000-entry F4 costs
about a quarter more (1.22 -> 1.42x its limit, the bar 2x); a key costs the same.

Python reads `PYTHONMALLOC` only as it starts, so a desk started without it
starts itself again with it, first thing (`os.execve`: the same process, with the
same terminal and the same command line; an SSH session's forced command keeps
its process). Only on glibc (what `malloc_trim` needs), only for a desk, and never
twice: a `PYTHONMALLOC` already set, by us or by whoever started the desk, is left
as it is, and so is a Python told to ignore the environment (`-E`, `-I`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

ALLOCATOR = "malloc"

ONE_HEAP = "1"
"""glibc's `MALLOC_ARENA_MAX` for a desk (unless set): one heap for every thread. Otherwise each thread that
allocates (the workers that look up, save and read) gets a heap of its own, each keeping free pages of its
own; Python lets one thread run at a time, so they hardly ever wait for each other's heap."""

NO_FAST_BINS = "glibc.malloc.mxfast=0"
"""A glibc tunable for a desk: small blocks, freed, merge with their free neighbours at once. By default
glibc keeps freed blocks of up to 128 bytes apart ("fast bins") for reuse by size, and a desk's heap,
nearly all small Python objects, ended its hours with megabytes free in pieces too small to give back.
Without them, four shorter desk hours ended 0.4-0.6 MB lower, F4 and keys no slower (`glibc_tunables`)."""

DESK_OPTIONS = ("--demo",)
DESK_OPTIONS_WITH_VALUE = ("--db",)


def starts_a_desk(argv: Sequence[str]) -> bool:
    """Whether a command line starts a desk: only the desk's own options (`cli._desk_parser`), no subcommand.

    Read without argparse, as the command's very first step. A line read wrongly costs nothing but the
    allocator: `cli.parse` still decides what runs."""
    args = iter(argv)
    for arg in args:
        option, equals, _ = arg.partition("=")
        if arg in DESK_OPTIONS or (equals and option in DESK_OPTIONS_WITH_VALUE):
            continue
        if arg in DESK_OPTIONS_WITH_VALUE and next(args, None) is not None:
            continue
        return False
    return True


def on_glibc() -> bool:
    """Whether this process runs on glibc (whose `malloc_trim` gives the heap's free pages back)."""
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # not glibc, or no confstr (Windows)
        return False


def glibc_tunables(current: str | None) -> str:
    """`GLIBC_TUNABLES` for a desk: whoever started it keeps their tunables, and their own `mxfast` wins."""
    if not current:
        return NO_FAST_BINS
    if "glibc.malloc.mxfast=" in current:
        return current
    return f"{current}:{NO_FAST_BINS}"


def run_on_system_malloc() -> None:
    """Start this process again with `PYTHONMALLOC=malloc`, unless it is set, ignored or of no use here.

    Returns only when nothing was done; otherwise this process becomes the new one."""
    if "PYTHONMALLOC" in os.environ or sys.flags.ignore_environment or not sys.executable or not on_glibc():
        return
    environment = {
        "MALLOC_ARENA_MAX": ONE_HEAP,
        **os.environ,
        "PYTHONMALLOC": ALLOCATOR,
        "GLIBC_TUNABLES": glibc_tunables(os.environ.get("GLIBC_TUNABLES")),
    }
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], environment)
