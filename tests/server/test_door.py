"""The door, for real: OpenSSH's sshd, a service account set up by `server init`, a desk's key added by
`server add-desk`, and a person at a desk who tries everything a key might get them.

Whatever the key asks for (a terminal, a shell, `sqlite3`, sftp, scp, a port
forward) it gets the desk or nothing, and the person holding it cannot read the
database file on the server. Runs as root (CI does); sshd needs OpenSSH
installed (`.ci/run` installs it).
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import run_unprivileged
from tests.helpers.door import (
    Person,
    Sshd,
    account_python,
    add_person,
    free_port,
    remove_account,
    remove_leftover_accounts,
    require_root_and_openssh,
    run,
    ssh_options,
    start_sshd,
    terminal,
    unique_name,
)
from tests.helpers.practice import Practice

SIGN_IN = "Your name"
"""What the sign-in screen shows (above the list of staff)."""


@dataclasses.dataclass
class Door:
    account: str
    db: Path
    person: Person
    sshd: Sshd
    python: str
    """The interpreter the desks' keys start (one the service account can run)."""
    base: Path

    @property
    def target(self) -> str:
        return f"{self.account}@127.0.0.1"

    def ssh(self, *args: str) -> list[str]:
        return ["ssh", *ssh_options(self.person, self.sshd), "-p", str(self.sshd.port), *args]

    def as_person(self, argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return run(argv, user=self.person.uid, group=self.person.gid, extra_groups=[], env=self.person.env(), **kwargs)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`boundary-tui ARGS` as root, from the installation the desks' keys start."""
        return run([self.python, "-m", "boundary_tui", *args], cwd="/")


@pytest.fixture(scope="module")
def door(practice_template: Practice) -> Iterator[Door]:
    require_root_and_openssh()
    remove_leftover_accounts()
    base = Path(tempfile.mkdtemp(prefix="boundary-tui-door-", dir="/tmp"))
    base.chmod(0o755)  # the accounts' homes are in here
    account = unique_name("btd")
    made: list[str] = []
    sshd = None
    try:
        person = add_person(base)
        made.append(person.name)
        # A practice already in use, left as the old README had it (readable by everyone):
        # `server init` makes the account and takes the file over.
        db = base / "srv" / "boundary-tui" / "practice.db"
        db.parent.mkdir(parents=True)
        db.parent.chmod(0o755)
        shutil.copyfile(practice_template.path, db)
        db.chmod(0o644)
        python = sys.executable
        init = run([python, "-m", "boundary_tui", "server", "init", "--account", account,
                    "--home", str(base / account), "--db", str(db)], cwd="/")  # fmt: skip
        made.append(account)
        assert f"Created the service account {account}" in init.stdout, init.stdout + init.stderr
        python = account_python(base, account)
        added = run([python, "-m", "boundary_tui", "server", "add-desk", "reception-1", f"{person.key}.pub",
                     "--account", account, "--db", str(db)], cwd="/")  # fmt: skip
        assert added.returncode == 0, added.stdout + added.stderr
        sshd = start_sshd(base / "sshd", account)
        yield Door(account, db, person, sshd, python, base)
    finally:
        if sshd is not None:
            sshd.stop()
        for name in made:
            remove_account(name)
        shutil.rmtree(base, ignore_errors=True)


def test_server_init_left_the_database_to_the_service_account_alone(door: Door) -> None:
    for path, mode in ((door.db, 0o600), (door.db.parent, 0o700)):
        st = path.stat()
        assert (st.st_mode & 0o777, st.st_uid) == (mode, pwd.getpwnam(door.account).pw_uid), path
    keys = Path(door.base / door.account / ".ssh" / "authorized_keys").read_text()
    assert keys.count("\n") == 1
    assert keys.startswith(f'restrict,pty,command="{door.python} -m boundary_tui --db {door.db}" ssh-ed25519 ')
    assert keys.rstrip().endswith("boundary-tui desk reception-1")


def test_the_desk_key_gets_the_sign_in_screen_and_ctrl_q_ends_the_connection(door: Door) -> None:
    with terminal(door.ssh("-tt", door.target), person=door.person) as desk:
        screen = desk.expect(SIGN_IN)
        assert "Margaret Lewis" in screen
        desk.send(b"\x11")  # ctrl+q: the forced command exits, and with it the connection
        assert desk.wait() == 0


def test_asking_for_a_shell_gets_the_desk_instead(door: Door) -> None:
    with terminal(door.ssh("-tt", door.target, "sh", "-c", "'id; cat /etc/hostname'"), person=door.person) as desk:
        screen = desk.expect(SIGN_IN)
        desk.send(b"\x11")
        assert desk.wait() == 0
    assert "uid=" not in screen


@pytest.mark.parametrize(
    "command",
    [["sqlite3", "DB", ".dump"], ["cat", "DB"], ["sh", "-c", "'id'"]],
    ids=["sqlite3", "cat", "shell"],
)
def test_a_command_without_a_terminal_gets_nothing_but_a_refusal(door: Door, command: list[str]) -> None:
    argv = [str(door.db) if part == "DB" else part for part in command]
    done = door.as_person(door.ssh(door.target, *argv), stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "the desk needs a terminal" in done.stderr
    assert "uid=" not in done.stderr and "CREATE TABLE" not in done.stderr


def test_sftp_and_scp_get_nothing(door: Door) -> None:
    stolen = door.person.home / "stolen.db"
    options = [*ssh_options(door.person, door.sshd), "-P", str(door.sshd.port)]
    sftp = door.as_person(["sftp", *options, "-b", "-", door.target], input=f"get {door.db} {stolen}\n")
    assert sftp.returncode != 0
    assert "subsystem request failed" in sftp.stderr or "Connection closed" in sftp.stderr, sftp.stderr
    for legacy in ([], ["-O"]):  # the SFTP protocol, then the old one that runs `scp -f` on the server
        done = door.as_person(["scp", *legacy, *options, f"{door.target}:{door.db}", str(stolen)])
        assert done.returncode != 0
    assert not stolen.exists()


def test_port_forwards_are_refused(door: Door) -> None:
    # Through the client's own stdin and stdout (-W): the channel is refused, nothing comes back.
    stdio = door.as_person(door.ssh("-W", f"127.0.0.1:{door.sshd.port}", door.target), stdin=subprocess.DEVNULL)
    assert stdio.returncode == 255 and "SSH-" not in stdio.stdout and "stdio forwarding failed" in stdio.stderr
    # A local forward (-N -L), then a connection through it: the client accepts, the server refuses.
    local = free_port()
    forward = subprocess.Popen(
        door.ssh("-N", "-o", "ExitOnForwardFailure=yes", "-L", f"{local}:127.0.0.1:{door.sshd.port}", door.target),
        user=door.person.uid,
        group=door.person.gid,
        extra_groups=[],
        env=door.person.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        received = _through(local, forward)
    finally:
        forward.kill()
        forward.wait(timeout=30)
    assert not received.startswith(b"SSH-"), "a local forward reached the server's sshd"
    _in_log(door.sshd, "refused local port forward: originator 127.0.0.1")
    # A remote forward (-R): refused when asked for.
    remote = door.as_person(door.ssh("-N", "-o", "ExitOnForwardFailure=yes", "-R", f"{free_port()}:127.0.0.1:22",
                                     door.target))  # fmt: skip
    assert remote.returncode == 255 and "remote port forwarding failed" in remote.stderr


def test_the_person_holding_the_desk_key_cannot_read_the_database(door: Door) -> None:
    for argv in (["cat", str(door.db)], ["ls", str(door.db.parent)], ["cp", str(door.db), "/tmp/x"]):
        done = door.as_person(argv)
        assert done.returncode != 0 and "Permission denied" in done.stderr, argv
    with pytest.raises(PermissionError):
        _open_as(door.person, door.db)


def test_server_check_passes_and_then_names_each_break(door: Door) -> None:
    check = ["server", "check", "--account", door.account, "--db", str(door.db), "--sshd-config", str(door.sshd.config)]
    done = door.cli(*check)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems found" in done.stdout and "reception-1" in done.stdout

    keys = door.base / door.account / ".ssh" / "authorized_keys"
    before = keys.read_text()
    public = (door.person.key.with_suffix(".pub")).read_text().split()
    try:
        door.db.chmod(0o644)
        door.db.parent.chmod(0o755)
        with keys.open("a") as file:
            file.write(f"{public[0]} {public[1]} someone@laptop\n")
        done = door.cli(*check)
        assert done.returncode == 1
        assert f"The database {door.db} is mode 0644" in done.stdout
        assert "is mode 0755" in done.stdout
        assert 'line 2 (key "someone@laptop") has no forced command' in done.stdout
        assert "lacks `restrict`" in done.stdout
    finally:
        keys.write_text(before)
        door.db.chmod(0o600)
        door.db.parent.chmod(0o700)


def test_a_desk_started_as_another_account_is_refused(door: Door) -> None:
    """The desk itself, started by root on the service account's database: refused, nothing opened."""
    done = door.cli("--db", str(door.db))
    assert done.returncode == 1
    assert f"belongs to {door.account}" in done.stderr and "server check" in done.stderr


# -- helpers -------------------------------------------------------------------------------


def _through(port: int, client: subprocess.Popen[bytes]) -> bytes:
    """What a connection to the forwarded port receives (the server's banner, if the forward worked)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.settimeout(10)
                try:
                    return conn.recv(64)
                except (TimeoutError, ConnectionResetError):
                    return b""
        except ConnectionRefusedError:  # the client is not listening yet
            assert client.poll() is None, "ssh -L gave up (could it not listen on the port?)"
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _in_log(sshd: Sshd, text: str) -> None:
    """sshd logged `text` (it writes its log a moment after acting)."""
    deadline = time.monotonic() + 10
    while text not in sshd.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"sshd never logged {text!r}"
        time.sleep(0.05)


def _open_as(person: Person, path: Path) -> None:
    """Open `path` for reading in a child running as `person`; re-raise its PermissionError here."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.setgid(person.gid)
            os.setgroups([])
            os.setuid(person.uid)
            with open(path, "rb"):
                pass
        except PermissionError:
            code = 13
        finally:
            os._exit(code)
    os.close(write_end)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 13:
        raise PermissionError(path)


def test_server_init_again_changes_nothing(door: Door) -> None:
    done = door.cli("server", "init", "--account", door.account, "--db", str(door.db))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Nothing needed changing." in done.stdout and "Created" not in done.stdout


def test_add_desk_refuses_a_key_already_there_a_name_in_use_and_a_private_key(door: Door) -> None:
    keys = door.base / door.account / ".ssh" / "authorized_keys"
    before = keys.read_text()
    add = ["server", "add-desk", "--account", door.account, "--db", str(door.db)]
    again = door.cli(*add, "reception-2", f"{door.person.key}.pub")
    assert again.returncode == 1 and "That key is already in" in again.stderr and "(desk reception-1)" in again.stderr
    other = door.base / "other"
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)])
    same_name = door.cli(*add, "reception-1", f"{other}.pub")
    assert same_name.returncode == 1 and "A desk called reception-1 already has a key" in same_name.stderr
    private = door.cli(*add, "reception-2", str(other))
    assert private.returncode == 1 and "PRIVATE key" in private.stderr
    nobody = door.cli("server", "add-desk", "--account", "no-such-account", "--db", str(door.db), "x", f"{other}.pub")
    assert nobody.returncode == 1 and "There is no account no-such-account" in nobody.stderr
    assert keys.read_text() == before
    assert "Traceback" not in again.stderr + same_name.stderr + private.stderr + nobody.stderr


def test_server_init_and_add_desk_need_root(door: Door) -> None:
    for argv in (
        ["server", "init", "--account", door.account, "--db", str(door.db)],
        ["server", "add-desk", "--account", door.account, "x", f"{door.person.key}.pub"],
    ):
        code, stderr = run_unprivileged(argv)
        assert code == 1 and "needs root" in stderr and "Traceback" not in stderr, stderr
