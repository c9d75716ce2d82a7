"""The final step: is the report ready, every finding (click to jump), explanations, and export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from pathlib import Path

from PySide6.QtCore import QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.atomic import sanitize_filename
from models.compute import format_rate
from models.editing import Change, EditSession, StepState
from models.findings import Finding, Severity
from models.headings import section_heading

from .export_worker import ExportJob, ExportWorker
from .icons import GREEN, RED, severity_icon, state_icon
from .steps.section_page import StepPage

PATH_ROLE = 0x0100 + 10


def ask_export_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write the .docx (tests patch this). The .xlsx goes beside it."""
    name, _ = QFileDialog.getSaveFileName(parent, "导出报告", str(suggested), "Word 文档 (*.docx)")
    return Path(name) if name else None


def open_path(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ReviewPage(StepPage):
    jump = Signal(str)  # a finding path

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__("review", session, parent)
        self.read_only = False
        self.export_dir: Callable[[], Path] = Path.home
        top = QHBoxLayout()
        self.state_icon = QLabel(self.content)
        self.summary = QLabel(self.content)
        self.summary.setObjectName("bigComputed")
        self.summary.setWordWrap(True)
        top.addWidget(self.state_icon)
        top.addWidget(self.summary, 1)
        self.layout_.addLayout(top)
        self.totals = QLabel(self.content)
        self.totals.setWordWrap(True)
        self.layout_.addWidget(self.totals)

        found = QGroupBox("发现的问题（单击一条即转到对应的填写位置）", self.content)
        found_layout = QVBoxLayout(found)
        self.list = QListWidget(found)
        self.list.setAccessibleName("发现的问题")
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 10)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        found_layout.addWidget(self.list)
        self.layout_.addWidget(found, 1)

        self.explain_box = QGroupBox("提醒的说明（提醒须说明原因或确认无误后，才能正式导出）", self.content)
        self.explain_form = QFormLayout(self.explain_box)
        self.explain_edits: dict[str, QLineEdit] = {}
        self.layout_.addWidget(self.explain_box)

        export = QGroupBox("导出", self.content)
        export_layout = QVBoxLayout(export)
        buttons = QHBoxLayout()
        self.final_button = QPushButton("导出正式版（Word 报告和 Excel 得分表）…", export)
        self.draft_button = QPushButton("导出草稿版（标注“草稿”，供内部核对）…", export)
        self.final_button.clicked.connect(lambda: self.start_export(draft=False))
        self.draft_button.clicked.connect(lambda: self.start_export(draft=True))
        buttons.addWidget(self.final_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        export_layout.addLayout(buttons)
        self.progress = QProgressBar(export)
        self.progress.setFormat("%p%")
        self.progress.hide()
        export_layout.addWidget(self.progress)
        self.result = QLabel(export)
        self.result.setWordWrap(True)
        export_layout.addWidget(self.result)
        result_buttons = QHBoxLayout()
        self.open_file_button = QPushButton("打开文件", export)
        self.open_folder_button = QPushButton("打开所在文件夹", export)
        self.open_file_button.clicked.connect(lambda: self._open(folder=False))
        self.open_folder_button.clicked.connect(lambda: self._open(folder=True))
        result_buttons.addWidget(self.open_file_button)
        result_buttons.addWidget(self.open_folder_button)
        result_buttons.addStretch(1)
        export_layout.addLayout(result_buttons)
        self.open_file_button.hide()
        self.open_folder_button.hide()
        self.layout_.addWidget(export)
        self._exported: Path | None = None
        self.worker: ExportWorker | None = None
        self.refresh_findings()

    # ----- findings

    def _where(self, finding: Finding) -> str:
        fw = self.session.framework
        return section_heading(fw, finding.section) if finding.section in fw.sections else ""

    def refresh_findings(self) -> None:
        session = self.session
        ready = session.readiness
        size = self.fontMetrics().height() * 2
        self.state_icon.setPixmap(state_icon(StepState.COMPLETE if ready.ready else StepState.PROBLEMS).pixmap(size, size))
        self.summary.setText(ready.summary())
        self.summary.setStyleSheet(f"color: {GREEN if ready.ready else RED};")
        totals = session.totals
        rate = f"，预算执行率 {format_rate(totals.rate)}" if totals.rate is not None else ""
        self.totals.setText(f"自评总分 {totals.total:.2f} 分，评价等级“{totals.grade}”{rate}。")
        self.list.clear()
        shown = [f for f in session.findings if f.severity is not Severity.INFO] + [
            f for f in session.findings if f.severity is Severity.INFO]
        for finding in shown:
            done = "（已说明）" if finding.severity is Severity.WARNING and session.is_explained(finding) else ""
            item = QListWidgetItem(severity_icon(finding.severity),
                                   f"{finding.severity.label}{done}｜{self._where(finding)}\n{finding.message}")
            item.setData(PATH_ROLE, finding.field)
            self.list.addItem(item)
        if not shown:
            self.list.addItem(QListWidgetItem("没有发现问题。"))
        self._refresh_explanations(session.findings)
        final_ok = ready.ready and not self.read_only
        self.final_button.setEnabled(final_ok)
        self.final_button.setVisible(ready.ready)
        self.draft_button.setVisible(not ready.ready)
        self.draft_button.setEnabled(not self.read_only)

    def _refresh_explanations(self, findings: Sequence[Finding]) -> None:
        warnings = [f for f in findings if f.severity is Severity.WARNING]
        keys = [f.key for f in warnings]
        if keys != list(self.explain_edits):
            while self.explain_form.rowCount():
                self.explain_form.removeRow(0)
            self.explain_edits = {}
            for finding in warnings:
                edit = QLineEdit(self.explain_box)
                edit.setPlaceholderText("说明原因，或写“已核实无误”")
                edit.setAccessibleName(f"说明：{finding.message}")
                edit.textEdited.connect(lambda text, key=finding.key: self._explain(key, text))
                edit.editingFinished.connect(self.session.seal)
                label = QLabel(finding.message, self.explain_box)
                label.setWordWrap(True)
                self.explain_form.addRow(label, edit)
                self.explain_edits[finding.key] = edit
        for key, edit in self.explain_edits.items():
            text = self.session.report.explanations.get(key, "")
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
            edit.setReadOnly(self.read_only)
        self.explain_box.setVisible(bool(warnings))

    def _explain(self, key: str, text: str) -> None:
        self.session.set_explanation(key, text, origin=self)

    def _clicked(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.jump.emit(path)

    def on_changes(self, changes: Sequence[Change]) -> None:
        self.refresh_findings()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.refresh_findings()

    def first_focus(self) -> None:
        self.list.setFocus()

    # ----- export

    def start_export(self, *, draft: bool) -> None:
        if self.worker is not None:
            return
        report = self.session.report
        stem = sanitize_filename(f"{report.title()}部门整体支出绩效自评报告{'（草稿）' if draft else ''}")
        target = ask_export_path(self, self.export_dir() / f"{stem}.docx")
        if target is None:
            return
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        xlsx = target.with_name(f"{target.stem}-得分表.xlsx")
        job = ExportJob(deepcopy(report), target, xlsx, draft)  # a snapshot: the clerk may keep typing
        self.worker = ExportWorker(job)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText("正在导出……")
        self.result.setStyleSheet("")
        self.open_file_button.hide()
        self.open_folder_button.hide()
        self.final_button.setEnabled(False)
        self.draft_button.setEnabled(False)
        self._exported = target
        QThreadPool.globalInstance().start(self.worker)

    def _progress(self, percent: int, text: str) -> None:
        if percent < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)
        if text:
            self.result.setText(text)

    def _finished(self, result: object) -> None:
        self.worker = None
        self.progress.hide()
        paths = [p for p in (getattr(result, "docx", None), getattr(result, "xlsx", None)) if p]
        if paths:
            self._exported = Path(paths[0])
        shown = "\n".join(str(p) for p in paths) or str(self._exported)
        notes = getattr(result, "warnings", None) or getattr(result, "notes", None) or ()
        extra = "\n" + "\n".join(str(n) for n in notes) if notes else ""
        self.result.setText(f"导出完成：\n{shown}{extra}")
        self.result.setStyleSheet(f"color: {GREEN};")
        self.open_file_button.show()
        self.open_folder_button.show()
        self.refresh_findings()

    def _failed(self, message: str) -> None:
        self.worker = None
        self.progress.hide()
        self.result.setText(f"导出没有完成：{message}")
        self.result.setStyleSheet(f"color: {RED};")
        self.refresh_findings()

    def _open(self, *, folder: bool) -> None:
        if self._exported is not None:
            open_path(self._exported.parent if folder else self._exported)
