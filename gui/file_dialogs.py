"""Every file dialog of the wizard, in Chinese even where Qt draws its own.

On Windows the system's dialog is used (Chinese with the system). Where Qt draws the dialog itself —
Linux without a platform theme (信创 desktops, our Xvfb/offscreen runs), or with
``DontUseNativeDialog`` — qtbase_zh_CN leaves "Look in:", "Files of type:", the 类型 "Folder" and
the size "3 bytes" in English, calls Size 体积, and the dates follow the system locale (C: "2 12
2026"). ``FileDialog`` sets every label itself, gives the tool buttons and the column menu Chinese
texts, and shows the file list through ``ChineseFileModel`` (大小 in 字节/KB/MB, 类型 文件夹, 修改日期
2026/3/20 09:30). Open and save pickers go through ``open_file`` / ``save_file`` only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QHeaderView, QLabel, QToolButton, QTreeView, QWidget

_HAN = re.compile(r"[\u4e00-\u9fff]")

LABELS = (
    (QFileDialog.DialogLabel.LookIn, "查找范围(&I)："),
    (QFileDialog.DialogLabel.FileName, "文件名(&N)："),
    (QFileDialog.DialogLabel.FileType, "文件类型(&T)："),
    (QFileDialog.DialogLabel.Reject, "取消"),
)
ACCEPT = {QFileDialog.AcceptMode.AcceptOpen: "打开(&O)", QFileDialog.AcceptMode.AcceptSave: "保存(&S)"}
# The tool buttons of Qt's own dialog, by their object names (qfiledialog.ui): tooltip = accessible name.
TOOL_TIPS = {
    "backButton": "后退",
    "forwardButton": "前进",
    "toParentButton": "上一级文件夹",
    "newFolderButton": "新建文件夹",
    "listModeButton": "列表视图",
    "detailModeButton": "详细信息视图",
}
COLUMNS = ("名称", "大小", "类型", "修改日期")  # QFileSystemModel's columns, in its order
SIZE_UNITS = ("KB", "MB", "GB", "TB")


def file_size(size: int) -> str:
    """A file's size as the Windows explorer words it: 字节 below 1 KB, then KB, MB, GB, TB."""
    if size < 1024:
        return f"{size} 字节"
    value = float(size)
    for unit in SIZE_UNITS:
        value /= 1024
        if value < 1024 or unit == SIZE_UNITS[-1]:
            return f"{value:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def kind_name(info: QFileInfo, given: str) -> str:
    """The 类型 column: the system's name when it is Chinese (JSON 文档), else ours."""
    if _HAN.search(given):
        return given
    if info.isSymLink():
        return "快捷方式"
    if info.isDir():
        return "文件夹"
    suffix = info.suffix()
    return f"{suffix.upper()} 文件" if suffix else "文件"


class ChineseFileModel(QIdentityProxyModel):
    """The dialog's QFileSystemModel with Chinese column names, sizes, kinds and dates."""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        column = index.column()
        source = self.sourceModel()
        if role != Qt.ItemDataRole.DisplayRole or column == 0 or not isinstance(source, QFileSystemModel):
            return super().data(index, role)
        at = self.mapToSource(index)
        info = source.fileInfo(at)
        if column == 1:
            return "" if info.isDir() else file_size(source.size(at))
        if column == 2:
            return kind_name(info, str(source.data(at, role) or ""))
        if column == 3:
            when = source.lastModified(at)
            return when.toString("yyyy/M/d HH:mm") if when.isValid() else ""
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()  # the file system model sorts (folders first); we only show it
        if source is not None:
            source.sort(column, order)


class FileDialog(QFileDialog):
    """A QFileDialog whose every text is Chinese, the system's dialog where there is one."""

    def __init__(self, parent: QWidget | None, title: str, start: Path, filters: str, *, save: bool) -> None:
        super().__init__(parent, title, "", filters)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        self.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        if start.is_dir():
            self.setDirectory(str(start))
        else:  # a file: its folder, the name offered (a save's suggestion, a template picked before)
            self.setDirectory(str(start.parent))
            self.selectFile(start.name)
        self._dressed = False
        self._tree: QTreeView | None = None
        self.dress()

    def dress(self) -> None:
        """Chinese on Qt's own widgets; they exist once Qt draws the dialog itself (not the system's)."""
        if self._dressed or self.findChild(QLabel, "lookInLabel") is None:
            return
        self._dressed = True
        # Only on Qt's own widgets: the system's dialog words its labels itself (with its own mnemonics).
        for label, text in LABELS:
            self.setLabelText(label, text)
        self.setLabelText(QFileDialog.DialogLabel.Accept, ACCEPT[self.acceptMode()])
        for name, tip in TOOL_TIPS.items():
            button = self.findChild(QToolButton, name)
            if button is not None:
                button.setToolTip(tip)
                button.setAccessibleName(tip)
        self.setProxyModel(ChineseFileModel(self))
        tree = self.findChild(QTreeView, "treeView")
        if tree is None:
            return
        header = tree.header()
        for column, action in enumerate(header.actions(), start=1):  # "Show Size", … (from before the proxy)
            if column < len(COLUMNS):
                action.setText(f"显示“{COLUMNS[column]}”")
        metrics = tree.fontMetrics()
        for column, sample in ((1, "1023.9 MB"), (2, "Microsoft Word 文档"), (3, "2026/12/31 23:59")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 3 * metrics.averageCharWidth())
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        # Qt's default size cuts 修改日期 off behind a scroll bar: room for the four columns.
        self.resize(max(self.width(), 110 * metrics.averageCharWidth()), max(self.height(), 28 * metrics.height()))
        self._tree = tree

    def showEvent(self, event: QShowEvent) -> None:  # Qt may build its widgets only when shown
        self.dress()
        super().showEvent(event)
        tree = self._tree
        if tree is not None:  # the name column takes what the other three leave
            header = tree.header()
            rest = sum(header.sectionSize(c) for c in range(1, header.count()) if not header.isSectionHidden(c))
            header.resizeSection(0, max(tree.viewport().width() - rest, 12 * tree.fontMetrics().averageCharWidth()))

    def chosen(self) -> Path | None:
        """The file the clerk picked, once the dialog was accepted."""
        if self.result() != QFileDialog.DialogCode.Accepted:
            return None
        files = self.selectedFiles()
        return Path(files[0]) if files and files[0] else None


def open_file(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    """An existing file the clerk picks (None: cancelled)."""
    return _ask(FileDialog(parent, title, start, filters, save=False))


def save_file(parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    """Where the clerk wants a file written, ``suggested`` offered (None: cancelled)."""
    return _ask(FileDialog(parent, title, suggested, filters, save=True))


def _ask(dialog: FileDialog) -> Path | None:
    try:
        dialog.exec()
        return dialog.chosen()
    finally:
        dialog.deleteLater()  # as Qt's static getOpenFileName does: not kept as a child of the window
