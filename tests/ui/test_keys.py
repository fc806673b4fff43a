"""Every key is described once, in `ui/keys.py`, and the bindings, help and palette agree with it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

import boundary_tui.ui
from boundary_tui.app import BoundaryApp
from boundary_tui.ui.commands import DESK_COMMANDS
from boundary_tui.ui.keys import BY_ID, KEYS, key_name
from boundary_tui.ui.screens.desk import DeskScreen


def classes_of_ours() -> Iterator[type]:
    """Every class defined in the app and the `ui` package."""
    names = [m.name for m in pkgutil.walk_packages(boundary_tui.ui.__path__, "boundary_tui.ui.")]
    for module in [importlib.import_module(name) for name in ["boundary_tui.app", *names]]:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                yield cls


def declaring_classes() -> Iterator[type]:
    """Every class of ours that declares BINDINGS itself (the app, screens, widgets)."""
    return (cls for cls in classes_of_ours() if "BINDINGS" in vars(cls))


def declared() -> list[tuple[type, Binding]]:
    found = []
    for cls in declaring_classes():
        for binding in vars(cls)["BINDINGS"]:
            assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} (write a Binding, from ui/keys.py)"
            found.append((cls, binding))
    return found


def test_ids_are_unique() -> None:
    assert len(BY_ID) == len(KEYS)


def test_every_binding_with_an_id_is_exactly_its_row() -> None:
    for cls, binding in declared():
        if binding.id is not None:
            assert binding.id in BY_ID, f"{cls.__name__}: {binding.id} has no row in ui/keys.py"
            assert binding == BY_ID[binding.id].binding(), f"{cls.__name__}: {binding.id} differs from its row"


def test_every_binding_of_a_screen_or_the_app_has_an_id() -> None:
    """Widgets' bindings without an id are the ↑/↓ of a list, not in any footer (a `listed_on` row says them)."""
    for cls, binding in declared():
        if issubclass(cls, Screen | App):
            assert binding.id is not None, f"{cls.__name__}: {binding.key} has no id"
        elif binding.id is None:
            assert not binding.show, f"{cls.__name__}: {binding.key} shows in the footer without an id"


def test_every_row_of_a_binding_is_bound_and_every_other_row_is_listed_on_a_screen() -> None:
    bound = {binding.id for _, binding in declared()}
    screens = {cls.__name__ for cls in classes_of_ours() if issubclass(cls, Screen)}
    for key in KEYS:
        if key.textual:
            assert not key.listed_on
        elif key.action:
            assert key.id in bound, f"{key.id} is described but no class binds it"
            assert not key.listed_on
        else:
            assert key.listed_on in screens, f"{key.id}: listed on {key.listed_on!r}, which is no screen of ours"


def test_textual_rows_describe_textuals_own_keys() -> None:
    assert BoundaryApp.COMMAND_PALETTE_BINDING == BY_ID["textual.command_palette"].keys
    quit_key = BY_ID["textual.quit"]
    assert any(isinstance(b, Binding) and b.key == quit_key.keys and b.action == quit_key.action for b in App.BINDINGS)


def test_the_palette_runs_actions_the_desk_and_the_app_have() -> None:
    for command in DESK_COMMANDS:
        owner = BoundaryApp if command.key.id.startswith("app.") else DeskScreen
        assert hasattr(owner, f"action_{command.key.action}"), command.key.id


def test_the_product_key_contract() -> None:
    """PRODUCT.md: F1 help, F2 book, F3 log contact, F4 timeline, F5 concern, F6 action, F9 lock,
    Esc back, ctrl+s save in forms, ctrl+p palette, / search."""
    contract = {
        "desk.help": "F1",
        "desk.book": "F2",
        "desk.contact": "F3",
        "desk.timeline": "F4",
        "desk.concern": "F5",
        "desk.action": "F6",
        "app.lock": "F9",
        "desk.back": "Esc",
        "form.save": "ctrl+s",
        "textual.command_palette": "ctrl+p",
        "desk.search": "/",
    }
    assert {key_id: BY_ID[key_id].label for key_id in contract} == contract
    assert key_name("shift+tab") == "shift+Tab" and key_name("ctrl+s") == "ctrl+s"
