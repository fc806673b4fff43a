"""CI can run the door tests: `.ci/run` installs OpenSSH (server and client) before the README's test command."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_installs_openssh_before_running_the_tests() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install = next(i for i, line in enumerate(lines) if "apt-get install -y openssh-server openssh-client" in line)
    assert install < len(lines) - 1 and "pytest" in lines[-1]
    assert any("/usr/sbin/sshd" in line for line in lines[:install])  # sshd is not on an ordinary $PATH
