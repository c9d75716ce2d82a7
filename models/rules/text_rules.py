"""Narratives: say something real, and quote the same figures as the fields and the scoring table."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..fields import FIELDS, Kind
from ..findings import Finding, Severity
from ..money import WAN, round_half_up
from .base import Context, rule

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


_NARRATIVES = tuple(f for f in FIELDS if f.kind is Kind.NARRATIVE)
_MONEY_FIELDS = tuple(f for f in FIELDS if f.kind is Kind.MONEY and "：" not in f.label)
# Words a clerk writes for a figure in prose, mapped to the field; the declared labels come first.
_ALIASES = {f.label: f.key for f in _MONEY_FIELDS} | {
    "本年收入": "inc_year_total", "本年支出": "exp_year_total", "财政拨款": "inc_fiscal",
    "年初结转": "inc_carryover", "上年结转": "inc_carryover", "年末结转": "year_end_carryover",
    "三公经费": "sangong_total", "“三公”经费": "sangong_total", "全年预算数": "fund_total_budget",
    "全年执行数": "fund_total_spent", "预算数": "fund_total_budget", "执行数": "fund_total_spent",
    "公用经费": "exp_public", "支出合计": "exp_year_total", "收入合计": "inc_year_total",
}
_ALIAS_PATTERN = re.compile("|".join(sorted(map(re.escape, _ALIASES), key=len, reverse=True)))
_NUMBER_TAIL = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", re.ASCII)
_NUMBER_CHARS = frozenset("0123456789.,")
_LABEL_WINDOW = 16  # characters before the number in which a field's name counts as "its" label


def _amount(whole: str, frac: str | None, unit: str) -> tuple[Decimal, Decimal, int] | None:
    """(value in 元, unit factor, decimals quoted)."""
    try:
        quoted = Decimal(whole.replace(",", "") + (frac or ""))
    except InvalidOperation:  # pragma: no cover
        return None
    factor = {"亿元": Decimal(10) ** 8, "万元": WAN, "元": Decimal(1)}[unit]
    return quoted * factor, factor, len(frac or ".") - 1


def _agrees(value: Decimal, amount: Decimal, factor: Decimal, decimals: int) -> bool:
    """The quoted figure is the field's value, allowing the rounding a figure in 万元 / 亿元 carries."""
    if amount == value:
        return True
    if factor == 1:
        return False
    return round_half_up(value / factor, decimals) * factor == amount


def _any_agrees(sorted_values: list[Decimal], amount: Decimal, factor: Decimal, decimals: int) -> bool:
    """Whether some value, rounded half up to the quoted precision in the quoted unit, is ``amount``.

    Rounding to q means lying in [q − half, q + half) units, so one bisection replaces a loop over
    every field (this runs for each figure in every narrative, on every keystroke).
    """
    half = (Decimal(5).scaleb(-decimals - 1) * factor) if factor != 1 else Decimal(0)
    low, high = amount - half, amount + half
    index = bisect_left(sorted_values, low)
    if index == len(sorted_values):
        return False
    candidate = sorted_values[index]
    return candidate == amount if factor == 1 else candidate < high


# Full-width digits and punctuation in prose, so "８６．５４万元" is read too. str.translate is far
# cheaper than NFKC on long narratives, and validation runs on every keystroke.
_PROSE_DIGITS = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


_HAS_WIDE = re.compile("[０-９，．]")


def _narrative_text(text: str) -> str:
    return text.translate(_PROSE_DIGITS) if _HAS_WIDE.search(text) else text


def _amounts(text: str) -> Iterator[tuple[int, str, str | None, str]]:
    """(start, whole digits, fraction, unit) for each "<number> 元/万元/亿元" in the text.

    Anchored on each "元" and read backwards, instead of trying a number pattern at every position.
    """
    index = text.find("元")
    while index != -1:
        end = index
        unit = "元"
        if end > 0 and text[end - 1] in "万亿":
            end -= 1
            unit = text[end] + "元"
        while end > 0 and text[end - 1] == " ":
            end -= 1
        start = end
        while start > 0 and text[start - 1] in _NUMBER_CHARS and end - start < 40:
            start -= 1
        if start < end:
            match = _NUMBER_TAIL.search(text, start, end)
            # The number must run right up to the unit; skip leading stray separators.
            while match and match.end() != end:
                match = _NUMBER_TAIL.search(text, match.end(), end)
            if match:
                yield match.start(), match.group(1), match.group(2), unit
        index = text.find("元", index + 1)


