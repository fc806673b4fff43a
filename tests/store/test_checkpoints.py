"""Signed checkpoints: made, kept in the record, e-mailed off the server through a real SMTP server (aiosmtpd on
127.0.0.1), retried when it is down, and checked by `verify` against the record and against a copy kept elsewhere."""

from __future__ import annotations

import email
import json
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from boundary_tui.cli import main
from boundary_tui.core import signing
from boundary_tui.core.errors import StoreError
from boundary_tui.store import Store, checkpoints, signing_key
from boundary_tui.store.checkpoint_mail import send_waiting
from boundary_tui.store.verify import verify
from tests.cli.test_verify_facts import edit
from tests.helpers.evidence import log_contact
from tests.helpers.practice import Practice


@dataclass
class Inbox:
    """What the SMTP server on 127.0.0.1 received."""

    port: int
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def checkpoint(self, index: int = -1) -> dict[str, Any]:
        parts = [p for p in self.messages[index].walk() if p.get_filename() == "checkpoint.json"]
        payload = parts[0].get_payload(decode=True)
        assert isinstance(payload, bytes)
        data = json.loads(payload)
        assert isinstance(data, dict)
        return data


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def mail_to(store: Store, port: int) -> None:
    store.settings.change("checkpoint_to", "dpo@example.org, defence@example.org")
    store.settings.change("smtp_host", "127.0.0.1")
    store.settings.change("smtp_port", str(port))
    store.settings.change("smtp_from", "surgery@example.org")


def test_a_checkpoint_is_signed_kept_and_mailed_to_every_address(
    store: Store, practice: Practice, inbox: Inbox
) -> None:
    key = signing_key.create(store.path)
    mail_to(store, inbox.port)
    log_contact(store, practice.obrien, practice.reception)
    made = store.checkpoints.make("export", patient_ids=(practice.obrien,))
    assert made.signed and made.signature_holds and made.public_key == key.public
    assert made.body["patients"][0]["nhs_number"] == practice.obrien_nhs
    assert made.body["patients"][0]["head"]["entry"] < made.body["chain"]["entry"] + 1
    sent = send_waiting(store)
    assert sorted(sent.sent) == ["defence@example.org", "dpo@example.org"] and sent.waiting == 0
    assert len(inbox.messages) == 2 and "checkpoint 1 (export)" in inbox.messages[0]["Subject"]
    copy = checkpoints.from_json(inbox.checkpoint())
    assert copy.signature_holds and copy.text == made.text
    assert send_waiting(store).sent == []  # nothing twice
    store.close()
    report = verify(store.path, checkpoints=[copy])
    assert report.ok and report.checkpoints == 2
    assert "every one of 2 checkpoints" in report.describe()


def test_a_mail_server_that_is_down_keeps_the_checkpoint_and_a_later_round_sends_it(store: Store, inbox: Inbox) -> None:
    mail_to(store, free_port())  # nothing listens there
    store.checkpoints.make("daily")
    first = send_waiting(store, timeout=2)
    assert first.sent == [] and first.waiting == 2 and "could not take them" in first.problem
    attempts = store.db.execute("SELECT attempts, last_error <> '', sent_at FROM checkpoint_deliveries").fetchall()
    assert attempts == [(1, 1, None), (1, 1, None)]
    store.settings.change("smtp_port", str(inbox.port))
    second = send_waiting(store)
    assert second.waiting == 0 and len(inbox.messages) == 2


def test_an_insider_who_rewrites_history_after_a_checkpoint_is_named(practice: Practice, inbox: Inbox) -> None:
    """Even with the whole chain recomputed and the checkpoints kept in the file gone, the e-mailed copy tells."""
    with Store(practice.path) as store:
        signing_key.create(store.path)
        mail_to(store, inbox.port)
        contact = log_contact(store, practice.obrien, practice.reception, "Letter: 'I will wait for you'")
        store.checkpoints.make("daily")
        send_waiting(store)
    emailed = inbox.checkpoint()
    edit(
        practice.path,
        f"UPDATE contacts SET description = 'A card' WHERE id = {contact}",
        "DELETE FROM checkpoint_deliveries",
        "DELETE FROM checkpoints",
        rechain=True,
    )
    copy = Path(practice.path.parent / "checkpoint.json")
    copy.write_text(json.dumps(emailed), encoding="utf-8")
    report = verify(practice.path, checkpoints=[checkpoints.from_json(emailed)])
    found = [p.message for p in report.problems if p.kind == "checkpoint_broken"]
    assert found and "no longer passes through the checkpoint given" in found[0]
    assert main(["verify", "--db", str(practice.path), "--checkpoint", str(copy)]) == 1


def test_a_kept_checkpoint_altered_after_signing_is_named(practice: Practice) -> None:
    with Store(practice.path) as store:
        signing_key.create(store.path)
        store.checkpoints.make("by_hand")
    edit(practice.path, 'UPDATE checkpoints SET body = replace(body, \'"why":"by_hand"\', \'"why":"daily"\')')
    found = "\n".join(p.message for p in verify(practice.path).problems)
    assert "its signature does not match what it says" in found


def test_a_signing_key_others_can_read_is_refused(store: Store) -> None:
    key = signing_key.create(store.path)
    key.path.chmod(0o644)
    with pytest.raises(StoreError, match="can be read by other accounts"):
        store.checkpoints.make("by_hand")


def test_without_a_key_a_checkpoint_says_it_is_unsigned(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    assert main(["checkpoint", "--db", str(store.path)]) == 0
    out = capsys.readouterr()
    assert "NOT SIGNED: this practice has no signing key" in out.out
    assert "No addresses to send it to" in out.err


def test_key_init_then_show_prints_the_public_key_and_fingerprint(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert main(["key", "init", "--db", str(store.path)]) == 0
    assert main(["key", "init", "--db", str(store.path)]) == 1  # never replaced
    capsys.readouterr()
    assert main(["key", "show", "--db", str(store.path)]) == 0
    shown = capsys.readouterr().out
    key = signing_key.load(store.path)
    assert key is not None and key.public in shown and signing.fingerprint(key.public) in shown
    assert (store.path.parent / "signing-key.pem").stat().st_mode & 0o777 == 0o600


def test_a_file_that_is_not_a_checkpoint_is_a_usage_error(store: Store, tmp_path: Path, capsys) -> None:
    store.close()
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    assert main(["verify", "--db", str(store.path), "--checkpoint", str(junk)]) == 2
    assert "is not a boundary-tui checkpoint" in capsys.readouterr().err


def test_checkpoints_are_append_only_in_the_database_itself(store: Store) -> None:
    store.checkpoints.make("by_hand")
    raw = sqlite3.connect(store.path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM checkpoints")
    finally:
        raw.close()
