"""导出设置 on the review step: fonts, date style, money unit, and the bureau's own templates.

A template the clerk picks is checked in the background (exporters.api.check_template; the first
check loads python-docx or openpyxl). Its problems are listed the way the clerk sees the file
(paragraph, table cell, sheet cell): problems that stop the export apart from notes. A file the
checks refuse outright (macros, not a zip, a zip bomb …) is not kept: its one-line reason is shown
and the previous choice stays.
"""

from __future__ import annotations

import datetime as dt
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from exporters.errors import TemplateIssue
from exporters.form_mapping import ENTRY_TITLES, FormMapping
from exporters.settings import DateStyle, FontScheme, format_date
from models.editing import EditSession
from models.findings import Severity
from models.money import Unit

from .export_options import FontNote, LayoutOptions
from .export_prefs import ExportChoices
from .export_worker import TemplateCheckWorker
from .icons import GREEN, ORANGE, RED, severity_icon
from .plain import PlainLabel
from .wheel_guard import guard_wheel
from .widgets.section_box import SectionBox

KIND_NAMES = {"docx": "Word 模板", "xlsx": "Excel 模板"}
BUILT_IN = {"docx": "内置模板（GB/T 9704 公文格式）", "xlsx": "内置模板（得分表、收支情况表）"}
FILTERS = {"docx": "Word 模板 (*.docx *.dotx);;所有文件 (*)", "xlsx": "Excel 模板 (*.xlsx *.xltx);;所有文件 (*)"}
SUFFIXES = {"docx": (".docx", ".docm", ".dotx", ".dotm"), "xlsx": (".xlsx", ".xlsm", ".xltx", ".xltm")}
FONT_CHOICES = (
    (FontScheme.GBT, "按国标 GB/T 9704 字体名：仿宋_GB2312、楷体_GB2312、方正小标宋简体"),
    (FontScheme.WINDOWS, "按 Windows 自带字体：仿宋、楷体、黑体、宋体"),
)
FONT_HELP = ("Windows 默认没有安装仿宋_GB2312、楷体_GB2312 和方正小标宋简体，缺字体时 Word 会自动替换。"
             "财政局要求国标字体名时选第一项；对方电脑只装了 Windows 自带字体时选第二项。")


def ask_template_path(parent: QWidget, kind: str, start: Path) -> Path | None:
    """The file picker (tests patch this)."""
    from .file_dialogs import open_file

    return open_file(parent, f"选择{KIND_NAMES[kind]}", start, FILTERS[kind])


class TemplateRow:
    """One template's line: which file, pick / re-check / back to built-in, and its check state."""

    def __init__(self, box: ExportSettingsBox, kind: str, grid: QGridLayout, row: int) -> None:
        self.kind = kind
        label = PlainLabel(f"{KIND_NAMES[kind]}：", box)
        self.name = PlainLabel(BUILT_IN[kind], box)
        self.name.setAccessibleName(KIND_NAMES[kind])
        self.pick = QPushButton("选择…", box)
        self.recheck = QPushButton("重新检查", box)
        self.built_in = QPushButton("使用内置模板", box)
        self.status = PlainLabel(box)
        self.status.setWordWrap(True)
        self.pick.clicked.connect(lambda: box.pick_template(kind))
        self.recheck.clicked.connect(lambda: box.recheck(kind))
        self.built_in.clicked.connect(lambda: box.use_built_in(kind))
        line = QHBoxLayout()
        line.addWidget(self.name, 1)
        line.addWidget(self.pick)
        line.addWidget(self.recheck)
        line.addWidget(self.built_in)
        grid.addWidget(label, row, 0)
        grid.addLayout(line, row, 1)
        grid.addWidget(self.status, row + 1, 1)

    def show_path(self, path: Path | None) -> None:
        self.name.setText(path.name if path else BUILT_IN[self.kind])
        self.name.setToolTip(str(path) if path else "")
        self.recheck.setVisible(path is not None)
        self.built_in.setVisible(path is not None)

    def say(self, text: str, color: str = "") -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};" if color else "")
        self.status.setVisible(bool(text))


