"""The practice's signing key: a file next to the database that only the service account can read.

Whoever holds this key can sign checkpoints in the practice's name, so it lives
beside the database, in the service account's 0700 folder, as a 0600 file it
creates itself (`boundary-tui key init`, or `boundary-tui server init`). Desks
run as that account and sign with it; nobody at a desk can read it (they have
no shell). It is never printed; its public half is (`boundary-tui key show`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from boundary_tui.core import signing
from boundary_tui.core.errors import StoreError

KEY_NAME = "signing-key.pem"


@dataclass(frozen=True)
class SigningKey:
    """The private key (PEM) and its public half."""

    path: Path
    pem: bytes
    public: str
    """Hex of the raw 32-byte Ed25519 public key."""

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public)


def key_path(db_path: Path) -> Path:
    return Path(db_path).expanduser().absolute().parent / KEY_NAME


def load(db_path: Path) -> SigningKey | None:
    """The practice's key, or None if there is none; `StoreError` if it is there but unusable."""
    path = key_path(db_path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"The signing key {path} cannot be read: {error.strerror or error}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"The signing key {path} is not a plain file: nothing was signed.")
    if info.st_mode & 0o077:
        raise StoreError(
            f"The signing key {path} can be read by other accounts (mode {stat.S_IMODE(info.st_mode):o}): "
            "nothing was signed. Make it private (chmod 600), and if it may have been copied, make a new key "
            "(see README: signed checkpoints)."
        )
    try:
        pem = path.read_bytes()
    except PermissionError:
        raise StoreError(
            f"The signing key {path} cannot be read by this account: desks and commands that sign must run as "
            "the service account that owns the database."
        ) from None
    try:
        return SigningKey(path=path, pem=pem, public=signing.public_key(pem))
    except ValueError:
        raise StoreError(f"The signing key {path} is damaged (not an Ed25519 key): nothing was signed.") from None


def create(db_path: Path) -> SigningKey:
    """Make the practice's key; never over an existing one (a new key would orphan every signature so far)."""
    path = key_path(db_path)
    pem = signing.new_private_key()
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StoreError(f"There is already a signing key at {path}: it is kept as it is.") from None
    except OSError as error:
        raise StoreError(f"The signing key could not be made at {path}: {error.strerror or error}.") from None
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    return SigningKey(path=path, pem=pem, public=signing.public_key(pem))
