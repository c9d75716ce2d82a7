"""New draft: unit, year and framework; or a copy of an existing draft (its framework is kept).

The frameworks offered are the built-in ones and those imported on this PC; 使用财政局的得分表作为评价框架…
takes a bureau's 得分表 (.xlsx/.docx) as this year's framework (exporters.framework_import), keeps it in
the data folder and selects it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
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


def ask_bureau_table(parent: QWidget) -> Path | None:
    """The file picker (tests patch this)."""
    name, _ = QFileDialog.getOpenFileName(parent, "选择财政局的得分表", str(Path.home()), BUREAU_FILTER)
    return Path(name) if name else None


class NewDraftDialog(QDialog):
    def __init__(self, drafts: list[DraftInfo], parent: QWidget | None = None, *, copy_of: str = "") -> None:
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
        self.base = QComboBox(self)
        self.base.setAccessibleName("基于")
        self.base.addItem("空白报告", BLANK)
        self._frameworks: dict[str, str] = {}
        for info in drafts:
            if not info.damaged:
                self.base.addItem(f"复制草稿：{info.title}", info.draft_id)
                self._frameworks[info.draft_id] = str(info.summary.get("framework") or "")
        guard_wheel(self.year, self.framework, self.base)
        form.addRow("单位名称：", self.unit)
        form.addRow("评价年度：", self.year)
        form.addRow("评价框架：", self.framework)
        form.addRow("内容：", self.base)
        layout.addLayout(form)
        note = PlainLabel("复制已有草稿时，沿用其评价框架和全部内容，再改成新的单位和年度。", self)
        note.setWordWrap(True)
        apply_role(note, "help")
        layout.addWidget(note)
        self.framework_note = PlainLabel("", self)
        self.framework_note.setWordWrap(True)
        self.framework_note.setVisible(False)
        layout.addWidget(self.framework_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        set_button_texts(buttons)
        # A report already written in Word: read it instead of starting blank.
        self.word_import = False
        word = buttons.addButton("导入 Word 报告…", QDialogButtonBox.ButtonRole.ActionRole)
        word.setToolTip("读取已写好的自评报告（.docx 或 .doc），核对后生成草稿")
        word.clicked.connect(self._import_word)
        self.bureau = buttons.addButton("使用财政局的得分表作为评价框架…", QDialogButtonBox.ButtonRole.ActionRole)
        self.bureau.setToolTip("财政局今年下发的得分表（.xlsx 或 .docx）改了指标或分值时：按它的指标、分值和评分标准填写")
        self.bureau.clicked.connect(self.import_bureau_table)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.base.currentIndexChanged.connect(self._base_changed)
        if copy_of:
            self.base.setCurrentIndex(max(self.base.findData(copy_of), 0))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)

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

    def _import_word(self) -> None:
        self.word_import = True
        self.accept()

    def _base_changed(self) -> None:
        draft_id = self.base.currentData()
        framework = self._frameworks.get(draft_id, "")
        if framework:
            self.framework.setCurrentIndex(max(self.framework.findData(framework), 0))
        self.framework.setEnabled(not draft_id)

    @property
    def copy_of(self) -> str:
        return str(self.base.currentData() or "")

    @property
    def framework_id(self) -> str:
        return str(self.framework.currentData())
