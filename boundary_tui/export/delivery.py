"""Giving a finished document to the person who asked for it: one seam for every way it can go.

An evidence export (`E` on the timeline) and a warning-letter draft (`W`) end
the same way: some bytes and a file name that must reach the member of staff
at the desk. How depends on the door they came in by, not on the document, so
screens hand both to a `Delivery` and say what it answers:

* today the desk runs on the practice server (OpenSSH's forced command), so a
  document becomes a new private file in a folder on that server
  (`PrivateFolder`: exports in `BOUNDARY_TUI_EXPORTS`, letters in
  `BOUNDARY_TUI_LETTERS`; see `files` and `letters`);
* a browser door later (textual-serve) would deliver a download instead: a
  `Delivery` in the UI layer whose `deliver` calls Textual's
  `App.deliver_binary(io.BytesIO(data), save_filename=name)` and answers "your
  browser's downloads". The screens do not change.

The command line's `export -o FILE` is not a delivery: the user names the file
and `--force` decides about replacing it (`files.write_file`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from boundary_tui.export.files import Content, exports_dir, write_new
from boundary_tui.export.letters import letters_dir


class Delivery(Protocol):
    """Somewhere a document can be given to the person at the desk."""

    def deliver(self, name: str, data: Content) -> str:
        """Hand `data` over as a file called `name`; returns where it went, in words for that person.

        Blocking (it may write and flush a file): call it from a worker thread.
        Raises a `BoundaryError` (`files.DocumentError`) with a plain message if it cannot.
        """
        ...


@dataclass(frozen=True)
class PrivateFolder:
    """A new file in a private folder (0700, files 0600) on this computer; never over an earlier one."""

    folder: Callable[[], Path]
    """Where the files go: asked at every delivery, so the folder follows its environment variable."""
    what: str
    """What is delivered, as messages name it ("export", "letter")."""

    def deliver(self, name: str, data: Content) -> str:
        return str(write_new(data, name, folder=self.folder(), what=self.what))


EXPORTS: Delivery = PrivateFolder(exports_dir, "export")
"""Where the desk's evidence exports go today."""

LETTERS: Delivery = PrivateFolder(letters_dir, "letter")
"""Where the desk's warning-letter drafts go today."""
