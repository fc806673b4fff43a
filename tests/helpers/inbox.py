"""The evidence inbox in tests: files dropped there as a scanner would, and small real pictures."""

from __future__ import annotations

import io
import os
from pathlib import Path

from boundary_tui.store.attachments import inbox_path

MARKUP_NAME = "[bold]x[b] [@click=app.quit]card \x1b[2J.png"
"""A file name that is markup, a live link if parsed, and an escape sequence: it must be shown as it is
(a file name cannot hold `/`, so no closing tags)."""


def inbox(db_path: Path) -> Path:
    folder = inbox_path(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def png(width: int = 16, height: int = 12, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG: a block of `colour` with a white band across the top half."""
    from PIL import Image

    image = Image.new("RGB", (width, height), colour)
    for x in range(width):
        for y in range(height // 2):
            image.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def drop(db_path: Path, name: str, data: bytes, *, age_seconds: int = 0) -> Path:
    """`name` arrives in the inbox (`age_seconds` ago: the list is newest first)."""
    path = inbox(db_path) / name
    path.write_bytes(data)
    if age_seconds:
        stamp = path.stat().st_mtime - age_seconds
        os.utime(path, (stamp, stamp))
    return path
