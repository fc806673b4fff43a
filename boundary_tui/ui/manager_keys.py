"""Keys for managers only (rule 6): not offered to anyone else, yet still answered when pressed.

A screen lists its managers' actions in `MANAGER_ACTIONS` and sets `_is_manager`.
Their keys are then left out of the footer, help and palette for everyone else
(`check_action`); pressed anyway (from habit, or the README), the action runs
for its refusal, which says why (the store checks the role again in any case).
"""

from __future__ import annotations

import inspect
from typing import ClassVar

from textual import events
from textual.screen import Screen


class ManagerKeysScreen(Screen[None]):
    """A screen whose bindings include actions for managers only."""

    MANAGER_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    _is_manager: bool = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for managers only are not offered to anyone else: they would only be refused."""
        return self._is_manager if action in self.MANAGER_ACTIONS else True

    async def handle_key(self, event: events.Key) -> bool:
        """A manager's key pressed by someone else: its binding did not run, so its refusal is said here."""
        if not self._is_manager:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if binding.action in self.MANAGER_ACTIONS:
                    # Called directly: `run_action` asks `check_action`, which says no to exactly these.
                    said = getattr(self, f"action_{binding.action}")()
                    if inspect.isawaitable(said):
                        await said
                    return True
        return await super().handle_key(event)
