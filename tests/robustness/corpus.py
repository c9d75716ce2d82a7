"""The nasty-input corpus, one table used by every path (GUI fields, the CLI, both exporters).

Numbers: what clerks type or paste into a numeric field, each with the outcome the field must give
(domain/report.md §4): the exact Decimal, or a refusal whose Chinese message quotes the input and
names the reason. Texts: what must be kept in the draft exactly as typed, made safe on export, and
never crash anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class Refused:
    """The field refuses the input; its message contains ``words`` (the reason) and quotes the input."""

    words: str


Outcome = Decimal | int | None | Refused


@dataclass(frozen=True)
class NumberCase:
    id: str
    text: str
    money: Outcome  # in a money field typed in 元 (parse_money)
    count: Outcome  # in a persons-count field (whole number, 0 … 1,000,000)


NUMBERS: tuple[NumberCase, ...] = (
    NumberCase("full-width-ime", "１２３，４５６．７８", D("123456.78"), Refused("应为整数")),
    NumberCase("full-width-whole", "１２３４５", D("12345.00"), 12345),
    NumberCase("ideographic-space", "1\u3000234", D("1234.00"), 1234),
    NumberCase("no-break-space", "1\u00a0234", D("1234.00"), 1234),
    NumberCase("arabic-indic", "١٢٣", Refused("非标准数字字符"), Refused("非标准数字字符")),
    NumberCase("extended-arabic-indic", "۱۲۳.۴۵", Refused("非标准数字字符"), Refused("非标准数字字符")),
    NumberCase("superscript", "10²", Refused("上标"), Refused("上标")),
    NumberCase("circled", "①", Refused("带圈"), Refused("带圈")),
    NumberCase("math-bold", "𝟏𝟐𝟑", Refused("特殊字体"), Refused("特殊字体")),
    NumberCase("scientific", "1e9", Refused("科学计数法"), Refused("科学计数法")),
    NumberCase("full-width-scientific", "１Ｅ３", Refused("科学计数法"), Refused("科学计数法")),
    NumberCase("nan", "NaN", Refused("不是一个数"), Refused("不是一个数")),
    NumberCase("infinity", "-Infinity", Refused("不是一个数"), Refused("不是一个数")),
    NumberCase("minus-zero", "-0", D("0.00"), 0),
    NumberCase("european", "1.234,56", Refused("逗号作小数点"), Refused("逗号作小数点")),
    NumberCase("comma-decimal", "12,5", Refused("逗号作小数点"), Refused("逗号作小数点")),
    NumberCase("twenty-digits", "12345678901234567890", Refused("位数太多"), Refused("位数太多")),
    NumberCase("three-decimals", "12.345", Refused("不会自动四舍五入"), Refused("应为整数")),
    NumberCase("yen-grouped", "¥1,234.50", D("1234.50"), Refused("¥")),
    NumberCase("wan-yuan", "12.5万元", D("125000.00"), Refused("万")),
    NumberCase("grouped", "1,234,567.89", D("1234567.89"), Refused("应为整数")),
    NumberCase("bad-grouping", "12,34,567", Refused("千位分隔符"), Refused("千位分隔符")),
    NumberCase("two-points", "1.2.3", Refused("多个小数点"), Refused("多个小数点")),
    NumberCase("chinese-numerals", "一百二十", Refused("中文数字"), Refused("中文数字")),
    NumberCase("percent", "12.5%", Refused("百分数"), Refused("%")),
    NumberCase("negative", "-5", Refused("负数"), Refused("最小值")),
    NumberCase("hex", "0x10", Refused("x"), Refused("x")),
    NumberCase("underscore", "1_000", Refused("_"), Refused("_")),
    NumberCase("plus-sign", "+7", D("7.00"), 7),
    NumberCase("huge-money", "9999999999999.99", D("9999999999999.99"), Refused("应为整数")),
    NumberCase("absurd-money", "99999999999999", Refused("10 万亿元"), Refused("最大值")),
    NumberCase("empty", "", None, None),
)


def quoted(text: str) -> str:
    """How a refusal quotes what the clerk typed (models.money._shown: printable, at most 24 characters)."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text.strip())
    return f"「{shown if len(shown) <= 24 else shown[:24] + '…'}」"


@dataclass(frozen=True)
class DateCase:
    id: str
    text: str
    date: dt.date | Refused | None


DATES: tuple[DateCase, ...] = (
    DateCase("iso", "2025-12-31", dt.date(2025, 12, 31)),
    DateCase("full-width-chinese", "２０２５年１２月３１日", dt.date(2025, 12, 31)),
    DateCase("dotted", "2025.1.5", dt.date(2025, 1, 5)),
    DateCase("compact", "20251231", dt.date(2025, 12, 31)),
    DateCase("no-such-day", "2025-02-30", Refused("不是存在的日期")),
    DateCase("year-zero", "0000-01-01", Refused("不是存在的日期")),
    DateCase("day-first", "31/12/2025", Refused("不是可识别的日期")),
    DateCase("arabic-indic", "٢٠٢٥-١٢-٣١", Refused("不是可识别的日期")),
    DateCase("with-time", "2025-12-31T08:00", Refused("不是可识别的日期")),
    DateCase("control", "2025\x00-12-31", Refused("不是可识别的日期")),
    DateCase("empty", "", None),
)


# Text a clerk might type or paste. Every entry must come back from the draft exactly as typed.
C0_CONTROLS = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A))
TEXTS: dict[str, str] = {
    "c0-controls": f"开头{C0_CONTROLS}结尾",
    "word-paste-marks": "第一段\x0b手动换行\x0c分页\x07单元格\r\n第二段",
    "noncharacters": "前\ufffe中\uffff后",
    "lone-surrogates": "前\ud800中\udfff后\udbff",
    "emoji": "进度😀 家庭👨‍👩‍👧 国旗🇨🇳 肤色👍🏽",
    "rtl-marks": "\u200f\u202eabc\u202c\u200e مرحبا \u2067隔离\u2069",
    "zero-width": "零\u200b宽\u200d字\ufeff符",
    "paste-100k": ("部门整体支出绩效自评报告第一部分。\n" * 6000)[:100_000],
    "hyperlink-formula": '=HYPERLINK("http://x","y")',
    "plus-cmd": "+cmd",
    "minus-formula": "-1+2",
    "at-sum": "@SUM(A1)",
    "dde": "=cmd|' /C calc'!A0",
    "tab-formula": "\t=1+1",
    "error-literal": "#N/A",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% for x in y %}",
    "jinja-comment-and-raw": "{# 注释 #}{% raw %}{{ x }}{% endraw %}",
    "xml-tag": "<w:p>",
    "xml-entities": "A&B <C> &amp; &#0; ]]> <![CDATA[x]]>",
    "python-format": "{0} %s %(x)s {unit_name}",
}

# What each exporter must never print for an input (the evaluated form of a template expression).
NEVER_EVALUATED = {"jinja-expression": "49"}


def is_xml_char(ch: str) -> bool:
    """XML 1.0 Char production: what docx and xlsx parts may contain."""
    code = ord(ch)
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)
