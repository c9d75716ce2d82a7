"""Every file dialog of the wizard reads Chinese where Qt draws it itself (gui/file_dialogs.py).

Qt's own dialog is what a clerk gets on Linux without a platform theme (信创 desktops) and what these
tests get: each of our pickers is opened for real, non-natively, in a home folder holding a folder and
files of each kind, and every text it shows is read — labels, buttons, tooltips, the column names, the
sizes, kinds and dates of the files, the context menus and the sidebar — then the dialog is closed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QLabel, QLineEdit, QListView, QTreeView, QWidget

from gui import file_dialogs
from gui.file_dialogs import FileDialog, file_size, kind_name

ROOT = Path(__file__).resolve().parents[2]
# Qt's English in its file dialog and file system model ("&Look in:", "Files of type:", "Folder",
# "3 bytes", "Date Modified", "Show hidden files", "Detail View", …), word by word.
ENGLISH = {"look", "in", "file", "files", "name", "of", "type", "open", "save", "cancel", "choose", "back",
           "forward", "parent", "directory", "create", "new", "folder", "list", "view", "detail", "size",
           "kind", "date", "modified", "bytes", "kib", "mib", "rename", "delete", "show", "hidden", "remove",
           "computer", "drive", "unknown", "shortcut", "alias", "sidebar", "recent", "places", "go", "to",
           "the", "change", "mode", "document"}


def english_words(texts: list[str]) -> set[str]:
    return {w for text in texts for w in re.findall(r"[a-z]+", text.replace("&", "").lower()) if w in ENGLISH}


def dialog_texts(dialog: QFileDialog) -> list[str]:
    """What the clerk can read in the dialog, its menus included."""
    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        texts += [widget.toolTip(), widget.accessibleName()]
    texts += [action.text() for action in dialog.findChildren(QAction)]  # file menu, column menu
    tree = dialog.findChild(QTreeView, "treeView")
    assert tree is not None
    model, root = tree.model(), tree.rootIndex()
    texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    texts += [str(model.index(r, c, root).data() or "") for r in range(model.rowCount(root))
              for c in range(model.columnCount())]
    sidebar = dialog.findChild(QListView, "sidebar")
    assert sidebar is not None
    texts += [str(sidebar.model().index(r, 0).data() or "") for r in range(sidebar.model().rowCount())]
    return texts


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder as a clerk's: a sub-folder, a draft, a Word report, a 得分表, a small text file."""
    folder = tmp_path / "我的文档"
    (folder / "上年报告").mkdir(parents=True)
    (folder / "2025年草稿.json").write_text("{}", encoding="utf-8")
    (folder / "自评报告.docx").write_bytes(b"PK" + bytes(40_000))
    (folder / "得分表.xlsx").write_bytes(b"PK" + bytes(300))
    (folder / "说明.txt").write_text("说明", encoding="utf-8")
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # Qt keeps the dialog's state there
    return folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, qtbot, home: Path) -> dict[str, list[str]]:
    """Each file dialog opened instead of exec(): Qt's own (non-native), read, then cancelled."""
    seen: dict[str, list[str]] = {}

    def read_and_cancel(dialog: FileDialog) -> int:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.open()
        qtbot.waitExposed(dialog)
        tree = dialog.findChild(QTreeView, "treeView")
        # The folder is read in a thread: wait for the sub-folder and at least one file of the filter.
        qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) >= 2)
        seen[dialog.windowTitle()] = dialog_texts(dialog)
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(FileDialog, "exec", read_and_cancel)
    return seen


