"""Regenerate the README's pictures from the real app on demo data.

    .venv/bin/python screenshots/generate.py

Runs every step of the tour (`screenshots/tour.py`) with Pilot at 120x40 on a
fresh demo database built at a fixed moment, with a fixed clock and still
cursors, and saves one SVG per step here. The pictures change only when the
screens do; look at them before committing (e.g. open them in a browser).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere: `screenshots` is a folder, not a package

from boundary_tui.demo import build_demo  # noqa: E402
from screenshots.tour import NOW, SIZE, TOUR, Shot, demo_app  # noqa: E402


async def shoot(db: Path, shot: Shot) -> None:
    app = demo_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await shot.steps(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        app.save_screenshot(filename=f"{shot.name}.svg", path=str(HERE))
    print(f"screenshots/{shot.name}.svg  {shot.caption}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        build_demo(demo, now=NOW)
        for shot in TOUR:
            # Each picture on its own copy: what one step saves never shows in the next.
            db = Path(folder) / f"{shot.name}.db"
            if not shot.empty:
                db.write_bytes(demo.read_bytes())
            await shoot(db, shot)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