class ExportSettingsBox(SectionBox):
    changed = Signal(object)  # ExportChoices, after every change the clerk makes
    busy_changed = Signal(bool)  # a template check started (True) or all have ended (False)

    def __init__(self, session: EditSession, choices: ExportChoices, parent: QWidget | None = None) -> None:
        super().__init__("导出设置", parent)
        self.session = session
        # The export's unit is its own setting, never the screen's display unit (None would follow it).
        self._choices = choices if choices.settings.unit else replace(
            choices, settings=replace(choices.settings, unit=Unit.YUAN))
        self._checking: dict[str, tuple[Path, bool]] = {}  # kind -> (path being checked, saved last session)
        self._issues: dict[str, tuple[TemplateIssue, ...]] = {"docx": (), "xlsx": ()}
        self._mappings: dict[str, FormMapping | None] = {"docx": None, "xlsx": None}
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)

        self.fonts = QComboBox(self)
        for scheme, text in FONT_CHOICES:
            self.fonts.addItem(text, scheme.value)
        self.fonts.setToolTip(FONT_HELP)
        self.dates = QComboBox(self)
        self.unit = QComboBox(self)
        for unit in Unit:
            self.unit.addItem(unit.value, unit.value)
        self.unit.setToolTip("导出的 Word 报告和 Excel 表格中金额使用的单位。与填写时屏幕上的金额单位"
                             "（页面右上角）是两个设置：切换屏幕单位不会改变导出的报告。")
        for row, (text, combo) in enumerate((("字体：", self.fonts), ("日期写法：", self.dates),
                                             ("金额单位：", self.unit))):
            label = PlainLabel(text, self)
            label.setBuddy(combo)
            combo.setAccessibleName(text.rstrip("："))
            guard_wheel(combo)
            grid.addWidget(label, row, 0)
            line = QHBoxLayout()
            line.addWidget(combo)
            line.addStretch(1)
            grid.addLayout(line, row, 1)
        self.rows = {"docx": TemplateRow(self, "docx", grid, 3), "xlsx": TemplateRow(self, "xlsx", grid, 5)}
        self.issues = QListWidget(self)
        self.issues.setAccessibleName("模板中的问题")
        self.issues.setWordWrap(True)
        grid.addWidget(self.issues, 7, 0, 1, 2)
        self.font_note = FontNote(self, self.use_windows_fonts)
        grid.addWidget(self.font_note, 8, 1)
        grid.addWidget(PlainLabel("版式：", self), 9, 0)
        self.layout_options = LayoutOptions(self, lambda: self._choices.settings,
                                            lambda s: self._set(replace(self._choices, settings=s)))
        grid.addWidget(self.layout_options, 9, 1)
        self.mapping_title = PlainLabel("按财政局表格填写的位置（导出前请核对）：", self)
        self.mapping = QListWidget(self)
        self.mapping.setAccessibleName("填写位置")
        self.mapping.setWordWrap(True)
        grid.addWidget(self.mapping_title, 10, 0, 1, 2)
        grid.addWidget(self.mapping, 11, 0, 1, 2)

        self.fonts.setCurrentIndex(self.fonts.findData(choices.settings.fonts.value))
        self.font_note.show_for(choices.settings.fonts)
        self.refresh_unit()
        self.refresh_dates()
        for kind, template_row in self.rows.items():
            template_row.show_path(choices.template(kind))
            template_row.say("")
        self._show_issues()
        self.fonts.activated.connect(lambda _i: self._combo_changed())
        self.dates.activated.connect(lambda _i: self._combo_changed())
        self.unit.activated.connect(lambda _i: self._combo_changed())
        for kind in self.rows:
            path = choices.template(kind)
            if path is not None:  # saved last time: the file may have changed or gone since
                self._check(kind, path, restored=True)

    # ----- the choice

    def choices(self) -> ExportChoices:
        return self._choices

    @property
    def busy(self) -> bool:
        return bool(self._checking)

    def _date_example(self, style: DateStyle) -> str:
        report = self.session.report
        return format_date(report.date("sign_date") or report.date("report_date") or dt.date.today(), style)

    def refresh_dates(self) -> None:
        """The date examples are the report's own signature date."""
        current = self._choices.settings.dates
        self.dates.clear()
        self.dates.addItem(f"{self._date_example(DateStyle.ARABIC)}（阿拉伯数字，GB/T 9704-2012）", DateStyle.ARABIC.value)
        self.dates.addItem(f"{self._date_example(DateStyle.CHINESE)}（汉字数字）", DateStyle.CHINESE.value)
        self.dates.setCurrentIndex(self.dates.findData(current.value))

    def refresh_unit(self) -> None:
        """The export's own unit (元 unless chosen): never the screen's display unit."""
        unit = self._choices.settings.unit or Unit.YUAN
        self.unit.setCurrentIndex(self.unit.findData(unit.value))

    def _combo_changed(self) -> None:
        unit = Unit(self.unit.currentData())
        settings = replace(self._choices.settings, fonts=FontScheme(self.fonts.currentData()),
                           dates=DateStyle(self.dates.currentData()),
                           unit=unit)
        self.font_note.show_for(settings.fonts)
        self._set(replace(self._choices, settings=settings))

    def use_windows_fonts(self) -> None:
        self.fonts.setCurrentIndex(self.fonts.findData(FontScheme.WINDOWS.value))
        self._combo_changed()

    def _set(self, choices: ExportChoices) -> None:
        if choices != self._choices:
            self._choices = choices
            self.changed.emit(choices)

    # ----- templates

    def pick_template(self, kind: str) -> None:
        current = self._choices.template(kind)
        path = ask_template_path(self, kind, current.parent if current else Path.home())
        if path is None:
            return
        other = "xlsx" if kind == "docx" else "docx"
        if path.suffix.lower() in SUFFIXES[other]:
            self.rows[kind].say(f"「{path.name}」是{KIND_NAMES[other][:-2]}文件，请在“{KIND_NAMES[other]}”一行选择。"
                                f"{KIND_NAMES[kind]}仍为{self._current_name(kind)}。", RED)
            return
        self._check(kind, path)

    def recheck(self, kind: str) -> None:
        path = self._choices.template(kind)
        if path is not None:
            self._check(kind, path)

    def use_built_in(self, kind: str) -> None:
        self._checking.pop(kind, None)  # a check still running for this row is ignored when it ends
        self._issues[kind] = ()
        self._mappings[kind] = None
        self._set(self._choices.with_template(kind, None))
        self.rows[kind].show_path(None)
        self.rows[kind].say("")
        self._show_issues()
        self.busy_changed.emit(self.busy)

    def _current_name(self, kind: str) -> str:
        path = self._choices.template(kind)
        return f"「{path.name}」" if path else "内置模板"

    def _check(self, kind: str, path: Path, *, restored: bool = False) -> None:
        self._checking[kind] = (path, restored)
        self.rows[kind].say(f"正在检查「{path.name}」……")
        worker = TemplateCheckWorker(kind, path, deepcopy(self.session.report))
        worker.signals.mapped.connect(self._mapped)
        worker.signals.checked.connect(self._checked)
        worker.signals.refused.connect(self._refused)
        self.busy_changed.emit(True)
        QThreadPool.globalInstance().start(worker)

    def _finish(self, kind: str, path: Path) -> bool | None:
        """Whether the check was of a template saved last session; None when it was overtaken."""
        checking = self._checking.get(kind)
        if checking is None or checking[0] != path:
            return None
        del self._checking[kind]
        self.busy_changed.emit(self.busy)
        return checking[1]

    def _mapped(self, kind: str, path: Path, mapping: FormMapping | None) -> None:
        checking = self._checking.get(kind)
        if checking is not None and checking[0] == path:
            self._mappings[kind] = mapping

    def _checked(self, kind: str, path: Path, issues: tuple[TemplateIssue, ...]) -> None:
        if self._finish(kind, path) is None:
            return
        self._issues[kind] = issues
        self._set(self._choices.with_template(kind, path))
        row = self.rows[kind]
        row.show_path(path)
        blocking = sum(1 for issue in issues if issue.blocking)
        notes = len(issues) - blocking
        if blocking:
            row.say(f"有 {blocking} 处必须修改的问题（见下方列表），用这个模板导出会被拒绝。"
                    "请在 Word/Excel 中修改模板并保存后点“重新检查”，或改用内置模板。", RED)
        elif notes:
            row.say(f"可以使用；有 {notes} 条提示（见下方列表）。", ORANGE)
        else:
            row.say("检查通过，导出时将使用这个模板。", GREEN)
        self._show_issues()

    def _refused(self, kind: str, path: Path, reason: str) -> None:
        restored = self._finish(kind, path)
        if restored is None:
            return
        if restored or self._choices.template(kind) == path:  # the kept file has gone bad since
            self._issues[kind] = ()
            self._mappings[kind] = None
            self._set(self._choices.with_template(kind, None))
            self.rows[kind].show_path(None)
            self.rows[kind].say(f"{reason} 已改用内置模板。", RED)
        else:
            self.rows[kind].say(f"{reason} {KIND_NAMES[kind]}仍为{self._current_name(kind)}。", RED)
        self._show_issues()

    def _show_issues(self) -> None:
        self.issues.clear()
        for kind, issues in self._issues.items():
            for issue in sorted(issues, key=lambda i: not i.blocking):
                severity = Severity.ERROR if issue.blocking else Severity.WARNING
                label = "必须修改" if issue.blocking else "提示"
                item = QListWidgetItem(severity_icon(severity), f"{label}｜{KIND_NAMES[kind]}：{issue}")
                item.setToolTip(str(issue))
                self.issues.addItem(item)
        count = self.issues.count()
        self.issues.setVisible(count > 0)
        if count:
            line = self.issues.fontMetrics().lineSpacing()
            self.issues.setFixedHeight(min(count * 2 + 1, 9) * line)
        self._show_mapping()

    def _show_mapping(self) -> None:
        """What the export would write where in the bureau's files, and what it could not place."""
        self.mapping.clear()
        for kind, mapping in self._mappings.items():
            if mapping is None or self._choices.template(kind) is None:
                continue
            for line in mapping_lines(mapping):
                item = QListWidgetItem(line.text)
                if line.severity is not None:
                    item.setIcon(severity_icon(line.severity))
                item.setToolTip(line.text)
                self.mapping.addItem(item)
        count = self.mapping.count()
        self.mapping.setVisible(count > 0)
        self.mapping_title.setVisible(count > 0)
        if count:
            line_height = self.mapping.fontMetrics().lineSpacing()
            self.mapping.setFixedHeight(min(count + 1, 12) * line_height)


@dataclass(frozen=True, slots=True)
class MappingLine:
    text: str
    severity: Severity | None = None  # a warning for what could not be placed, info for the checks


_ENTRY_SEVERITY = {"not_placed": Severity.WARNING, "unmatched": Severity.WARNING, "missing": Severity.WARNING,
                   "note": Severity.INFO}


def mapping_lines(mapping: FormMapping) -> list[MappingLine]:
    """The mapping as the list shows it: a summary, each placement, then what was not placed."""
    out = []
    for kind, text in mapping.entries():
        if kind in ENTRY_TITLES:
            text = f"{ENTRY_TITLES[kind]}：{text}"
        elif kind == "placed":
            text = f"　{text}"
        out.append(MappingLine(text, _ENTRY_SEVERITY.get(kind)))
    return out
