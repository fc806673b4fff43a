"""A desk process without OpenSSL: 4.4 MB less resident for every desk, all day.

A desk never speaks TLS (asyncio imports `ssl` only to offer it), and it hashes
rows of a few hundred bytes and copies of evidence of a few MB, where Python's own
SHA-256 does as well as OpenSSL's (5,000 rows: 2.7 against 2.5 ms; 20 MB: 67
against 12 ms, in a worker). Yet importing either `ssl` or hashlib's OpenSSL
backend maps libcrypto and sets it up: a desk at its sign-in screen held 38.8 MB
with them and 34.4 MB without, and only leaving out both keeps libcrypto out.

So before anything else is imported, a desk imports asyncio, hashlib and hmac with
OpenSSL's two modules hidden (`sys.modules[name] = None` makes their import fail,
as on a Python built without OpenSSL, which all three support), then un-hides them.
What needs OpenSSL later still gets it: a desk that sends checkpoint e-mail imports
`ssl` then (and holds libcrypto from then on); scrypt is OpenSSL's (`core/pin.py`).
Commands other than the desk keep OpenSSL's hashing: `verify` hashes the whole practice.
"""

from __future__ import annotations

import sys

OPENSSL_MODULES = ("_ssl", "_hashlib")
"""The standard library's two modules that load OpenSSL's libcrypto."""


def leave_out_openssl() -> bool:
    """Import asyncio, hashlib and hmac without OpenSSL (see the module docstring); whether it was done.

    Nothing is done once either module is loaded (a test run, a program that imported asyncio
    first): libcrypto is then mapped already, and there is nothing left to save."""
    if any(name in sys.modules for name in OPENSSL_MODULES):
        return False
    for name in OPENSSL_MODULES:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import asyncio  # noqa: F401
        import hashlib  # noqa: F401
        import hmac  # noqa: F401
    finally:
        for name in OPENSSL_MODULES:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return True
