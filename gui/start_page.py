"""The start page: the clerk's drafts, and new / open / rename / copy / delete / restore / import / export.

It is the first thing shown, so it is painted before the draft list is read: :meth:`StartPage.load`
runs just after the first paint and imports the draft store then. The rules, the sample and the
draft format load when an action needs them (start-up time matters on old office PCs).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .dialogs import ID_ROLE, ask_text, message
from .i18n import set_button_texts
from .plain import PlainLabel, plain_box
from .style import apply_role

if TYPE_CHECKING:
    from models.draft_store import DraftInfo, DraftStore
    from models.report import Report

LOADING_HINT = "正在读取草稿列表……"
COLUMNS = ("草稿名称", "单位", "评价年度", "评价框架", "最后编辑", "状态")


def status_text(info: DraftInfo) -> tuple[str, str]:
    """The status column and its icon's state (a models.editing.StepState value)."""
    if info.damaged:
        return "无法读取（已损坏）", "problems"
    summary = info.summary
    if summary.get("ready") is True:
        return "可以正式导出", "complete"
    parts = []
    errors, missing = summary.get("errors"), summary.get("missing")  # "missing": drafts saved since 2026-12
    missing = missing if isinstance(missing, int) and isinstance(errors, int) and 0 <= missing <= errors else 0
    if missing:
        parts.append(f"{missing} 项未填")
    if isinstance(errors, int) and errors - missing:
        parts.append(f"{errors - missing} 个错误")
    if summary.get("warnings"):
        parts.append(f"{summary['warnings']} 个提醒")
    return ("待完善：" + "，".join(parts)) if parts else "填写中", "in_progress"


