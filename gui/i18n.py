"""Chinese for Qt's own buttons and dialogs: the zh_CN catalogue that ships in the PySide6 wheel."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)

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
    # The printer's 属性 dialog (page setup and, with CUPS, the job options).
    "Pages &per sheet:": "每张纸页数(&P)：",
    "Page &order:": "页面顺序(&O)：",
    "Job &priority:": "任务优先级(&P)：",
    "Scheduled &printing:": "定时打印(&P)：",
    "&Billing information:": "计费信息(&B)：",
    "&Start:": "开始(&S)：",
    "&End:": "结束(&E)：",
    "Banner Pages": "横幅页",
    "Print Immediately": "立即打印",
    "Hold Indefinitely": "暂不打印",
    "Day (06:00 to 17:59)": "白天（06:00–17:59）",
    "Night (18:00 to 05:59)": "夜间（18:00–05:59）",
    "Second Shift (16:00 to 23:59)": "第二班（16:00–23:59）",
    "Third Shift (00:00 to 07:59)": "第三班（00:00–07:59）",
    "Weekend (Saturday to Sunday)": "周末（周六至周日）",
    "Specific Time": "指定时间",
    "None": "无",
    "Standard": "标准",
    "Unclassified": "非密",
    "Confidential": "机密",
    "Classified": "保密",
    "Secret": "秘密",
    "Top Secret": "绝密",
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
    for combo in dialog.findChildren(QComboBox):
        for i in range(combo.count()):
            if combo.itemText(i) in LEFTOVERS:
                combo.setItemText(i, LEFTOVERS[combo.itemText(i)])
    for tabs in dialog.findChildren(QTabWidget):
        for i in range(tabs.count()):
            if tabs.tabText(i) in LEFTOVERS:
                tabs.setTabText(i, LEFTOVERS[tabs.tabText(i)])


class _FillOnShow(QObject):
    """Fills the leftovers of every dialog shown while it is installed (Qt's print dialog makes its
    属性 dialog only when asked)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            fill_leftovers(watched)
        return False


@contextmanager
def leftovers_filled() -> Iterator[None]:
    """While open, every dialog shown gets fill_leftovers."""
    app = QApplication.instance()
    watcher = _FillOnShow()
    if app is not None:
        app.installEventFilter(watcher)
    try:
        yield
    finally:
        if app is not None:
            app.removeEventFilter(watcher)


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
