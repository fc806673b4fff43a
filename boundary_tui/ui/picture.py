"""A picture of the evidence, drawn in any terminal with half blocks, decoded in a process of its own.

A scan or photo is a file a patient may have made: decoding it is the riskiest
thing the desk does with it. So the desk never decodes one itself. When someone
asks for a preview (`p` on a contact), a short-lived child process
(`python -m boundary_tui.ui.picture COLUMNS ROWS`) reads the copy from its
standard input, with a memory and CPU limit, shrinks it with Pillow (already
installed: the PDF writer needs it) and writes back only the few thousand
pixels the terminal can show. The desk's own memory never holds the decoded
image, Pillow is never imported into the desk, and a picture that crashes the
decoder ends only the child.

Each character cell shows two pixels: `▀` with the upper one as its colour and
the lower one as its background. That works in every terminal that shows
colour (over SSH too); terminal graphics protocols (Sixel, Kitty's) would need
asking the terminal before the desk starts (the `textual-image` package does),
a cost every desk would pay for a picture a few of them look at.

Nothing here imports Textual: the child starts in a fraction of a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from boundary_tui.core.errors import BoundaryError

TIMEOUT_SECONDS = 20.0
"""Longest a preview may take (a 50 MB scan decodes in a second or two)."""

CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
"""The child's address-space limit: a 'decompression bomb' fails there, not in the desk."""

CHILD_CPU_SECONDS = 15

MAX_PIXELS = 80_000_000
"""Pictures larger than this (80 megapixels) are not decoded at all."""


class PreviewError(BoundaryError):
    """The picture could not be drawn (said in words for the person at the desk)."""


@dataclass(frozen=True)
class Picture:
    """A picture shrunk to fit: `width` × `height` pixels, RGB, row by row (`height` is even)."""

    width: int
    height: int
    rgb: bytes
    original: tuple[int, int]
    """The picture's own size, in pixels."""

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        at = (y * self.width + x) * 3
        return self.rgb[at], self.rgb[at + 1], self.rgb[at + 2]


def draw(chunks: Iterable[bytes], columns: int, rows: int) -> Picture:
    """The picture in `chunks` shrunk to fit `columns` × `rows` cells (2 pixels a cell, upright), in a child process."""
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "LANG", "LC_ALL", "PYTHONPATH")}
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "boundary_tui.ui.picture", str(max(1, columns)), str(max(1, rows))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    except OSError as error:
        raise PreviewError(f"The preview could not start: {error.strerror or error}.") from None
    stdin, child.stdin = child.stdin, None  # written here; `communicate` then only reads
    assert stdin is not None
    try:
        for chunk in chunks:
            stdin.write(chunk)
    except BrokenPipeError:
        pass  # the child gave up early (it says why on stderr)
    except BaseException:
        child.kill()
        child.wait()
        raise
    finally:
        try:
            stdin.close()
        except BrokenPipeError:
            pass
    try:
        out, err = child.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise PreviewError("The picture took too long to draw: open it from an export instead.") from None
    if child.returncode != 0:
        why = err.decode("utf-8", "replace").strip().splitlines()
        raise PreviewError(why[-1] if why and child.returncode == 2 else "This picture cannot be drawn here.")
    return _parse(out)


def _parse(out: bytes) -> Picture:
    header, _, rgb = out.partition(b"\n")
    try:
        width, height, original_width, original_height = (int(x) for x in header.split())
    except ValueError:
        raise PreviewError("This picture cannot be drawn here.") from None
    if len(rgb) != width * height * 3:
        raise PreviewError("This picture cannot be drawn here.")
    return Picture(width, height, rgb, (original_width, original_height))


# -- the child ---------------------------------------------------------------------------------


def fit(size: tuple[int, int], columns: int, rows: int) -> tuple[int, int]:
    """Pixels to shrink to: within `columns` × 2·`rows`, the picture's shape kept (a cell is about twice as tall
    as wide, and holds two pixels one above the other), never enlarged; the height even."""
    width, height = size
    scale = min(columns / width, (2 * rows) / height, 1.0)
    new_width = max(1, round(width * scale))
    new_height = max(2, round(height * scale))
    return new_width, new_height + (new_height % 2)


def shrink(data: bytes, columns: int, rows: int) -> Picture:
    """Decode and shrink (in the child only: Pillow is imported here)."""
    import io

    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(io.BytesIO(data)) as image:
        original = image.size
        if original[0] * original[1] > MAX_PIXELS:
            raise ValueError("too large")
        target = fit(original, columns, rows)
        image.draft("RGB", target)  # a JPEG decodes at 1/2, 1/4 or 1/8 size straight away
        upright = ImageOps.exif_transpose(image)  # a phone photo the right way up
        small = upright.convert("RGB")
        small.thumbnail(target)
        if small.size[1] % 2:
            padded = Image.new("RGB", (small.size[0], small.size[1] + 1))
            padded.paste(small)
            small = padded
        return Picture(small.size[0], small.size[1], small.tobytes(), original)


def _limit() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    except (ImportError, ValueError, OSError):
        pass


def main(argv: list[str]) -> int:
    """The child: the copy on standard input; `W H OW OH` and the RGB bytes on standard output."""
    _limit()
    columns, rows = int(argv[0]), int(argv[1])
    data = sys.stdin.buffer.read()
    try:
        picture = shrink(data, columns, rows)
    except ImportError:
        print("Previews need the Pillow package, which is not installed here.", file=sys.stderr)
        return 2
    except MemoryError:
        print("This picture is too large to draw here: open it from an export instead.", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 - any decoder failure is one answer for the desk
        print("This picture cannot be drawn here (damaged, or a kind the preview cannot read).", file=sys.stderr)
        return 2
    header = f"{picture.width} {picture.height} {picture.original[0]} {picture.original[1]}\n".encode()
    sys.stdout.buffer.write(header + picture.rgb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
