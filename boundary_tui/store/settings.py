"""Practice-wide settings kept in the database (practice name, idle lock time)."""

from __future__ import annotations

from boundary_tui.store.repo import Repo

DEFAULTS = {
    "practice_name": "The Surgery",
    "practice_address": "",
    "idle_lock_minutes": "5",
}


class SettingsStore(Repo):
    """Key/value settings with defaults, shared by every desk."""

    def get(self, key: str) -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else DEFAULTS.get(key, "")

    def set(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
