"""Two rows of 导出设置: the page layout choices (cover page, stamp, 填报人/审核人) and, on Windows, which
of the chosen fonts this PC lacks with the offer to use the ones Windows ships. Display only: the font
detection is exporters.fonts, the choices are ExportSettings fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from exporters.fonts import font_note, installed_fonts
from exporters.settings import ExportSettings, FontScheme

from .plain import PlainLabel

LAYOUT_CHOICES = (
    ("cover", "单独的封面页", "不勾选时，标题和封面信息放在正文第一页的开头。"),
    ("seal", "落款留盖章位置", "落款按加盖印章的格式排版（GB/T 9704 7.3.5.1），单位名称后加“（盖章）”。"),
    ("sign_lines", "填报人、审核人栏", "在落款日期下方打印“填报人”“审核人”，未填写的留空供手写。"),
)


class LayoutOptions(QWidget):
    """The three layout check boxes; ``on_change(settings)`` gets the settings with the new choice."""

    def __init__(self, parent: QWidget, settings: Callable[[], ExportSettings],
                 on_change: Callable[[ExportSettings], None]) -> None:
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for key, text, tip in LAYOUT_CHOICES:
            box = QCheckBox(text, self)
            box.setToolTip(tip)
            box.setChecked(bool(getattr(settings(), key)))
            box.toggled.connect(lambda on, k=key: on_change(replace(settings(), **{k: on})))
            line.addWidget(box)
            self.boxes[key] = box
        line.addStretch(1)


class FontNote(QWidget):
    """"本机没有安装仿宋_GB2312…" and a button to switch to the fonts Windows ships; hidden when every
    font is there or the fonts cannot be known (not Windows)."""

    def __init__(self, parent: QWidget, use_windows_fonts: Callable[[], None],
                 installed: frozenset[str] | None = None, *, detect: bool = True) -> None:
        super().__init__(parent)
        self.installed = installed_fonts() if detect and installed is None else installed
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.text = PlainLabel(self)
        self.text.setWordWrap(True)
        self.switch = QPushButton("改用 Windows 自带字体", self)
        self.switch.clicked.connect(use_windows_fonts)
        line.addWidget(self.text, 1)
        line.addWidget(self.switch)

    def show_for(self, scheme: FontScheme) -> None:
        note = font_note(scheme, self.installed)
        self.text.setText(note)
        self.switch.setVisible(scheme is FontScheme.GBT and "改用" in note)
        self.setVisible(bool(note))
