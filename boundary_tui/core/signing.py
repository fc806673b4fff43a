"""Signing what the practice vouches for: Ed25519, through the `cryptography` package.

The standard library has no public-key signing, and a home-made one would be
the last thing a court should have to trust. A checkpoint (`store.checkpoints`)
is signed with the practice's private key, which only the service account can
read; anyone holding the public key (printed on every export and in the
practice's README or letterhead) can check the signature, with this program
or any Ed25519 tool: the signed bytes are the checkpoint's canonical JSON, the
signature and the key are lower-case hex (raw 64 and 32 bytes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

# `cryptography` is imported where a key is used, not with this module: loading OpenSSL's
# bindings is ~6 MB of every desk's memory, needed only at an export, a backup or a check.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical(body: Mapping[str, Any]) -> bytes:
    """The bytes signed for a body: JSON, keys sorted, no whitespace, UTF-8 (as the chain's content)."""
    return _ENCODER.encode(body).encode("utf-8")


def new_private_key() -> bytes:
    """A fresh private key as PEM (PKCS#8, unencrypted: the file's permissions protect it)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _private(pem: bytes) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def public_key(pem: bytes) -> str:
    """The public key (hex) of a private key in PEM; ValueError if it is not one."""
    from cryptography.hazmat.primitives import serialization

    raw = _private(pem).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def fingerprint(public_hex: str) -> str:
    """`3f2a 91c0 …`: the first 64 bits of the key's SHA-256, for a letterhead and for reading aloud."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def sign(pem: bytes, message: bytes) -> str:
    """The signature (hex) of `message` with the private key."""
    return _private(pem).sign(message).hex()


def verifies(public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Whether `signature_hex` is the key's signature of `message`; never raises on junk."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