class StartPage(QWidget):
    open_requested = Signal(str)

    def __init__(self, store: DraftStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.drafts: list[DraftInfo] = []
        self.loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = PlainLabel("部门整体支出绩效自评报告 · 我的草稿", self)
        apply_role(title, "pageTitle")
        layout.addWidget(title)
        self.hint = PlainLabel(LOADING_HINT, self)
        apply_role(self.hint, "help")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        body = QHBoxLayout()
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("草稿列表")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        body.addWidget(self.table, 1)
        buttons = QGridLayout()
        self.new_button = self._button("新建草稿…", self.new_draft, buttons, 0)
        self.open_button = self._button("打开", self.open_selected, buttons, 1)
        self.rename_button = self._button("重命名…", self.rename_selected, buttons, 2)
        self.copy_button = self._button("复制为新草稿…", self.copy_selected, buttons, 3)
        self.copy_button.setToolTip("同一年度再做一份：复制全部内容")
        self.next_year_button = self._button("以此开始下一年度…", self.next_year_selected, buttons, 4)
        self.next_year_button.setToolTip("从选中的上年报告开始本年度的草稿：沿用单位信息，年度顺延，清空本年数字，文字待核对")
        self.delete_button = self._button("删除（移到回收站）", self.delete_selected, buttons, 5)
        self.bin_button = self._button("回收站…", self.show_bin, buttons, 6)
        self.import_button = self._button("导入草稿文件…", self.import_draft, buttons, 7)
        self.export_button = self._button("导出草稿文件…", self.export_selected, buttons, 8)
        self.sample_button = self._button("打开示例报告", self.open_sample, buttons, 9)
        self.word_button = self._button("导入 Word 报告…", self.import_word, buttons, 10)
        self.word_button.setToolTip("读取已写好的自评报告（.docx 或 .doc），核对后生成草稿")
        buttons.setRowStretch(11, 1)
        body.addLayout(buttons)
        layout.addLayout(body, 1)
        self._update_buttons()

    @property
    def store(self) -> DraftStore:
        """The clerk's drafts (the default store in the data folder unless one was given)."""
        if self._store is None:
            from models.draft_store import DraftStore

            self._store = DraftStore()
        return self._store

    def _button(self, text: str, slot: object, grid: QGridLayout, row: int) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        grid.addWidget(button, row, 0)
        return button

    # ----- list

    def load(self) -> None:
        """Read the list the first time (queued by the main window so it is painted first)."""
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        from models.draft_store import DraftStoreError

        from .icons import state_icon

        self.loaded = True
        try:
            drafts = self.store.list()
        except DraftStoreError as exc:
            drafts = []
            message(self, "无法读取草稿列表", str(exc))
        self.drafts = drafts
        self.table.setRowCount(len(drafts))
        for row, info in enumerate(drafts):
            summary = info.summary
            status, state = status_text(info)
            cells = (info.title, str(summary.get("unit") or ""), str(summary.get("year") or ""),
                     str(summary.get("framework_name") or ""), info.saved_at.strftime("%Y-%m-%d %H:%M"), status)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, info.draft_id)
                if col == len(cells) - 1:
                    item.setIcon(state_icon(state))
                self.table.setItem(row, col, item)
        if drafts:
            self.table.selectRow(0)
            self.hint.setText("双击一份草稿继续填写。草稿随时自动保存，可以分几天完成。")
        else:
            self.hint.setText("还没有草稿：点“新建草稿…”开始填写，或点“打开示例报告”看看填好的报告是什么样子。")
        self._update_buttons()

    def selected(self) -> DraftInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.drafts[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.selected()
        usable = info is not None and not info.damaged
        for button in (self.open_button, self.rename_button, self.copy_button, self.next_year_button,
                       self.export_button):
            button.setEnabled(usable)
        self.delete_button.setEnabled(info is not None)

    # ----- actions

    def open_selected(self) -> None:
        info = self.selected()
        if info is not None and not info.damaged:
            self.open_requested.emit(info.draft_id)

    def new_draft(self, copy_of: str = "", prior_of: str = "") -> None:
        from models.draft_format import DraftFormatError
        from models.draft_store import DraftStoreError
        from models.drafts import create_report, open_report
        from models.report import Report

        from .new_draft_dialog import NewDraftDialog

        dialog = NewDraftDialog(self.drafts, self, copy_of=copy_of, prior_of=prior_of)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.word_import:
            self.import_word()
            return
        if dialog.word_prior:
            self.new_year_from_word(dialog.unit.text().strip(), dialog.year.value())
            return
        if dialog.prior_of:
            self.new_year_from_draft(dialog.prior_of, dialog.unit.text().strip(), dialog.year.value())
            return
        try:
            if dialog.copy_of:
                report = open_report(self.store, dialog.copy_of).report
            else:
                report = Report.new(dialog.framework_id)
            unit = dialog.unit.text().strip()
            if unit:
                report.values["unit_name"] = unit
                if report.text("sign_unit"):
                    report.values["sign_unit"] = unit
            report.values["eval_year"] = dialog.year.value()
            opened = create_report(self.store, report)
        except (DraftStoreError, DraftFormatError) as exc:
            message(self, "没有新建草稿", str(exc))
            return
        self.refresh()
        self.open_requested.emit(opened.draft_id)

    def new_year_from_draft(self, draft_id: str, unit: str, year: int) -> None:
        """This year's draft from last year's draft on this PC (models.carry_forward)."""
        from models.draft_format import DraftFormatError
        from models.draft_store import DraftStoreError
        from models.drafts import open_report

        try:
            last = open_report(self.store, draft_id).report
        except (DraftStoreError, DraftFormatError) as exc:
            message(self, "没有新建草稿", str(exc))
            return
        self._create_next_year(last, unit, year)

    def new_year_from_word(self, unit: str, year: int) -> None:
        """This year's draft from last year's Word report: read and checked like an import, then carried."""
        from .file_dialogs import open_file
        from .word_import_dialog import WORD_FILTER, WordImportDialog

        path = open_file(self, "选择上年的 Word 报告", Path.home(), WORD_FILTER)
        if path is None:
            return
        dialog = WordImportDialog(path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.report is None:
            return
        last = dialog.report
        self._create_next_year(last, unit, year if last.integer("eval_year") is None else None)

    def _create_next_year(self, last: Report, unit: str, year: int | None) -> None:
        from models.carry_forward import CarryError, next_year
        from models.draft_store import DraftStoreError
        from models.drafts import create_report

        try:
            report = next_year(last, year)
        except CarryError as exc:
            message(self, "没有新建草稿", str(exc))
            return
        if unit and unit != report.text("unit_name"):  # the unit was renamed since last year
            if report.text("sign_unit") == report.text("unit_name"):
                report.values["sign_unit"] = unit
            report.values["unit_name"] = unit
        try:
            opened = create_report(self.store, report)
        except DraftStoreError as exc:
            message(self, "没有新建草稿", str(exc))
            return
        self.refresh()
        self.open_requested.emit(opened.draft_id)

    def next_year_selected(self) -> None:
        info = self.selected()
        if info is not None:
            self.new_draft(prior_of=info.draft_id)

    def copy_selected(self) -> None:
        info = self.selected()
        if info is not None:
            self.new_draft(copy_of=info.draft_id)

    def open_sample(self) -> None:
        from models.draft_store import DraftStoreError
        from models.drafts import create_report
        from models.sample import build_sample

        try:
            opened = create_report(self.store, build_sample(), "示例：蓉溪市农业农村局 2025年度")
        except DraftStoreError as exc:
            message(self, "没有打开示例", str(exc))
            return
        self.refresh()
        self.open_requested.emit(opened.draft_id)

    def rename_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        title = ask_text(self, "重命名草稿", "新的草稿名称：", info.title)
        if not title:
            return
        from models.draft_store import DraftStoreError

        try:
            self.store.rename(info.draft_id, title)
        except DraftStoreError as exc:
            message(self, "没有重命名", str(exc))
        self.refresh()

    def delete_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        box = plain_box(QMessageBox.Icon.Question, "删除草稿",
                          f"把草稿「{info.title}」移到回收站？\n以后可以在“回收站…”中恢复。",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        set_button_texts(box)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        from models.draft_store import DraftStoreError

        try:
            self.store.delete(info.draft_id)
        except DraftStoreError as exc:
            message(self, "没有删除", str(exc))
        self.refresh()

    def show_bin(self) -> None:
        from .bin_dialog import BinDialog

        dialog = BinDialog(self.store, self)
        dialog.exec()
        self.refresh()

    def import_draft(self) -> None:
        from .file_dialogs import open_file

        path = open_file(self, "导入草稿文件", Path.home(), "草稿文件 (*.json)")
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> None:
        from models.draft_format import DraftFormatError
        from models.draft_store import DraftStoreError
        from models.drafts import import_file

        try:
            opened = import_file(self.store, path)
        except (DraftFormatError, DraftStoreError) as exc:
            message(self, "无法导入", f"没有导入 {path.name}：{exc}")
            return
        self.refresh()
        if opened.notes:
            message(self, "已导入", "\n".join(opened.notes), QMessageBox.Icon.Information)
        self.open_requested.emit(opened.draft_id)

    def import_word(self) -> None:
        from .file_dialogs import open_file
        from .word_import_dialog import WORD_FILTER

        path = open_file(self, "导入 Word 报告", Path.home(), WORD_FILTER)
        if path is not None:
            self.import_word_path(path)

    def import_word_path(self, path: Path) -> None:
        """Read the report, let the clerk confirm the mapping, then create the draft (nothing before)."""
        from models.draft_store import DraftStoreError
        from models.drafts import create_report

        from .word_import_dialog import WordImportDialog

        dialog = WordImportDialog(path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.report is None:
            return
        try:
            opened = create_report(self.store, dialog.report, f"{dialog.report.title()}（导入自 {path.name}）")
        except DraftStoreError as exc:
            message(self, "没有创建草稿", str(exc))
            return
        self.refresh()
        self.open_requested.emit(opened.draft_id)

    def export_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        from models.atomic import sanitize_filename

        from .file_dialogs import save_file

        suggested = Path.home() / (sanitize_filename(info.title) + ".json")
        path = save_file(self, "导出草稿文件", suggested, "草稿文件 (*.json)")
        if path is not None:
            self.export_path(info.draft_id, path)

    def export_path(self, draft_id: str, path: Path) -> None:
        from models.draft_format import DraftFormatError
        from models.draft_store import DraftStoreError
        from models.drafts import export_file, open_report

        try:
            opened = open_report(self.store, draft_id)
            export_file(opened.report, path, title=opened.title)
        except (DraftFormatError, DraftStoreError, OSError) as exc:
            message(self, "没有导出", str(exc))
            return
        message(self, "已导出", f"草稿已导出为：\n{path}\n可以把这个文件交给同事，用“导入草稿文件…”打开。",
                QMessageBox.Icon.Information)
