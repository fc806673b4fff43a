"""The trust model's rules on made-up facts: what `server check` calls a break, and what the desk refuses."""

from __future__ import annotations

import pytest

from boundary_tui.core.trust import (
    AccountFacts,
    DatabaseFacts,
    PathFacts,
    access_words,
    account_problems,
    audit_database,
    desk_refusal,
    ssh_path_problems,
)

BOUNDARY = 990
OTHER = 1000


def facts(path: str, mode: int, uid: int = BOUNDARY, *, is_dir: bool = False) -> PathFacts:
    owner = {0: "root", BOUNDARY: "boundary", OTHER: "jo"}[uid]
    return PathFacts(path, uid, uid, mode, is_dir, owner, "staff" if uid == OTHER else owner)


def database(
    file_mode: int = 0o600,
    folder_mode: int = 0o700,
    *,
    file_uid: int = BOUNDARY,
    folder_uid: int = BOUNDARY,
    journals: tuple[PathFacts, ...] = (),
    others: tuple[PathFacts, ...] = (),
    ancestors: tuple[PathFacts, ...] = (facts("/srv", 0o755, 0, is_dir=True), facts("/", 0o755, 0, is_dir=True)),
) -> DatabaseFacts:
    return DatabaseFacts(
        path="/srv/bt/practice.db",
        file=facts("/srv/bt/practice.db", file_mode, file_uid),
        folder=facts("/srv/bt", folder_mode, folder_uid, is_dir=True),
        journals=journals,
        others=others,
        ancestors=ancestors,
    )


def audit(db: DatabaseFacts) -> list[str]:
    return [f"{p.what} | {p.fix}" for p in audit_database(db, "boundary", BOUNDARY)]


def test_the_model_as_server_init_leaves_it_has_no_problems() -> None:
    wal = facts("/srv/bt/practice.db-wal", 0o600)
    assert audit(database(journals=(wal,))) == []
    assert desk_refusal(database(journals=(wal,)), BOUNDARY, "boundary") is None


@pytest.mark.parametrize(
    ("db", "says"),
    [
        (database(file_mode=0o640), "is mode 0640: the group boundary can read it"),
        (database(file_mode=0o644), "everyone else can read it"),
        (database(file_mode=0o660), "the group boundary can read and change it"),
        (database(folder_mode=0o750), "folder /srv/bt is mode 0750"),
        (database(folder_mode=0o2770), "enter it and add, rename or remove files in it"),
        (database(file_uid=OTHER), "belongs to jo, not to the service account boundary"),
        (database(folder_uid=0), "The database's folder /srv/bt belongs to root"),
        (database(journals=(facts("/srv/bt/practice.db-wal", 0o600, OTHER),)), "practice.db-wal belongs to jo"),
        (database(journals=(facts("/srv/bt/practice.db-shm", 0o644),)), "practice.db-shm is mode 0644"),
        (database(others=(facts("/srv/bt/old.db", 0o644),)), "a copy kept there holds the same personal data"),
        (
            database(ancestors=(facts("/srv", 0o777, 0, is_dir=True),)),
            "could move the database's folder away and put another in its place. | chmod go-w /srv",
        ),
        (database(ancestors=(facts("/srv", 0o755, OTHER, is_dir=True),)), "/srv, above the database, belongs to jo"),
    ],
)
def test_server_check_names_each_break_with_its_fix(db: DatabaseFacts, says: str) -> None:
    found = audit(db)
    assert any(says in line for line in found), found


def test_a_sticky_world_writable_folder_above_is_not_a_break() -> None:
    assert audit(database(ancestors=(facts("/tmp", 0o1777, 0, is_dir=True),))) == []


def test_a_missing_folder_or_file_points_at_server_init() -> None:
    no_folder = audit(database()._replace(folder=None, file=None))
    assert len(no_folder) == 1 and "does not exist" in no_folder[0] and "server init" in no_folder[0]
    no_file = audit(database()._replace(file=None))
    assert len(no_file) == 1 and "no database" in no_file[0] and "server init" in no_file[0]


