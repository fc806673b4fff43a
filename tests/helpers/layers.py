"""The layer contract of CONTRIBUTING.md ("Layers"), as data, and a checker that reads imports.

Every module of the package belongs to one layer (a folder such as `core/`, or
a top-level module such as `app.py`), and a layer may import only the layers
and outside packages its `Rule` names, plus the standard library. The checker
reads the source with `ast`, so it sees every import: at the top, inside
functions (the late imports that keep start-up fast) and under
`if TYPE_CHECKING:` (a type-only import is still a dependency a reader has to
follow). Nothing is imported or run.

`may_import(layer)` writes the "May import" cell of CONTRIBUTING.md's table,
and `tests/project/test_layers.py` checks that the table says exactly that.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "boundary_tui"

ROOT = "__init__.py"
"""The package's own `__init__` (the version): a layer of its own, which every layer may import."""


@dataclass(frozen=True)
class Rule:
    """What one layer may import besides the standard library and the package's `__init__`."""

    ours: tuple[str, ...]
    """Layers of this package (`core`, `store`, … `app.py`)."""
    outside: tuple[str, ...] = ()
    """Outside packages, by the name they are imported as (`sqlite_utils`, not sqlite-utils)."""
    only_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Layers (or outside packages) one file of the layer may import and the rest may not: {file: names}."""


RULES: dict[str, Rule] = {
    "core/": Rule(ours=("core/",), outside=("arrow", "dateutil", "nhs_number", "cryptography", "filetype")),
    "store/": Rule(ours=("core/", "store/"), outside=("sqlite_utils",)),
    "export/": Rule(ours=("core/", "store/", "export/"), outside=("dateutil", "platformdirs", "fpdf")),
    "demo/": Rule(ours=("core/", "store/", "demo/")),
    "server/": Rule(ours=("core/", "server/")),
    "ui/": Rule(ours=("core/", "store/", "export/", "ui/"), outside=("textual", "rich", "dateutil", "PIL")),
    "app.py": Rule(ours=("core/", "store/", "ui/"), outside=("textual",)),
    "commands/": Rule(
        ours=("core/", "store/", "export/", "demo/", "server/", "commands/"),
        outside=("platformdirs", "rich"),
        only_in={"commands/desk.py": ("app.py",)},
    ),
    "cli.py": Rule(ours=("core/", "commands/")),
    "__main__.py": Rule(ours=("cli.py", "commands/")),
    ROOT: Rule(ours=()),
}
"""Layer → what it may import. A folder layer ends in `/`; the others are single modules."""


@dataclass(frozen=True)
class Violation:
    """An import a layer may not make."""

    path: str
    """Relative to the folder holding the package: `boundary_tui/store/x.py`."""
    line: int
    layer: str
    imported: str

    def __str__(self) -> str:
        if not self.layer:
            return f"{self.path}: belongs to no layer of CONTRIBUTING.md's table (add it to tests/helpers/layers.py)"
        return (
            f"{self.path}:{self.line}: {PACKAGE}/{self.layer} imports `{self.imported}`, "
            f"but {PACKAGE}/{self.layer} may import only: {may_import(self.layer)} (CONTRIBUTING.md, Layers)"
        )


def _code(name: str) -> str:
    return f"`{name}`"


def may_import(layer: str) -> str:
    """The "May import" cell of CONTRIBUTING.md's layer table for `layer`, written from its rule."""
    rule = RULES[layer]
    parts = [", ".join(_code(name.removesuffix("/")) for name in rule.ours)] if rule.ours else []
    parts.append(", ".join(["stdlib", *(_code(name) for name in rule.outside)]))
    for path, names in rule.only_in.items():
        parts.append(f"in `{path}` also " + ", ".join(_code(name.removesuffix("/")) for name in names))
    return "; ".join(parts)


def layer_of_file(relative: Path) -> str:
    """`core/nhs.py` → `core/`; `app.py` → `app.py`; "" when the file belongs to no layer."""
    parts = relative.parts
    key = parts[0] + "/" if len(parts) > 1 else parts[0]
    return key if key in RULES else ""


def layer_of_module(module: str, package_dir: Path) -> str:
    """The layer an imported module of ours belongs to (`boundary_tui.store.connection` → `store/`)."""
    parts = module.split(".")[1:]
    if not parts:
        return ROOT
    if (package_dir / parts[0]).is_dir():
        return parts[0] + "/"
    return parts[0] + ".py"


def _module_name(relative: Path) -> str:
    """`core/nhs.py` → `boundary_tui.core.nhs`; `demo/__init__.py` → `boundary_tui.demo`."""
    parts = [PACKAGE, *relative.with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, relative: Path, package_dir: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in `source`, wherever it is; relative imports made absolute.

    `from boundary_tui import export` names a module (`boundary_tui.export`) where
    the package has one of that name, and the package's `__init__` otherwise.
    """
    module = _module_name(relative)
    package = module if relative.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=str(relative))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source_module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source_module = node.module or ""
            if source_module.split(".")[0] != PACKAGE:
                yield node.lineno, source_module
                continue
            for alias in node.names:
                candidate = f"{source_module}.{alias.name}"
                below = package_dir.joinpath(*candidate.split(".")[1:])
                is_module = below.is_dir() or below.with_suffix(".py").is_file()
                yield node.lineno, candidate if is_module else source_module


def allowed(layer: str, relative: Path, module: str, package_dir: Path) -> bool:
    """Whether a file of `layer` (at `relative`) may import `module`."""
    rule = RULES[layer]
    top = module.split(".")[0]
    extra = rule.only_in.get(relative.as_posix(), ())
    if top == PACKAGE:
        target = layer_of_module(module, package_dir)
        return target in (ROOT, layer, *rule.ours, *extra)
    if top in sys.stdlib_module_names:
        return True
    return top in (*rule.outside, *extra)


def check(package_dir: Path) -> list[Violation]:
    """Every import under `package_dir` (the `boundary_tui` folder) that breaks its layer's rule."""
    problems: list[Violation] = []
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(package_dir)
        shown = f"{PACKAGE}/{relative.as_posix()}"
        layer = layer_of_file(relative)
        if not layer:
            problems.append(Violation(shown, 0, "", ""))
            continue
        for line, module in imported_modules(path.read_text(encoding="utf-8"), relative, package_dir):
            if not allowed(layer, relative, module, package_dir):
                problems.append(Violation(shown, line, layer, module))
    return problems
