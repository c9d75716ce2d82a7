"""Where the app keeps its per-user files (drafts, logs).

Drafts live in the per-user *local* data folder (``%LOCALAPPDATA%`` on Windows), never in the
roaming profile or an OneDrive-synced Documents folder. Tests and portable installs override the
location with the ``BUDGET_REPORT_DATA_DIR`` environment variable.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_NAME = "budget-report-wizard"
_REPARSE_POINT = 0x400  # stat.FILE_ATTRIBUTE_REPARSE_POINT: symlinks, junctions and mount points on Windows
DATA_DIR_ENV = "BUDGET_REPORT_DATA_DIR"


def data_dir() -> Path:
    """Return the per-user data folder, creating it if needed.

    ``BUDGET_REPORT_DATA_DIR`` wins when set to a non-empty value; otherwise platformdirs'
    local (non-roaming) user data folder is used.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        path = Path(override).expanduser().absolute()
    else:
        # Imported here, not at module level: start-up time of the GUI matters.
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """Return the folder for log files (``data_dir()/logs``), creating it if needed."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_link(path: Path) -> bool:
    """Whether ``path`` itself is a symlink or (on Windows) a junction or other reparse point.

    The data folder is ours alone: an entry in it that points elsewhere is reported and never
    followed. ``os.path.islink`` misses junctions before Python 3.12, so the attribute decides.
    """
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISLNK(st.st_mode) or bool(getattr(st, "st_file_attributes", 0) & _REPARSE_POINT)