@dataclass(frozen=True, slots=True)
class Quote:
    """One "<number> 元/万元/亿元" in a narrative, and the field name written just before it (if any)."""

    amount: Decimal  # in 元
    factor: Decimal  # the quoted unit in 元
    decimals: int  # decimals as quoted, for the rounding a 万元 figure carries
    text: str  # as written, for the message
    label: str | None  # the field's name as written before the figure
    key: str | None  # the field that name stands for


@lru_cache(maxsize=512)
def quotes_in(raw: str) -> tuple[Quote, ...]:
    """The figures a narrative quotes. Depends on the text only, so it is cached: on a keystroke only
    the narrative being typed in is read again."""
    text = _narrative_text(raw)
    found: list[Quote] = []
    for start, whole, frac, unit in _amounts(text):
        parsed = _amount(whole, frac, unit)
        if parsed is None:
            continue
        amount, factor, decimals = parsed
        window = text[max(0, start - _LABEL_WINDOW): start]
        labels = list(_ALIAS_PATTERN.finditer(window))
        label = labels[-1].group() if labels else None
        found.append(Quote(amount, factor, decimals, f"{whole}{frac or ''}{unit}", label,
                           _ALIASES[label] if label else None))
    return tuple(found)


_LABEL_OF = {f.key: f.label for f in _MONEY_FIELDS}


@rule("narrative.figures", Severity.WARNING, "说明文字中的数字与填报数不符")
def narrative_figures(ctx: Context) -> Iterator[Finding]:
    """说明文字里引用的金额要与填报的数字一致。金额前面写了项目名称（如“人员经费 86.54 万元”）时与该项比较；
    只差一万倍的视为“万元”“元”混用。万元、亿元按四舍五入后的位数比较。"""
    report = ctx.report
    values = {f.key: v for f in _MONEY_FIELDS if (v := report.money(f.key))}
    if not values:
        return
    exact = set(values.values())
    sorted_values = sorted(exact)
    # A figure 10,000 times a field's value (or a ten-thousandth of it) is the classic 万元/元 slip.
    slips: dict[Decimal, tuple[str, Decimal]] = {}
    for key, value in values.items():
        if value >= 1000:
            slips.setdefault(value * WAN, (key, value))
            slips.setdefault(value / WAN, (key, value))
    for spec in _NARRATIVES:
        raw = report.text(spec.key)
        if "元" not in raw:
            continue
        for quote in quotes_in(raw):
            if quote.key is not None:
                typed = values.get(quote.key)
                if typed is None or _agrees(typed, quote.amount, quote.factor, quote.decimals):
                    continue
                slip = typed * WAN == quote.amount or quote.amount * WAN == typed
                why = "相差一万倍，可能把“万元”和“元”弄混了" if slip else "两者不一致"
                yield ctx.finding(
                    "narrative.figures", Severity.WARNING, [spec.key, quote.key],
                    f"「{spec.label}」中写的“{quote.label}……{quote.text}”与填报的「{_LABEL_OF[quote.key]}」"
                    f"{ctx.money(typed)} 不符，{why}。", group=spec.group)
                continue
            if quote.amount in exact or _any_agrees(sorted_values, quote.amount, quote.factor, quote.decimals):
                continue
            slipped = slips.get(quote.amount)
            if slipped is not None:
                key, value = slipped
                yield ctx.finding(
                    "narrative.figures", Severity.WARNING, [spec.key, key],
                    f"「{spec.label}」中写的“{quote.text}”与「{_LABEL_OF[key]}」{ctx.money(value)} 正好相差一万倍，"
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
    text = _narrative_text(ctx.report.text("verdict_text"))
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
