"""Signed checkpoints: the chain's head, stated and signed by the practice, sent off the server.

A chain head is a receipt: as long as somebody outside the server keeps it, an
insider who rewrites history after it is found out (`verify` names the first
checkpoint the chain no longer passes through). People forget to keep receipts,
so the app makes them itself: at every export, bundle and backup, and daily
(`boundary-tui checkpoint`, from cron). Each states the practice chain's head,
the head of each patient exported with it (their own chain, `store.chain`),
and when and why; it is signed with the practice's key (`store.signing_key`),
appended to the record, and queued to the configured addresses
(`store.checkpoint_mail` sends it, outside any save).

The body is JSON, canonical as the chain's content (`core.signing.canonical`);
the signature is Ed25519 over exactly those bytes. A practice with no signing
key still gets checkpoints, marked unsigned, and every export that carries one
says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from boundary_tui.core import signing
from boundary_tui.core.errors import Invalid
from boundary_tui.core.vocabulary import CHECKPOINT_REASONS
from boundary_tui.store import chain, evidence, facts, signing_key
from boundary_tui.store.connection import immediate
from boundary_tui.store.repo import Repo

FORMAT = "boundary-tui checkpoint"
VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint as kept: its body (parsed and as signed), signature and place in the record."""

    id: int
    body: dict[str, Any]
    text: str
    """The canonical JSON that was signed (its UTF-8 bytes)."""
    signature: str | None
    """Hex; None when the practice had no signing key."""

    @property
    def public_key(self) -> str | None:
        value = self.body.get("public_key")
        return value if isinstance(value, str) else None

    @property
    def signed(self) -> bool:
        return self.signature is not None and self.public_key is not None

    @property
    def signature_holds(self) -> bool:
        """The signature is the body's key's signature of exactly these bytes."""
        return (
            self.signature is not None
            and self.public_key is not None
            and signing.verifies(self.public_key, self.text.encode("utf-8"), self.signature)
        )

    def as_json(self) -> dict[str, Any]:
        """What an export or an e-mail carries: enough for anyone to check it alone."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "body": self.text,
            "signature": self.signature,
            "public_key": self.public_key,
            "key_fingerprint": signing.fingerprint(self.public_key) if self.public_key else None,
        }


def from_json(data: Any) -> Checkpoint:
    """A checkpoint given as `as_json()` wrote it (an e-mail, a file, an export); ValueError if it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("body"), str):
        raise ValueError("not a boundary-tui checkpoint")
    body = json.loads(data["body"])
    if not isinstance(body, dict):
        raise ValueError("not a boundary-tui checkpoint")
    signature = data.get("signature")
    return Checkpoint(id=0, body=body, text=data["body"], signature=signature if isinstance(signature, str) else None)


class CheckpointStore(Repo):
    """Make, keep and list signed checkpoints."""

    def make(self, why: str, *, patient_ids: tuple[int, ...] = (), by: int | None = None) -> Checkpoint:
        """Certify the chain's head now (and each listed patient's), sign it, keep it and queue it for sending.

        The key is read before the write lock is taken (file I/O); the heads are
        read under it, so the checkpoint states exactly what was committed.
        """
        if why not in CHECKPOINT_REASONS:
            raise Invalid({"why": f"A checkpoint is made for one of: {', '.join(CHECKPOINT_REASONS)}."})
        key = signing_key.load(self._store.path)
        recipients = [a.strip() for a in self._store.settings.get("checkpoint_to").split(",") if a.strip()]
        with immediate(self.db):
            now = self.now_db()
            head = chain.head(self.db)
            patients = []
            for patient_id in patient_ids:
                latest = chain.patient_head(self.db, patient_id)
                nhs = self.db.execute("SELECT nhs_number FROM patients WHERE id = ?", [patient_id]).fetchone()
                count = self.db.execute("SELECT count(*) FROM chain WHERE patient_id = ?", [patient_id]).fetchone()
                patients.append(
                    {
                        "nhs_number": nhs[0] if nhs else None,
                        "entries": int(count[0]),
                        "head": {"entry": latest.id, "hash": latest.hash} if latest else None,
                    }
                )
            body: dict[str, Any] = {
                "format": FORMAT,
                "version": VERSION,
                "practice": self._store.settings.get("practice_name"),
                "made_at": now,
                "why": why,
                "chain": {"entry": head.id, "hash": head.hash} if head else None,
                "patients": patients,
                "public_key": key.public if key else None,
            }
            text = signing.canonical(body).decode("utf-8")
            signature = signing.sign(key.pem, text.encode("utf-8")) if key else None
            checkpoint_id = evidence.append(
                self.db,
                "checkpoints",
                {
                    "made_at": now,
                    "why": why,
                    "body": text,
                    "signature": signature,
                    "key_fingerprint": key.fingerprint if key else None,
                    "made_by": by,
                    "account": facts.account(),
                },
            )
            self.db.conn.executemany(
                "INSERT INTO checkpoint_deliveries (checkpoint_id, address, queued_at) VALUES (?, ?, ?)",
                [(checkpoint_id, address, now) for address in recipients],
            )
        return Checkpoint(id=checkpoint_id, body=body, text=text, signature=signature)

    def all(self) -> list[Checkpoint]:
        """Every checkpoint kept, oldest first."""
        return [
            Checkpoint(id=r[0], body=body_of(r[1]), text=r[1], signature=r[2])
            for r in self.db.execute("SELECT id, body, signature FROM checkpoints ORDER BY id")
        ]


def body_of(text: str) -> dict[str, Any]:
    """A stored body parsed ({} if a hand edit left something that is not a JSON object)."""
    try:
        body = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}
