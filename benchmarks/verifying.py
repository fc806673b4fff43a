"""The trust model's costs: `verify` of the whole practice, and the work of a sign-in beside scrypt.

`verify` is judged against the least any checker must do: read every chained row
with plain `sqlite3` and hash its canonical content (measured in the same run,
so a busy machine slows both). A sign-in is judged by what it adds to the
deliberately slow scrypt check of the PIN: reading the account, the lock-out
rule, the recorded event and its chain entry, one commit.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import time
from pathlib import Path

from benchmarks.practice import NOW
from benchmarks.report import Figure, Ratio, Result, p50, p95, paired_ratio
from boundary_tui.core.clock import FixedClock
from boundary_tui.core.pin import verify_pin
from boundary_tui.store import Store
from boundary_tui.store.verify import verify

TARGET = 2.0

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plain_read_and_hash(path: Path) -> int:
    """Every row the chain covers, read and hashed as `store.chain` defines it: the floor for any checker."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT DISTINCT table_name FROM chain")]
        prev, count = "0" * 64, 0
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                content = _ENCODER.encode({"prev": prev, "row": dict(zip(names, row, strict=True)), "table": table})
                prev = hashlib.sha256(content.encode()).hexdigest()
                count += 1
        for _ in conn.execute("SELECT id, table_name, row_id, columns, prev_hash, hash FROM chain"):
            count += 1
        return count
    finally:
        conn.close()


def measure(path: Path, *, runs: int = 3, sign_ins: int = 20, folder: Path | None = None) -> list[Result]:
    ours: list[float] = []
    plain: list[float] = []
    thorough: list[float] = []
    for i in range(runs):  # interleaved (and which goes first alternates), so both see the same load
        for step in ("ours", "plain") if i % 2 == 0 else ("plain", "ours"):
            started = time.perf_counter()
            if step == "ours":
                report = verify(path)
                ours.append(time.perf_counter() - started)
                assert report.ok, report.describe()
            else:
                plain_read_and_hash(path)
                plain.append(time.perf_counter() - started)
    started = time.perf_counter()
    assert verify(path, thorough=True).ok
    thorough.append(time.perf_counter() - started)
    figures: list[Result] = [
        Ratio("verify of the whole practice vs plain read + hash of every chained row", p50(ours), p50(plain),
              TARGET, unit="s", note=f"{report.entries:,} chain entries; {runs} runs each",
              paired=paired_ratio(ours, plain)),
        Figure("verify of the whole practice", p50(ours), "s", 10.0, "quick_check of the file, the chain, the facts"),
        Figure("verify --thorough (full integrity_check)", thorough[0], "s", 10.0, "one run"),
    ]  # fmt: skip
    copy = (folder or path.parent) / "sign-in.db"
    shutil.copyfile(path, copy)
    work: list[float] = []
    with Store(copy, clock=FixedClock(NOW)) as store:
        staff_id, stored = store.db.execute(
            "SELECT id, pin_hash FROM staff WHERE pin_hash IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
        pin = _demo_pin(store, staff_id)
        for _ in range(sign_ins):
            started = time.perf_counter()
            store.staff.sign_in(staff_id, pin)
            total = time.perf_counter() - started
            started = time.perf_counter()
            verify_pin(pin, stored)
            scrypt = time.perf_counter() - started
            work.append(max(0.0, total - scrypt) * 1000)
    copy.unlink()
    figures.append(
        Figure("Sign-in work beside scrypt p95", p95(work), "ms", 100.0, f"p50 {p50(work):.1f} ms, {sign_ins} sign-ins")
    )
    return figures


def _demo_pin(store: Store, staff_id: int) -> str:
    from boundary_tui.demo import DEMO_ACCOUNTS

    name = store.db.execute("SELECT name FROM staff WHERE id = ?", [staff_id]).fetchone()[0]
    return next(a.pin for a in DEMO_ACCOUNTS if a.name == name)
