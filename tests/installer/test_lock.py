"""The locked requirement sets of the installers follow pyproject.toml, and (with PyPI) resolve for their targets."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import Version

pytest.importorskip("tomllib", reason="installer/lock.py reads pyproject.toml with tomllib (Python 3.11+)")
ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "installer"))
import lock  # noqa: E402  # installer/ is scripts, not a package


@pytest.mark.parametrize("target", lock.TARGETS, ids=lambda t: t.name)
def test_every_project_dependency_is_pinned_with_a_hash(target: lock.Target) -> None:
    locked = lock.read_lock(target.lock)
    for req in lock.project_requirements(target):
        version, digest = locked[req.name.lower().replace("_", "-")]
        assert req.specifier.contains(Version(version)), (req, version)
        assert len(digest) == 64 and int(digest, 16) >= 0
    assert all(len(d) == 64 for _, d in locked.values())


def test_the_arm64_lock_keeps_pyside6_68_for_glibc_231() -> None:
    version, _ = lock.read_lock(lock.LINUX_ARM64.lock)["pyside6-essentials"]
    assert Version(version).release[:2] == (6, 8)


def test_markers_are_evaluated_for_the_target_not_this_machine() -> None:
    # On CPython 3.12 the 6.12.0 exclusion (a 3.11-only defect) does not apply; on 3.10 it does.
    win = {str(r) for r in lock.project_requirements(lock.WINDOWS)}
    arm = {str(r) for r in lock.project_requirements(lock.LINUX_ARM64)}
    assert "PySide6-Essentials>=6.6" in win and "PySide6-Essentials!=6.12.0,>=6.6" in arm


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _pypi_reachable(), reason="pypi.org is not reachable; the lock is checked in CI")
def test_the_locks_resolve_and_are_closed_on_their_targets() -> None:
    """pip resolves each lock for its platform from PyPI's metadata (no wheel downloaded): same files, nothing missing."""
    run = subprocess.run([sys.executable, str(ROOT / "installer" / "lock.py"), "--check"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
