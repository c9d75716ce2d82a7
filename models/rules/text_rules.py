"""Narratives: say something real, and quote the same figures as the fields and the scoring table."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from ..fields import FIELDS, Kind
from ..findings import Finding, Severity
from ..money import CENT, WAN, round_half_up, wan_slip
from .base import Context, rule
from .narratives import NARRATIVES, paragraphs
from .text_scan import Figure, Labelled, prose, scan

_EMPTY_WORDS = {"无", "暂无", "没有", "略", "无问题", "无建议", "同上", "/", "-", "—", "不适用", "na", "n/a"}


@rule("text.substance", Severity.WARNING, "存在问题或改进建议只写了“无”")
def text_substance(ctx: Context) -> Iterator[Finding]:
    """“存在问题”和“改进建议”不得留空；确实没有时也要写成完整的句子说明，而不是只写“无”“略”。"""
    for key, label in (("problems_text", "存在问题"), ("advice_text", "改进建议")):
        text = ctx.report.text(key).strip().strip("。.；;").lower()
        if text in _EMPTY_WORDS:
            yield ctx.finding("text.substance", Severity.WARNING, [key],
                              f"「{label}」只写了“{ctx.report.text(key).strip()}”；"
                              f"请写明具体情况，例如“经自评，……方面未发现问题”。")


_MONEY_FIELDS = tuple(f for f in FIELDS if f.kind is Kind.MONEY and "：" not in f.label)
_LABEL_OF = {f.key: f.label for f in FIELDS if f.kind is Kind.MONEY}


def _near(sorted_values: list[Decimal], target: Decimal, tolerance: Decimal) -> Decimal | None:
    """A value within ``tolerance`` of ``target`` (one bisection: this runs for every figure, every key)."""
    index = bisect_left(sorted_values, target - tolerance)
    if index < len(sorted_values) and sorted_values[index] <= target + tolerance:
        return sorted_values[index]
    return None


def _shown_by_some(sorted_values: list[Decimal], figure: Figure) -> bool:
    """Whether some field's value, rounded half up to the figure's unit and decimals, is the figure.

    Rounding to q means lying in [q − half, q + half), so one bisection replaces a loop over the fields.
    """
    if figure.factor == 1:
        return _near(sorted_values, figure.amount, Decimal(0)) is not None
    index = bisect_left(sorted_values, figure.amount - figure.half)
    return index < len(sorted_values) and sorted_values[index] < figure.amount + figure.half


def _unlabelled_slip(sorted_values: list[Decimal], figure: Figure) -> Decimal | None:
    """The value a figure with no label is about 10,000 times (or a ten-thousandth) of. Without a label
    only a precise figure (two decimals or more) counts as "about"; a round one must be exact."""
    precise = figure.decimals >= 2
    for target, tolerance in ((figure.amount * WAN, figure.step * WAN + CENT if precise else Decimal(0)),
                              (figure.amount / WAN, (CENT * WAN + figure.step) / WAN if precise else Decimal(0))):
        value = _near(sorted_values, target, tolerance)
        if value is not None and value >= 1000:
            return value
    return None


@lru_cache(maxsize=1024)
def _paragraph_figures(paragraph: str) -> tuple[Labelled, ...]:
    """The money figures of a paragraph to compare with the fields: no differences, changes, estimates."""
    return tuple(item for item in scan(paragraph).figures
                 if item.figure.is_money and not item.figure.approx and not item.compared)


@lru_cache(maxsize=512)
def _checked_figures(raw: str) -> tuple[tuple[str, Labelled], ...]:
    """(paragraph, figure) for each distinct (label, figure) of a narrative: a keystroke re-reads one
    paragraph, and a paragraph pasted twice costs no more."""
    distinct: dict[tuple[object, ...], tuple[str, Labelled]] = {}
    for paragraph in paragraphs(raw):
        for item in _paragraph_figures(paragraph):
            figure = item.figure
            distinct.setdefault((item.key, figure.number, figure.decimals, figure.unit), (paragraph, item))
    return tuple(distinct.values())


@rule("narrative.figures", Severity.WARNING, "说明文字中的数字与填报数不符")
def narrative_figures(ctx: Context) -> Iterator[Finding]:
    """说明文字里引用的金额要与填报的数字一致。金额紧跟在项目名称后面（如“人员经费 86.54 万元”“基本支出为……”）
    时与该项比较；名称前后有“超过”“比”“较”“包括”“其中”“差额”“增加”“减少”等字样、使这个数成为差额、变化或
    另一事项的数时，不当作该项的数（列出的组成部分由“分项之和”规则核对）。万元、亿元按文中写出的位数四舍五入
    比较；相差约一万倍（在文中数字的舍入范围内）的视为“万元”“元”混用。"""
    report = ctx.report
    values = {f.key: v for f in _MONEY_FIELDS if (v := report.money(f.key))}
    if not values:
        return
    sorted_values = sorted(set(values.values()))
    by_value = {v: k for k, v in reversed(list(values.items()))}
    for spec in NARRATIVES:
        raw = report.text(spec.key)
        if "元" not in raw:
            continue
        for paragraph, item in _checked_figures(raw):
            figure = item.figure
            written = paragraph[figure.start:figure.end]
            if item.key is not None:
                typed = values.get(item.key)
                if typed is None or figure.shows(typed):
                    continue
                slip = wan_slip(figure.amount, figure.step, typed)
                why = ("相差约一万倍，可能把万元当作元写了" if slip > 0 else
                       "相差约一万倍，可能把元当作万元写了" if slip < 0 else "两者不一致")
                yield ctx.finding(
                    "narrative.figures", Severity.WARNING, [spec.key, item.key],
                    f"「{spec.label}」中写的“{item.label}……{written}”与填报的「{_LABEL_OF[item.key]}」"
                    f"{ctx.money(typed)} 不符，{why}。", group=spec.group)
                continue
            if _shown_by_some(sorted_values, figure):
                continue
            value = _unlabelled_slip(sorted_values, figure)
            if value is not None:
                key = by_value[value]
                yield ctx.finding(
                    "narrative.figures", Severity.WARNING, [spec.key, key],
                    f"「{spec.label}」中写的“{written}”与「{_LABEL_OF[key]}」{ctx.money(value)} 相差约一万倍，"
                    f"可能把“万元”和“元”弄混了。", group=spec.group)


# What follows a keyword when a total or a grade is quoted: "总分为 92.5 分", "等级评定为“优”".
_SCORE_KEYWORDS = ("总分", "总得分", "自评得分", "综合得分", "得分")
_SCORE_AFTER = re.compile(r"[^0-9。；;，,]{0,6}?(\d+(?:\.\d+)?)\s*分")
_GRADE_KEYWORDS = ("等级", "等次", "评价为", "评定为", "评级")
_GRADE_AFTER = re.compile(r"[^。；;，,]{0,4}?[“\"「]?(优秀|良好|中等|合格|不合格|优|良|中|差)")
_GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "不合格": "差"}


def _quotes(text: str, keywords: tuple[str, ...], after: re.Pattern[str]) -> Iterator[str]:
    """Matches of ``after`` right behind each keyword, in text order (keywords found with str.find)."""
    hits: list[tuple[int, str]] = []
    for keyword in keywords:
        index = text.find(keyword)
        while index != -1:
            match = after.match(text, index + len(keyword))
            if match:
                hits.append((index, match.group(1)))
            index = text.find(keyword, index + 1)
    yield from (value for _, value in sorted(hits))


@rule("verdict.consistent", Severity.ERROR, "评价结论中的总分或等级与得分表不符")
def verdict_consistent(ctx: Context) -> Iterator[Finding]:
    """评价结论里写到的自评总分和等级，必须与得分表计算出的总分、等级一致（等级按四舍五入到 0.01 的总分评定：
    优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60，以评价框架为准）。"""
    text = prose(ctx.report.text("verdict_text"))
    if not text:
        return
    totals = ctx.totals
    for value in _quotes(text, _SCORE_KEYWORDS, _SCORE_AFTER):
        decimals = len(value.partition(".")[2])
        if round_half_up(totals.total, decimals) != Decimal(value):
            yield ctx.finding("verdict.consistent", Severity.ERROR, ["verdict_text"],
                              f"「评价结论」写的总分 {value} 分，但得分表计算的总分是 {totals.total:.2f} 分。")
            break
    for word in _quotes(text, _GRADE_KEYWORDS, _GRADE_AFTER):
        if _GRADE_WORDS.get(word, word) != totals.grade:
            yield ctx.finding("verdict.consistent", Severity.ERROR, ["verdict_text"],
                              f"「评价结论」写的等级是“{word}”，但总分 {totals.total:.2f} 分对应的等级是"
                              f"“{totals.grade}”。")
            break
