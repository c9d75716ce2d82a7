"""Chinese for Qt's own buttons and dialogs: the zh_CN catalogue that ships in the PySide6 wheel."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QGroupBox, QLabel, QMessageBox, QWidget

CATALOGUES = ("qtbase_zh_CN",)

# Set on our own dialogs as well, so the main buttons read Chinese even without a catalogue.
BUTTON_TEXTS = {"Ok": "确定", "Cancel": "取消", "Yes": "是", "No": "否", "Close": "关闭"}


# What Qt's own dialogs show that its zh_CN catalogue leaves in English (looked up on Qt 6.11's
# print dialog under X11: the 信创 Linux case; Windows shows the system's own, already Chinese).
LEFTOVERS = {
    "Page &Set:": "打印页面(&S)：",
    "Page Set:": "打印页面：",
    "Print range": "打印范围",
    "Copies:": "份数：",
    "Copies": "份数",
    "Options": "选项",
    "Options >>": "选项 >>",
    "<< Options": "<< 选项",
}


def fill_leftovers(dialog: QWidget) -> None:
    """Chinese for the texts of *dialog*'s labels, buttons and boxes that Qt's catalogue missed."""
    for label in dialog.findChildren(QLabel):
        if label.text() in LEFTOVERS:
            label.setText(LEFTOVERS[label.text()])
    for button in dialog.findChildren(QAbstractButton):
        if button.text() in LEFTOVERS:
            button.setText(LEFTOVERS[button.text()])
    for box in dialog.findChildren(QGroupBox):
        if box.title() in LEFTOVERS:
            box.setTitle(LEFTOVERS[box.title()])


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's Chinese catalogues; returns the translators (keep them alive with the app)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded: list[QTranslator] = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def set_button_texts(box: QMessageBox | QDialogButtonBox) -> None:
    """Chinese texts on standard buttons even if no catalogue could be loaded."""
    enum = QMessageBox.StandardButton if isinstance(box, QMessageBox) else QDialogButtonBox.StandardButton
    for name, text in BUTTON_TEXTS.items():
        button = box.button(getattr(enum, name))
        if button is not None:
            button.setText(text)