@pytest.mark.parametrize(
    ("db", "runner", "says"),
    [
        (database(file_mode=0o666), BOUNDARY, "it is mode 0666"),
        (database(file_mode=0o620), BOUNDARY, "the group boundary can change it"),
        (database(folder_mode=0o777), BOUNDARY, "its folder /srv/bt is mode 0777"),
        (database(folder_mode=0o1777), BOUNDARY, "its folder /srv/bt is mode 1777"),  # others could plant a -wal
        (database(file_mode=0o644, folder_mode=0o755), BOUNDARY, "it is mode 0644"),
        (database(), 0, "it belongs to boundary"),  # root starting a desk on the service account's file
        (database(), OTHER, "belongs to boundary"),
        (database(folder_uid=OTHER), BOUNDARY, "its folder belongs to jo"),
        (database(journals=(facts("/srv/bt/practice.db-wal", 0o600, OTHER),)), BOUNDARY, "practice.db-wal belongs"),
        (database(journals=(facts("/srv/bt/practice.db-shm", 0o666),)), BOUNDARY, "practice.db-shm is mode 0666"),
    ],
)
def test_the_desk_refuses_a_file_others_can_change_or_read(db: DatabaseFacts, runner: int, says: str) -> None:
    refusal = desk_refusal(db, runner, "whoever")
    assert refusal is not None and says in refusal, refusal
    assert "boundary-tui server check" in refusal


@pytest.mark.parametrize(
    "db",
    [
        database(file_mode=0o644),  # readable, but nobody else can enter its folder
        database(folder_mode=0o755),  # others may list the folder; the file is private
        database(folder_uid=0, folder_mode=0o700),  # a folder root made (the desk could not write there anyway)
        database()._replace(file=None),  # a new database: the desk creates it private
        database()._replace(file=None, folder=None),
    ],
)
def test_the_desk_starts_on_a_file_only_its_account_can_use(db: DatabaseFacts) -> None:
    assert desk_refusal(db, BOUNDARY, "boundary") is None


def test_access_words() -> None:
    assert access_words(facts("/x", 0o600)) == ""
    assert access_words(facts("/x", 0o604)) == "everyone else can read it"
    assert (
        access_words(facts("/d", 0o711, is_dir=True)) == "the group boundary can enter it; everyone else can enter it"
    )


def account(**changes: object) -> AccountFacts:
    plain = AccountFacts("boundary", BOUNDARY, BOUNDARY, "/home/boundary", "/bin/sh", "none")
    return plain._replace(**changes)


@pytest.mark.parametrize(
    ("facts_", "says"),
    [
        (account(password="set"), "has a password"),
        (account(password="empty"), "EMPTY password"),
        (account(password="locked"), "is locked"),
        (account(shell="/usr/sbin/nologin"), "no desk can start"),
        (account(uid=0), "is root"),
    ],
)
def test_account_problems(facts_: AccountFacts, says: str) -> None:
    found = [p.what for p in account_problems(facts_, facts_.uid)]
    assert any(says in line for line in found), found


def test_the_desks_account_must_own_the_database() -> None:
    assert account_problems(account(), BOUNDARY) == []
    assert "belongs to another account" in account_problems(account(), OTHER)[0].what


def test_ssh_files_only_the_account_or_root_may_change() -> None:
    assert ssh_path_problems(facts("/home/boundary/.ssh", 0o700, is_dir=True), "x", "boundary", BOUNDARY) == []
    assert ssh_path_problems(facts("/home/boundary/.ssh/authorized_keys", 0o644, 0), "x", "boundary", BOUNDARY) == []
    writable = ssh_path_problems(facts("/home/boundary/.ssh", 0o775, is_dir=True), "x", "boundary", BOUNDARY)
    assert "add a key of their own" in writable[0].what
    foreign = ssh_path_problems(facts("/home/boundary/.ssh/authorized_keys", 0o600, OTHER), "x", "boundary", BOUNDARY)
    assert "belongs to jo" in foreign[0].what


INBOX = "/srv/bt/inbox"


@pytest.mark.parametrize(
    ("inbox", "says"),
    [
        (facts(INBOX, 0o770, is_dir=True), "chmod 3770 /srv/bt/inbox"),  # the group could remove the desk's files
        (facts(INBOX, 0o3777, is_dir=True), "everyone else can"),
        (facts(INBOX, 0o700, OTHER, is_dir=True), "belongs to jo"),
    ],
)
def test_the_evidence_inbox_is_the_service_accounts(inbox: PathFacts, says: str) -> None:
    assert any(says in problem for problem in audit(database(others=(inbox,))))


def test_a_scanners_group_may_drop_files_in_the_inbox_and_server_check_notes_it() -> None:
    from boundary_tui.core.trust import inbox_notes

    private = database(others=(facts(INBOX, 0o700, is_dir=True),))
    assert audit(private) == [] and inbox_notes(private, BOUNDARY) == []
    drop = database(others=(facts(INBOX, 0o3770, is_dir=True),))
    assert audit(drop) == []
    [note] = inbox_notes(drop, BOUNDARY)
    assert "mode 3770" in note and "can add files to it" in note
