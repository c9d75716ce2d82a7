"""The final step: is the report ready, every finding (click to jump), explanations, 导出设置 and export."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.compute import format_rate
from models.editing import Change, ChangeKind, EditSession, StepState
from models.findings import Finding, Severity
from models.headings import section_heading

from .export_panel import ExportPanel
from .export_prefs import choices_for, remember
from .export_settings_box import ExportSettingsBox
from .icons import GREEN, RED, severity_icon, state_icon
from .steps.section_page import StepPage

PATH_ROLE = 0x0100 + 10
DATE_PATHS = frozenset({"values.sign_date", "values.report_date"})


class FindingList(QListWidget):
    """Asks only for its minimum height: it grows into spare room, and never makes the page scroll."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(self.minimumHeight())
        return hint


class ReviewPage(StepPage):
    jump = Signal(str)  # a finding path

    def __init__(self, session: EditSession, parent: QWidget | None = None, *, draft_id: str = "") -> None:
        super().__init__("review", session, parent)
        self.read_only = False
        self.draft_id = draft_id  # export choices are remembered per draft
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
        self.list = FindingList(found)
        self.list.setAccessibleName("发现的问题")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        found_layout.addWidget(self.list)
        self.layout_.addWidget(found, 1)

        self.explain_box = QGroupBox("提醒的说明（提醒须说明原因或确认无误后，才能正式导出）", self.content)
        self.explain_form = QFormLayout(self.explain_box)
        self.explain_edits: dict[str, QLineEdit] = {}
        self.layout_.addWidget(self.explain_box)

        self.settings_box = ExportSettingsBox(session, choices_for(draft_id), self.content)
        self.layout_.addWidget(self.settings_box)
        self.export = ExportPanel(session, self.settings_box.choices, self.content)
        self.layout_.addWidget(self.export)
        self.settings_box.changed.connect(lambda choices: remember(self.draft_id, choices))
        self.settings_box.busy_changed.connect(lambda busy: self.export.set_state(settings_busy=busy))
        self.export.set_state(settings_busy=self.settings_box.busy)  # a saved template is being re-checked
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
        # Room for a few findings before the list scrolls; little when there are none, so that 导出设置
        # and 导出 fit on a 1366x768 screen without scrolling the page.
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * (10 if shown else 3))
        self._refresh_explanations(session.findings)
        self.export.set_state(ready=ready.ready, read_only=self.read_only)

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
        self.export.report_changed()
        if any(c.kind in (ChangeKind.UNIT, ChangeKind.RESET) for c in changes):
            self.settings_box.refresh_unit()
        if any(c.path in DATE_PATHS or c.kind is ChangeKind.RESET for c in changes):
            self.settings_box.refresh_dates()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.refresh_findings()

    def first_focus(self) -> None:
        self.list.setFocus()
