"""Freed memory goes back to the system: a desk runs all day, and its size is what a server must hold.

Checking a PIN (scrypt) takes a 16 MB scratch buffer. glibc's malloc serves the
first one from fresh pages and returns them when freed, but then raises its
threshold for "large" blocks to that size: every later sign-in took its buffer
from the heap of the worker thread and the heap kept it (16 MB more from the
second sign-in on, for the rest of the day). Fixing the threshold at 1 MB turns
that adjustment off: a block of a megabyte or more always comes from pages of its
own and goes back when freed. Smaller blocks, and Python's own object memory,
are unaffected.

And after a large read is let go (`tidy_up`, where `collect_pinned` runs), the
heap's free pages go back too (`malloc_trim`): freed in the middle of the heap,
glibc keeps them otherwise, and a desk day crept up by about 1.5 MB.

And at the lock screen, Rich's and Textual's own caches of drawn text are
emptied (`forget_drawn_text`): some fifty bounded `lru_cache`s (a cell
width per string, a style per markup, a colour per name...), each bounded but
together holding 6,000-8,500 entries an hour, spread over the whole of Python's
object memory. Each entry replaced leaves a hole in a different place, so the
memory they hold only grew over a day (about 1.5-2 MB by the fourth hour); empty
at each lock, it is reused. What the next screen draws fills them again in a
frame or two.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from boundary_tui.store.collector import collect_pinned, frozen_garbage_left, keeping, sweep

if TYPE_CHECKING:
    from textual.app import App

M_MMAP_THRESHOLD = -3
"""glibc's `mallopt` parameter for the size from which a block gets pages of its own."""

LARGE_BLOCK = 1 << 20


@cache
def _glibc(name: str) -> Callable[..., int] | None:
    """A function of the C library by name, if it is glibc's (musl has neither `mallopt` nor `malloc_trim`)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here, not at start-up: ~5 ms before the first frame

    try:
        function: Callable[..., int] = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):  # not glibc: nothing to adjust
        return None
    return function


def return_large_blocks() -> bool:
    """Fix glibc's large-block threshold (see the module docstring); whether it could be done."""
    mallopt = _glibc("mallopt")
    return mallopt is not None and bool(mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK))


CLOSED_DESK_FREED_AFTER = 6.0
"""Seconds from a desk closed for someone else's to freeing it. Until then its timers' last sleeps hold it:
asyncio keeps a cancelled sleep, with the context it ran in (which names the desk), until its time comes,
and the desk's longest interval is 5 s (`ui/screens/desk.py`, `RETRY_WRITE_SECONDS`)."""


def desk_closed(app: App[Any]) -> None:
    """A desk was closed for someone else's: free it whole, frozen or not, once its timers have run out.

    A large read freezes everything alive, the desk of the moment with it; closed, that desk is garbage no
    `sweep` sees (`collector.frozen_garbage_left`). It lived on beside the next person's desk until their
    first large read was freed, through that read (the busiest record's F4: the desk day's peak)."""

    def free_it() -> None:
        frozen_garbage_left()
        tidy_up()

    app.set_timer(CLOSED_DESK_FREED_AFTER, free_it)


def tidy_up(*, give_back: bool = False) -> None:
    """Once nobody waits (a screen closed, the lock screen up): free what freezing pinned and the screens
    closed since the last pass, and, when a pass ran (or `give_back`), give the heap's free pages back (the
    timeline's close and the desk's return both call this: one pass and one trim between them). Only in a
    desk process (`keep_for_the_day`)."""
    freed = collect_pinned() or sweep()  # one full pass at most: `collect_pinned` counts as the sweep
    if (freed or (give_back and keeping())) and (trim := _glibc("malloc_trim")) is not None:
        trim(0)


DRAWING_PACKAGES = ("rich", "textual")
"""Whose module-level caches `forget_drawn_text` empties: the libraries that draw the desk."""


def _caches_of(namespace: Mapping[str, Any]) -> Iterator[Any]:
    for value in list(namespace.values()):
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        info = getattr(value, "cache_info", None)
        if callable(info) and callable(getattr(value, "cache_clear", None)) and info().maxsize is not None:
            yield value  # bounded: it evicts, and churns; an unbounded one (a table per class) only fills once


def drawing_caches() -> list[Any]:
    """Every bounded `functools` cache of Rich and Textual: functions of their modules and methods of their classes.

    Looked up by walking their modules, not `gc.get_objects()`: what `keep_for_the_day` froze at start-up is
    left out of that list."""
    found: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if module is None or name.partition(".")[0] not in DRAWING_PACKAGES:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == name:
                found.update((id(drawn), drawn) for drawn in _caches_of(vars(value)))
        found.update((id(drawn), drawn) for drawn in _caches_of(vars(module)))
    return list(found.values())


def forget_drawn_text() -> int:
    """Empty Rich's and Textual's caches of drawn text (see the module docstring); the entries let go.

    Only in a desk process (`keep_for_the_day`): a test run's apps share these caches and start afresh."""
    if not keeping():
        return 0
    entries = 0
    for drawn in drawing_caches():
        entries += drawn.cache_info().currsize
        drawn.cache_clear()
    return entries


def locked() -> None:
    """The lock screen is up and nobody waits: forget drawn text, then free and give back what is free
    (whether or not a pass ran: on the C library's malloc, `commands/system_malloc.py`, what those caches
    and the last hour's reads let go is in the heap's free pages)."""
    forget_drawn_text()
    tidy_up(give_back=True)
