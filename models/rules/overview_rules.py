"""Personnel counts and the dates of the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import Context, rule


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@rule("staff.total", Severity.ERROR, "年末在职人数与各类人数之和不符")
def staff_total(ctx: Context) -> Iterator[Finding]:
    """年末在职人数 = 行政编制 + 事业编制 + 其他人员（填了分类人数时检查）。"""
    report = ctx.report
    parts = [("staff_admin", "行政编制"), ("staff_inst", "事业编制"), ("staff_other", "其他人员")]
    filled = [(k, label, report.integer(k)) for k, label in parts if report.integer(k) is not None]
    total = report.integer("staff_total")
    if total is None or not filled or report.unreadable(*(k for k, _ in parts)):
        return
    expected = sum(v or 0 for _, _, v in filled)
    if expected != total:
        detail = " + ".join(f"{label} {v} 人" for _, label, v in filled)
        yield ctx.finding("staff.total", Severity.ERROR, ["staff_total", *(k for k, _, _ in filled)],
                          f"「年末在职人数」填的是 {total} 人，但各类在职人数之和为 {expected} 人（{detail}），"
                          f"相差 {abs(expected - total)} 人。")


@rule("staff.over_quota", Severity.WARNING, "在职人数超过编制数")
def staff_over_quota(ctx: Context) -> Iterator[Finding]:
    """年末在职人数多于编制数（超编）时需要说明原因，例如含编外聘用人员。"""
    report = ctx.report
    quota, total = report.integer("staff_quota"), report.integer("staff_total")
    staff_in_quota = (report.integer("staff_admin") or 0) + (report.integer("staff_inst") or 0)
    counted = staff_in_quota if report.integer("staff_admin") is not None else total
    if report.unreadable("staff_admin", "staff_inst"):
        return
    if quota is not None and counted is not None and quota > 0 and counted > quota:
        yield ctx.finding("staff.over_quota", Severity.WARNING, ["staff_total", "staff_quota"],
                          f"编制内在职人数 {counted} 人超过「编制数」{quota} 人（多 {counted - quota} 人），请核对或说明原因。")


@rule("staff.as_of_year", Severity.ERROR, "人员统计截止日期不在评价年度内")
def staff_as_of_year(ctx: Context) -> Iterator[Finding]:
    """人员数应统计到评价年度的年末。截止日期落在其他年份（常见：写成上一年的 12 月 31 日）是错误。"""
    report = ctx.report
    as_of, year = report.date("staff_as_of"), report.integer("eval_year")
    if as_of is None or year is None:
        return
    if as_of.year != year:
        yield ctx.finding("staff.as_of_year", Severity.ERROR, ["staff_as_of", "eval_year"],
                          f"「人员统计截止日期」为 {cn_date(as_of)}，不在评价年度 {year} 年内；"
                          f"人员数应统计到 {year}年12月31日。")
    elif (as_of.month, as_of.day) != (12, 31):
        yield ctx.finding("staff.as_of_year", Severity.INFO, ["staff_as_of"],
                          f"「人员统计截止日期」为 {cn_date(as_of)}，通常应为评价年度年末（{year}年12月31日）。")


@rule("date.after_year", Severity.WARNING, "报告日期早于评价年度结束")
def dates_after_year(ctx: Context) -> Iterator[Finding]:
    """自评报告总结的是整个年度，报告日期和落款日期一般在评价年度结束之后。"""
    report = ctx.report
    year = report.integer("eval_year")
    if year is None:
        return
    for key, label in (("report_date", "报告日期"), ("sign_date", "落款日期")):
        day = report.date(key)
        if day is not None and day.year <= year:
            yield ctx.finding("date.after_year", Severity.WARNING, [key, "eval_year"],
                              f"「{label}」为 {cn_date(day)}，早于评价年度 {year} 年结束；请核对年度或日期。")
