"""The wheel ships every sub-package and every resource, so an installed copy works, not only the tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_all_packages_and_resources(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for top in ("models", "exporters", "gui", "resources"):
        for init in (ROOT / top).rglob("__init__.py"):
            assert init.relative_to(ROOT).as_posix() in names
    for data in [*(ROOT / "resources").rglob("*.json"), *(ROOT / "resources").rglob("*.docx"),
                 *(ROOT / "resources").rglob("*.xlsx")]:
        assert data.relative_to(ROOT).as_posix() in names
    assert not any(n.startswith(("tests/", "benchmarks/", "tools/")) for n in names)
