"""Staff PINs and one-time setup codes: what a new PIN must be, and how both are stored.

A PIN is digits only, 4 to 12 of them (a manager's at least 6: a manager's
account opens and closes concerns and lifts other people's locks), and not one
of the PINs people pick first (1234, 1111, 1212, a birthday…): a locked desk
faces the public, and whoever walks up tries those. The rule applies when a PIN
is set; PINs set before it keep working.

Only a salted scrypt hash is stored; the hash string carries its own parameters
so they can be raised later without invalidating existing PINs.

A setup code is how an account gets its first PIN (or a new one) without an
administrator ever knowing it: `boundary-tui staff add` and `staff pin` print a
random code once; the person types it at a desk and then chooses their own PIN.
It is stored like a PIN, in the same column, marked and with its expiry inside
the stored text (`setup$<expires>$scrypt$…`), so the tamper-evident record of
the account (a digest of that column) covers the code and its expiry too.
"""

from __future__ import annotations

import hashlib
import importlib
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from boundary_tui.core.times import from_db, to_db

MIN_PIN_LENGTH = 4
MIN_MANAGER_PIN_LENGTH = 6
MAX_PIN_LENGTH = 12

SETUP_CODE_DIGITS = 8
SETUP_CODE_HOURS = 24
SETUP_CODE_VALID = timedelta(hours=SETUP_CODE_HOURS)
"""How long a setup code can be used (once) after it is issued."""

_SETUP = "setup"

# scrypt cost: ~50 ms per check on a desk PC, which makes guessing slow
# without making sign-in feel slow.
_N, _R, _P = 2**14, 8, 1

WELL_KNOWN = frozenset(
    {
        # Lines on a telephone keypad, and other favourites of published PIN studies.
        "2580", "0852", "1470", "0741", "3690", "0963", "1379", "9731", "1397", "7931", "1590", "0951",
        "1004", "5683", "1342", "147258", "258369", "369258", "159753", "357159", "147852", "963852",
    }
)  # fmt: skip
"""PINs people choose first that no simple pattern below catches."""

TOO_EASY = "too easy to guess. Choose another."


def min_length(role: str | None) -> int:
    """The fewest digits a new PIN may have for this role."""
    return MIN_MANAGER_PIN_LENGTH if role == "manager" else MIN_PIN_LENGTH


def pin_problem(pin: str, role: str | None = None) -> str | None:
    """Why this PIN cannot be set (for an account with this role), or None.

    Never repeats the PIN: the message may be read on a screen facing the public.
    """
    if not pin:
        return "Enter a PIN."
    if not (pin.isascii() and pin.isdigit()):
        return "A PIN is digits only."
    fewest = min_length(role)
    if len(pin) < fewest:
        if role == "manager":
            return f"A manager's PIN has at least {fewest} digits."
        return f"A PIN has at least {fewest} digits."
    if len(pin) > MAX_PIN_LENGTH:
        return f"A PIN has at most {MAX_PIN_LENGTH} digits."
    return common_pin_problem(pin)


def common_pin_problem(pin: str) -> str | None:
    """Why these digits are among the first anyone would try, or None."""
    if len(set(pin)) == 1:
        return f"One digit repeated (like 1111) is {TOO_EASY}"
    if _is_run(pin):
        return f"Digits in a row (like 1234, 4321 or 2468) are {TOO_EASY}"
    if _is_repeated(pin):
        return f"A repeated pattern (like 1212 or 1122) is {TOO_EASY}"
    if _is_date(pin):
        return f"A date or a year (like a birthday: 2503, 1984, 250378) is {TOO_EASY}"
    if pin in WELL_KNOWN:
        return "That is one of the most used PINs (like 2580, down the keypad). Choose another."
    return None


def _is_run(pin: str) -> bool:
    """Each digit one or two up (or down) from the last: 1234, 7890, 4321, 2468, 97531."""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    return len(steps) == 1 and steps <= {1, 2, 8, 9}


