"""The desks' door in OpenSSH's `authorized_keys`: one restricted line per desk, read and written.

Every desk logs in as the service account that owns the database, with a key of its
own. What keeps a desk to the desk is that key's line (one line in the file):

    restrict,pty,command="/opt/boundary-tui/bin/boundary-tui --db /srv/boundary-tui/practice.db"
    ssh-ed25519 AAAA… boundary-tui desk reception-1

`restrict` turns off port, agent and X11 forwarding and `~/.ssh/rc` (and whatever
OpenSSH restricts in future); `pty` gives the desk its terminal back; `command=` is
run whatever the client asked for (a shell, `sqlite3`, scp, sftp), so the desk is all
a desk's key can start. The format is sshd(8)'s "AUTHORIZED_KEYS FILE FORMAT":
options (comma-separated, no spaces outside double quotes, `\\"` for a quote), the
key type, the base64 key, a comment. Pure functions only: reading the files and
knowing who owns them is `boundary_tui.server`'s job.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import shlex
import struct
from dataclasses import dataclass

from boundary_tui.core.text import printable
from boundary_tui.core.trust import Problem

DESK_COMMENT = "boundary-tui desk"
"""The comment on every line `server add-desk` writes, before the desk's name."""

KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
"""Public key types a desk may use (OpenSSH 9; `ssh-dss` is gone, certificates are not desk keys)."""

_KEY_TYPE_START = re.compile(r"^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.\-]+$")

REOPENING = {
    "port-forwarding": "port forwarding",
    "agent-forwarding": "agent forwarding",
    "x11-forwarding": "X11 forwarding",
    "user-rc": "running ~/.ssh/rc",
    "permitopen": "port forwarding (permitopen)",
    "permitlisten": "listening ports (permitlisten)",
    "tunnel": "tunnel devices",
    "environment": "setting environment variables (environment=)",
}
"""Options that undo part of `restrict` (or add a way around the desk): any of them breaks the door."""

DESK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")

UNSAFE_IN_COMMAND = re.compile(r'["\\\n\r\x00-\x1f\x7f]')
"""Characters a path in `command="…"` may not hold: quotes and backslashes change how sshd reads the line."""


class KeyLineError(ValueError):
    """A line of `authorized_keys`, or a public key file, that cannot be read."""


@dataclass(frozen=True)
class PublicKey:
    """An OpenSSH public key: its type, its base64 body and the comment it came with."""

    key_type: str
    body: str
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        """`SHA256:…`, as `ssh-keygen -l` prints it."""
        digest = hashlib.sha256(base64.b64decode(self.body)).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class KeyLine:
    """One key line of an `authorized_keys` file."""

    number: int
    """Line number in the file, from 1."""
    options: tuple[tuple[str, str | None], ...]
    """(name in lower case, value or None), in the order written."""
    key: PublicKey

    def option(self, name: str) -> str | None:
        """The value of the last `name=` option (sshd uses one), or None."""
        values = [value for key, value in self.options if key == name]
        return values[-1] if values else None

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.options)

    @property
    def desk(self) -> str | None:
        """The desk's name, on lines written by `server add-desk`."""
        comment = self.key.comment
        if comment.startswith(DESK_COMMENT + " "):
            return comment[len(DESK_COMMENT) + 1 :].strip() or None
        return None

    @property
    def label(self) -> str:
        """`line 3 (desk reception-1)` or `line 3 (key "jo@laptop")`: how problems name the line."""
        if self.desk:
            return f"line {self.number} (desk {printable(self.desk, single_line=True)})"
        if self.key.comment:
            return f'line {self.number} (key "{printable(self.key.comment, single_line=True)}")'
        return f"line {self.number} ({self.key.key_type} {self.key.fingerprint})"


