"""Next year's draft from last year's report (report.md §7): kept, moved, cleared and to review.

- kept: who the unit is (names, codes, unit kind, contact, signatories), the framework, the display
  unit, and the 机构组成 / 机构职能 text, which change only with a new 三定 plan;
- moved: 评价年度 + 1; 年初结转和结余 = last year's 年末结转和结余; last year's money and staff counts kept
  as 上年数 (``Report.prior``, read-only);
- cleared: this year's money, staff counts, every date, the scores, the explanations, the department
  indicators' results (实际完成值, 得分, 偏差原因);
- to review: every other narrative, copied and marked 上年内容 (``Report.carried``) until the clerk edits
  or confirms it.

The class of a field follows from its declaration (its kind), with the few named exceptions below, so
a field added later is classified without touching this module.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from .fields import FIELD_BY_KEY, FIELDS, FieldSpec, Kind
from .figure_text import follow
from .report import IndicatorRow, PriorYear, Report

MIN_YEAR, MAX_YEAR = 2000, 2100


class CarryClass(str, Enum):
    KEPT = "kept"
    MOVED = "moved"
    CLEARED = "cleared"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return {"kept": "沿用", "moved": "顺延", "cleared": "清空", "review": "待核对"}[self.value]


# Narratives about the unit itself, not about the year (report.md §7 "kept").
KEPT_NARRATIVES = frozenset({"org_text", "duties_text"})
# Fields whose new value is computed from last year's (report.md §7 "moved").
MOVED_FIELDS = frozenset({"eval_year", "inc_carryover"})
_BY_KIND = {Kind.TEXT: CarryClass.KEPT, Kind.CHOICE: CarryClass.KEPT, Kind.NARRATIVE: CarryClass.REVIEW,
            Kind.MONEY: CarryClass.CLEARED, Kind.COUNT: CarryClass.CLEARED, Kind.DATE: CarryClass.CLEARED,
            Kind.YEAR: CarryClass.CLEARED}


class CarryError(ValueError):
    """Next year's draft cannot be made; ``str()`` is one Chinese sentence."""


def carry_class(spec: FieldSpec) -> CarryClass:
    if spec.key in MOVED_FIELDS:
        return CarryClass.MOVED
    if spec.key in KEPT_NARRATIVES:
        return CarryClass.KEPT
    return _BY_KIND[spec.kind]


def _year(last: Report, year: int | None) -> int:
    last_year = last.integer("eval_year")
    if year is None:
        if last_year is None:
            raise CarryError("上年报告没有填写评价年度，请用 --year 指定本年度。")
        year = last_year + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CarryError(f"评价年度 {year} 不在 {MIN_YEAR} 到 {MAX_YEAR} 之间。")
    if last_year is not None and year <= last_year:
        raise CarryError(f"新报告的评价年度 {year} 应晚于上年报告的 {last_year} 年度；"
                         "同一年度另存一份请用“复制草稿”。")
    return year


def _next_row(row: IndicatorRow) -> IndicatorRow:
    # The indicator and its target stay (most departments keep their indicators); the results go.
    return replace(row, actual="", score=None, reason="")


def next_year(last: Report, year: int | None = None) -> Report:
    """This year's draft from last year's report; ``year`` defaults to last year's 评价年度 + 1."""
    year = _year(last, year)
    last_year = last.integer("eval_year")
    report = Report(framework_id=last.framework_id, display_unit=last.display_unit)
    for spec in FIELDS:
        cls = carry_class(spec)
        if cls in (CarryClass.KEPT, CarryClass.REVIEW) and spec.key in last.values:
            report.values[spec.key] = last.values[spec.key]
    report.values["eval_year"] = year
    # Only the year straight after has last year's closing balance as its opening balance.
    closing = last.money("year_end_carryover")
    if closing is not None and last_year == year - 1:
        report.values["inc_carryover"] = closing
    if last_year is not None:
        report.prior = PriorYear.of(last)
    report.rows = [_next_row(row) for row in last.rows]
    # A generated paragraph stays live: it empties now (its figures are cleared) and writes itself again
    # from this year's figures; only the clerk's own sentences after it are last year's words.
    report.generated = {key: live for key, live in last.generated.items() if key in report.values}
    follow(report)
    for spec in FIELDS:
        if carry_class(spec) is CarryClass.REVIEW and report.own_text(spec.key).strip():
            report.carried[spec.key] = report.own_text(spec.key)
    return report


def carry_summary(report: Report) -> list[str]:
    """What a new-year draft carried, in the clerk's words (the CLI prints it; the dialog shows it)."""
    from .money import Unit, format_money

    lines = []
    year, prior = report.integer("eval_year"), report.prior
    moved = f"顺延：评价年度 {year} 年"
    opening = report.money("inc_carryover")
    if opening is not None and prior is not None:
        moved += f"；年初结转和结余 {format_money(opening, Unit.YUAN)}（= {prior.year} 年的年末结转和结余）"
    lines.append(moved + "。")
    if prior is not None:
        lines.append(f"上年数：{prior.year} 年的 {len(prior.values)} 项金额和人数，只读，显示在本年各项旁边，用于比较。")
    kept = [spec.label for spec in FIELDS if carry_class(spec) is CarryClass.KEPT and report.is_filled(spec.key)]
    if kept:
        lines.append(f"沿用：{'、'.join(kept)}。")
    lines.append("清空：本年的金额、人数、日期、得分和提醒说明，请按本年填写。")
    review = [FIELD_BY_KEY[key].label for key in report.unreviewed()]
    if review:
        lines.append(f"待核对（上年内容）：{len(review)} 项——{'、'.join(review)}；逐项修改或确认“已核对”后才能正式导出。")
    return lines
