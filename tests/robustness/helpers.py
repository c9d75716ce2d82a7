"""Helpers shared by the robustness tests (child processes, the main window, typing, folder snapshots)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def child_env(data: Path, **extra: str) -> dict[str, str]:
    """Environment of a child process: the same code, offscreen Qt, its own data folder."""
    env = dict(os.environ, BUDGET_REPORT_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
               PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


def make_window(qtbot: Any, store: Any = None) -> Any:
    from gui.main_window import MainWindow
    from models.draft_store import DraftStore

    win = MainWindow(store or DraftStore())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def close_window(win: Any) -> None:
    if win.session is not None:
        win.session.mark_saved()  # no "unsaved" question when the test ends
    win.close_draft()


def ime_commit(widget: Any, text: str) -> None:
    """What a Chinese IME sends when the clerk confirms a candidate (QTest cannot type non-ASCII keys)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_over(line: Any, text: str) -> None:
    """Replace a line edit's whole text the way a clerk does: select all, then type (or paste) over it."""
    line.setFocus()
    line.selectAll()
    if text:
        ime_commit(line, text)
    else:
        line.del_()


def tmp_files(folder: Path) -> list[str]:
    """Temp files left in a folder (atomic writes name them ``.<name>.<pid>.<hex>.tmp``)."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
