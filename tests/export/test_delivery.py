"""The delivery seam: a document (export or letter) handed to the person at the desk, today as a
new private file in a folder on the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundary_tui.core.errors import StoreError
from boundary_tui.export.delivery import EXPORTS, LETTERS, Delivery, PrivateFolder
from boundary_tui.export.files import DocumentError


@pytest.mark.parametrize(
    ("delivery", "env_var", "what"),
    [(EXPORTS, "BOUNDARY_TUI_EXPORTS", "export"), (LETTERS, "BOUNDARY_TUI_LETTERS", "letter")],
)
def test_each_document_goes_to_its_own_private_folder_and_never_over_another(
    delivery: Delivery, env_var: str, what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / f"{what}s"
    monkeypatch.setenv(env_var, str(folder))  # after the delivery was made: read when delivering
    first = delivery.deliver(f"{what}.txt", b"one")
    second = delivery.deliver(f"{what}.txt", b"two")
    assert (first, second) == (str(folder / f"{what}.txt"), str(folder / f"{what}-2.txt"))
    assert Path(first).read_bytes() == b"one" and Path(second).read_bytes() == b"two"
    assert Path(first).stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700


def test_a_folder_that_cannot_be_made_is_a_document_error_naming_the_document(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    letters = PrivateFolder(lambda: blocker / "letters", "letter")
    with pytest.raises(DocumentError) as raised:
        letters.deliver("draft.txt", b"Dear ...")
    assert not isinstance(raised.value, StoreError)
    message = str(raised.value)
    assert message.startswith(f"The letter could not be written: the folder {blocker / 'letters'} could not be")
    assert message.endswith("Nothing was written.")
