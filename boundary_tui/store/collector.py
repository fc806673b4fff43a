"""Keeping the garbage collector's full passes off the desk's busiest moments.

A desk runs all day. What it loads at start-up (modules, stylesheets, the app)
lives as long as the process, and so, until the next read, does a timeline of
5,000 entries: some 20,000 objects the cyclic collector tracks (dataclasses and
named tuples), all acyclic, so reference counting frees them when the screen
lets go. Left to the collector they set off full passes over the whole heap
(20–40 ms each, in the middle of an F4); merely holding the collector off while
they are built only delays the pass to the first allocation after.

So the desk (`commands/desk.py`) calls `keep_for_the_day()` once it has
started, and read models are built inside `built_apart()`, which holds the
collector off and then, when what was built is large, freezes it (`gc.freeze`):
frozen objects are left out of every later pass and still freed by reference
counting. Freezing also pins whatever cyclic garbage exists at that moment
(Textual's drawn lines: ~1 MB each time), so small models are not frozen, and
`collect_pinned()` frees what was pinned when nobody is waiting: after the frame
that closed the timeline, and at the lock screen.
Only a process that asked (`keep_for_the_day`) freezes: a test run creates and
drops hundreds of apps, whose cyclic garbage must stay collectable.

And a screen that closes (help, a form, a dialog, the desk of someone who
signed out) is cyclic garbage: its widgets and it refer to each other. Python's
own full passes come only after tens of thousands of such objects, so a busy
desk held several closed screens' worth at a time, and its memory rose a few MB
per hour of switching screens. `sweep()` runs a full pass (over what is not
frozen: ~15-20 ms) once a screen has closed and been drawn over, at most every
`SWEEP_EVERY` seconds.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager

_keeping = False
_pinned = False
"""Whether a freeze since the last `collect_pinned` may have pinned garbage."""

SWEEP_EVERY = 1.0
"""Seconds between two sweeps at least: someone switching screens fast pays for one pass a second at most."""

_last_full_pass = 0.0

LARGE = 5_000
"""Objects built (that the collector tracks) from which a read model is frozen: a timeline of ~1,500 entries.
Smaller ones cost a collection little, and freezing them would pin the young garbage of every read."""


def keep_for_the_day() -> None:
    """Everything loaded so far lives as long as the process; from now on, large read models are frozen too."""
    global _keeping
    gc.freeze()
    _keeping = True


def keeping() -> bool:
    """Whether this process freezes what it builds (`keep_for_the_day` was called)."""
    return _keeping


@contextmanager
def built_apart() -> Iterator[None]:
    """Build thousands of small acyclic objects without a collection pause, then leave them out of later passes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _keeping and gc.get_count()[0] >= LARGE:
            global _pinned
            gc.freeze()
            _pinned = True
        if was_enabled:
            gc.enable()


def collect_pinned() -> bool:
    """Free cyclic garbage a freeze pinned: one full pass over the whole heap, then everything left frozen again.

    Called when nobody waits on it: after the frame that closed a large timeline
    (`TimelineScreen`), and at the lock screen. Nothing to do unless a freeze
    happened since the last call."""
    global _pinned, _last_full_pass
    if not (_keeping and _pinned):
        return False
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _pinned = False
    _last_full_pass = time.monotonic()
    return True


def frozen_garbage_left() -> None:
    """Something frozen was let go of (a desk closed for someone else's): the next `collect_pinned` frees it.

    A large read freezes everything alive, the desk of the moment with its screens; closed, that desk is
    cyclic garbage that `sweep` never sees (a full pass skips what is frozen)."""
    global _pinned
    if _keeping:
        _pinned = True


def sweep() -> bool:
    """Free the screens closed since the last pass (see the module docstring); a desk process only.
    Whether a pass ran."""
    global _last_full_pass
    if not _keeping or time.monotonic() - _last_full_pass < SWEEP_EVERY:
        return False
    gc.collect()
    _last_full_pass = time.monotonic()
    return True


def stop_keeping() -> None:
    """Back to the collector's defaults (for measurements that start several desks in one process)."""
    global _keeping
    _keeping = False
    gc.unfreeze()
