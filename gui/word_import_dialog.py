"""导入 Word 报告: read the file off the UI thread, then show the mapping section by section for the
clerk to confirm before a draft is created.

What went where (each value with its quoted source and how sure the reader is), the unplaced text and
the document's own findings are shown; nothing is created until the clerk clicks 创建草稿. The draft's
values then carry 来自导入，请核对 until the clerk confirms each step (models.import_marks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.report import Report

from .i18n import set_button_texts
from .plain import PlainLabel
from .style import apply_role

WORD_FILTER = "Word 报告 (*.docx *.doc *.wps *.rtf);;所有文件 (*)"
_SEVERITY = {"error": "错误", "warning": "提醒", "info": "提示"}


class _Signals(QObject):
    finished = Signal(object)  # (ImportResult, list[Located])
    failed = Signal(str)


class ImportWorker(QRunnable):
    """import_report and the findings of the imported report, on a pool thread (python-docx and a
    LibreOffice conversion of a .doc take seconds)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.signals = _Signals()

    def run(self) -> None:
        try:
            from importers import ImportFailure, import_report
            from importers.check import located_findings

            try:
                result = import_report(self.path)
                found = located_findings(result)
            except ImportFailure as exc:
                self.signals.failed.emit(str(exc))
                return
        except Exception as exc:  # a bug must not leave the dialog spinning
            from .export_worker import unexpected

            self.signals.failed.emit(f"读取时发生意外错误：{unexpected(exc)}")
            return
        self.signals.finished.emit((result, found))


class WordImportDialog(QDialog):
    """Choose → progress → confirmation; ``report`` is the draft to create once accepted."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.report: Report | None = None
        self.error = ""
        self.setWindowTitle("导入 Word 报告")
        layout = QVBoxLayout(self)
        self.status = PlainLabel(f"正在读取「{path.name}」……", self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the reader cannot tell how far it is
        self.progress.setAccessibleName("读取进度")
        layout.addWidget(self.progress)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("导入内容核对")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["栏目", "读取的内容", "来源（原文）", "把握"])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        header.resizeSection(1, 260)
        header.resizeSection(2, 420)
        self.tree.setWordWrap(True)
        self.tree.hide()
        layout.addWidget(self.tree, 1)
        self.note = PlainLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        apply_role(self.note, "help")
        self.note.hide()
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        set_button_texts(self.buttons)
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("创建草稿")
        self.create_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(1100, 680)
        self.worker = ImportWorker(path)
        self.worker.signals.finished.connect(self._show)
        self.worker.signals.failed.connect(self._failed)
        (pool or QThreadPool.globalInstance()).start(self.worker)

    # ----- outcome

    def _failed(self, message: str) -> None:
        self.error = message
        self.progress.hide()
        self.status.setText(message + "\n没有创建草稿。")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")

    def _show(self, outcome: tuple[Any, list[Any]]) -> None:
        from importers import Kind
        from importers.result import draft_report
        from models.frameworks import load_framework

        result, found = outcome
        self.progress.hide()
        framework = load_framework(result.report.framework_id)
        values = result.values
        unplaced = result.unplaced
        errors = sum(1 for f in found if f.finding.severity.value == "error")
        warnings = sum(1 for f in found if f.finding.severity.value == "warning")
        converted = f"（已由 {result.converted_from} 格式转换）" if result.converted_from else ""
        self.status.setText(
            f"已读取「{self.path.name}」{converted}：{len(values)} 项内容已归入栏目，{len(unplaced)} 处未归类；"
            f"评价框架：{framework.name}（{result.framework_note}）。\n"
            f"请逐项核对下面的对应关系；创建草稿后，这些内容标有“来自导入，请核对”，在每一步核对后点“已核对”。")
        sections = {key: QTreeWidgetItem(self.tree, [framework.section_title(key)]) for key in framework.sections}
        for entry in result.mapping:
            if entry.kind not in (Kind.VALUE, Kind.NARRATIVE):
                continue
            parent = sections.get(entry.section) or sections.setdefault(
                entry.section, QTreeWidgetItem(self.tree, [entry.section or "其他"]))
            shown = entry.value if len(entry.value) <= 60 else entry.value[:59] + "…"
            item = QTreeWidgetItem(parent, [entry.label, shown, f"{entry.location}「{entry.quote}」", entry.sure])
            item.setToolTip(1, entry.value[:2000])
        if unplaced:
            group = QTreeWidgetItem(self.tree, [f"未归类内容（{len(unplaced)} 处，已保留在草稿中）"])
            for entry in unplaced:
                QTreeWidgetItem(group, [entry.label, "", f"{entry.location}「{entry.quote}」", ""])
        if found:
            group = QTreeWidgetItem(self.tree, [f"文件中发现的问题（错误 {errors} 个，提醒 {warnings} 个）"])
            for located in found:
                f = located.finding
                item = QTreeWidgetItem(group, [_SEVERITY[f.severity.value], f.message, located.location, ""])
                item.setToolTip(1, f.message)
        for item in list(sections.values()):
            if item.childCount() == 0:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
            else:
                item.setText(0, f"{item.text(0)}（{item.childCount()} 项）")
        self.tree.expandAll()
        self.tree.show()
        self.note.setText("“把握”表示程序对这一对应关系的把握程度：高、中、低。把握为“低”或“中”的内容请特别核对。")
        self.note.show()
        self.report = draft_report(result)
        self.create_button.setEnabled(True)
        self.create_button.setFocus()
