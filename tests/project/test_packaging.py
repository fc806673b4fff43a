"""The built wheel is complete: installed into a fresh virtualenv, away from this checkout,
it starts headless with its stylesheets and its console script works."""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEADLESS = """
import asyncio, sys
from pathlib import Path
import boundary_tui
from boundary_tui.app import BoundaryApp
from boundary_tui.demo import build_demo
from boundary_tui.ui.resources import styles_dir

here = Path(boundary_tui.__file__).resolve().parent
assert str(here).startswith(sys.prefix), (here, sys.prefix)
assert styles_dir() == here / "styles", styles_dir()
build_demo(Path("demo.db"), patients=50)

async def main():
    app = BoundaryApp(db_path="demo.db")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#sign-in-box")
        assert box.styles.width.value == 70, box.styles.width  # from styles/sign_in.tcss
    print("started headless with styles")

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("boundary_tui-*.whl"))


def test_the_wheel_carries_every_stylesheet(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"boundary_tui/styles/{tcss.name}" in names
    assert "boundary_tui/app.py" in names


def test_the_installed_wheel_starts_headless_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies come from this environment's site-packages; a .pth line adds the folder
    # without running the editable-install hook that points back at the checkout.
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(subprocess.check_output([str(python), "-c", where], text=True).strip())
    ours = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (purelib / "zz_test_dependencies.pth").write_text("\n".join(ours))
    work = tmp_path / "elsewhere"
    work.mkdir()

    script = subprocess.run([str(venv / "bin" / "boundary-tui"), "--version"], cwd=work, capture_output=True, text=True)
    assert script.returncode == 0 and script.stdout.startswith("boundary-tui "), script.stderr

    started = subprocess.run([str(python), "-c", HEADLESS], cwd=work, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert "started headless with styles" in started.stdout
