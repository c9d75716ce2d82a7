"""Typing the way clerks do: IME commits (full-width), clipboard pastes, shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def ime_commit(widget: QWidget, text: str) -> None:
    """What a Chinese IME sends when the clerk confirms a candidate (QTest cannot type non-ASCII keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def paste(qtbot, widget: QWidget, text: str) -> None:
    QApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def select_all(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
