"""Practice-wide settings kept in the database (practice name and address, idle lock time, where checkpoints go)."""

from __future__ import annotations

from collections.abc import Callable

from boundary_tui.core import mail
from boundary_tui.core.errors import Invalid
from boundary_tui.core.roles import require_manager
from boundary_tui.store import facts
from boundary_tui.store.connection import immediate, writing
from boundary_tui.store.repo import Repo

DEFAULTS = {
    "practice_name": "The Surgery",
    "practice_address": "",
    "idle_lock_minutes": "5",
    "checkpoint_to": "",
    "smtp_host": "localhost",
    "smtp_port": "25",
    "smtp_from": "boundary-tui@localhost",
}


class SettingsStore(Repo):
    """Key/value settings with defaults, shared by every desk."""

    def get(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else DEFAULTS.get(key, "")

    def set(self, key: str, value: str, *, by: int | None = None) -> None:
        """Store a setting, with its change in the record."""
        with writing(self.db):
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            facts.record_setting(self.db, key, by=by, at=self.now_db())

    def change(self, key: str, value: str, *, by: int | None = None) -> str:
        """Set a setting after checking it; returns the value stored. Raises `Invalid` with the reason.

        `by`: the practice manager who changed it (recorded), if one did.
        """
        value = " ".join(value.split()) if key != "practice_address" else value.strip()
        if key not in DEFAULTS:
            raise Invalid({"key": f"There is no setting called {key!r}: the settings are {', '.join(DEFAULTS)}."})
        if any(ord(c) < 32 and c != "\n" for c in value) or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise Invalid({key: "The value contains characters that cannot be stored (control characters)."})
        if key == "practice_name" and not 1 <= len(value) <= 100:
            raise Invalid({key: "The practice name must be 1 to 100 characters."})
        if key == "practice_address" and len(value) > 300:
            raise Invalid({key: "The practice address must be at most 300 characters."})
        if key == "idle_lock_minutes":
            try:
                minutes = float(value)
            except ValueError:
                minutes = 0
            if not 0.5 <= minutes <= 120:
                raise Invalid({key: "The idle lock time is a number of minutes from 0.5 to 120 (a desk always locks)."})
        checks: dict[str, Callable[[str], str | None]] = {
            "checkpoint_to": mail.addresses_problem,
            "smtp_from": lambda v: mail.addresses_problem(v) or (None if v else "Give the sender's address."),
            "smtp_host": mail.host_problem,
            "smtp_port": mail.port_problem,
        }
        if key in checks and (problem := checks[key](value)):
            raise Invalid({key: problem})
        with immediate(self.db):
            if by is not None:
                require_manager(self._store.staff.actor(by), "change the practice's settings")
            self.set(key, value, by=by)
        return value
