"""Staff PINs: digits only, at least 4, stored only as a salted scrypt hash.

The hash string carries its own parameters so they can be raised later without
invalidating existing PINs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12

# scrypt cost: ~50 ms per check on a desk PC, which makes guessing slow
# without making sign-in feel slow.
_N, _R, _P = 2**14, 8, 1


def pin_problem(pin: str) -> str | None:
    """Why this PIN cannot be used, or None."""
    if not pin:
        return "Enter a PIN."
    if not (pin.isascii() and pin.isdigit()):
        return "A PIN is digits only."
    if len(pin) < MIN_PIN_LENGTH:
        return f"A PIN has at least {MIN_PIN_LENGTH} digits."
    if len(pin) > MAX_PIN_LENGTH:
        return f"A PIN has at most {MAX_PIN_LENGTH} digits."
    return None


def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash` for a valid PIN (check `pin_problem` first)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the stored hash; constant time, never raises on junk."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            pin.encode("utf-8", "surrogatepass"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)