def _is_repeated(pin: str) -> bool:
    """A shorter block repeated (1212, 123123, 105105) or each digit doubled (1122, 778899)."""
    n = len(pin)
    if any(n % size == 0 and pin == pin[:size] * (n // size) for size in range(1, n // 2 + 1)):
        return True
    return n % 2 == 0 and all(pin[i] == pin[i + 1] for i in range(0, n, 2))


def _real_day(day: int, month: int, year: int = 2000) -> bool:
    """Whether day/month is a date (2000 is a leap year: 29 February counts)."""
    import calendar  # calendar, hmac, secrets: where used, not before the sign-in screen is up

    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _is_year(text: str) -> bool:
    return 1900 <= int(text) <= 2099


def _is_date(pin: str) -> bool:
    """DDMM, MMDD or a year 1900-2099; DDMMYY, MMDDYY or YYMMDD; DDMMYYYY, MMDDYYYY or YYYYMMDD."""
    n = len(pin)
    if n == 4:
        a, b = int(pin[:2]), int(pin[2:])
        return _real_day(a, b) or _real_day(b, a) or _is_year(pin)
    if n == 6:
        a, b, c = int(pin[:2]), int(pin[2:4]), int(pin[4:])
        return _real_day(a, b) or _real_day(b, a) or _real_day(c, b)
    if n == 8:
        a, b = int(pin[:2]), int(pin[2:4])
        head_year, tail_year = pin[4:], pin[:4]
        return (_is_year(head_year) and (_real_day(a, b) or _real_day(b, a))) or (
            _is_year(tail_year) and _real_day(int(pin[6:]), int(pin[4:6]))
        )
    return False


# -- storing and checking ---------------------------------------------------------------


_CHILD = (
    "import hashlib,sys;a=sys.argv;sys.stdout.write(hashlib.scrypt(bytes.fromhex(sys.stdin.read()),"
    "salt=bytes.fromhex(a[1]),n=int(a[2]),r=int(a[3]),p=int(a[4])).hex())"
)


def _scrypt(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    """`hashlib.scrypt`, worked out in a short-lived child process (`python -I -S`: ~10 ms to start).

    Its scratch memory (16 MB at our cost) is then the child's, never the desk's: a
    desk runs all day, and its peak memory is what the server must hold for each one.
    The secret goes over a pipe, never on a command line. If no child can be
    started (no processes left), it is worked out here; parameters scrypt refuses
    raise `ValueError`, as `hashlib.scrypt` does.
    """
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _CHILD, salt.hex(), str(n), str(r), str(p)],
            input=secret.hex(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return _scrypt_here(secret, salt=salt, n=n, r=r, p=p)
    if done.returncode == 0:
        return bytes.fromhex(done.stdout)
    if "ValueError" in done.stderr:
        raise ValueError("scrypt refused these parameters")
    return _scrypt_here(secret, salt=salt, n=n, r=r, p=p)


def _scrypt_here(secret: bytes, *, salt: bytes, n: int, r: int, p: int) -> bytes:
    """scrypt in this process. It is OpenSSL's: a desk's hashlib was loaded without it
    (`boundary_tui/commands/without_openssl.py`), and then takes it from OpenSSL's module itself."""
    scrypt = getattr(hashlib, "scrypt", None) or importlib.import_module("_hashlib").scrypt
    return bytes(scrypt(secret, salt=salt, n=n, r=r, p=p))


def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash` for a valid PIN (check `pin_problem` first)."""
    import secrets

    salt = secrets.token_bytes(16)
    digest = _scrypt(pin.encode(), salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the stored PIN or setup code; constant time, never raises on junk.

    An expired setup code still matches here: the store says "expired" rather than "wrong".
    """
    try:
        if stored.startswith(_SETUP + "$"):
            stored = stored.split("$", 2)[2]
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = _scrypt(pin.encode("utf-8", "surrogatepass"), bytes.fromhex(salt_hex), int(n), int(r), int(p))
    except (ValueError, TypeError, IndexError):
        return False
    import hmac

    return hmac.compare_digest(digest.hex(), digest_hex)


def new_setup_code() -> str:
    """A random one-time code of `SETUP_CODE_DIGITS` digits (never an easy one: it is typed at a public desk)."""
    import secrets

    while True:
        code = f"{secrets.randbelow(10**SETUP_CODE_DIGITS):0{SETUP_CODE_DIGITS}d}"
        if common_pin_problem(code) is None:
            return code


def hash_setup_code(code: str, *, expires: datetime) -> str:
    """What is stored for a setup code: its hash, marked, with when it stops working."""
    return f"{_SETUP}${to_db(expires)}${hash_pin(code)}"


def setup_code_expires(stored: str | None) -> datetime | None:
    """When the setup code stored here stops working; None if a PIN (or nothing) is stored."""
    if not stored or not stored.startswith(_SETUP + "$"):
        return None
    try:
        return from_db(stored.split("$", 2)[1])
    except (ValueError, IndexError):
        return datetime.min.replace(tzinfo=UTC)  # unreadable: treated as long expired
