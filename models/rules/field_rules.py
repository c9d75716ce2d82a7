"""Rules that read one declared field at a time: required, range, decimals, pattern, choices, length."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from ..field_input import unreadable_message
from ..fields import FIELD_BY_KEY, FIELDS, ROW_FIELDS, FieldSpec, Kind
from ..findings import Finding, Severity, row_path, section_of_path
from ..headings import section_heading
from .base import Context, rule


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


def char_count(text: str) -> int:
    """Characters as the bureau counts them: everything but whitespace."""
    return sum(1 for ch in text if not ch.isspace())


_REQUIRED = tuple(f for f in FIELDS if f.required)


@rule("field.required", Severity.ERROR, "必填项未填")
def required(ctx: Context) -> Iterator[Finding]:
    """每个必填项都要填写。草稿可以不完整，但正式导出前必须补齐。"""
    report = ctx.report
    for spec in _REQUIRED:
        if not report.is_filled(spec.key) and not report.unreadable(spec.key):  # unreadable: its own error
            what = "还没有选择" if spec.kind is Kind.CHOICE else "还没有填写"
            yield ctx.finding("field.required", Severity.ERROR, [spec.key], f"「{spec.label}」{what}。")


def _range_message(spec: FieldSpec, value: Decimal | int, ctx: Context) -> str | None:
    below = spec.minimum is not None and value < spec.minimum
    above = spec.maximum is not None and value > spec.maximum
    if not (below or above):
        return None
    shown = ctx.money(Decimal(value)) if spec.kind is Kind.MONEY else f"{value}{spec.unit}"
    bound, word = (spec.minimum, "小") if below else (spec.maximum, "大")
    return f"「{spec.label}」为 {shown}，不能{word}于 {bound}{spec.unit}。"


_NUMERIC = tuple(f for f in FIELDS if f.kind in (Kind.MONEY, Kind.COUNT, Kind.YEAR))


@rule("field.range", Severity.ERROR, "数值超出范围或小数位过多")
def ranges(ctx: Context) -> Iterator[Finding]:
    """金额不能为负、最多两位小数（精确到分）；人数、年度在合理范围内。"""
    values = ctx.report.values
    for spec in _NUMERIC:
        value = values.get(spec.key)
        if value is None or isinstance(value, str):
            continue
        assert isinstance(value, (Decimal, int))
        message = _range_message(spec, value, ctx)
        if message is None and isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > spec.decimals:
                message = f"「{spec.label}」为 {value}，最多 {spec.decimals} 位小数（精确到分），请核对。"
        if message:
            yield ctx.finding("field.range", Severity.ERROR, [spec.key], message)


_DATES = tuple(f for f in FIELDS if f.kind is Kind.DATE)
_YEAR = FIELD_BY_KEY["eval_year"]  # the years a report can be about bound every date in it


@rule("field.date_range", Severity.ERROR, "日期不在合理的年份内")
def date_ranges(ctx: Context) -> Iterator[Finding]:
    """报告日期、落款日期等日期的年份应在评价年度允许的范围内（与“评价年度”相同的上下限）；
    9999-12-31 这样的日期不可能是真实的落款。"""
    low, high = int(_YEAR.minimum or 0), int(_YEAR.maximum or 9999)
    for spec in _DATES:
        day = ctx.report.values.get(spec.key)
        if isinstance(day, dt.date) and not low <= day.year <= high:
            yield ctx.finding("field.date_range", Severity.ERROR, [spec.key],
                              f"「{spec.label}」为 {day.year} 年 {day.month} 月 {day.day} 日，"
                              f"年份应在 {low} 至 {high} 年之间，请核对。")


_PATTERNED = tuple(f for f in FIELDS if f.pattern)
_CHOICES = tuple(f for f in FIELDS if f.kind is Kind.CHOICE)
_ROW_CHOICES = tuple(c for c in ROW_FIELDS if c.choices)
_LIMITED = tuple(f for f in FIELDS if f.max_chars)


@rule("field.format", Severity.ERROR, "格式不对")
def formats(ctx: Context) -> Iterator[Finding]:
    """电话、预算编码等有固定格式的字段要符合格式；选择项必须是列出的选项之一。"""
    report = ctx.report
    for spec in _PATTERNED:
        text = report.text(spec.key).strip()
        if text and spec.pattern and not _compiled(spec.pattern).fullmatch(text):
            yield ctx.finding("field.format", Severity.ERROR, [spec.key],
                              f"「{spec.label}」填的是「{text[:30]}」，格式不对：{spec.pattern_hint}。")
    for spec in _CHOICES:
        text = report.text(spec.key)
        if text and text not in spec.choices:
            yield ctx.finding("field.format", Severity.ERROR, [spec.key],
                              f"「{spec.label}」填的是「{text[:30]}」，应为以下之一：{'、'.join(spec.choices)}。")
    for number, row in enumerate(report.rows, 1):  # the same for the columns of department indicators
        for column in _ROW_CHOICES:
            text = getattr(row, column.key)
            if text and text not in column.choices:
                yield Finding("field.format", Severity.ERROR, (row_path(row.row_id, column.key),),
                              f"【{ctx.framework.section_title('scoring')}】部门自定指标第 {number} 行"
                              f"「{row.name[:30]}」的「{column.label}」填的是「{text[:30]}」，"
                              f"应为以下之一：{'、'.join(column.choices)}。", "scoring")


@rule("field.length", Severity.ERROR, "超过字数限制")
def lengths(ctx: Context) -> Iterator[Finding]:
    """财政部门限定字数的栏目（如执行率偏离原因不超过 100 字）不能超出。字数不含空白。"""
    for spec in _LIMITED:
        count = char_count(ctx.report.text(spec.key))
        if spec.max_chars and count > spec.max_chars:
            yield ctx.finding("field.length", Severity.ERROR, [spec.key],
                              f"「{spec.label}」有 {count} 字，超过了 {spec.max_chars} 字的限制，"
                              f"请删减 {count - spec.max_chars} 字。")


@rule("field.unreadable", Severity.ERROR, "输入的内容无法识别")
def unreadable(ctx: Context) -> Iterator[Finding]:
    """填写的内容程序无法准确读取（例如金额写了三位小数、“1.234,56”这样的写法）。原样保存在草稿里，
    该项按未填处理：不参与任何合计和核对，草稿导出时显示为未填；改正之前不能正式导出。"""
    for path, pending in ctx.report.pending.items():
        section = section_of_path(path)
        if not section:
            continue
        # Composed from the kept text, never the file's own message (a file can say anything).
        message = unreadable_message(ctx.report, ctx.framework, path, pending)
        message = message if message.endswith("。") else message + "。"
        yield Finding("field.unreadable", Severity.ERROR, (path,),
                      f"【{section_heading(ctx.framework, section)}】{message}", section)
