"""`boundary-tui server init|add-desk|check`: one door to the data, set up and checked.

On the practice server one service account owns the database (folder 0700, file
0600) and runs every desk; each desk PC logs in to it over SSH with its own key,
restricted (`restrict,pty,command="…"`) to starting the desk. `init` makes the
account, the folder and the database; `add-desk` adds one desk's key line; `check`
names, in plain words, everything that breaks the model, and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from boundary_tui.commands.paths import ENV_VAR
from boundary_tui.core.text import printable
from boundary_tui.server import DEFAULT_ACCOUNT, DEFAULT_DB, ServerError

if TYPE_CHECKING:  # the rest loads when a server command runs: the desk starts without it
    from boundary_tui.core.trust import AccountFacts, Problem

CHECK_HINT = "`boundary-tui server check` looks at all of it again."


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser(
        "server",
        help="set up and check the practice server: one service account owns the database, desks arrive by SSH",
        description=(
            "One service account owns the database (folder 0700, file 0600) and runs every desk; each desk "
            "logs in to it over SSH with its own key, restricted to starting the desk."
        ),
    )
    actions = parser.add_subparsers(dest="server_command", metavar="ACTION", required=True)

    init = actions.add_parser(
        "init",
        help="create or repair the service account, the database's folder and the database (as root)",
        description=(
            "Create the service account if it does not exist (useradd, keys only: no password), give it the "
            "database's folder (0700) and the database (0600, created empty if missing) and its ~/.ssh; then "
            "check everything. Safe to run again: it changes only what is not right, and says what it changed."
        ),
    )
    _common(init)
    init.add_argument("--home", metavar="DIR", help="home folder for a new service account (default: /home/ACCOUNT)")
    init.set_defaults(run=run_init)

    add = actions.add_parser(
        "add-desk",
        help="let one desk PC in: add its public key, restricted to starting the desk",
        description=(
            "Append one line to the service account's ~/.ssh/authorized_keys: "
            'restrict,pty,command="<this boundary-tui> --db <database>" <key> boundary-tui desk NAME. '
            "Whatever that key asks for (a shell, sqlite3, sftp, a port forward), it gets the desk or nothing."
        ),
    )
    add.add_argument("name", metavar="NAME", help="the desk's name, e.g. reception-1 (letters, digits, . _ -)")
    add.add_argument("key_file", metavar="PUBLIC_KEY_FILE", help="the desk PC's public key (id_ed25519.pub)")
    _common(add)
    add.set_defaults(run=run_add_desk)

    check = actions.add_parser(
        "check",
        help="name everything that breaks the trust model (non-zero exit if anything does)",
        description=(
            "Checks the database's file, folder and SQLite's files beside it (the service account's alone), "
            "the account (keys only), sshd's settings for it, every line of its authorized_keys (restricted "
            "to the desk on this database), and that no other account starts boundary-tui."
        ),
    )
    _common(check)
    check.add_argument(
        "--sshd-config", metavar="FILE", type=Path, help="check this sshd configuration instead of sshd's default"
    )
    check.set_defaults(run=run_check)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--account", default=DEFAULT_ACCOUNT, metavar="NAME", help=f"the service account (default: {DEFAULT_ACCOUNT})"
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"the practice database (default: ${ENV_VAR}, else {DEFAULT_DB})",
    )


def server_db(args: argparse.Namespace) -> Path:
    """`--db`, else `$BOUNDARY_TUI_DB`, else the server's usual place; always absolute."""
    chosen = getattr(args, "db", None) or os.environ.get(ENV_VAR) or DEFAULT_DB
    return Path(os.path.abspath(Path(chosen).expanduser()))


def _shown(path: Path | str) -> str:
    return printable(str(path), single_line=True)


def _need_root(doing: str) -> None:
    if os.geteuid() != 0:
        raise ServerError(f"{doing} needs root (it creates accounts and sets owners): run it with sudo.")


def _account(args: argparse.Namespace) -> AccountFacts:
    from boundary_tui.server.facts import account_facts

    account = account_facts(args.account)
    if account is None:
        raise ServerError(
            f"There is no account {printable(args.account, single_line=True)}: "
            f"`boundary-tui server init --account {printable(args.account, single_line=True)}` creates it."
        )
    return account


# -- init ---------------------------------------------------------------------------------


