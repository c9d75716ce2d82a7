"""A persistent bar above the editor for what the clerk must not miss (save failed, conflict, read-only)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from models.findings import Severity

from .plain import PlainLabel
from .style import WARNING_BAR_STYLE


class WarningBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningBar")
        self.setStyleSheet(WARNING_BAR_STYLE)  # on the bar alone (see gui.style)
        self.kind = ""
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self.icon = PlainLabel(self)
        self.text = PlainLabel(self)
        self.text.setWordWrap(True)
        self._layout.addWidget(self.icon)
        self._layout.addWidget(self.text, 1)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_message(self, kind: str, message: str, actions: list[tuple[str, Callable[[], None]]] = (),  # type: ignore[assignment]
                     *, severity: Severity = Severity.WARNING) -> None:
        """Show ``message`` with buttons; ``kind`` names the situation so it can be cleared later."""
        from .icons import severity_icon  # drawn when first needed, never before the first paint

        self.kind = kind
        size = self.fontMetrics().height()
        self.icon.setPixmap(severity_icon(severity).pixmap(size, size))
        self.text.setText(message)
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        for text, slot in actions:
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            self._layout.addWidget(button)
            self._buttons.append(button)
        self.show()

    def clear(self, kind: str | None = None) -> None:
        if kind is None or kind == self.kind:
            self.kind = ""
            self.hide()
