"""What the clerk (or the bureau) chooses about the look of an export: fonts, dates, money unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from models.headings import cn_number
from models.money import Unit

LATIN_FONT = "Times New Roman"  # digits and Latin letters in the body, as many bureaus ask


class FontScheme(str, Enum):
    """GB/T 9704 font names, or the fonts a stock Chinese Windows ships (domain/document-format.md §1)."""

    GBT = "gbt"
    WINDOWS = "windows"


class DateStyle(str, Enum):
    ARABIC = "arabic"  # 2026年3月20日 (GB/T 9704-2012)
    CHINESE = "chinese"  # 二〇二六年三月二十日 (the older style many bureaus still ask for)


class FontRole(str, Enum):
    BODY = "body"  # 仿宋: body, headings 1. and (1), tables
    HEADING1 = "heading1"  # 黑体: 一、
    HEADING2 = "heading2"  # 楷体: (一)
    TITLE = "title"  # 小标宋: the report title
    PAGE_NUMBER = "page_number"  # 宋体: "— 1 —"


@dataclass(frozen=True, slots=True)
class Font:
    east_asia: str  # w:eastAsia: the font Chinese characters are set in
    latin: str  # w:ascii / w:hAnsi / w:cs: digits and Latin letters
    bold: bool = False  # only to stand in for 小标宋's weight where that font is missing


_SCHEMES: dict[FontScheme, dict[FontRole, Font]] = {
    FontScheme.GBT: {
        FontRole.BODY: Font("仿宋_GB2312", LATIN_FONT),
        FontRole.HEADING1: Font("黑体", LATIN_FONT),
        FontRole.HEADING2: Font("楷体_GB2312", LATIN_FONT),
        FontRole.TITLE: Font("方正小标宋简体", LATIN_FONT),
        FontRole.PAGE_NUMBER: Font("宋体", "宋体"),
    },
    FontScheme.WINDOWS: {
        FontRole.BODY: Font("仿宋", LATIN_FONT),
        FontRole.HEADING1: Font("黑体", LATIN_FONT),
        FontRole.HEADING2: Font("楷体", LATIN_FONT),
        # Windows has no 小标宋; bold 宋体 is the usual stand-in.
        FontRole.TITLE: Font("宋体", LATIN_FONT, bold=True),
        FontRole.PAGE_NUMBER: Font("宋体", "宋体"),
    },
}

def settings_fonts(scheme: FontScheme) -> dict[FontRole, Font]:
    """The font of every role in ``scheme``."""
    return dict(_SCHEMES[scheme])


# A font Word may lack, and the stock Windows font to use instead (written to fontTable.xml as altName).
ALT_FONT_NAMES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}


@dataclass(frozen=True, slots=True)
class ExportSettings:
    """Choices about the exported files. ``unit=None`` uses the report's own display unit."""

    fonts: FontScheme = FontScheme.GBT
    dates: DateStyle = DateStyle.ARABIC
    unit: Unit | None = None
    cover: bool = True  # a cover page; False: the title heads the first page of the body
    seal: bool = False  # the signature laid out for a stamp (GB/T 9704 §7.3.5.1), with （盖章）
    sign_lines: bool = False  # 填报人 / 审核人 lines under the date, blank where nobody is named

    def font(self, role: FontRole) -> Font:
        return _SCHEMES[self.fonts][role]

    def money_unit(self, report_unit: Unit) -> Unit:
        return self.unit or report_unit

    def format_date(self, date: dt.date) -> str:
        return format_date(date, self.dates)


_CN_DIGITS = "〇一二三四五六七八九"


def format_date(date: dt.date, style: DateStyle = DateStyle.ARABIC) -> str:
    """2026年3月20日, or 二〇二六年三月二十日 (zero is 〇, never 零 or 0)."""
    if style is DateStyle.ARABIC:
        return f"{date.year}年{date.month}月{date.day}日"
    year = "".join(_CN_DIGITS[int(d)] for d in str(date.year))
    return f"{year}年{cn_number(date.month)}月{cn_number(date.day)}日"
