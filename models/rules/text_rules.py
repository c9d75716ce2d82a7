"""Narratives: say something real, and quote the same figures as the fields and the scoring table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

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
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(亿元|万元|元)", re.ASCII)
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


def _narrative_text(text: str) -> str:
    # Full-width digits and commas in prose are normalised so "８６.５４万元" is read too.
    return unicodedata.normalize("NFKC", text).replace("，", ",") if not text.isascii() else text


@rule("narrative.figures", Severity.WARNING, "说明文字中的数字与填报数不符")
def narrative_figures(ctx: Context) -> Iterator[Finding]:
    """说明文字里引用的金额要与填报的数字一致。金额前面写了项目名称（如“人员经费 86.54 万元”）时与该项比较；
    只差一万倍的视为“万元”“元”混用。万元、亿元按四舍五入后的位数比较。"""
    report = ctx.report
    values = {f.key: v for f in _MONEY_FIELDS if (v := report.money(f.key))}
    if not values:
        return
    for spec in _NARRATIVES:
        raw = report.text(spec.key)
        if not raw or not any(u in raw for u in ("元",)):
            continue
        text = _narrative_text(raw)
        for match in _AMOUNT.finditer(text):
            parsed = _amount(match.group(1), match.group(2), match.group(3))
            if parsed is None:
                continue
            amount, factor, decimals = parsed
            quoted = match.group(0).replace(" ", "")
            window = text[max(0, match.start() - _LABEL_WINDOW): match.start()]
            labels = list(_ALIAS_PATTERN.finditer(window))
            if labels:
                key = _ALIASES[labels[-1].group()]
                value = values.get(key)
                if value is None or _agrees(value, amount, factor, decimals):
                    continue
                label = next(f.label for f in _MONEY_FIELDS if f.key == key)
                slip = value * WAN == amount or amount * WAN == value
                why = "相差一万倍，可能把“万元”和“元”弄混了" if slip else "两者不一致"
                yield ctx.finding(
                    "narrative.figures", Severity.WARNING, [spec.key, key],
                    f"「{spec.label}」中写的“{labels[-1].group()}……{quoted}”与填报的「{label}」"
                    f"{ctx.money(value)} 不符，{why}。", group=spec.group)
                continue
            if any(_agrees(v, amount, factor, decimals) for v in values.values()):
                continue
            for key, value in values.items():
                if value >= 1000 and (value * WAN == amount or amount * WAN == value):
                    label = next(f.label for f in _MONEY_FIELDS if f.key == key)
                    yield ctx.finding(
                        "narrative.figures", Severity.WARNING, [spec.key, key],
                        f"「{spec.label}」中写的“{quoted}”与「{label}」{ctx.money(value)} 正好相差一万倍，"
                        f"可能把“万元”和“元”弄混了。", group=spec.group)
                    break


_SCORE_QUOTE = re.compile(r"(?:总分|总得分|自评得分|综合得分|得分为|得分)[^0-9。；;，,]{0,6}?(\d+(?:\.\d+)?)\s*分")
_GRADE_QUOTE = re.compile(r"(?:等级|等次|评价为|评定为|评级)[^。；;，,]{0,4}?[“\"「]?(优秀|良好|中等|合格|不合格|优|良|中|差)")
_GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "不合格": "差"}


@rule("verdict.consistent", Severity.ERROR, "评价结论中的总分或等级与得分表不符")
def verdict_consistent(ctx: Context) -> Iterator[Finding]:
    """评价结论里写到的自评总分和等级，必须与得分表计算出的总分、等级一致（等级按四舍五入到 0.01 的总分评定：
    优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60，以评价框架为准）。"""
    text = _narrative_text(ctx.report.text("verdict_text"))
    if not text:
        return
    totals = ctx.totals
    for match in _SCORE_QUOTE.finditer(text):
        quoted = Decimal(match.group(1))
        decimals = len(match.group(1).partition(".")[2])
        if round_half_up(totals.total, decimals) != quoted:
            yield ctx.finding("verdict.consistent", Severity.ERROR, ["verdict_text"],
                              f"「评价结论」写的总分 {match.group(1)} 分，但得分表计算的总分是 {totals.total:.2f} 分。")
            break
    for match in _GRADE_QUOTE.finditer(text):
        grade = _GRADE_WORDS.get(match.group(1), match.group(1))
        if grade != totals.grade:
            yield ctx.finding("verdict.consistent", Severity.ERROR, ["verdict_text"],
                              f"「评价结论」写的等级是“{match.group(1)}”，但总分 {totals.total:.2f} 分对应的等级是"
                              f"“{totals.grade}”。")
            break
