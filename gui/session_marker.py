"""A small marker in the data folder: which draft is open and whether the last session exited cleanly.

On start, a marker left with ``clean_exit: false`` means the previous session crashed or was killed;
its draft's latest revision is on disk (autosave), so the start page offers to reopen it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from models.paths import data_dir

MARKER_NAME = "session.json"


@dataclass(frozen=True)
class SessionMarker:
    draft_id: str | None
    clean_exit: bool
    pid: int = 0


def marker_path() -> Path:
    return data_dir() / MARKER_NAME


def read_marker() -> SessionMarker | None:
    """The marker the previous session left, or None (none, or unreadable: nothing to offer)."""
    try:
        raw = json.loads(marker_path().read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    draft_id = raw.get("draft_id")
    pid = raw.get("pid")
    return SessionMarker(draft_id if isinstance(draft_id, str) else None, raw.get("clean_exit") is True,
                         pid if isinstance(pid, int) else 0)


def write_marker(draft_id: str | None, *, clean_exit: bool) -> None:
    """Best effort: a marker that cannot be written only loses the crash-recovery offer."""
    from models.atomic import atomic_write_bytes  # not needed before the first paint

    data = {"draft_id": draft_id, "clean_exit": clean_exit, "pid": os.getpid()}
    try:
        atomic_write_bytes(marker_path(), json.dumps(data).encode("utf-8"))
    except OSError:
        pass
