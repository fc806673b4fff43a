"""A real door for tests: accounts, OpenSSH's own sshd on a free port, and a terminal to drive `ssh -tt`.

Needs root (it adds accounts with `useradd` and runs sshd) and OpenSSH
(`.ci/run` installs it). Every name is unique per run and everything is removed
afterwards; the accounts' homes live under a temporary folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import re
import secrets
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import sysconfig
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SSHD = next((p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if os.access(p, os.X_OK)), None)

_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_]|.)")


def require_root_and_openssh() -> None:
    """Fail (never skip) when the machine cannot run these tests, saying what is missing."""
    assert os.geteuid() == 0, "the door tests add accounts and run sshd: run the suite as root (CI does)"
    missing = [name for name in ("ssh", "ssh-keygen", "sftp", "scp", "useradd") if shutil.which(name) is None]
    assert SSHD is not None and not missing, (
        f"OpenSSH is missing ({'sshd' if SSHD is None else ''} {' '.join(missing)}): "
        "apt-get install -y openssh-server openssh-client (.ci/run does)"
    )


def unique_name(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(4)}"


def run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@dataclass
class Person:
    """An ordinary account on the server: someone who sits at a desk and holds its key."""

    name: str
    uid: int
    gid: int
    home: Path
    key: Path

    def env(self) -> dict[str, str]:
        return {"HOME": str(self.home), "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8"}


def add_person(base: Path) -> Person:
    """A separate ordinary account with an ed25519 key of its own (made as that account)."""
    name = unique_name("btp")  # matches LEFTOVER
    home = base / name
    done = run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh", "--user-group", name])
    assert done.returncode == 0, done.stderr
    entry = pwd.getpwnam(name)
    person = Person(name, entry.pw_uid, entry.pw_gid, home, home / "id_ed25519")
    done = run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@desk-pc", "-f", str(person.key)],
        user=person.uid,
        group=person.gid,
        extra_groups=[],
        env=person.env(),
    )
    assert done.returncode == 0, done.stderr
    return person


def remove_account(name: str) -> None:
    run(["userdel", name])


LEFTOVER = re.compile(r"^bt[dp][0-9a-f]{8}$")


def remove_leftover_accounts() -> None:
    """Accounts of an earlier run that was killed before its clean-up (their homes are gone with it)."""
    for entry in pwd.getpwall():
        if LEFTOVER.match(entry.pw_name) and "/boundary-tui-door-" in entry.pw_dir and not os.path.exists(entry.pw_dir):
            remove_account(entry.pw_name)


# -- an interpreter the service account can run -------------------------------------------


def account_python(base: Path, account: str) -> str:
    """A Python that `account` can run, with boundary-tui and its dependencies importable.

    The suite's own interpreter may live where other accounts cannot go (a pyenv
    under /root): then a virtual environment is made under `base` from an
    interpreter they can run, seeing this environment's packages, or copies of
    them when those are out of reach too.
    """
    if _runs(sys.executable, account):
        return sys.executable
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [getattr(sys, "_base_executable", ""), f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    base_python = next((c for c in candidates if c and _runs(c, account, probe="import sys")), None)
    assert base_python is not None, f"no python{version} that the account {account} can run"
    venv = base / "venv"
    done = run([base_python, "-m", "venv", "--without-pip", str(venv)])
    assert done.returncode == 0, done.stderr
    python = str(venv / "bin" / "python")
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    ours = [Path(sysconfig.get_paths()["purelib"]), ROOT]
    (site / "boundary-tui-tests.pth").write_text(
        "".join(f"import site; site.addsitedir({str(p)!r})\n" for p in ours), encoding="utf-8"
    )
    if not _runs(python, account):  # our packages are out of its reach: give it copies
        copies = base / "lib"
        skip = shutil.ignore_patterns("__pycache__", "mypy*", "*editable*", "boundary_tui*")
        shutil.copytree(ours[0], copies / "site-packages", ignore=skip)
        shutil.copytree(ROOT / "boundary_tui", copies / "src" / "boundary_tui")
        shutil.copytree(ROOT / "styles", copies / "src" / "styles")
        (site / "boundary-tui-tests.pth").write_text(
            f"import sys; sys.path.insert(0, {str(copies / 'src')!r})\n"
            f"import site; site.addsitedir({str(copies / 'site-packages')!r})\n",
            encoding="utf-8",
        )
        for path in [copies, *copies.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert _runs(python, account), f"the account {account} still cannot import boundary_tui"
    return python


def _runs(python: str, account: str, probe: str = "import boundary_tui.app") -> bool:
    entry = pwd.getpwnam(account)
    try:
        done = run(
            [python, "-c", probe],
            user=entry.pw_uid,
            group=entry.pw_gid,
            extra_groups=[],
            cwd="/",
            env={"PATH": "/usr/bin:/bin", "HOME": "/"},
        )
    except OSError:
        return False
    return done.returncode == 0


# -- OpenSSH's server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Sshd:
    """A private sshd on 127.0.0.1: its own host key, config, pid file and log."""

    port: int
    config: Path
    log: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_sshd(folder: Path, account: str) -> Sshd:
    """sshd letting only `account` in, by key only. It allows forwarding: only the keys' options refuse it."""
    assert SSHD is not None
    folder.mkdir(mode=0o700, exist_ok=True)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    host_key = folder / "host_ed25519"
    if not host_key.exists():
        done = run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)])
        assert done.returncode == 0, done.stderr
    log = folder / "sshd.log"
    for _attempt in range(3):
        port = free_port()
        config = folder / "sshd_config"
        config.write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {folder / 'sshd.pid'}\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
            f"AuthorizedKeysFile .ssh/authorized_keys\nStrictModes yes\nAllowUsers {account}\n"
            "AllowTcpForwarding yes\nAllowAgentForwarding yes\nX11Forwarding yes\nPermitTTY yes\n"
            "Subsystem sftp internal-sftp\nLogLevel VERBOSE\n",
            encoding="utf-8",
        )
        process = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(log)], stdin=subprocess.DEVNULL)
        sshd = Sshd(port, config, log, process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                if s.recv(8).startswith(b"SSH-"):
                    return sshd
            time.sleep(0.05)
        sshd.stop()  # the port was taken after all, or sshd did not start: try another
    raise AssertionError(f"sshd did not start: {log.read_text(errors='replace') if log.exists() else 'no log'}")


def ssh_options(person: Person, sshd: Sshd) -> list[str]:
    return [
        "-F",
        "/dev/null",
        "-i",
        str(person.key),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=10",
    ]


# -- a terminal to drive a client -----------------------------------------------------------


def plain(data: bytes) -> str:
    """What a terminal would show, near enough: escape sequences removed."""
    return _ESCAPES.sub(b"", data).decode("utf-8", errors="replace")


class Terminal:
    """A program run in a pseudo-terminal of its own (120x40), read and typed into like a person would."""

    def __init__(self, argv: list[str], *, person: Person) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            user=person.uid,
            group=person.gid,
            extra_groups=[],
            env=person.env(),
            cwd=person.home,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the other end closed (EIO)
            return False
        if not chunk:
            return False
        self.output += chunk
        return True

    def expect(self, text: str, timeout: float = 30) -> str:
        """Read until `text` is on screen; fail with what was seen."""
        deadline = time.monotonic() + timeout
        while text not in plain(self.output):
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.2)) and self.process.poll() is not None:
                raise AssertionError(f"{text!r} never appeared; the terminal showed:\n{plain(self.output)[-2000:]}")
        return plain(self.output)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def wait(self, timeout: float = 20) -> int:
        """The client's exit status, reading what is left meanwhile."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        os.close(self.master)


@contextlib.contextmanager
def terminal(argv: list[str], *, person: Person) -> Iterator[Terminal]:
    session = Terminal(argv, person=person)
    try:
        yield session
    finally:
        session.close()
