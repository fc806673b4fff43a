"""Desk key lines: what `server add-desk` writes, and what `server check` says of every other line."""

from __future__ import annotations

import base64
import struct

import pytest

from boundary_tui.core.authorized_keys import (
    KeyLineError,
    desk_line,
    desk_name_problem,
    line_problems,
    parse_file,
    parse_line,
    parse_public_key,
    starts_the_desk,
)

DB = "/srv/boundary-tui/practice.db"
PROGRAM = ["/opt/boundary-tui/bin/boundary-tui"]


def public_key(seed: int = 1, comment: str = "jo@desk-pc") -> str:
    """A well-formed ed25519 public key line (the key itself is made up)."""
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + bytes([seed]) * 32
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}".strip()


def desk(name: str = "reception-1", seed: int = 1, program: list[str] = PROGRAM, db: str = DB) -> str:
    return desk_line(parse_public_key(public_key(seed)), name, program, db)


def problems_of(line: str, db: str = DB) -> list[str]:
    parsed = parse_line(line, 1)
    assert parsed is not None
    return [p.what for p in line_problems(parsed, db)]


def test_the_desk_line_is_restricted_to_the_desk_on_this_database() -> None:
    line = desk()
    assert line.startswith(f'restrict,pty,command="{PROGRAM[0]} --db {DB}" ssh-ed25519 AAAA')
    assert line.endswith(" boundary-tui desk reception-1")
    parsed = parse_line(line, 3)
    assert parsed is not None and parsed.desk == "reception-1" and parsed.label == "line 3 (desk reception-1)"
    assert problems_of(line) == []


def test_python_dash_m_and_paths_with_spaces_are_quoted_for_the_shell() -> None:
    line = desk(program=["/opt/boundary tui/bin/python3", "-m", "boundary_tui"], db="/srv/my practice/p.db")
    assert "command=\"'/opt/boundary tui/bin/python3' -m boundary_tui --db '/srv/my practice/p.db'\"" in line
    assert problems_of(line, "/srv/my practice/p.db") == []


@pytest.mark.parametrize("path", ['/srv/a"b/p.db', "/srv/a\\b/p.db", "/srv/a\nb/p.db", "relative/p.db"])
def test_a_path_that_cannot_go_into_the_line_is_refused(path: str) -> None:
    with pytest.raises(KeyLineError):
        desk(db=path)


@pytest.mark.parametrize("name", ["", "a b", "x" * 41, "-x", 'a"b', "desk\n1", "dësk"])
def test_desk_names_are_plain(name: str) -> None:
    assert desk_name_problem(name) is not None
    with pytest.raises(KeyLineError):
        desk(name=name)


def test_a_private_key_or_junk_is_not_a_public_key() -> None:
    with pytest.raises(KeyLineError, match="PRIVATE key"):
        parse_public_key("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn…\n-----END OPENSSH PRIVATE KEY-----\n")
    with pytest.raises(KeyLineError, match="not an OpenSSH public key"):
        parse_public_key("hello world")
    with pytest.raises(KeyLineError, match="exactly one line"):
        parse_public_key(public_key(1) + "\n" + public_key(2))
    with pytest.raises(KeyLineError, match="does not match its type"):
        parse_public_key(public_key().replace("ssh-ed25519", "ssh-rsa", 1))
    with pytest.raises(KeyLineError, match="damaged"):
        parse_public_key("ssh-ed25519 AAAA!!!! x")


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ("", "has no forced command"),
        ("", "lacks `restrict`"),
        (f'command="{PROGRAM[0]} --db {DB}"', "lacks `restrict`"),
        ("restrict,pty", "has no forced command"),
        ('restrict,pty,command="/bin/bash"', "which is not the desk"),
        (f'restrict,pty,command="{PROGRAM[0]} --db /tmp/other.db"', "on another database (/tmp/other.db)"),
        (f'restrict,pty,command="boundary-tui --db {DB}"', "through $PATH"),
        (f'restrict,pty,command="{PROGRAM[0]} staff add x --db {DB}"', "not the desk"),
        (f'restrict,pty,port-forwarding,command="{PROGRAM[0]} --db {DB}"', "allows port forwarding"),
        (f'restrict,pty,permitopen="localhost:22",command="{PROGRAM[0]} --db {DB}"', "permitopen"),
        (f'restrict,agent-forwarding,command="{PROGRAM[0]} --db {DB}"', "agent forwarding"),
        (f'restrict,X11-forwarding,command="{PROGRAM[0]} --db {DB}"', "X11 forwarding"),
        (f'restrict,user-rc,command="{PROGRAM[0]} --db {DB}"', "~/.ssh/rc"),
        (f'restrict,environment="LD_PRELOAD=/tmp/x.so",command="{PROGRAM[0]} --db {DB}"', "environment"),
    ],
)
def test_every_way_a_line_lets_more_than_the_desk_in_is_named(options: str, says: str) -> None:
    line = f"{options} {public_key()}".strip()
    assert any(says in problem for problem in problems_of(line)), problems_of(line)


@pytest.mark.parametrize(
    "options",
    [
        f'restrict,command="{PROGRAM[0]} --db {DB}"',  # no pty: the desk cannot start, but nothing leaks
        f'restrict,pty,no-pty,from="10.0.0.0/8",command="{PROGRAM[0]} --db {DB}"',
        f'RESTRICT,PTY,COMMAND="{PROGRAM[0]} --db {DB}"',  # option names are not case-sensitive
        f'restrict,pty,command="/opt/bt/bin/python3.11 -m boundary_tui --db {DB}",expiry-time="20300101"',
    ],
)
def test_restricted_desk_lines_are_fine(options: str) -> None:
    assert problems_of(f"{options} {public_key()}") == []


def test_quotes_inside_the_command_are_read_as_sshd_reads_them() -> None:
    parsed = parse_line(f'restrict,command="echo \\"hi, there\\" \\\\x" {public_key()}', 1)
    assert parsed is not None and parsed.option("command") == 'echo "hi, there" \\\\x'


def test_a_file_with_comments_blanks_and_an_unreadable_line() -> None:
    text = f'# desks\n\n{desk()}\nrestrict,command="unclosed {public_key(2)}\n{desk("reception-2", 3)}\n'
    lines, problems = parse_file(text)
    assert [line.desk for line in lines] == ["reception-1", "reception-2"]
    assert [line.number for line in lines] == [3, 5]
    assert len(problems) == 1 and "Line 4" in problems[0].what and "cannot be read" in problems[0].what


def test_starts_the_desk_accepts_only_the_two_forms_add_desk_writes() -> None:
    assert starts_the_desk(f"{PROGRAM[0]} --db {DB}", DB) is None
    assert starts_the_desk(f"/opt/x/bin/python3 -m boundary_tui --db {DB}", DB) is None
    assert starts_the_desk(f"{PROGRAM[0]} --db /srv/boundary-tui/../boundary-tui/practice.db", DB) is None
    for command in (f"{PROGRAM[0]} --db {DB}; sh", f"{PROGRAM[0]} --demo", f"/bin/sh -m boundary_tui --db {DB}", "'"):
        assert starts_the_desk(command, DB) is not None, command
