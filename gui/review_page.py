"""The final step: is the report ready, every finding (click to jump), explanations, 导出设置 and export."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.compute import format_rate
from models.editing import MISSING_RULES, Change, ChangeKind, EditSession, StepState
from models.fields import FIELD_BY_KEY
from models.findings import Finding, Severity
from models.headings import section_heading
from models.money import Unit
from models.report import CARRY_RULE, CONFIRMED_TEXT, carry_confirmation_key

from .export_panel import ExportPanel
from .export_prefs import choices_for, remember
from .export_settings_box import ExportSettingsBox
from .icons import STATE_COLORS, severity_icon, state_icon
from .plain import PlainLabel
from .steps.section_page import StepPage
from .style import apply_role, set_text_color
from .widgets.section_box import SectionBox

PATH_ROLE = 0x0100 + 10
MIN_ROWS = 3  # findings shown whole before the list scrolls, however small the window
DATE_PATHS = frozenset({"values.sign_date", "values.report_date"})


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


class FindingList(QListWidget):
    """The findings, each message wrapped whole at the list's width (never cut off or elided).

    The review page sets its height range (:meth:`ReviewPage.fit_list`): never taller than its rows,
    so a short list leaves no empty box; a long one takes the page's free room, at least half of
    the visible page, and scrolls itself. It asks only for its minimum, so the rest of the page
    (导出设置, 导出) comes first for any room beyond that.
    """

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap the messages when the width changes
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # a tall row scrolls smoothly
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap, never scroll sideways

    def rows_heights(self, first: int) -> tuple[int, int]:
        """The heights that show all rows, and the *first* rows, whole (frame included)."""
        self.doItemsLayout()  # the rows' heights at the current width (Qt lays them out lazily)
        frame = 2 * self.frameWidth()
        every = self.contentsSize().height() + frame
        if first >= self.count():
            return every, every
        last = self.visualItemRect(self.item(first - 1))
        return every, last.bottom() + 1 + self.verticalOffset() + frame

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(self.minimumHeight())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()  # the messages wrap differently: their height changes


class ReviewPage(StepPage):
    jump = Signal(str)  # a finding path

    def __init__(self, session: EditSession, parent: QWidget | None = None, *, draft_id: str = "") -> None:
        super().__init__("review", session, parent)
        self.read_only = False
        self._draft_id = draft_id  # export choices and the last export are kept per draft
        top = QHBoxLayout()
        self.state_icon = PlainLabel(self.content)
        self.summary = PlainLabel(self.content)
        apply_role(self.summary, "bigComputed")
        self.summary.setWordWrap(True)
        top.addWidget(self.state_icon)
        top.addWidget(self.summary, 1)
        self.layout_.addLayout(top)
        self.left = PlainLabel(self.content)  # how much is still to fill in, step by step
        self.left.setWordWrap(True)
        self.layout_.addWidget(self.left)
        self.totals = PlainLabel(self.content)
        self.totals.setWordWrap(True)
        self.layout_.addWidget(self.totals)

        found = SectionBox("发现的问题（单击一条即转到对应的填写位置）", self.content)
        found_layout = QVBoxLayout(found)
        found_layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)  # the box never outgrows the list
        self.list = FindingList(found)
        self.list.setAccessibleName("发现的问题")
        self.list.resized.connect(self.fit_list)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        found_layout.addWidget(self.list)
        self.layout_.addWidget(found, 1)

        # What is still last year's (上年内容): each with 已核对 and a jump to the field to edit it.
        self.carried_box = SectionBox("仍是上年内容（逐项修改或点“已核对”后才能正式导出）", self.content)
        self.carried_layout = QVBoxLayout(self.carried_box)
        self.carried_buttons: dict[str, QPushButton] = {}
        self._carried_shown: tuple[str, ...] | None = None
        self.layout_.addWidget(self.carried_box)

        self.explain_box = SectionBox("提醒的说明（提醒须说明原因或确认无误后，才能正式导出）", self.content)
        self.explain_form = QFormLayout(self.explain_box)
        self.explain_edits: dict[str, QLineEdit] = {}
        self._state_shown: StepState | None = None  # what the icon and the summary colour show
        # The steps whose unfilled entries count as errors (the editor's set: the clerk left them or
        # asked to export); elsewhere they are a neutral 未填 here too.
        self.revealed: set[str] = set()
        self._rows_shown: tuple[tuple[Severity, bool, str, str, str, str], ...] | None = None
        self.layout_.addWidget(self.explain_box)

        self.settings_box = ExportSettingsBox(session, choices_for(draft_id), self.content)
        self.layout_.addWidget(self.settings_box)
        self.export = ExportPanel(session, self.settings_box.choices, self.content, draft_id=draft_id)
        self.layout_.addWidget(self.export)
        self.layout_.addStretch(0)  # room the list does not need stays below, the boxes packed at the top
        self.settings_box.changed.connect(lambda choices: remember(self.draft_id, choices))
        # A new paragraph is written in the export's unit; changing that unit rewrites the live ones.
        self.settings_box.changed.connect(lambda _choices: session.follow_unit(self._export_unit()))
        session.paragraph_unit = self._export_unit()
        self.settings_box.busy_changed.connect(lambda busy: self.export.set_state(settings_busy=busy))
        self.export.set_state(settings_busy=self.settings_box.busy)  # a saved template is being re-checked
        self.refresh_findings()
        self.export.show_kept()  # a reopened draft: its last export, and whether it is still current

    @property
    def draft_id(self) -> str:
        return self._draft_id

    @draft_id.setter
    def draft_id(self, draft_id: str) -> None:
        """Saved as a copy: from now on choices and exports are kept under the copy."""
        self._draft_id = self.export.draft_id = draft_id

    # ----- findings

    def _where(self, finding: Finding) -> str:
        fw = self.session.framework
        return section_heading(fw, finding.section) if finding.section in fw.sections else ""

    def refresh_findings(self) -> None:
        """Show readiness, the findings and the explanation rows; widgets whose content is unchanged
        are left alone (a hidden review page is refreshed by the editor only when shown)."""
        session = self.session
        ready = session.readiness
        calm = {f for f in ready.errors if f.rule in MISSING_RULES and f.section not in self.revealed}
        if ready.ready:
            state = StepState.COMPLETE
        elif len(calm) == len(ready.errors) and not ready.open_warnings:
            state = StepState.IN_PROGRESS  # only entries not filled yet, on steps not left yet
        else:
            state = StepState.PROBLEMS
        if state is not self._state_shown:
            self._state_shown = state
            size = self.fontMetrics().height() * 2
            self.state_icon.setPixmap(state_icon(state).pixmap(size, size))
            set_text_color(self.summary, STATE_COLORS[state.value])
        _set_text(self.summary, ready.summary())
        self._refresh_left()
        totals = session.totals
        rate = f"，预算执行率 {format_rate(totals.rate)}" if totals.rate is not None else ""
        _set_text(self.totals, f"自评总分 {totals.total:.2f} 分，评价等级“{totals.grade_shown}”{rate}。")
        shown = [f for f in session.findings if f.severity is not Severity.INFO] + [
            f for f in session.findings if f.severity is Severity.INFO]
        rows = tuple((finding.severity, finding in calm,
                      "（已说明）" if finding.severity is Severity.WARNING and session.is_explained(finding) else "",
                      self._where(finding), finding.message, finding.field) for finding in shown)
        if rows != self._rows_shown:
            self._rows_shown = rows
            self.list.clear()
            for severity, neutral, done, where, message, path in rows:
                icon, label = (state_icon(StepState.EMPTY), "未填") if neutral else (severity_icon(severity),
                                                                                    severity.label)
                item = QListWidgetItem(icon, f"{label}{done}｜{where}\n{message}")
                item.setData(PATH_ROLE, path)
                self.list.addItem(item)
            if not rows:
                self.list.addItem(QListWidgetItem("没有发现问题。"))
            self.fit_list()
        self._refresh_carried()
        self._refresh_explanations(session.findings)
        self.export.set_state(ready=ready.ready, read_only=self.read_only)

    def fit_list(self) -> None:
        """The list's height range. At most its rows. At least: all its rows when they fit in three
        quarters of the visible page (the page scrolls rather than a list inside it); a longer list at
        least half the visible page or MIN_ROWS rows, and it scrolls itself. The page's layout gives
        it any free room between; only below that minimum does the page itself scroll."""
        rows, first_rows = self.list.rows_heights(MIN_ROWS)
        visible = self.viewport().height()
        low = rows if rows * 4 <= visible * 3 else min(rows, max(first_rows, visible // 2))
        if (self.list.minimumHeight(), self.list.maximumHeight()) != (low, rows):
            self.list.setMinimumHeight(low)
            self.list.setMaximumHeight(rows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self.fit_list()  # half the visible page changed

    def _refresh_left(self) -> None:
        fw = self.session.framework
        counts = {s: 0 for s in fw.sections}
        for finding in self.session.findings:
            if finding.rule in MISSING_RULES and finding.section in counts:
                counts[finding.section] += 1
        total = sum(counts.values())
        parts = [f"{section_heading(fw, s)} {n} 项" for s, n in counts.items() if n]
        _set_text(self.left, f"还有 {total} 项必填内容未填：{'、'.join(parts)}。" if total else "")
        self.left.setVisible(bool(total))

    def _refresh_carried(self) -> None:
        """One row per narrative still as carried from last year: its place, 修改 (jump) and 已核对."""
        report = self.session.report
        keys = report.unreviewed()
        if keys != self._carried_shown:
            self._carried_shown = keys
            while self.carried_layout.count():
                item = self.carried_layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
            self.carried_buttons = {}
            for key in keys:
                spec = FIELD_BY_KEY[key]
                row = QWidget(self.carried_box)
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(PlainLabel(f"「{spec.label}」（{section_heading(self.session.framework, spec.section)}）",
                                          row), 1)
                edit = QPushButton("修改", row)
                edit.setAccessibleName(f"修改{spec.label}")
                edit.clicked.connect(lambda _=False, key=key: self.jump.emit(f"values.{key}"))
                confirm = QPushButton("已核对", row)
                confirm.setAccessibleName(f"{spec.label}已核对")
                confirm.clicked.connect(lambda _=False, key=key: self._confirm(key))
                line.addWidget(edit)
                line.addWidget(confirm)
                self.carried_layout.addWidget(row)
                self.carried_buttons[key] = confirm
        for button in self.carried_buttons.values():
            button.setEnabled(not self.read_only)
        self.carried_box.setVisible(bool(keys))

    def _confirm(self, key: str) -> None:
        self.session.set_explanation(carry_confirmation_key(key), CONFIRMED_TEXT, origin=self)
        self.session.seal()

    def _refresh_explanations(self, findings: Sequence[Finding]) -> None:
        """One row per warning: rows of warnings still there are kept (with the text being typed).
        上年内容 has its own rows above (已核对), not an explanation."""
        warnings = {f.key: f for f in findings if f.severity is Severity.WARNING and f.rule != CARRY_RULE}
        if list(warnings) != list(self.explain_edits):
            self._rebuild_explanations(list(warnings.values()))
        for key, edit in self.explain_edits.items():
            message = warnings[key].message
            label = self.explain_form.labelForField(edit)
            if isinstance(label, QLabel) and label.text() != message:  # same warning, new figures
                label.setText(message)
                edit.setAccessibleName(f"说明：{message}")
            text = self.session.report.explanations.get(key, "")
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
            if edit.isReadOnly() != self.read_only:
                edit.setReadOnly(self.read_only)
        self.explain_box.setVisible(bool(warnings))

    def _rebuild_explanations(self, warnings: list[Finding]) -> None:
        """Remove the rows of warnings that went away, add rows for new ones, in the findings' order."""
        wanted = [f.key for f in warnings]
        for key in [k for k in self.explain_edits if k not in wanted]:
            edit = self.explain_edits.pop(key)
            self.explain_form.removeRow(edit)  # deletes the label and the edit
        kept = list(self.explain_edits)
        if kept != [k for k in wanted if k in self.explain_edits]:  # reordered: start again
            while self.explain_form.rowCount():
                self.explain_form.removeRow(0)
            self.explain_edits = {}
        edits: dict[str, QLineEdit] = {}
        for row, finding in enumerate(warnings):
            kept_edit = self.explain_edits.get(finding.key)
            if kept_edit is not None:
                edit = kept_edit
            else:
                edit = QLineEdit(self.explain_box)
                edit.setPlaceholderText("说明原因，或写“已核实无误”")
                edit.setAccessibleName(f"说明：{finding.message}")
                edit.textEdited.connect(lambda text, key=finding.key: self._explain(key, text))
                edit.editingFinished.connect(self.session.seal)
                label = PlainLabel(finding.message, self.explain_box)
                label.setWordWrap(True)
                self.explain_form.insertRow(row, label, edit)
            edits[finding.key] = edit
        self.explain_edits = edits

    def _explain(self, key: str, text: str) -> None:
        self.session.set_explanation(key, text, origin=self)

    def _clicked(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.jump.emit(path)

    def note_changes(self, changes: Sequence[Change]) -> None:
        self.export.report_changed()  # at once: an export finishing meanwhile must not be marked stale

    def _export_unit(self) -> Unit:
        return self.settings_box.choices().settings.money_unit(self.session.report.display_unit)

    def on_changes(self, changes: Sequence[Change]) -> None:
        # The editor calls refresh_findings() after this.
        if any(c.kind in (ChangeKind.UNIT, ChangeKind.RESET) for c in changes):
            self.settings_box.refresh_unit()
            self.session.paragraph_unit = self._export_unit()
        if any(c.path in DATE_PATHS or c.kind is ChangeKind.RESET for c in changes):
            self.settings_box.refresh_dates()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.refresh_findings()

    def first_focus(self) -> None:
        self.list.setFocus()
