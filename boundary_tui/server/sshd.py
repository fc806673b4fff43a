"""What OpenSSH's server will do for the service account: `sshd -T`, read, never changed.

`sshd -T -C user=…` prints the settings that apply to a connection by that account
after every `Match` block: which `authorized_keys` files it reads, whether keys can
also come from elsewhere (`AuthorizedKeysCommand`, certificates), whether a key
line's `environment=` is honoured. It needs root (it reads the host keys).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from boundary_tui.core.text import printable
from boundary_tui.core.trust import AccountFacts, Problem

SSHD_PLACES = ("/usr/sbin/sshd", "/usr/local/sbin/sshd", "/sbin/sshd")

DEFAULT_KEY_FILES = (".ssh/authorized_keys", ".ssh/authorized_keys2")
"""sshd's own default for `AuthorizedKeysFile`."""


@dataclass
class SshdView:
    """sshd's settings for the service account, or why they could not be read."""

    settings: dict[str, list[str]] = field(default_factory=dict)
    unread: str | None = None
    """Why `sshd -T` did not answer (not installed, not root, a broken config), or None."""

    def values(self, key: str) -> list[str]:
        return self.settings.get(key, [])

    def value(self, key: str, default: str = "") -> str:
        values = self.values(key)
        return values[0] if values else default


def find_sshd() -> str | None:
    """OpenSSH's server program (it lives in `/usr/sbin`, often not on an ordinary `$PATH`)."""
    return shutil.which("sshd") or next((p for p in SSHD_PLACES if os.access(p, os.X_OK)), None)


def read_settings(account: str, config: Path | None = None) -> SshdView:
    """`sshd -T` for a connection by `account` (`config`: a config file other than sshd's default)."""
    sshd = find_sshd()
    if sshd is None:
        return SshdView(unread="OpenSSH's server (sshd) is not installed")
    if os.geteuid() != 0:
        return SshdView(unread="sshd's settings can only be read by root")
    spec = f"user={account},host=desk,addr=127.0.0.1,laddr=127.0.0.1,lport=22"
    argv = [sshd, "-T", "-C", spec, *(["-f", str(config)] if config else [])]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return SshdView(unread=f"`sshd -T` could not run ({error})")
    if done.returncode != 0:
        said = printable(" ".join(done.stderr.split())[:300], single_line=True)
        return SshdView(unread=f"`sshd -T` failed: {said}")
    settings: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        settings.setdefault(key.lower(), []).append(value.strip())
    return SshdView(settings=settings)


def key_files(view: SshdView, account: AccountFacts) -> list[Path]:
    """The `authorized_keys` files sshd reads for the account (`%h`, `%u`, `%U`, `%%` expanded)."""
    patterns: list[str] = []
    for value in view.values("authorizedkeysfile"):
        patterns += value.split()
    if not patterns:
        patterns = list(DEFAULT_KEY_FILES)
    files = []
    for pattern in patterns:
        if pattern.lower() == "none":
            continue
        expanded = (
            pattern.replace("%%", "\0")
            .replace("%h", account.home)
            .replace("%u", account.name)
            .replace("%U", str(account.uid))
            .replace("\0", "%")
        )
        path = Path(expanded) if os.path.isabs(expanded) else Path(account.home) / expanded
        if path not in files:
            files.append(path)
    return files


def settings_problems(view: SshdView, account: AccountFacts) -> list[Problem]:
    """sshd settings that let something other than a desk's restricted key in, or keep desks out."""
    name = printable(account.name, single_line=True)
    problems = []
    command = view.value("authorizedkeyscommand", "none")
    if command.lower() != "none":
        problems.append(
            Problem(
                f"sshd also takes keys for {name} from AuthorizedKeysCommand "
                f"({printable(command, single_line=True)}), which this check cannot read.",
                f"Turn it off for {name} in sshd_config (a `Match User {name}` block), so the desks' restricted "
                "keys are the only way in.",
            )
        )
    for key, what in (("trustedusercakeys", "certificates signed by TrustedUserCAKeys"),):
        value = view.value(key, "none")
        if value.lower() != "none":
            problems.append(
                Problem(
                    f"sshd lets {what} ({printable(value, single_line=True)}) log in, perhaps as {name}, "
                    "without the restrictions of the desks' keys.",
                    f"Turn it off for {name} in sshd_config (a `Match User {name}` block).",
                )
            )
    if view.value("permituserenvironment", "no").lower() != "no":
        problems.append(
            Problem(
                "sshd has PermitUserEnvironment on: a key line's environment= (and ~/.ssh/environment) "
                "can change what the forced command loads.",
                "PermitUserEnvironment no   (in sshd_config; it is the default)",
            )
        )
    if view.value("permittty", "yes").lower() == "no":
        problems.append(
            Problem(
                f"sshd has PermitTTY no for {name}: desks cannot get a terminal, so none can start.",
                "PermitTTY yes   (each key's `restrict,pty` decides)",
            )
        )
    return problems
