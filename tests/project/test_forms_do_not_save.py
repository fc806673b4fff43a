"""Forms return values; the caller saves.

A form collects and checks what was typed, then runs the save function its
opener gave it (`ui/flows.py`, `app.py`). If a form module called a store write
itself, what a form stores would again be decided in two places, and a form
could no longer be opened to save somewhere else. This reads the source (no
app, no database) and fails on the first form module that does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import boundary_tui

PACKAGE = Path(boundary_tui.__file__).parent
SCREENS = PACKAGE / "ui" / "screens"
STORE = PACKAGE / "store"

NAMED_WRITES = {"log", "amend", "record", "open", "change", "close", "book", "review", "cancel", "move"}
"""Store writes by the names the desk uses for them (more are found in the store's source below)."""

WRITE_PREFIXES = ("create", "add", "mark", "set", "reset", "enrol", "disable", "upsert", "insert")

FORMS = {
    "action_form.py",
    "booking.py",
    "concern_close.py",
    "concern_form.py",
    "contact_form.py",
    "first_run.py",
    "override_review.py",
}
"""The forms there were when the rule was written: the test must keep finding at least these."""


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def store_writes() -> set[str]:
    """Public methods of the store's repositories that open a write transaction (`with immediate(...)`)."""
    writes: set[str] = set()
    for path in STORE.glob("*.py"):
        for node in ast.walk(parsed(path)):
            if not isinstance(node, ast.ClassDef):
                continue
            for method in node.body:
                if not isinstance(method, ast.FunctionDef) or method.name.startswith("_"):
                    continue
                for inner in ast.walk(method):
                    if isinstance(inner, ast.With) and any(
                        isinstance(item.context_expr, ast.Call)
                        and isinstance(item.context_expr.func, ast.Name)
                        and item.context_expr.func.id == "immediate"
                        for item in inner.items
                    ):
                        writes.add(method.name)
    return writes


def is_write(name: str, writes: set[str]) -> bool:
    return name in writes or name in NAMED_WRITES or name.startswith(WRITE_PREFIXES)


def form_modules() -> dict[str, ast.Module]:
    """Every module under ui/screens that defines a `FormScreen`, and the base class's own module."""
    found: dict[str, ast.Module] = {}
    for path in sorted(SCREENS.glob("*.py")):
        tree = parsed(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any("FormScreen" in ast.unparse(base) for base in node.bases):
                found[path.name] = tree
                break
    found["form.py"] = parsed(SCREENS / "form.py")
    return found


def store_writes_in(tree: ast.Module, writes: set[str]) -> list[str]:
    """`line: call` for every call of a store write reached through a store, and every repository imported."""
    calls: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value).lower()
            if is_write(node.func.attr, writes) and ("store" in receiver or "queue" in receiver):
                calls.append(f"{node.lineno}: {ast.unparse(node.func)}(...)")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("boundary_tui.store"):
            # Reads go through `Store`; a repository of its own (`QueueStore(store)`) is for writing.
            for alias in node.names:
                if alias.name.endswith("Store") and alias.name != "Store":
                    calls.append(f"{node.lineno}: imports {alias.name} from {node.module}")
    return calls


def test_the_store_writes_are_found() -> None:
    """The rule below is only as good as the list of writes: it must hold the ones forms used to call."""
    writes = store_writes()
    assert {"log", "amend", "record", "open", "change", "close", "book"} <= writes
    assert {"mark_override_reviewed", "create_first_manager"} <= writes


def test_every_form_is_checked() -> None:
    assert FORMS <= set(form_modules())


def test_no_form_module_calls_a_store_write() -> None:
    writes = store_writes()
    offences = {name: calls for name, tree in form_modules().items() if (calls := store_writes_in(tree, writes))}
    assert not offences, (
        "Forms return values; the caller saves. Give the form a save function from its opener "
        f"(ui/flows.py) instead: {offences}"
    )


def test_the_check_catches_a_form_that_saves_itself() -> None:
    """The check itself: the shapes of the calls forms used to make are caught."""
    writes = store_writes()
    source = (
        "from boundary_tui.store.queue import QueueStore\n"
        "class F(FormScreen[int]):\n"
        "    def save(self, draft):\n"
        "        self._store.contacts.log(1, draft, by=2)\n"
        "        return QueueStore(self._store).mark_override_reviewed(1, note='', by=2)\n"
    )
    assert len(store_writes_in(ast.parse(source), writes)) == 3
