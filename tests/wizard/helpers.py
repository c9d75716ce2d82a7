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


def step_page(window, step: str):
    """Go to the wizard step *step* (a section key such as "finance") and return its page."""
    editor = window.editor
    editor.go_to(editor.steps.index(step))
    return editor.page(editor.current)


def finance(window):
    """The 部门财政资金收支情况 page (the one with most money fields)."""
    return step_page(window, "finance")
