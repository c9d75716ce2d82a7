"""帮助: F1 shows the help of the field (or scoring row) the clerk is in, in a small plain-text window
beside it; 关于 names the program, its version, where drafts are kept, and that it never uses the network.

The texts come from the declarations (models.field_help); this module only finds what has the focus
and shows the text. Shown as plain text only (QTextEdit.setPlainText): nothing from the draft is read as HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from .i18n import set_button_texts
from .plain import PlainLabel, plain_box

if TYPE_CHECKING:
    from models.edit_session import EditSession
    from models.field_help import Help

PROGRAM_NAME = "绩效自评填报助手"
DISTRIBUTION = "budget-report-wizard"  # pyproject.toml's [project] name: the version is declared there


def program_version() -> str:
    """The installed package's version (pyproject.toml declares it once)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "未知（程序未按安装包安装）"


def about_text() -> str:
    from models.paths import data_dir

    return "\n".join([
        PROGRAM_NAME,
        f"版本：{program_version()}",
        "",
        "用于填报、检查和导出部门整体支出绩效自评报告（Word）及绩效评价得分表（Excel）。",
        "",
        f"草稿和设置保存在本机的数据文件夹：\n{data_dir()}",
        "",
        "本程序从不连接网络：不联网检查更新，不上传任何内容，草稿和导出的文件只保存在这台电脑上。",
    ])


def show_about(parent: QWidget) -> None:
    box = plain_box(QMessageBox.Icon.Information, f"关于{PROGRAM_NAME}", about_text(),
                    QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the folder can be copied
    set_button_texts(box)
    box.exec()


class HelpWindow(QDialog):
    """A small window of plain text beside what it explains; Esc or 关闭 returns to the field."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle("说明")
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.heading = PlainLabel(self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.body = QTextEdit(self)
        self.body.setAcceptRichText(False)  # setPlainText only: nothing is read as HTML
        self.body.setReadOnly(True)
        self.body.setAccessibleName("说明内容")
        layout.addWidget(self.body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        set_button_texts(buttons)
        layout.addWidget(buttons)
        self._char = self.fontMetrics().horizontalAdvance("中")
        self.resize(self._char * 40, self._char * 16)
        self._return_to: QWidget | None = None
        self.finished.connect(self._give_back_focus)

    @property
    def text(self) -> str:
        return f"{self.heading.text()}\n{self.body.toPlainText()}"

    def show_help(self, help: Help, around: QRect | None, extra: list[str] | None = None) -> None:
        """Show *help* (and *extra* paragraphs) beside *around*, the field's place on the screen."""
        self.heading.setText(help.title)
        self.body.setPlainText("\n\n".join([*help.lines, *(extra or [])]))
        self._fit_text()
        self._return_to = QApplication.focusWidget()
        if around is not None:
            self._place_beside(around)
        self.show()
        self.raise_()
        self.activateWindow()

    def _fit_text(self) -> None:
        """As tall as the text needs (a long 评分标准 scrolls beyond half a screen)."""
        width = self._char * 40
        layout = self.layout()
        assert layout is not None
        layout.activate()  # first: laying out resizes the text box, and that re-wraps its text
        chrome = self.height() - self.body.height()  # the title line, the 关闭 button, the margins
        document = self.body.document()
        document.setTextWidth(width - 2 * self.body.frameWidth() - self._char)
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        height = int(document.size().height()) + 2 * self.body.frameWidth() + 8 + max(chrome, 0)
        self.body.setMinimumHeight(self._char * 4)
        self.resize(width, max(self._char * 8, min(height, screen.height() // 2)))

    def _place_beside(self, around: QRect) -> None:
        """Under the field when there is room, else above it; always on the screen."""
        screen = QGuiApplication.screenAt(around.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x, y = around.left(), around.bottom() + 4
        if y + self.height() > area.bottom():
            y = around.top() - self.height() - 4
        x = max(area.left(), min(x, area.right() - self.width()))
        y = max(area.top(), min(y, area.bottom() - self.height()))
        self.move(x, y)

    def _give_back_focus(self) -> None:
        if self._return_to is not None and self._return_to.isVisible():
            self._return_to.window().activateWindow()
            self._return_to.setFocus(Qt.FocusReason.OtherFocusReason)
        self._return_to = None


def _findings_lines(session: EditSession, path: str) -> list[str]:
    findings = session.findings_for(path)
    if not findings:
        return []
    return ["目前的提示：\n" + "\n".join(f"· {f.severity.label}：{f.message}" for f in findings)]


def _input_example(editor: QWidget) -> list[str]:
    """The example the field's own editor shows when empty (one place says how to type it)."""
    if isinstance(editor, QLineEdit) and editor.placeholderText():
        return [f"输入示例：{editor.placeholderText()}"]
    return []


def _on_screen(widget: QWidget, rect: QRect | None = None) -> QRect:
    """*rect* of *widget* (all of it by default) in screen coordinates."""
    local = rect if rect is not None else widget.rect()
    return QRect(widget.mapToGlobal(local.topLeft()), local.size())


def context_help(window: QMainWindow) -> tuple[Help, QRect | None, list[str]]:
    """What F1 explains: the field or scoring row that has the focus, else how to get help at all."""
    from models.field_help import Help, field_help

    widget = QApplication.focusWidget()
    if widget is not None and widget.window() is window:
        from .scoring_table import ScoringView
        from .widgets.field_box import FieldBox

        seen: QWidget | None = widget
        while seen is not None:
            if isinstance(seen, FieldBox):
                session = seen.session
                help = field_help(session.report, seen.spec.key, session.framework)
                extra = _input_example(seen.editor()) + _findings_lines(session, seen.path)
                return help, _on_screen(seen.editor()), extra
            if isinstance(seen, ScoringView):
                index = seen.currentIndex()
                found = seen.scoring_model().help_at(index)
                if found is not None:
                    return found, _on_screen(seen.viewport(), seen.visualRect(index)), []
                break
            seen = seen.parentWidget()
    lines = ["在任一栏目中按 F1，可看到这一栏填什么、用什么单位、参与哪些核对，以及上年数（从上年报告开始时）。",
             "在得分表中按 F1，可看到所选指标的评分标准和分值。"]
    keys = [f"{action.text().rstrip('…')}：{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}"
            for action in window.actions() if not action.shortcut().isEmpty()]
    if keys:
        lines.append("快捷键：\n" + "\n".join(f"· {k}" for k in keys))
    return Help("帮助", tuple(lines)), None, []
