"""The code stays ruff and mypy clean (settings in pyproject.toml), checked with every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    run = _run("ruff", "check", "--no-cache", "models", "importers", "exporters", "gui", "tests", "benchmarks", "tools", "installer")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_is_clean(tmp_path: Path) -> None:
    run = _run("mypy", "--cache-dir", str(tmp_path / "mypy"), "models", "importers", "exporters", "gui")
    assert run.returncode == 0, run.stdout + run.stderr
