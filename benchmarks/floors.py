"""Floors: what the same work costs without the project, measured in the same run as the subject.

The GUI floor (bare_wizard.py) and the export floor (bare_export.py) are separate scripts run as
children; the in-process floors live here.
"""

from __future__ import annotations

import os
from pathlib import Path


def python_loop() -> int:
    """A fixed pure-Python loop (dict lookups, int arithmetic, attribute access): the machine's pace.

    Its time is printed next to the validation time so a reader can tell a slow machine from slow code.
    """
    table = {i: i * 3 for i in range(256)}
    total = 0
    for i in range(20_000):
        total += table[i & 255] ^ (i >> 3)
    return total


def atomic_write(path: Path, data: bytes) -> None:
    """What any crash-safe save must do at least: write a temp file, fsync it, rename it into place."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    if os.name == "posix":
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
