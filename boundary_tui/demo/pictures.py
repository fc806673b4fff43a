"""Small pictures for the demo's copies of evidence, made with the standard library alone.

A demo contact carries a "scan" of the letter it records, and a "photo" waits
in the demo's evidence inbox: real PNG files (so the desk's preview draws them),
drawn here pixel by pixel and encoded by hand (zlib and a few chunk headers),
always the same bytes for the same picture.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

RGB = tuple[int, int, int]

PAPER: RGB = (246, 243, 232)
INK: RGB = (40, 52, 120)
RED: RGB = (196, 30, 58)
DESK: RGB = (120, 86, 58)


def png(width: int, height: int, pixel: Callable[[int, int], RGB]) -> bytes:
    """An 8-bit RGB PNG of `width` × `height`, each pixel from `pixel(x, y)`."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def _heart(x: float, y: float) -> bool:
    """Inside a heart centred on (0, 0), about one unit across."""
    return (x * x + y * y - 0.25) ** 3 - x * x * y**3 < 0


def letter_scan() -> bytes:
    """A handwritten page: lines of ink on paper, a heart at the foot (the "four-page letter")."""
    width, height = 120, 160

    def pixel(x: int, y: int) -> RGB:
        if x < 8 or x >= width - 8 or y < 6 or y >= height - 6:
            return DESK
        if 120 <= y < 150 and _heart((x - 60) / 24, (135 - y) / 24):
            return RED
        line = (y - 20) % 12
        if 20 <= y < 112 and line in (0, 1) and 16 <= x < width - 16 - (y * 7) % 23:
            return INK
        return PAPER

    return png(width, height, pixel)


def card_photo() -> bytes:
    """A card on the desk with a red heart on it (a photo waiting in the inbox)."""
    width, height = 96, 72

    def pixel(x: int, y: int) -> RGB:
        if 18 <= x < 78 and 8 <= y < 64:
            return RED if _heart((x - 48) / 26, (36 - y) / 26) else PAPER
        return DESK

    return png(width, height, pixel)