def run_init(args: argparse.Namespace) -> int:
    from boundary_tui.server import account as setup
    from boundary_tui.server.facts import account_facts

    _need_root("`server init`")
    db = server_db(args)
    changes: list[str] = []
    account = account_facts(args.account)
    if account is None:
        home = Path(args.home or f"/home/{args.account}").absolute()
        account = setup.create_account(args.account, home)
        changes.append(
            f"Created the service account {printable(account.name)} (home {_shown(home)}, shell {setup.SHELL}, "
            "no password: only the desks' keys let anyone in)"
        )
    elif account.password == "locked":
        setup.unlock(account.name)
        changes.append(f"{printable(account.name)}: unlocked for keys only (`usermod -p '*'`: no password)")
    setup.prepare_folder(db.parent, account, changes)
    created = not db.exists()
    if created:
        _create_database(db)
    setup.prepare_database_files(db, account, changes, created=created)
    setup.prepare_ssh(account, changes)
    print(f"Service account {printable(account.name)}, database {_shown(db)}:")
    for change in changes or ["Nothing needed changing."]:
        print(f"  {change}")
    code = _report(db, args.account, sshd_config=None, quiet_when_ok=True)
    print(
        "\nNext, for each desk PC: make it a key (`ssh-keygen -t ed25519`), copy its .pub file here, and\n"
        f"  boundary-tui server add-desk reception-1 reception-1.pub --account {printable(account.name)} "
        f"--db {_shown(db)}\n"
        f"The desk PC then starts the desk with `ssh -t {printable(account.name)}@THIS-SERVER`; the first desk on "
        f"a new database asks for the practice manager's name and PIN. {CHECK_HINT}"
    )
    return code


def _create_database(db: Path) -> None:
    """A new, empty practice database (root's for now: `prepare_database_files` gives it to the account)."""
    from boundary_tui.store import Store

    with Store(db):
        pass


# -- add-desk -----------------------------------------------------------------------------


def run_add_desk(args: argparse.Namespace) -> int:
    from boundary_tui.core.authorized_keys import KeyLineError, desk_line, desk_name_problem, parse_public_key
    from boundary_tui.server import keys as key_files
    from boundary_tui.server.program import cannot_run, desk_program

    if problem := desk_name_problem(args.name):
        raise ServerError(problem)
    account = _account(args)
    if os.geteuid() not in (0, account.uid):
        raise ServerError("`server add-desk` needs root or the service account itself (it writes its ~/.ssh).")
    db = server_db(args)
    try:
        key = parse_public_key(key_files.read_text(Path(args.key_file).expanduser()))
        program = desk_program()
        line = desk_line(key, args.name, program, str(db))
    except KeyLineError as error:
        raise ServerError(f"{_shown(args.key_file)}: {str(error).rstrip('.')}. Nothing was added.") from None
    if not db.exists():
        print(
            f"Note: there is no database at {_shown(db)} yet (`boundary-tui server init` creates it).",
            file=sys.stderr,
        )
    if reason := cannot_run(program, account):
        raise ServerError(
            f"The account {printable(account.name)} cannot run this boundary-tui ({reason}), so the desk would "
            "get an error. Install boundary-tui where that account can run it (e.g. /opt/boundary-tui, see the "
            "README) and run that installation's `server add-desk`. Nothing was added."
        )
    from boundary_tui.server.account import prepare_ssh

    changes: list[str] = []
    keys_path = prepare_ssh(account, changes) if os.geteuid() == 0 else Path(account.home) / ".ssh/authorized_keys"
    lines, _ = key_files.read_key_lines(keys_path)
    for existing in lines:
        if existing.key.body == key.body:
            raise ServerError(
                f"That key is already in {_shown(keys_path)}, {existing.label}. Nothing was added; "
                "each desk has a key of its own."
            )
        if existing.desk == args.name:
            raise ServerError(
                f"A desk called {printable(args.name)} already has a key ({existing.label} of {_shown(keys_path)}). "
                "Choose another name, or remove that line first. Nothing was added."
            )
    key_files.append_line(keys_path, line, account)
    print(f"Added desk {printable(args.name)} ({key.key_type} {key.fingerprint}) to {_shown(keys_path)}:")
    print(f"  {printable(line[: line.index(key.key_type)], single_line=True)}…")
    print(
        f"Whatever that key asks for, it gets the desk on {_shown(db)} and nothing else. From the desk PC:\n"
        f"  ssh -t {printable(account.name)}@THIS-SERVER\n"
        "ctrl+q in the desk ends the connection."
    )
    return 0


# -- check --------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    return _report(server_db(args), args.account, sshd_config=args.sshd_config, quiet_when_ok=False)


def _report(db: Path, account: str, *, sshd_config: Path | None, quiet_when_ok: bool) -> int:
    from boundary_tui.server.audit import audit

    found = audit(db, account, sshd_config=sshd_config)
    name = printable(account, single_line=True)
    if not found.problems:
        if not quiet_when_ok:
            print(f"The door to {_shown(db)} holds: no problems found. Checked:")
            for checked in found.checked:
                print(f"  - {checked}")
            if found.desks:
                print(f"Desks with a key ({len(found.desks)}): {', '.join(printable(d) for d in found.desks)}")
        for note in found.notes:
            print(f"Note: {note}")
        return 0
    print(f"The desks' protections do NOT hold for {_shown(db)} (service account {name}):\n")
    for number, problem in enumerate(found.problems, start=1):
        _print_problem(number, problem)
    for note in found.notes:
        print(f"Note: {note}")
    count = len(found.problems)
    print(
        f"boundary-tui: {count} problem{'s' if count != 1 else ''} found. Fix {'them' if count != 1 else 'it'}, "
        f"then run `boundary-tui server check` again.",
        file=sys.stderr,
    )
    return 1


def _print_problem(number: int, problem: Problem) -> None:
    print(f"{number}. {problem.what}")
    print(f"   Fix: {problem.fix}\n")