def parse_public_key(text: str) -> PublicKey:
    """The key in a `.pub` file (one line: type, base64, optional comment)."""
    if "PRIVATE KEY" in text:
        raise KeyLineError(
            "that is a PRIVATE key: give the .pub file next to it. The private key stays on the desk's PC."
        )
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1:
        raise KeyLineError(
            "a public key file holds exactly one line (`ssh-ed25519 AAAA… comment`); "
            f"this one holds {len(lines)}. Make one with `ssh-keygen -t ed25519` on the desk's PC."
        )
    parts = lines[0].split(None, 2)
    if parts and not _KEY_TYPE_START.match(parts[0]):
        raise KeyLineError(
            "this is not an OpenSSH public key (it should start `ssh-ed25519 AAAA…`). "
            "Make one with `ssh-keygen -t ed25519` on the desk's PC and give its .pub file."
        )
    return _key(parts)


def _key(parts: list[str]) -> PublicKey:
    if len(parts) < 2:
        raise KeyLineError("the key itself (the long base64 text after the key type) is missing")
    key_type, body = parts[0], parts[1]
    if key_type not in KEY_TYPES:
        raise KeyLineError(f"key type {printable(key_type, single_line=True)} is not one a desk may use")
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise KeyLineError("the key's base64 text is damaged") from None
    if _blob_type(blob) != key_type:
        raise KeyLineError(f"the key's content does not match its type {key_type}: the key is damaged")
    comment = parts[2].strip() if len(parts) > 2 else ""
    return PublicKey(key_type, body, comment)


def _blob_type(blob: bytes) -> str | None:
    """The key type written inside the key itself (an SSH string: 4-byte length, then the name)."""
    if len(blob) < 4:
        return None
    (length,) = struct.unpack(">I", blob[:4])
    if length > 64 or len(blob) < 4 + length:
        return None
    try:
        return blob[4 : 4 + length].decode("ascii")
    except UnicodeDecodeError:
        return None


