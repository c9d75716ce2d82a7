"""Narratives: paragraphs, a character count where the bureau sets a limit, clean pastes from Word/WPS."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from models.editing import EditSession, clean_pasted_text
from models.fields import FieldSpec
from models.rules.field_rules import char_count

from ..icons import RED
from .field_box import FieldBox


class CleanPlainTextEdit(QPlainTextEdit):
    """Pastes keep paragraphs and lose control characters (\\v line breaks become new lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.focus_lost: Callable[[], None] | None = None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.focus_lost is not None:
            self.focus_lost()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(clean_pasted_text(source.text()))
        else:
            super().insertFromMimeData(source)


class NarrativeField(FieldBox):
    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self.text = CleanPlainTextEdit(self)
        self.text.setTabChangesFocus(True)  # Tab follows the form; paragraphs need no tabs
        self.text.setUndoRedoEnabled(False)  # undo is the draft's, not the widget's
        lines = 3 if spec.max_chars and spec.max_chars <= 200 else 6
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self._setup_editor(self.text)
        self.row.addWidget(self.text)
        self.counter = QLabel(self)
        self.counter.setObjectName("counter")
        self.text.focus_lost = session.seal
        self.box.insertWidget(3, self.counter)
        self.counter.setVisible(spec.max_chars is not None)
        self._loading = False
        self.text.textChanged.connect(self._edited)
        self.refresh()

    def editor(self) -> QWidget:
        return self.text

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.text.setReadOnly(read_only)

    def _edited(self) -> None:
        if self._loading:
            return
        self.session.set_value(self.spec.key, self.text.toPlainText(), origin=self)
        self._count()

    def _count(self) -> None:
        limit = self.spec.max_chars
        if limit is None:
            return
        count = char_count(self.text.toPlainText())
        over = count > limit
        self.counter.setText(f"{count} / {limit} 字（不含空白）" + ("，超出限制" if over else ""))
        self.counter.setStyleSheet(f"color: {RED}; font-weight: bold;" if over else "")

    def refresh(self, origin: object | None = None) -> None:
        text = self.session.report.text(self.spec.key)
        if origin is not self and self.text.toPlainText() != text:
            self._loading = True
            try:
                self.text.setPlainText(text)
            finally:
                self._loading = False
        self._count()