def test_every_file_dialog_of_the_wizard_reads_chinese(sample, opened: dict[str, list[str]], home: Path) -> None:
    from gui import export_panel, export_settings_box, new_draft_dialog

    window = sample
    pickers: list[tuple[str, Callable[[], object]]] = [
        ("导出报告", lambda: export_panel.ask_export_path(window, home / "报告.docx")),
        ("选择Word 模板", lambda: export_settings_box.ask_template_path(window, "docx", home)),
        ("选择Excel 模板", lambda: export_settings_box.ask_template_path(window, "xlsx", home)),
        ("选择财政局的得分表", lambda: new_draft_dialog.ask_bureau_table(window)),
    ]
    for title, pick in pickers:
        assert pick() is None, title  # cancelled: nothing chosen
    window.close_draft()
    start = window.start
    assert start.selected() is not None  # the sample, for 导出草稿文件
    for pick in (start.import_draft, start.import_word, start.export_selected,
                 lambda: start.new_year_from_word("蓉溪市农业农村局", 2026)):
        pick()
    assert set(opened) == {"导出报告", "选择Word 模板", "选择Excel 模板", "选择财政局的得分表", "导入草稿文件",
                           "导入 Word 报告", "导出草稿文件", "选择上年的 Word 报告"}
    for title, texts in opened.items():
        shown = "\n".join(texts)
        assert not english_words(texts), f"{title}: English {english_words(texts)} in\n{shown}"
        for chinese in ("查找范围", "文件名", "文件类型", "取消", "名称", "大小", "类型", "修改日期", "文件夹",
                        "后退", "前进", "上一级文件夹", "新建文件夹", "列表视图", "详细信息视图",
                        "重命名", "删除", "显示隐藏文件", "显示“大小”", "我的文档"):
            assert chinese in shown, f"{title}: no {chinese} in\n{shown}"
        assert "字节" in shown or " KB" in shown, shown
        assert re.search(r"^20\d\d/\d{1,2}/\d{1,2} \d\d:\d\d$", shown, re.M), shown  # 修改日期, any locale
        assert ("保存(&S)" if title.startswith("导出") else "打开(&O)") in texts, title


def test_the_checker_knows_qts_english() -> None:
    """What Qt's dialog showed with qtbase_zh_CN alone (before gui/file_dialogs.py) is caught."""
    assert english_words(["&Look in:", "Files of &type:", "Folder", "3 bytes"]) == {
        "look", "in", "files", "of", "type", "folder", "bytes"}


def test_a_save_dialog_offers_the_suggested_name_and_returns_the_choice(qtbot, home: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def accept(dialog: FileDialog) -> int:
        assert dialog.directory().absolutePath() == str(home)
        assert dialog.selectedFiles() == [str(home / "2025年报告.docx")]
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.done(int(QDialog.DialogCode.Accepted))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(FileDialog, "exec", accept)
    assert file_dialogs.save_file(None, "导出报告", home / "2025年报告.docx", "Word 文档 (*.docx)") == (
        home / "2025年报告.docx")


def test_sizes_and_kinds_in_chinese(home: Path) -> None:
    assert [file_size(n) for n in (0, 3, 1023, 1024, 4783, 36607, 5 * 1024**2, 3 * 1024**4)] == [
        "0 字节", "3 字节", "1023 字节", "1 KB", "4.7 KB", "35.7 KB", "5 MB", "3 TB"]
    assert kind_name(QFileInfo(str(home / "上年报告")), "Folder") == "文件夹"
    assert kind_name(QFileInfo(str(home / "说明.txt")), "txt File") == "TXT 文件"
    assert kind_name(QFileInfo(str(home / "说明.txt")), "纯文本文档") == "纯文本文档"


def test_every_file_dialog_goes_through_the_one_helper() -> None:
    """No QFileDialog elsewhere in gui/: Qt's static pickers would show its English texts."""
    users = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "gui").rglob("*.py"))
             if "QFileDialog" in p.read_text(encoding="utf-8") and p.name != "file_dialogs.py"]
    assert users == []


def test_typing_a_name_in_qts_own_dialog_opens_that_file(qtbot, home: Path) -> None:
    dialog = FileDialog(None, "导入草稿文件", home, "草稿文件 (*.json)", save=False)
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    edit.setText("2025年草稿.json")  # as typed: QTest cannot type Chinese characters
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == home / "2025年草稿.json"