def parse_line(line: str, number: int) -> KeyLine | None:
    """One line of `authorized_keys`; None for blank lines and comments; `KeyLineError` if unreadable."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    options: tuple[tuple[str, str | None], ...] = ()
    first = text.split(None, 1)[0]
    if not _KEY_TYPE_START.match(first):
        options, text = _options(text)
    return KeyLine(number, options, _key(text.split(None, 2)))


def _options(text: str) -> tuple[tuple[tuple[str, str | None], ...], str]:
    """Split `name,name="value",…` off the start of `text`; returns (options, rest of the line)."""
    found: list[tuple[str, str | None]] = []
    i = 0
    while True:
        match = re.match(r"[A-Za-z0-9_-]+", text[i:])
        if not match:
            raise KeyLineError("its options cannot be read")
        name = match.group().lower()
        i += match.end()
        value: str | None = None
        if text[i : i + 1] == "=":
            if text[i + 1 : i + 2] != '"':
                raise KeyLineError(f"option {name}= needs its value in double quotes")
            i += 2
            chars: list[str] = []
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and text[i + 1 : i + 2] == '"':
                    i += 1  # \" is a quote; any other backslash stays (as sshd reads it)
                chars.append(text[i])
                i += 1
            if i >= len(text):
                raise KeyLineError(f"option {name}= has no closing quote")
            i += 1
            value = "".join(chars)
        found.append((name, value))
        if text[i : i + 1] == ",":
            i += 1
            continue
        if text[i : i + 1] in (" ", "\t"):
            return tuple(found), text[i:].strip()
        raise KeyLineError("its options cannot be read")


def parse_file(text: str) -> tuple[list[KeyLine], list[Problem]]:
    """Every key line of an `authorized_keys` file, and a problem for each line that cannot be read."""
    lines: list[KeyLine] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            parsed = parse_line(raw, number)
        except KeyLineError as error:
            problems.append(
                Problem(
                    f"Line {number} of the service account's authorized_keys cannot be read ({error}): "
                    "this check cannot tell what it lets in.",
                    "Remove the line, and add the desk again with `boundary-tui server add-desk`.",
                )
            )
            continue
        if parsed is not None:
            lines.append(parsed)
    return lines, problems


def desk_name_problem(name: str) -> str | None:
    """Why `name` cannot name a desk (it goes into the key's comment), or None."""
    if not DESK_NAME.match(name):
        return (
            f"{printable(name, single_line=True)!r} cannot name a desk: use 1 to 40 letters, digits, '.', '_' "
            "or '-', starting with a letter or digit (e.g. reception-1)."
        )
    return None


def forced_command(program: list[str], db: str) -> str:
    """The shell command in a desk's `command="…"`: the program, `--db`, the database, each quoted for the shell."""
    argv = [*program, "--db", db]
    for arg in argv:
        if UNSAFE_IN_COMMAND.search(arg):
            raise KeyLineError(
                f"{printable(arg, single_line=True)} holds a quote, a backslash or a control character, "
                "which cannot go into an authorized_keys line: choose a plainer path"
            )
    for path in (argv[0], db):
        if not os.path.isabs(path):
            raise KeyLineError(f"{printable(path, single_line=True)} is not an absolute path")
    return " ".join(shlex.quote(arg) for arg in argv)


def desk_line(key: PublicKey, desk: str, program: list[str], db: str) -> str:
    """The line `server add-desk` appends: restricted, a terminal, the desk and nothing else."""
    if problem := desk_name_problem(desk):
        raise KeyLineError(problem)
    return f'restrict,pty,command="{forced_command(program, db)}" {key.key_type} {key.body} {DESK_COMMENT} {desk}'


def starts_the_desk(command: str, db: str) -> str | None:
    """Why a forced command is not exactly the desk on `db`, or None when it is.

    Accepted: `/abs/boundary-tui --db DB` and `/abs/python -m boundary_tui --db DB`,
    which is what `server add-desk` writes. Anything else (a shell, another
    subcommand, another database, a program found through `$PATH`) is refused.
    """
    try:
        argv = shlex.split(command)
    except ValueError:
        return "its command cannot be read"
    if len(argv) == 3 and os.path.basename(argv[0]) == "boundary-tui":
        program, rest = argv[:1], argv[1:]
    elif len(argv) == 5 and argv[1:3] == ["-m", "boundary_tui"] and os.path.basename(argv[0]).startswith("python"):
        program, rest = argv[:3], argv[3:]
    else:
        return f"it starts `{printable(command, single_line=True)}`, which is not the desk"
    if not os.path.isabs(program[0]):
        return f"it starts {printable(program[0], single_line=True)} through $PATH, not by its absolute path"
    if rest[0] != "--db":
        return f"it starts `{printable(command, single_line=True)}`, which is not the desk"
    if os.path.normpath(rest[1]) != os.path.normpath(db):
        return f"it starts the desk on another database ({printable(rest[1], single_line=True)})"
    return None


def line_problems(line: KeyLine, db: str) -> list[Problem]:
    """What lets a key on the service account do more than start the desk on `db`."""
    problems: list[Problem] = []
    fix = "Remove the line and add the desk again with `boundary-tui server add-desk`."
    command = line.option("command")
    if command is None:
        problems.append(
            Problem(
                f"The service account's authorized_keys {line.label} has no forced command: "
                "whoever holds that key gets a shell as the account that owns the database.",
                fix,
            )
        )
    elif reason := starts_the_desk(command, db):
        problems.append(Problem(f"The service account's authorized_keys {line.label}: {reason}.", fix))
    if not line.has("restrict"):
        problems.append(
            Problem(
                f"The service account's authorized_keys {line.label} lacks `restrict`: its key may forward "
                "ports (reaching services on the server), the agent and X11, and run ~/.ssh/rc.",
                fix,
            )
        )
    reopened = [words for option, words in REOPENING.items() if line.has(option)]
    if reopened:
        problems.append(
            Problem(
                f"The service account's authorized_keys {line.label} allows {', '.join(reopened)}: "
                "a desk's key must start the desk and nothing else.",
                fix,
            )
        )
    return problems
