"""When a frame reaches the terminal, for any number of apps running in one event loop.

Every figure of the desk stops its clock at the first frame written (`App._display`)
after the thing being timed happened. `Frames` patches `App._display` once and
calls, per app, whatever is waiting for that app's next frame; ours and the
bare limit then run side by side in the same process, so load hits both alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App

Check = Callable[[App[Any], Any], bool]
"""Given the app and the screen whose frame was just written: is this the frame being waited for?"""


class Frames:
    """Start a clock (`start`), say what the frame to wait for is, read the time it was written."""

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[float, float, Check]] = {}
        self.last: dict[int, float] = {}
        """Per app (by id): the latest sample, in ms."""
        self.last_cpu: dict[int, float] = {}
        """Per app (by id): the CPU time the process used over the latest sample, in ms."""
        self._original: Any = None

    def install(self) -> Frames:
        original = self._original = App._display
        frames = self

        def display(app: App[Any], screen: Any, renderable: Any) -> None:
            original(app, screen, renderable)
            pending = frames._waiting.get(id(app))
            if pending is not None and pending[2](app, screen):
                del frames._waiting[id(app)]
                frames.last[id(app)] = (time.perf_counter() - pending[0]) * 1000
                frames.last_cpu[id(app)] = (time.process_time() - pending[1]) * 1000

        App._display = display  # type: ignore[method-assign]
        return self

    def uninstall(self) -> None:
        if self._original is not None:
            App._display = self._original  # type: ignore[method-assign]
            self._original = None

    def __enter__(self) -> Frames:
        return self.install()

    def __exit__(self, *exc: object) -> None:
        self.uninstall()

    def start(self, app: App[Any], check: Check, *, at: float | None = None) -> None:
        """Time from `at` (a `time.perf_counter()` reading; now by default) to the first frame `check` accepts."""
        self.last.pop(id(app), None)
        self.last_cpu.pop(id(app), None)
        self._waiting[id(app)] = (time.perf_counter() if at is None else at, time.process_time(), check)

    def cancel(self, app: App[Any]) -> None:
        self._waiting.pop(id(app), None)

    def taken(self, app: App[Any]) -> float | None:
        """The sample for `app`, once its frame was written (else None)."""
        return self.last.get(id(app))
