"""Plain text only, wherever the program shows draft data or messages.

Qt guesses rich text (Qt::AutoText) in labels, message boxes and tooltips: an ``<img src=…>`` in a
unit name or a pending message makes Qt open that path, and on Windows a UNC path is a network
connection. Every label and message box of the program is made here, with the text format fixed to
plain text (tests/robustness/test_plain_text.py checks that gui/ makes them nowhere else, and that
every label on screen is plain); a tooltip that carries such text is escaped.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget

# html.escape's table: the html module imports its 2,000 named entities (0.6 MiB) for unescape alone.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _could_be_rich(text: str) -> bool:
    """What Qt::mightBeRichText needs to say yes: a "<" (a tag) or "&" (an entity such as "&lt;")."""
    return "<" in text or "&" in text


def _plain_format() -> object:
    # Imported when first needed: loading the Qt namespace costs start-up time before the first paint.
    from PySide6.QtCore import Qt

    return Qt.TextFormat.PlainText


class PlainLabel(QLabel):
    """A QLabel that never interprets its text as HTML.

    A text without "<" or "&" is plain to Qt already, so the format is fixed the first time a text
    could be mistaken for HTML (the start page's labels are made before the first paint).
    """

    def __init__(self, text: str | QWidget | None = "", parent: QWidget | None = None) -> None:
        if isinstance(text, QWidget) or text is None:  # PlainLabel(parent), like QLabel(parent)
            parent, text = text, ""
        super().__init__(parent)
        self._plain = False
        self.setText(text)

    def setText(self, text: str) -> None:
        if not self._plain and _could_be_rich(text):
            self.setTextFormat(_plain_format())  # type: ignore[arg-type]
            self._plain = True
        super().setText(text)


def plain_box(icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton,
              parent: QWidget | None = None) -> QMessageBox:
    """A QMessageBox whose text is shown as written."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(_plain_format())  # type: ignore[arg-type]
    box.setText(text)
    return box


def plain_input(title: str, label: str, text: str, parent: QWidget | None = None) -> QInputDialog:
    """A one-line text question whose label is shown as written (QInputDialog makes a rich-text guessing
    QLabel for it; the value is in a QLineEdit, plain already)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)  # the dialog creates its label here
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(_plain_format())  # type: ignore[arg-type]
        child.setText(label)
    dialog.setTextValue(text)
    return dialog


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written (tooltips have no plain-text mode: escape it instead)."""
    return f"<p style='white-space:pre-wrap'>{text.translate(_ESCAPES)}</p>"
