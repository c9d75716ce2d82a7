"""Changes against last year in the prose ("较上年增长4.6%", "同比减少35.60万元") checked against 上年数."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..fields import FIELD_BY_KEY
from ..findings import Finding, Severity
from ..money import round_half_up
from .base import Context, rule
from .narratives import NARRATIVES, paragraphs
from .text_scan import CONNECTOR, GENERIC_HEAD, LABEL_PATTERN, LABELS, Figure, excerpt, scan

# "较上年", "比上年同期", "与上年相比，", "同比", then (perhaps the label) and the direction.
_CHANGE = re.compile(
    r"(?P<cmp>(?:较|比)上年(?:同期)?|与上年(?:同期)?相比[，,]?|同比)"
    r"(?P<mid>[^，,；;。！？!?\n%\d]{0,12}?)"
    r"(?P<dir>增长|增加|提高|上升|下降|减少|降低|增|减)(?:了|为|约)?")
_FOLLOW = re.compile(r"[，,、]\s*(?:同比)?(?P<dir>增长|增加|提高|上升|下降|减少|降低)(?:了|为)?")
_UP = ("增长", "增加", "提高", "上升", "增")


@dataclass(frozen=True, slots=True)
class Change:
    """A change of a field against last year, as the text states it."""

    key: str
    up: bool
    figure: Figure  # a percentage, or an amount
    start: int  # of the statement, for the quote


def _label_in(text: str, start: int, end: int) -> str | None:
    """The field a span names, when it is just a label (with generic words around it)."""
    last = None
    for match in LABEL_PATTERN.finditer(text, start, end):
        last = match
    if last is None or not GENERIC_HEAD.fullmatch(text, start, last.start()):
        return None
    return LABELS[last.group()] if CONNECTOR.fullmatch(text, last.end(), end) else None


@lru_cache(maxsize=1024)
def changes(paragraph: str) -> tuple[Change, ...]:
    """What a paragraph says changed against last year, and of which field (cached per paragraph)."""
    found = scan(paragraph)
    text = found.text
    at = {item.figure.start: item.figure for item in found.figures}
    money_by_end = {item.figure.end: item for item in found.figures if item.figure.is_money}
    out = []
    for match in _CHANGE.finditer(text):
        figure = at.get(match.end())
        if figure is None or figure.approx:
            continue
        clause_start = found.clause_start(match.start())
        key = _label_in(text, match.start("mid"), match.end("mid")) if match.group("mid").strip() else None
        if key is None and not match.group("mid").strip():
            key = _label_in(text, clause_start, match.start())
            if key is None and not text[clause_start: match.start()].strip():
                # "本年收入合计4,082.89万元，较上年增长4.6%": the figure ending the clause before.
                before = money_by_end.get(clause_start - 1)
                key = before.key if before is not None else None
        if key is None:
            continue
        out.append(Change(key, match.group("dir") in _UP, figure, clause_start))
        # "较上年增加285.80万元，增长7.53%": the clause after says the same change as a percentage.
        more = _FOLLOW.match(text, figure.end)
        if more and more.end() in at and not at[more.end()].approx:
            out.append(Change(key, more.group("dir") in _UP, at[more.end()], clause_start))
    return tuple(out)


def _amount_shown(figure: Figure, value: Decimal) -> bool:
    """The figure is ``value`` (元) to its decimals, rounded or cut."""
    if figure.shows(value):
        return True
    return figure.factor != 1 and abs(value / figure.factor - figure.number) < Decimal(1).scaleb(-figure.decimals)


@rule("narrative.growth", Severity.WARNING, "与上年相比的增减与上年数不符")
def narrative_growth(ctx: Context) -> Iterator[Finding]:
    """草稿从上年报告开始、带有上年数时，文中“较上年增长x%”“同比减少x万元”按本年填报数与上年数重算：增减方向要对，
    百分比、金额要与重算结果相符（允许文中写出的位数的四舍五入或截位）。没有上年数时不检查。"""
    report = ctx.report
    prior = report.prior
    year = report.integer("eval_year")
    if prior is None or year is None or prior.year != year - 1:
        return
    for spec in NARRATIVES:
        raw = report.text(spec.key)
        if "上年" not in raw and "同比" not in raw:
            continue
        for paragraph in paragraphs(raw):
            for change in changes(paragraph):
                this, last = report.money(change.key), prior.money(change.key)
                if this is None or not last:
                    continue
                message = _wrong(change, this, last)
                if message:
                    quote = excerpt(paragraph, change.start, change.figure.end, 50)
                    label = FIELD_BY_KEY[change.key].label
                    yield ctx.finding(
                        "narrative.growth", Severity.WARNING, [spec.key, change.key],
                        f"「{spec.label}」中写的“{quote}”与上年数不符：「{label}」本年 {ctx.money(this)}，"
                        f"上年（{prior.year}年）{ctx.money(last)}，{message}。", group=spec.group)


def _wrong(change: Change, this: Decimal, last: Decimal) -> str | None:
    diff = this - last
    went = "增加" if diff > 0 else "减少"
    rate = round_half_up(abs(diff) / last * 100, 2)
    actual = f"实际{went} {rate}%" if diff else "与上年持平"
    if diff and (diff > 0) != change.up:
        return f"{actual}，增减方向写反了"
    figure = change.figure
    if not figure.is_money:
        exact = abs(diff) / last * 100
        unit = Decimal(1).scaleb(-figure.decimals)
        return None if exact - unit <= figure.number <= exact + unit / 2 else f"{actual}"
    return None if _amount_shown(figure, abs(diff)) else f"实际{went} {abs(diff):,.2f} 元"
