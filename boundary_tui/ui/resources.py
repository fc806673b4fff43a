"""Where the stylesheets are: inside the installed package, or in the source tree."""

from __future__ import annotations

from pathlib import Path, PurePath

_PACKAGE = Path(__file__).resolve().parent.parent
"""`boundary_tui/`: the wheel puts `styles/` inside it; a checkout has it one level up."""


def styles_dir() -> Path:
    """The folder of `.tcss` files.

    The wheel carries them as `boundary_tui/styles/`; an editable install or a
    plain checkout reads them from `styles/` at the top of the repository.
    """
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if candidate.is_dir() and any(candidate.glob("*.tcss")):
            return candidate
    raise FileNotFoundError("boundary-tui's stylesheets (styles/*.tcss) are missing from this installation.")


def stylesheet(name: str) -> str | PurePath:
    """One stylesheet by file name, for a screen's `CSS_PATH`.

    Each screen loads its own stylesheet when it is first shown, so starting the
    app parses only `app.tcss` and the sign-in screen's.
    """
    return styles_dir() / name
