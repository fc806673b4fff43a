"""Sending checkpoints off the server: the outbox, tried again until each address has had its copy.

Sending is never part of a save: a checkpoint is queued in the same transaction
that makes it (`store.checkpoints`), and this module tries the queue later,
outside any write, with a short timeout. A mail server that is down costs a
line in the outbox (`last_error`, `attempts`) and nothing else; the next try
(the next export, backup, or the daily `boundary-tui checkpoint` from cron)
sends what is still waiting. Mail goes through the standard library's SMTP
client to the practice's own relay (`smtp_host`, `smtp_port`).
"""

from __future__ import annotations

import json
import smtplib
import ssl
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from boundary_tui.core import mail
from boundary_tui.core.text import printable
from boundary_tui.core.times import to_db
from boundary_tui.store.checkpoints import Checkpoint, body_of
from boundary_tui.store.connection import immediate

if TYPE_CHECKING:
    from boundary_tui.store import Store

SEND_TIMEOUT_SECONDS = 10.0
"""How long one attempt may wait for the mail server (the desk never waits on it: it sends from a worker)."""


@dataclass
class Sent:
    """What one round of sending did."""

    sent: list[str] = field(default_factory=list)
    """Addresses a checkpoint reached."""
    waiting: int = 0
    """Copies still not sent after this round."""
    problem: str = ""
    """Why sending failed this round, in words ('' if it did not)."""

    def describe(self) -> str:
        if not self.sent and not self.waiting:
            return "No checkpoint e-mails were waiting."
        parts = []
        if self.sent:
            parts.append(f"Sent {len(self.sent)} checkpoint e-mail(s) ({', '.join(sorted(set(self.sent)))}).")
        if self.waiting:
            parts.append(
                f"{self.waiting} checkpoint e-mail(s) still waiting: {self.problem} They are kept and tried again "
                "at the next export, backup or daily checkpoint."
            )
        return " ".join(parts)


def send_waiting(store: Store, *, timeout: float = SEND_TIMEOUT_SECONDS) -> Sent:
    """Try to send every checkpoint copy still waiting, over one connection to the practice's mail server."""
    result = Sent()
    waiting = store.db.execute(
        """SELECT d.id, d.address, c.id, c.body, c.signature, c.why FROM checkpoint_deliveries d
           JOIN checkpoints c ON c.id = d.checkpoint_id WHERE d.sent_at IS NULL ORDER BY d.id"""
    ).fetchall()
    if not waiting:
        return result
    settings = store.settings
    host, port, sender = settings.get("smtp_host"), int(settings.get("smtp_port")), settings.get("smtp_from")
    practice = settings.get("practice_name")
    done: list[int] = []
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as server:
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            for delivery_id, address, checkpoint_id, body, signature, why in waiting:
                checkpoint = Checkpoint(id=checkpoint_id, body=body_of(body), text=body, signature=signature)
                message = mail.checkpoint_message(
                    practice=practice,
                    sender=sender,
                    to=[address],
                    subject_detail=f"checkpoint {checkpoint_id} ({why})",
                    body=json.dumps(checkpoint.as_json(), indent=2, ensure_ascii=False),
                )
                server.send_message(message)
                done.append(delivery_id)
                result.sent.append(address)
    except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
        result.problem = (
            f"the mail server {host}:{port} could not take them ({printable(str(error), single_line=True)})."
        )
    at = to_db(store.now())
    with immediate(store.db):
        store.db.conn.executemany(
            "UPDATE checkpoint_deliveries SET sent_at = ?, attempts = attempts + 1, last_attempt_at = ? WHERE id = ?",
            [(at, at, d) for d in done],
        )
        failed = [w[0] for w in waiting if w[0] not in done]
        store.db.conn.executemany(
            """UPDATE checkpoint_deliveries SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?
               WHERE id = ?""",
            [(at, result.problem, d) for d in failed],
        )
    result.waiting = len(waiting) - len(done)
    return result
