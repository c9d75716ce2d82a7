"""New draft: unit, year and framework; or a copy of an existing draft (its framework is kept)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.draft_store import DraftInfo
from models.frameworks import builtin_frameworks

from .i18n import set_button_texts
from .plain import PlainLabel
from .style import apply_role
from .wheel_guard import guard_wheel

BLANK = ""


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        set_button_texts(buttons)
        # A report already written in Word: read it instead of starting blank.
        self.word_import = False
        word = buttons.addButton("导入 Word 报告…", QDialogButtonBox.ButtonRole.ActionRole)
        word.setToolTip("读取已写好的自评报告（.docx 或 .doc），核对后生成草稿")
        word.clicked.connect(self._import_word)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.base.currentIndexChanged.connect(self._base_changed)
        if copy_of:
            self.base.setCurrentIndex(max(self.base.findData(copy_of), 0))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)

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
