"""Small dialogs every page uses (a message box, a one-line question) and the item role of draft ids.

They live here, not in the start page, so a dialog the start page opens (the recycle bin) can use
them without importing the start page back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from .i18n import set_button_texts
from .plain import plain_box, plain_input

ID_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1, without loading the Qt namespace at start-up


def message(parent: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
    box = plain_box(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    set_button_texts(box)
    box.exec()


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    dialog = plain_input(title, label, text, parent)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    return dialog.textValue().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None
