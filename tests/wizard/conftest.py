"""Fixtures for GUI tests: a private data folder, the app as started by main(), an open sample draft."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from models.draft_store import DraftStore


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    monkeypatch.setenv("BUDGET_REPORT_DATA_DIR", str(folder))
    yield folder
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()  # no export or template check outlives its test
    if "gui.export_prefs" in sys.modules:
        sys.modules["gui.export_prefs"].forget_session()


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    from gui.app import create_app

    return create_app([])


@pytest.fixture
def window(app: QApplication, qtbot, data_dir: Path) -> Iterator[object]:
    from gui.main_window import MainWindow

    win = MainWindow(DraftStore())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.session is not None:
        win.session.mark_saved()  # no "unsaved" question when the test ends
    win.close_draft()


@pytest.fixture
def sample(window):
    """The window with the sample report open (a new draft in the store)."""
    window.start.open_sample()
    assert window.editor is not None
    window.activateWindow()
    return window
