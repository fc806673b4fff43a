"""Copies of the evidence itself: which files a contact may carry, told by their content, never their name.

The defence bodies' advice is to keep copies of every contact: the card, the
letter, screenshots of the messages, the e-mails, a recording. A file's type is
read from its first bytes (the well-kept `filetype` package, plus a look for
an e-mail's headers, which have no magic number): a program renamed
`card.png` is still a program, and is refused with what it really is.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

INBOX_NAME = "inbox"
"""The evidence inbox: a folder beside the database where a scanner or shared drive drops files."""

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
"""Largest file a contact may carry (a long recording or a thick scanned letter fits; a video does not)."""

MAX_FILE_NAME_LENGTH = 255

SNIFF_BYTES = 8192
"""How much of the start of a file is read to tell its type."""

ACCEPTED = {
    "image/jpeg": "JPEG picture",
    "image/png": "PNG picture",
    "image/gif": "GIF picture",
    "image/webp": "WebP picture",
    "image/heic": "HEIC photo",
    "image/tiff": "TIFF scan",
    "image/bmp": "BMP picture",
    "application/pdf": "PDF document",
    "message/rfc822": "Saved e-mail",
    "text/plain": "Text",
    "audio/mpeg": "MP3 recording",
    "audio/mp4": "M4A recording",
    "audio/x-wav": "WAV recording",
    "audio/ogg": "Ogg recording",
    "audio/amr": "AMR voice recording",
    "audio/aac": "AAC recording",
}
"""What a copy of evidence may be, and what the desk calls it."""

PREVIEWABLE = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/bmp"})
"""Pictures the desk can draw a preview of."""

_NAMED_REFUSALS = {
    "application/x-executable": "a program (Linux)",
    "application/x-msdownload": "a Windows program (.exe)",
    "application/x-mach-binary": "a program (macOS)",
    "application/x-sh": "a shell script",
    "application/zip": "a ZIP archive (Word and Excel files are ZIP archives too: save them as PDF)",
    "application/x-rar-compressed": "a RAR archive",
    "application/x-7z-compressed": "a 7-Zip archive",
    "application/x-tar": "a tar archive",
    "application/gzip": "a compressed archive",
}

_HEADER = re.compile(rb"^(From|To|Subject|Date|Received|Return-Path|Message-ID|MIME-Version):", re.I | re.M)


# Named tuples, not frozen dataclasses: `core.trust` reads INBOX_NAME here before a desk's first frame, and
# defining a frozen dataclass costs ~1 ms (its methods are generated with `exec`), a named tuple a sixth.


class FileKind(NamedTuple):
    """What a file is, by its content."""

    media_type: str
    label: str


def kind_of(start: bytes) -> FileKind | str:
    """The kind of a file from its first bytes, or why it cannot be attached (in words)."""
    import filetype  # here: ~5 ms and 0.4 MB that a desk starting, and most of its day, never needs

    guess = filetype.guess(start)
    if guess is not None:
        if guess.mime in ACCEPTED:
            return FileKind(guess.mime, ACCEPTED[guess.mime])
        what = _NAMED_REFUSALS.get(guess.mime, f"{guess.mime} ({guess.extension})")
        return (
            f"It is {what}, whatever its name says: only pictures, scans, PDFs, saved e-mails, text and "
            "recordings can be attached."
        )
    if start.startswith(b"#!"):
        return f"It is {_NAMED_REFUSALS['application/x-sh']}: only evidence can be attached."
    try:
        text = start.decode("utf-8")
    except UnicodeDecodeError:
        text = None
        # A cut in the middle of a character at the end of the sniffed bytes is still text.
        try:
            text = start[:-3].decode("utf-8")
        except UnicodeDecodeError:
            pass
    if text is None or "\x00" in text:
        return (
            "Its type cannot be told from its content: only pictures, scans, PDFs, saved e-mails, text and "
            "recordings can be attached. Save it as PDF or take a screenshot."
        )
    if len(_HEADER.findall(start[:4096])) >= 2:
        return FileKind("message/rfc822", ACCEPTED["message/rfc822"])
    return FileKind("text/plain", ACCEPTED["text/plain"])


def size_problem(size: int) -> str | None:
    if size == 0:
        return "The file is empty (0 bytes): there is nothing to keep. Scan or save it again."
    if size > MAX_ATTACHMENT_BYTES:
        return (
            f"The file is {size / 1_000_000:,.1f} MB; the limit is {MAX_ATTACHMENT_BYTES / 1_000_000:,.0f} MB a file. "
            "Keep the original safe and attach a shorter extract, a lower-resolution scan or a PDF of it."
        )
    return None


def name_problem(name: str) -> str | None:
    """Why a file name cannot be kept as given (it is shown literally, so anything printable is fine)."""
    if not name or name in (".", ".."):
        return "The file has no name."
    if "/" in name or "\x00" in name:
        return "A file name cannot contain '/' (a path): give the file itself."
    if len(name) > MAX_FILE_NAME_LENGTH:
        return f"The file name is longer than {MAX_FILE_NAME_LENGTH} characters: rename the file."
    if re.search(r"[\ud800-\udfff]", name):
        return "The file name contains characters that cannot be stored (broken Unicode): rename the file."
    return None


def size_text(size: int) -> str:
    """`1.2 MB`, `340 KB`, `12 bytes`."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:,.0f} KB"
    return f"{size} bytes"


class Attachment(NamedTuple):
    """A copy of evidence on the record."""

    id: int
    patient_id: int
    contact_id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    source: str
    added_at: datetime
    added_by: str

    @property
    def label(self) -> str:
        return ACCEPTED.get(self.media_type, self.media_type)

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def is_picture(self) -> bool:
        """A picture the desk can preview (HEIC needs a decoder the desk does not carry)."""
        return self.media_type in PREVIEWABLE

    def describe(self) -> str:
        """`card.png (PNG picture, 12 KB, SHA-256 …)`: one copy, in full (user text: the name)."""
        return f"{self.file_name} ({self.label}, {self.size_text}, SHA-256 {self.sha256})"


class InboxFile(NamedTuple):
    """A file waiting in the evidence inbox."""

    name: str
    size: int
    modified: datetime
