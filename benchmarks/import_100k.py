"""Importing a 100,000-patient practice list, as `boundary-tui import patients` does it.

    .venv/bin/python benchmarks/import_100k.py [ROWS]

Writes a deterministic CSV (UK-looking names with apostrophes, hyphens and
accents; valid NHS numbers in the 999 test range; a BOM and Windows line
endings, as a clinical system's export often has) into a temporary folder,
then times the import into a new database: reading, checking every row and
the one write transaction, search index included. Then imports the same file
again (every row unchanged) and once more with 1 row in 10 changed.
Target (issue 5): 100,000 rows in ≤ 10 s.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from boundary_tui.core import nhs
from boundary_tui.demo.names import FAMILY_NAMES, GIVEN_NAMES, INWARD_LETTERS, OUTWARD_CODES, STREETS, TOWN
from boundary_tui.store import Store
from boundary_tui.store.importer import import_patients


def practice_csv(rows: int, *, seed: int = 5, changed_every: int = 0) -> bytes:
    """The same file for the same arguments; `changed_every=10` changes the phone of every 10th patient."""
    rng = random.Random(seed)
    numbers: list[str] = []
    seen: set[str] = set()
    while len(numbers) < rows:
        number = nhs.with_check_digit(f"999{rng.randrange(10**6):06d}")
        if number and number not in seen:
            seen.add(number)
            numbers.append(number)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["nhs_number", "given_name", "family_name", "date_of_birth", "postcode", "phone", "address"])
    today = date(2026, 11, 23)
    for index, number in enumerate(numbers):
        born = today - timedelta(days=rng.randrange(0, 100 * 365))
        postcode = f"{rng.choice(OUTWARD_CODES)} {rng.randrange(1, 10)}{rng.choice(INWARD_LETTERS)}"
        postcode += rng.choice(INWARD_LETTERS)
        phone = f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}"
        if changed_every and index % changed_every == 0:
            phone = f"0113 496 {index % 10000:04d}"
        address = f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {TOWN}"
        writer.writerow(
            [nhs.format_nhs(number), rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES), born.isoformat(), postcode,
             phone, address]
        )  # fmt: skip
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def timed(store: Store, path: Path) -> float:
    started = time.perf_counter()
    result = import_patients(store, path)
    elapsed = time.perf_counter() - started
    print(f"  {elapsed:5.2f} s  {result.describe().splitlines()[0]}")
    return elapsed


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="boundary-tui-import-"))
    first = folder / "practice.csv"
    first.write_bytes(practice_csv(rows))
    again = folder / "practice-changed.csv"
    again.write_bytes(practice_csv(rows, changed_every=10))
    print(f"{rows:,} rows, {first.stat().st_size / 1e6:.1f} MB, in {folder}")
    with Store(folder / "practice.db") as store:
        print("First import into a new database:")
        elapsed = timed(store, first)
        print("The same file again (nothing changes):")
        timed(store, first)
        print("1 row in 10 changed:")
        timed(store, again)
        found = store.patients.lookup("o'bri")
        print(f"Search still works after the updates: 'o'bri' → {len(found.patients)} shown. {found.message}")
    verdict = "within" if elapsed <= 10 else "OVER"
    print(f"First import: {elapsed:.2f} s for {rows:,} rows ({verdict} the 10 s target).")


if __name__ == "__main__":
    main()
