"""Fixtures of the robustness suite: a private data folder, the app's main window, fast autosave, dialogs.

Every test gets its own data folder through ``BUDGET_REPORT_DATA_DIR`` (reliability.md, Drafts 7), so
nothing here ever touches the clerk's real drafts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import close_window, make_window


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("BUDGET_REPORT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def fast_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 50 ms debounce and a 100 ms retry instead of 1 s and 5 s: same code path, shorter waits."""
    from gui import autosave

    monkeypatch.setattr(autosave, "DEBOUNCE_MS", 50)
    monkeypatch.setattr(autosave, "RETRY_MS", 100)


class Dialogs(list[str]):
    """The texts of the message boxes shown, in order; each is answered with ``answer`` at once."""

    answer: Any = None


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """No modal dialog ever waits for a click: each is recorded and answered 'Yes' (a test may change that).

    Autouse, so that a test failing with unsaved edits does not hang in the window's
    "leave anyway?" question when the widgets are closed at teardown.
    """
    from PySide6.QtWidgets import QMessageBox

    shown = Dialogs()
    shown.answer = QMessageBox.StandardButton.Yes

    def exec_(box: QMessageBox) -> Any:
        shown.append(box.text())
        return shown.answer

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def app(qapp: Any) -> Any:
    from gui.app import create_app

    return create_app([])


@pytest.fixture
def window(app: Any, qtbot: Any, data_dir: Path, fast_autosave: None) -> Iterator[Any]:
    win = make_window(qtbot)
    yield win
    close_window(win)


@pytest.fixture
def sample(window: Any) -> Any:
    """The window with the sample report open (a new draft in the store)."""
    window.start.open_sample()
    assert window.editor is not None
    window.activateWindow()
    return window
