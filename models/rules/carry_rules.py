"""Rules of a draft started from last year's report (report.md §7): what is still last year's."""

from __future__ import annotations

from collections.abc import Iterator

from ..fields import FIELD_BY_KEY
from ..findings import Finding, Severity
from ..report import CARRY_RULE
from .base import Context, rule


@rule(CARRY_RULE, Severity.WARNING, "上年内容尚未核对")
def carried_unreviewed(ctx: Context) -> Iterator[Finding]:
    """从上年报告开始的草稿，带过来的文字说明在修改或点“已核对”之前都是“上年内容”：逐项提醒，正式导出前必须处理。
    说明开头由程序根据填报数生成的段落随本年数字更新，不算；只看其后单位自己写的文字。"""
    report = ctx.report
    prior = report.prior
    since = f"上年（{prior.year}年）" if prior is not None else "上年"
    for key in report.unreviewed():
        label = FIELD_BY_KEY[key].label
        yield ctx.finding(
            CARRY_RULE, Severity.WARNING, [key],
            f"「{label}」仍是从{since}报告带过来的内容，尚未核对：请按本年情况修改，"
            "或确认内容本年仍然适用后点“已核对”。")


@rule("carry.opening_balance", Severity.WARNING, "年初结转和结余与上年年末结转和结余不一致")
def opening_balance(ctx: Context) -> Iterator[Finding]:
    """草稿带有上一年度的上年数时，本年“年初结转和结余”应等于上年“年末结转和结余”；不一致（如上年决算调整）要说明原因。"""
    report = ctx.report
    prior, year = report.prior, report.integer("eval_year")
    if prior is None or year is None or prior.year != year - 1 or report.unreadable("inc_carryover"):
        return
    closing = prior.money("year_end_carryover")
    opening = report.money("inc_carryover")
    if closing is None or opening == closing or (opening is None and not closing):
        return
    now = f"{ctx.money(opening)}" if opening is not None else "未填写"
    gap = f"，相差 {ctx.money(abs(opening - closing))}" if opening is not None else ""
    yield ctx.finding(
        "carry.opening_balance", Severity.WARNING, ["inc_carryover"],
        f"「年初结转和结余」{now}，与上年（{prior.year}年）「年末结转和结余」{ctx.money(closing)}不一致{gap}："
        "两者通常相等，如因上年决算调整等原因不同，请说明。")
