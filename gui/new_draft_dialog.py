"""New draft: blank (unit, year, framework), from last year's report (a draft on this PC or a Word file:
next year's draft, models.carry_forward), or a copy of an existing draft for the same year.

The frameworks offered are the built-in ones and those imported on this PC; 使用财政局的得分表作为评价框架…
takes a bureau's 得分表 (.xlsx/.docx) as this year's framework (exporters.framework_import), keeps it in
the data folder and selects it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.draft_store import DraftInfo
from models.frameworks import builtin_frameworks
from models.user_frameworks import saved as saved_frameworks

from .i18n import set_button_texts
from .plain import PlainLabel
from .style import apply_role
from .wheel_guard import guard_wheel

BLANK = ""
BUREAU_FILTER = "财政局的得分表 (*.xlsx *.docx);;所有文件 (*)"
BLANK_NOTE = "从空白报告开始，逐项填写本年度的内容。"
PRIOR_NOTE = ("从上年报告开始（新的年度）：沿用单位信息、评价框架、机构组成和机构职能；评价年度顺延一年，"
              "年初结转和结余取上年的年末结转和结余；本年的金额、人数、日期和得分清空，上年数显示在各项旁边；"
              "带过来的文字说明标为“上年内容”，逐项修改或点“已核对”后才能正式导出。")
COPY_NOTE = ("复制草稿（同一年度再做一份）：复制全部内容，包括金额、得分和文字；年度不顺延，数字不清空。"
             "要做下一年度的报告，请选“从上年报告开始”。")


def ask_bureau_table(parent: QWidget) -> Path | None:
    """The file picker (tests patch this)."""
    from .file_dialogs import open_file

    return open_file(parent, "选择财政局的得分表", Path.home(), BUREAU_FILTER)


class NewDraftDialog(QDialog):
    def __init__(self, drafts: list[DraftInfo], parent: QWidget | None = None, *, copy_of: str = "",
                 prior_of: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("新建草稿")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("单位全称，例如：某某市某某局")
        self.unit.setAccessibleName("单位名称")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year - 1)
        self.year.setAccessibleName("评价年度")
        self.framework = QComboBox(self)
        self.framework.setAccessibleName("评价框架")
        for fw in builtin_frameworks():
            self.framework.addItem(fw.name, fw.id)
        for fw in saved_frameworks():
            self.framework.addItem(f"导入：{fw.name}", fw.id)
        self._infos = {info.draft_id: info for info in drafts if not info.damaged}
        # What to start from: three plainly named choices, each with its own list of drafts.
        self.blank = QRadioButton("空白报告", self)
        self.from_prior = QRadioButton("从上年报告开始（新的年度）", self)
        self.copy = QRadioButton("复制草稿（同一年度再做一份）", self)
        self.choice = QButtonGroup(self)
        for button in (self.blank, self.from_prior, self.copy):
            self.choice.addButton(button)
        self.prior = QComboBox(self)
        self.prior.setAccessibleName("上年的报告")
        self.base = QComboBox(self)  # the draft to copy
        self.base.setAccessibleName("要复制的草稿")
        for info in self._infos.values():
            self.prior.addItem(f"本机草稿：{info.title}", info.draft_id)
            self.base.addItem(info.title, info.draft_id)
        # Last year's Word report: picked and read by the start page after the dialog closes.
        self.word_prior = False
        self.prior_word = QPushButton("选择上年的 Word 报告…", self)
        self.prior_word.setToolTip("读取上年报送的自评报告（.docx 或 .doc），核对后生成本年度的草稿")
        self.prior_word.clicked.connect(self._prior_from_word)
        guard_wheel(self.year, self.framework, self.prior, self.base)
        form.addRow("单位名称：", self.unit)
        form.addRow("评价年度：", self.year)
        form.addRow("评价框架：", self.framework)
        layout.addLayout(form)
        grid = QGridLayout()
        grid.addWidget(PlainLabel("内容：", self), 0, 0)
        grid.addWidget(self.blank, 0, 1)
        grid.addWidget(self.from_prior, 1, 1)
        grid.addWidget(self.prior, 1, 2)
        grid.addWidget(self.prior_word, 2, 2)
        grid.addWidget(self.copy, 3, 1)
        grid.addWidget(self.base, 3, 2)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.note = PlainLabel(self)
        self.note.setWordWrap(True)
        apply_role(self.note, "help")
        layout.addWidget(self.note)
        self.framework_note = PlainLabel("", self)
        self.framework_note.setWordWrap(True)
        self.framework_note.setVisible(False)
        layout.addWidget(self.framework_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        set_button_texts(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # A report already written in Word: read it instead of starting blank.
        self.word_import = False
        word = buttons.addButton("导入 Word 报告…", QDialogButtonBox.ButtonRole.ActionRole)
        word.setToolTip("读取已写好的本年度自评报告（.docx 或 .doc），核对后生成草稿")
        word.clicked.connect(self._import_word)
        self.bureau = buttons.addButton("使用财政局的得分表作为评价框架…", QDialogButtonBox.ButtonRole.ActionRole)
        self.bureau.setToolTip("财政局今年下发的得分表（.xlsx 或 .docx）改了指标或分值时：按它的指标、分值和评分标准填写")
        self.bureau.clicked.connect(self.import_bureau_table)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.buttonToggled.connect(self._toggled)
        self.prior.currentIndexChanged.connect(self._changed)
        self.base.currentIndexChanged.connect(self._changed)
        has_drafts = bool(self._infos)
        self.copy.setEnabled(has_drafts)
        if copy_of in self._infos:
            self.base.setCurrentIndex(self.base.findData(copy_of))
            self.copy.setChecked(True)
        elif prior_of in self._infos:
            self.prior.setCurrentIndex(self.prior.findData(prior_of))
            self.from_prior.setChecked(True)
        else:
            self.blank.setChecked(True)
        self._changed()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 44)

    def import_bureau_table(self) -> None:
        path = ask_bureau_table(self)
        if path is None:
            return
        from exporters.errors import ExportError
        from exporters.framework_import import import_framework
        from models.frameworks import FrameworkError, load_framework
        from models.user_frameworks import register, save

        try:
            data = import_framework(path, load_framework(self.framework_id))
            framework = register(data)
            save(data)
        except (ExportError, FrameworkError, OSError) as exc:
            self._say(f"「{path.name}」没有作为评价框架：{exc}", error=True)
            return
        index = self.framework.findData(framework.id)
        if index < 0:
            self.framework.addItem(f"导入：{framework.name}", framework.id)
            index = self.framework.count() - 1
        self.framework.setCurrentIndex(index)
        leaves = sum(1 for n in framework.walk() if n.kind == "score")
        self._say(f"已按「{path.name}」建立评价框架：一级指标 {len(framework.tree)} 个，末级指标 {leaves} 个，"
                  f"总分 {framework.total_points.normalize():f} 分；已保存在本机，以后新建草稿也可以选用。")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.framework_note.setText(text)
        self.framework_note.setStyleSheet("color: #c00000;" if error else "")
        self.framework_note.setVisible(True)

    def _toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._changed()

    def _import_word(self) -> None:
        self.word_import = True
        self.accept()

    def _prior_from_word(self) -> None:
        self.word_prior = True
        self.accept()

    def _changed(self) -> None:
        """Fill what the chosen start decides: the framework, and for last year's report the unit and year + 1."""
        prior, copy = self.from_prior.isChecked(), self.copy.isChecked()
        self.prior.setEnabled(prior and self.prior.count() > 0)
        self.base.setEnabled(copy)
        self.note.setText(PRIOR_NOTE if prior else COPY_NOTE if copy else BLANK_NOTE)
        self.ok.setEnabled(not prior or bool(self.prior_of))  # from last year: a draft here, or the Word button
        info = self._infos.get(self.prior_of if prior else self.copy_of if copy else "")
        self.framework.setEnabled(info is None)
        if info is None:
            return
        framework = str(info.summary.get("framework") or "")
        if framework:
            self.framework.setCurrentIndex(max(self.framework.findData(framework), 0))
        if prior:
            self.unit.setText(str(info.summary.get("unit") or ""))
            year = info.summary.get("year")
            if isinstance(year, int):
                self.year.setValue(min(year + 1, self.year.maximum()))

    @property
    def copy_of(self) -> str:
        return str(self.base.currentData() or "") if self.copy.isChecked() else ""

    @property
    def prior_of(self) -> str:
        """The stored draft of last year this year's draft starts from ("" for none)."""
        return str(self.prior.currentData() or "") if self.from_prior.isChecked() else ""

    @property
    def framework_id(self) -> str:
        return str(self.framework.currentData())
