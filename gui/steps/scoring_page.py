"""The scoring step: the live table, the department's rows (add, remove, move, paste), total and grade."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from models.compute import UNREADABLE_SUM, format_rate, scores_unreadable
from models.editing import INPUT_RULE, Change, ChangeKind, EditSession, RowPasteError
from models.fields import ROW_FIELDS
from models.findings import Severity
from models.frameworks import Node

from ..icons import RED
from ..plain import PlainLabel
from ..scoring_table import COLUMN_KEYS, CellError, ScoringModel, ScoringView
from ..style import apply_role
from .section_page import StepPage


class ScoringPage(StepPage):
    def __init__(self, section: str, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(section, session, parent)
        self.read_only = False
        self.summary = PlainLabel(self.content)
        apply_role(self.summary, "bigComputed")
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        hint = PlainLabel("双击或直接输入即可填写“得分”（0 到分值之间，最多两位小数）。灰色单元格由程序计算。"
                      f"部门自定指标可从 Excel 复制整行后粘贴，列顺序：{'、'.join(f.label for f in ROW_FIELDS)}。",
                      self.content)
        hint.setWordWrap(True)
        apply_role(hint, "help")
        self.layout_.addWidget(hint)
        self.model = ScoringModel(session, self)
        self.view = ScoringView(self.model, self.content)
        self.view.paste_handler = self.paste
        self.view.notice.connect(self.show_notice)
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.layout_.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.add_button = self._button("添加指标", self.add_row, buttons)
        self.paste_button = self._button("从剪贴板粘贴指标行", self.paste_rows, buttons)
        self.up_button = self._button("上移", lambda: self.move_row(-1), buttons)
        self.down_button = self._button("下移", lambda: self.move_row(1), buttons)
        self.remove_button = self._button("删除所选指标", self.remove_rows, buttons)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.message = PlainLabel(self.content)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {RED};")
        self.message.hide()
        self.layout_.addWidget(self.message)
        self._paste_error = ""
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._refresh_summary()
        self._update_buttons()

    def _button(self, text: str, slot: object, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self.content)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    # ----- the model changed

    def note_changes(self, changes: Sequence[Change]) -> None:
        """Rows added, removed or moved rebuild the table model at once (rare), even while hidden, so
        the model never describes rows the report no longer has."""
        if any(c.kind in (ChangeKind.ROWS, ChangeKind.RESET) for c in changes):
            self.on_changes(changes)

    def on_changes(self, changes: Sequence[Change]) -> None:
        current = self.view.currentIndex()
        keep = self.model.path_of(current.row(), current.column()) if current.isValid() else None
        self.model.on_changes(changes)
        if keep and not self.view.currentIndex().isValid():
            self._select(self.model.locate(keep))
        self._refresh_summary()
        self._update_buttons()
        self._paste_error = ""  # an edit went through: the last refusal no longer applies

    def reveal_missing(self) -> None:
        """Scores not given yet are marked as errors from now on (the clerk left the step or asked to export)."""
        if not self.model.missing_revealed:
            self.model.missing_revealed = True
            self.model.refresh_marks()

    def refresh_findings(self) -> None:
        errors = [f.message for f in self.session.findings if f.rule == INPUT_RULE and f.section == "scoring"]
        text = "\n".join([*(f"无法识别：{m}" for m in errors), self._paste_error]).strip()
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _refresh_summary(self) -> None:
        totals = self.session.totals
        if scores_unreadable(self.session.report):  # a typed-over score counts for nothing, not its old value
            self.summary.setText(f"自评总分：{UNREADABLE_SUM}（满分 {self.session.framework.total_points} 分）"
                                 "　评价等级：待得分填写无误后计算")
            return
        text = (f"自评总分：{totals.total:.2f} 分（满分 {self.session.framework.total_points} 分）"
                f"　评价等级：{totals.grade_shown}")
        if totals.rate is not None:
            text += f"　预算执行率：{format_rate(totals.rate)}"
        if totals.cap_applied is not None:
            text += f"　（因执行率偏低封顶为 {totals.cap_applied} 分）"
        self.summary.setText(text)

    # ----- rows

    def _target(self) -> tuple[Node | None, str | None]:
        """The rows node the selection is in (and the selected row), or the only rows node."""
        entry = self.model.row_entry(self.view.currentIndex().row())
        if entry is not None and entry.node is not None and entry.node.kind == "rows":
            return entry.node, entry.row_id or None
        containers = self.session.framework.row_containers()
        return (containers[0], None) if len(containers) == 1 else (None, None)

    def _update_buttons(self) -> None:
        node, row_id = self._target()
        editable = not self.read_only
        self.add_button.setEnabled(editable and node is not None)
        self.paste_button.setEnabled(editable and node is not None)
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(editable and row_id is not None)
        if node is None and self.session.framework.row_containers():
            self.add_button.setToolTip("先在表中选中要添加到的指标类别（如“数量指标”）")
        else:
            self.add_button.setToolTip("")

    def _select(self, index: object) -> None:
        from PySide6.QtCore import QModelIndex

        if isinstance(index, QModelIndex) and index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index)

    def add_row(self) -> None:
        node, row_id = self._target()
        if node is None or self.read_only:
            return
        try:
            new_id = self.session.add_row(node.id, after_row=row_id)
        except RowPasteError as exc:  # the draft already holds the most rows it can
            self._paste_error = f"没有添加：{exc}"
            self.refresh_findings()
            return
        if self._paste_error:
            self._paste_error = ""
            self.refresh_findings()
        self._select(self.model.locate(f"rows.{new_id}.name"))
        self.view.setFocus()

    def show_notice(self, text: str) -> None:
        """A key the table could not take: say why below the table (cleared by the next good paste)."""
        self._paste_error = text
        self.refresh_findings()

    def paste(self) -> None:
        """Ctrl+V in the table: one column of values fills the cells from the selected one downwards
        (scores copied from Excel); several columns are indicator rows, pasted into a rows area."""
        text = QApplication.clipboard().text()
        if self.read_only:
            return
        if "\t" not in text.strip("\r\n"):
            target = self.model.input_cell(self.view.currentIndex())
            if not target.isValid():
                self.show_notice("请先选中要粘贴到的第一个单元格（例如第一个指标的“得分”），再粘贴。")
                return
            try:
                self.model.paste_column(target, text)
            except CellError as exc:
                self.show_notice(str(exc))
                return
            self._paste_error = ""
            self.refresh_findings()
            return
        entry = self.model.row_entry(self.view.currentIndex().row())
        if entry is None or entry.node is None or entry.node.kind != "rows":
            self.show_notice("复制的内容有多列，是整行指标；请先选中“部门自定指标”所在的类别或其中一行再粘贴。"
                             "只粘贴得分时，请在 Excel 中只复制得分一列。")
            return
        self.paste_rows()

    def paste_rows(self) -> None:
        node, row_id = self._target()
        if node is None or self.read_only:
            self._paste_error = "请先在表中选中要粘贴到的指标类别或其中一行。"
            self.refresh_findings()
            return
        text = QApplication.clipboard().text()
        try:
            ids = self.session.paste_rows(node.id, text, after_row=row_id)
        except RowPasteError as exc:
            self._paste_error = f"没有粘贴：{exc}"
        else:
            self._paste_error = ""
            self._select(self.model.locate(f"rows.{ids[-1]}.name"))
        self.refresh_findings()

    def _selected_rows(self) -> list[str]:
        ids: list[str] = []
        for index in [*self.view.selectionModel().selectedIndexes(), self.view.currentIndex()]:
            entry = self.model.row_entry(index.row())
            if entry is not None and entry.kind == "row" and entry.row_id not in ids:
                ids.append(entry.row_id)
        return ids

    def remove_rows(self) -> None:
        if not self.read_only:
            self.session.remove_rows(self._selected_rows())

    def move_row(self, delta: int) -> None:
        _node, row_id = self._target()
        if row_id is None or self.read_only:
            return
        column = max(self.view.currentIndex().column(), 0)
        self.session.move_row(row_id, delta)
        index = self.model.locate(f"rows.{row_id}.name")
        self._select(self.model.index(index.row(), column))

    # ----- navigation

    def focus_path(self, path: str) -> bool:
        index = self.model.locate(path)
        if not index.isValid():
            return False
        self._select(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.view.setEditTriggers(self.view.EditTrigger.NoEditTriggers if read_only else (
            self.view.EditTrigger.DoubleClicked | self.view.EditTrigger.EditKeyPressed
            | self.view.EditTrigger.AnyKeyPressed | self.view.EditTrigger.SelectedClicked))
        self._update_buttons()

    def first_focus(self) -> None:
        first = next((i for i, e in enumerate(self.model.entries)
                      if e.node is not None and e.node.kind == "score"), 0)
        self._select(self.model.index(first, COLUMN_KEYS.index("score")))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_errors(self) -> bool:
        return any(f.section == "scoring" and f.severity is Severity.ERROR for f in self.session.findings)
