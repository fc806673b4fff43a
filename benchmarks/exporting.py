"""Export of the busiest patient's timeline (5,000 entries), per format, against its limit.

    python -m benchmarks.exporting [--quick]

Ours: what `boundary-tui export` does on an open store: read the timeline, the
chain entries behind it and the head in one snapshot, build the document,
render the format, write the file (atomic, fsynced).

The limit: the least any exporter must do for the same evidence, with plain
`sqlite3` on an open connection: read the same rows (every column of the
patient's contacts, actions, concern changes and overrides, the staff names and
their chain entries) in one read transaction, rebuild each row's canonical
content and hash it (the proof every export carries), serialise the rows in
the format with the standard library at its simplest (`json.dumps`,
`csv.writer`, one f-string per entry for Markdown, the same with `html.escape`
for HTML), then write the same number of bytes as our file and fsync them.
Samples alternate between the two, so load hits both.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.report import Ratio, Result, interleaved, p50, p95, paired_ratio, tables
from boundary_tui.export import FORMATS, document, render
from boundary_tui.export.files import write_file
from boundary_tui.store import Store
from boundary_tui.store.collector import keep_for_the_day, stop_keeping

TARGET = 3.0

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)

_TABLES = ("contacts", "actions", "concern_changes", "booking_overrides")

_CHAIN = " UNION ALL ".join(
    f"""SELECT c.table_name, c.row_id, c.id, c.prev_hash, c.hash FROM chain c
        WHERE c.table_name = '{table}' AND c.row_id IN (SELECT id FROM {table} WHERE patient_id = ?)"""
    for table in _TABLES
)


class PlainExport:
    """The limit: plain sqlite3 read + hash + serialise + write and fsync the same number of bytes."""

    def __init__(self, path: Path, patient_id: int, folder: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.patient_id = patient_id
        self.folder = folder

    def close(self) -> None:
        self.conn.close()

    def rows(self) -> list[tuple[str, dict[str, Any], str, bool, str, int]]:
        """(table, row, staff name, hash matches, canonical content, chain position) per evidence row."""
        conn, pid = self.conn, self.patient_id
        conn.execute("BEGIN")
        try:
            staff = dict(conn.execute("SELECT id, name FROM staff").fetchall())
            read: list[tuple[str, dict[str, Any]]] = []
            for table in _TABLES:
                cursor = conn.execute(f"SELECT * FROM {table} WHERE patient_id = ?", [pid])
                names = [d[0] for d in cursor.description]
                read += [(table, dict(zip(names, r, strict=True))) for r in cursor.fetchall()]
            chain = {(r[0], r[1]): r for r in conn.execute(_CHAIN, [pid] * len(_TABLES)).fetchall()}
        finally:
            conn.execute("COMMIT")
        out = []
        for table, row in read:
            _, _, position, prev_hash, digest = chain[(table, row["id"])]
            content = _CANONICAL.encode({"prev": prev_hash, "row": row, "table": table})
            ok = hashlib.sha256(content.encode()).hexdigest() == digest
            who = staff.get(row.get("logged_by") or row.get("recorded_by"), "")
            out.append((table, row, who, ok, content, position))
        return out

    def serialise(self, fmt: str, rows: list[tuple[str, dict[str, Any], str, bool, str, int]]) -> bytes:
        if fmt == "json":
            return json.dumps(
                [
                    {"table": t, "row": r, "by": who, "ok": ok, "canonical": c, "position": n}
                    for t, r, who, ok, c, n in rows
                ],
                ensure_ascii=False,
            ).encode()
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
            writer.writerows([t, *r.values(), who, ok, n] for t, r, who, ok, _c, n in rows)
            return buffer.getvalue().encode()
        if fmt == "md":
            return "\n".join(
                f"### {i}. {r.get('occurred_at') or r.get('recorded_at')} {t}\n\n- **By:** {who}\n"
                f"- **Text:** {r.get('description') or r.get('notes') or r.get('detail') or r.get('reason')}\n"
                f"- **Chain:** {n} {ok}\n"
                for i, (t, r, who, ok, _c, n) in enumerate(rows, 1)
            ).encode()
        e = html.escape
        return "\n".join(
            f"<tr><td>{i}</td><td>{e(str(r.get('occurred_at') or r.get('recorded_at')))}</td><td>{t}</td>"
            f"<td>{e(who)}</td><td>{e(str(r.get('description') or r.get('notes') or r.get('detail') or ''))}</td>"
            f"<td>{n} {ok}</td></tr>"
            for i, (t, r, who, ok, _c, n) in enumerate(rows, 1)
        ).encode()

    def export(self, fmt: str, size: int) -> float:
        started = time.perf_counter()
        data = self.serialise(fmt, self.rows())
        data = (data * (size // max(1, len(data)) + 1))[:size]  # the same number of bytes as ours
        target = self.folder / f"plain.{fmt}"
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        elapsed = (time.perf_counter() - started) * 1000
        target.unlink()
        return elapsed


def ours(store: Store, patient_id: int, fmt: str, folder: Path) -> tuple[float, int]:
    started = time.perf_counter()
    doc = document(store, patient_id, generated_by="benchmark")
    assert doc is not None
    data = render(doc, fmt)
    target = write_file(folder / f"export{FORMATS[fmt].suffix}", data, overwrite=True)
    elapsed = (time.perf_counter() - started) * 1000
    target.unlink()
    return elapsed, len(data)


def measure(path: Path, patient_id: int, *, runs: int = 7, entries: int = 5000, freeze: bool = True) -> list[Result]:
    results: list[Result] = []
    if freeze:
        keep_for_the_day()  # as `boundary-tui` does once it has started (commands/desk.py)
    with Store(path) as store, tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plain = PlainExport(path, patient_id, folder)
        try:
            for fmt in FORMATS:
                size = ours(store, patient_id, fmt, folder)[1]
                mine, bare = interleaved(
                    lambda fmt=fmt: ours(store, patient_id, fmt, folder)[0],
                    lambda fmt=fmt, size=size: plain.export(fmt, size),
                    runs,
                )
                results.append(
                    Ratio(
                        f"Export of {entries:,} entries, {fmt}",
                        p50(mine),
                        p50(bare),
                        TARGET,
                        note=f"{size / 1e6:.1f} MB; p95 {p95(mine):.0f} ms vs {p95(bare):.0f} ms; {runs} runs each",
                        paired=paired_ratio(mine, bare),
                    )
                )
        finally:
            plain.close()
            stop_keeping()
    return results


def main() -> int:
    from benchmarks.practice import FULL, QUICK, big_practice

    parser = argparse.ArgumentParser(prog="python -m benchmarks.exporting")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        practice = big_practice(QUICK if args.quick else FULL, Path(name) / "practice.db")
        results = measure(practice.path, practice.busy_patient_id, runs=args.runs)
    print(tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
