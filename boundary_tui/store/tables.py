"""Today's evidence tables: the live lists the code that writes and checks evidence reads.

They grow with the product. No schema step may read them (`store.schema`): a
step that has shipped must build exactly what it built the day it shipped.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = (
    "contacts",
    "actions",
    "concern_changes",
    "booking_overrides",
    "override_reviews",
    "sign_in_events",
    "staff_changes",
    "patient_changes",
    "appointment_changes",
    "settings_changes",
    "schema_seals",
    "patient_chain_starts",
    "checkpoints",
    "disclosures",
    "attachments",
)
"""The evidence tables, for the code that writes and checks them (`store.evidence`, `store.verify`).

A live list: it grows with the product. No migration step may read it (or any
other live list): a step that has shipped must build exactly what it built the
day it shipped, so each step below carries its own literal lists.
`tests/store/test_migrations.py` builds every step with today's lists extended
and compares the result with the schema each version shipped with.
"""

RECORDED_AT = {
    "contacts": "logged_at",
    "actions": "recorded_at",
    "concern_changes": "recorded_at",
    "booking_overrides": "recorded_at",
    "override_reviews": "reviewed_at",
    "sign_in_events": "at",
    "staff_changes": "recorded_at",
    "patient_changes": "recorded_at",
    "appointment_changes": "recorded_at",
    "settings_changes": "recorded_at",
    "schema_seals": "sealed_at",
    "patient_chain_starts": "recorded_at",
    "checkpoints": "made_at",
    "disclosures": "recorded_at",
    "attachments": "added_at",
}
"""When each of today's evidence tables' rows were written (a live list, like `APPEND_ONLY_TABLES`)."""
