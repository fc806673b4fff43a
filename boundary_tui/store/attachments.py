"""Attaching copies of evidence to contacts: from a file on the server or the evidence inbox.

Desks arrive over SSH and hold no files, so a scan or a screenshot reaches the
server first: the practice's scanner or shared drive drops it in the evidence
inbox (a folder beside the database, `inbox/`), and the contact form lists
what is there to pick from; `boundary-tui attach` takes files on the server.

A file is read once, in chunks, hashing as it goes, straight into the database
(`attachment_files`, once per SHA-256) in the same transaction as its chained
`attachments` row: the record holds the copy and proves it by its hash. Its
type is told by its content (`core.attachments`). A file that changes while it
is read is refused (its size or time moved), and so is anything in the inbox
that is not a plain file directly in it (a link pointing elsewhere, a folder).
An inbox file is claimed by renaming it first, so two desks picking the same
file a second apart cannot both attach it: exactly one wins. Once attached it
is moved to `inbox/attached/`, never deleted by the app.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from boundary_tui.core import attachments as rules
from boundary_tui.core.attachments import INBOX_NAME
from boundary_tui.core.attachments import Attachment as Attachment
from boundary_tui.core.attachments import InboxFile as InboxFile
from boundary_tui.core.errors import Invalid, Refused, StoreError
from boundary_tui.core.times import from_db
from boundary_tui.store import evidence, facts
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

CHUNK = 1024 * 1024


def inbox_path(db_path: Path) -> Path:
    return Path(db_path).expanduser().absolute().parent / INBOX_NAME


class AttachmentStore(Repo):
    """Add copies of evidence to contacts and read them back."""

    # -- the inbox --------------------------------------------------------------------

    def inbox(self) -> list[InboxFile]:
        """Plain files directly in the inbox, newest first (links, folders and hidden files left out)."""
        folder = inbox_path(self._store.path)
        found: list[InboxFile] = []
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StoreError(f"The evidence inbox {folder} cannot be read: {error.strerror or error}.") from None
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
            found.append(InboxFile(entry.name, info.st_size, datetime.fromtimestamp(info.st_mtime).astimezone()))
        return sorted(found, key=lambda f: f.modified, reverse=True)

    def inbox_problem(self, name: str) -> str | None:
        """Why an inbox file would be refused, in the store's own words, or None (read only: nothing is claimed).

        The desk asks before it saves a contact with files picked, so a file it cannot
        take is named at the form while everything typed is still there. Attaching
        checks everything again: another desk may take the file in between.
        """
        if problem := rules.name_problem(name):
            return problem
        source = inbox_path(self._store.path) / name
        try:
            fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return (
                f"{name!r} is no longer in the evidence inbox: another desk attached it a moment ago, or it was moved."
            )
        except OSError as error:
            if error.errno == errno.ELOOP:
                return f"{name!r} is a link, not a plain file in the evidence inbox: only files there can be attached."
            return f"{name!r} cannot be read: {error.strerror or error}."
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return f"{name!r} is not a plain file in the evidence inbox: only files there can be attached."
            if problem := rules.size_problem(info.st_size):
                return problem
            kind = rules.kind_of(handle.read(rules.SNIFF_BYTES))
        return kind if isinstance(kind, str) else None

    def attach_from_inbox(self, contact_id: int, name: str, *, by: int | None) -> Attachment:
        """Attach one inbox file: claimed first (rename), so another desk picking it gets a plain refusal."""
        if problem := rules.name_problem(name):
            raise Invalid({"file": problem})
        folder = inbox_path(self._store.path)
        source = folder / name
        claimed_dir = folder / ".claimed"
        claimed_dir.mkdir(mode=0o700, exist_ok=True)
        claimed = claimed_dir / f"{os.getpid()}-{os.urandom(4).hex()}-{name}"
        try:
            if not stat.S_ISREG(os.lstat(source).st_mode):
                raise Refused(f"{name!r} is not a plain file in the evidence inbox: only files there can be attached.")
            os.rename(source, claimed)  # atomic: of two desks, one wins
        except FileNotFoundError:
            raise Refused(
                f"{name!r} is no longer in the evidence inbox: another desk attached it a moment ago, or it was moved."
            ) from None
        try:
            attached = self._attach(contact_id, claimed, name, source="inbox", by=by)
        except BaseException:
            try:
                os.rename(claimed, source)  # back where it was: nothing lost
            except OSError:
                pass
            raise
        done = folder / "attached"
        done.mkdir(mode=0o700, exist_ok=True)
        try:
            os.rename(claimed, done / f"{attached.id}-{name}")
        except OSError:
            pass  # attached and on the record; the tidy-up can wait
        return attached

    # -- any file on the server ---------------------------------------------------------

    def attach_file(self, contact_id: int, path: Path, *, by: int | None, source: str = "command_line") -> Attachment:
        """Attach a file from the server (the command line); it is copied, never moved."""
        return self._attach(contact_id, Path(path), Path(path).name, source=source, by=by)

    def _attach(self, contact_id: int, path: Path, name: str, *, source: str, by: int | None) -> Attachment:
        if problem := rules.name_problem(name):
            raise Invalid({"file": problem})
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise Refused(f"There is no file {name!r}.") from None
        except OSError as error:
            raise Refused(f"{name!r} cannot be read: {error.strerror or error}.") from None
        with os.fdopen(fd, "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise Refused(f"{name!r} is not a plain file.")
            if problem := rules.size_problem(before.st_size):
                raise Invalid({"file": problem})
            kind = rules.kind_of(handle.read(rules.SNIFF_BYTES))
            if isinstance(kind, str):
                raise Invalid({"file": kind})
            handle.seek(0)
            with immediate(self.db):
                contact = self.db.execute("SELECT patient_id FROM contacts WHERE id = ?", [contact_id]).fetchone()
                if contact is None:
                    raise Refused("That contact does not exist: attach the file to a contact on the timeline.")
                if by is not None:
                    self._store.staff.actor(by)
                digest = self._store_content(handle, before.st_size)
                after = os.fstat(handle.fileno())
                if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
                    raise Refused(
                        f"{name!r} changed while it was being read (it is still being written or scanned?): "
                        "nothing was attached. Try again when it is complete."
                    )
                row_id = evidence.append(
                    self.db,
                    "attachments",
                    {
                        "patient_id": contact[0],
                        "contact_id": contact_id,
                        "file_name": name,
                        "media_type": kind.media_type,
                        "size": before.st_size,
                        "sha256": digest,
                        "source": source,
                        "added_at": self.now_db(),
                        "added_by": by,
                        "account": facts.account(),
                    },
                )
        found = self.get(row_id)
        assert found is not None
        return found

    def _store_content(self, handle: BinaryIO, size: int) -> str:
        """Copy the file into `attachment_files` (once per content), returning its SHA-256.

        The file is read twice: once to hash it, then, if this content is new,
        straight into a row made at full size (`zeroblob`) through SQLite's
        incremental blob I/O, hashing again. A 50 MB file is never held in memory
        whole, and a file that changed between the two readings is refused.
        """
        first = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            first.update(chunk)
        digest = first.hexdigest()
        conn = self.db.conn
        if conn.execute("SELECT 1 FROM attachment_files WHERE sha256 = ?", [digest]).fetchone():
            return digest  # the same copy is already kept
        handle.seek(0)
        row_id = conn.execute(
            "INSERT INTO attachment_files (sha256, size, content) VALUES (?, ?, zeroblob(?))", [digest, size, size]
        ).lastrowid
        second = hashlib.sha256()
        written = 0
        with conn.blobopen("attachment_files", "content", int(row_id or 0)) as blob:
            while chunk := handle.read(CHUNK):
                if written + len(chunk) > size:
                    break
                blob.write(chunk)
                second.update(chunk)
                written += len(chunk)
        if written != size or second.hexdigest() != digest:
            raise Refused(
                "The file changed while it was being read: nothing was attached. Try again when it is complete."
            )
        return digest

    # -- reading --------------------------------------------------------------------------

    def get(self, attachment_id: int) -> Attachment | None:
        row = self.db.execute(f"{_SELECT} WHERE a.id = ?", [attachment_id]).fetchone()
        return _attachment(row) if row else None

    def for_contact(self, contact_id: int) -> list[Attachment]:
        return [
            _attachment(r) for r in self.db.execute(f"{_SELECT} WHERE a.contact_id = ? ORDER BY a.id", [contact_id])
        ]

    def for_patient(self, patient_id: int) -> list[Attachment]:
        return [
            _attachment(r) for r in self.db.execute(f"{_SELECT} WHERE a.patient_id = ? ORDER BY a.id", [patient_id])
        ]

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The bytes of one copy, a megabyte at a time (for a bundle: never the whole file in memory)."""
        row = self.db.execute("SELECT id FROM attachment_files WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise StoreError(f"The copy with SHA-256 {sha256} is missing from the database: run boundary-tui verify.")
        with self.db.conn.blobopen("attachment_files", "content", row[0], readonly=True) as blob:
            while chunk := blob.read(CHUNK):
                yield chunk

    def content(self, sha256: str) -> bytes:
        """The bytes of one copy (for a bundle or a preview)."""
        row = self.db.execute("SELECT content FROM attachment_files WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise StoreError(f"The copy with SHA-256 {sha256} is missing from the database: run boundary-tui verify.")
        return bytes(row[0])


_SELECT = """
    SELECT a.id, a.patient_id, a.contact_id, a.file_name, a.media_type, a.size, a.sha256, a.source, a.added_at,
           coalesce(s.name, 'computer account ' || a.account)
    FROM attachments a LEFT JOIN staff s ON s.id = a.added_by
"""


def _attachment(row: tuple[object, ...]) -> Attachment:
    return Attachment(
        id=int(str(row[0])),
        patient_id=int(str(row[1])),
        contact_id=int(str(row[2])),
        file_name=str(row[3]),
        media_type=str(row[4]),
        size=int(str(row[5])),
        sha256=str(row[6]),
        source=str(row[7]),
        added_at=from_db(str(row[8])),
        added_by=str(row[9]),
    )
