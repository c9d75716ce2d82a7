"""The scoring table: every indicator scored within its points, department rows that add up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..fields import ROW_FIELDS
from ..findings import Finding, Severity, row_path, score_path
from ..frameworks import Node
from ..report import IndicatorRow
from .base import Context, rule

ZERO = Decimal(0)
DEVIATION = Decimal("0.3")


def _pts(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


def _score_finding(ctx: Context, rule_id: str, severity: Severity, paths: list[str], message: str) -> Finding:
    where = f"{ctx.framework.section_title('scoring')}"
    return Finding(rule_id, severity, tuple(paths), f"【{where}】{message}", "scoring")


def _indicator_name(ctx: Context, node: Node) -> str:
    return "·".join(n.name for n in ctx.framework.path(node.id))


@rule("score.missing", Severity.ERROR, "指标未打分")
def score_missing(ctx: Context) -> Iterator[Finding]:
    """得分表中每个由单位打分的指标都要填写得分（可以为 0）。"""
    scores = ctx.report.scores
    for node in ctx.framework.scored_leaves():
        if node.id not in scores and score_path(node.id) not in ctx.report.pending:
            yield _score_finding(ctx, "score.missing", Severity.ERROR, [score_path(node.id)],
                                 f"「{_indicator_name(ctx, node)}」（分值 {_pts(node.points or ZERO)} 分）还没有打分。")


@rule("score.bounds", Severity.ERROR, "得分超出分值或为负")
def score_bounds(ctx: Context) -> Iterator[Finding]:
    """每项得分在 0 到该项分值之间，最多两位小数。"""
    scores = ctx.report.scores
    for node in ctx.framework.scored_leaves():
        value = scores.get(node.id)
        if value is None or node.points is None:
            continue
        exponent = value.as_tuple().exponent
        if value < 0 or value > node.points:
            yield _score_finding(ctx, "score.bounds", Severity.ERROR, [score_path(node.id)],
                                 f"「{_indicator_name(ctx, node)}」得分 {_pts(value)} 分，超出了 0 到 "
                                 f"{_pts(node.points)} 分的范围。")
        elif isinstance(exponent, int) and exponent < -2:
            yield _score_finding(ctx, "score.bounds", Severity.ERROR, [score_path(node.id)],
                                 f"「{_indicator_name(ctx, node)}」得分 {value} 最多保留两位小数。")


def _budget_nodes(ctx: Context) -> dict[str, tuple[Node, list[Node]]]:
    """Each node whose fixed points are shared by rows below it, with those rows containers."""
    out: dict[str, tuple[Node, list[Node]]] = {}
    for container in ctx.framework.row_containers():
        budget = ctx.framework.budget_node(container.id)
        out.setdefault(budget.id, (budget, []))[1].append(container)
    return out


def _rows_by_budget(ctx: Context) -> Iterator[tuple[Node, Decimal, list[IndicatorRow]]]:
    """Each node whose points the department's own rows share: the node, the points of its fixed
    leaves, and the rows below it."""
    rows_by_node: dict[str, list[IndicatorRow]] = {}
    for row in ctx.report.rows:
        rows_by_node.setdefault(row.node, []).append(row)
    for budget, containers in _budget_nodes(ctx).values():
        assert budget.points is not None
        fixed = sum((n.points or ZERO for n in budget.walk() if n.kind != "rows" and not n.children
                     and n is not budget), ZERO)
        yield budget, fixed, [r for c in containers for r in rows_by_node.get(c.id, [])]


@rule("rows.missing", Severity.ERROR, "还没有部门自定指标")
def rows_missing(ctx: Context) -> Iterator[Finding]:
    """框架留给部门自行设定的指标（如“履职成效”的部门特性指标）还一个都没有填。与其他未填的必填项一样，
    在离开这一步或导出之前只显示为“未填”。"""
    for budget, fixed, rows in _rows_by_budget(ctx):
        assert budget.points is not None
        if rows or fixed == budget.points:
            continue
        name = _indicator_name(ctx, budget)
        message = f"「{name}」下还没有部门自定指标；请添加指标，分值合计 {_pts(budget.points - fixed)} 分。"
        yield _score_finding(ctx, "rows.missing", Severity.ERROR, [score_path(budget.id)], message)


@rule("rows.points_total", Severity.ERROR, "部门自定指标的分值合计不符")
def rows_points_total(ctx: Context) -> Iterator[Finding]:
    """部门自行设定的指标（如“履职成效”的部门特性指标），分值合计必须等于框架给该项的分值。"""
    for budget, fixed, rows in _rows_by_budget(ctx):
        if not rows:
            continue  # nothing added yet: rows.missing says so
        if any(row_path(r.row_id, "points") in ctx.report.pending for r in rows):
            continue  # a 分值 that cannot be read: its own error says so, no sum from the others
        total = sum((r.points or ZERO for r in rows), ZERO) + fixed
        if total == budget.points:
            continue
        assert budget.points is not None
        name = _indicator_name(ctx, budget)
        message = (f"「{name}」下 {len(rows)} 个部门自定指标的分值合计为 {_pts(total)} 分，"
                   f"应为 {_pts(budget.points)} 分（相差 {_pts(abs(budget.points - total))} 分）。")
        paths = [score_path(budget.id), *(row_path(r.row_id, "points") for r in rows)]
        yield _score_finding(ctx, "rows.points_total", Severity.ERROR, paths, message)


_REQUIRED_ROW = tuple(f for f in ROW_FIELDS if f.required)


def _row_name(ctx: Context, row: IndicatorRow, index: int) -> str:
    node = ctx.framework.nodes.get(row.node)
    where = node.name if node else row.node
    return f"{where}第 {index} 行「{row.name.strip()[:20]}」" if row.name.strip() else f"{where}第 {index} 行"


@rule("rows.fields", Severity.ERROR, "部门自定指标填写不完整或得分超出分值")
def rows_fields(ctx: Context) -> Iterator[Finding]:
    """每个部门自定指标要有名称、年度指标值、实际完成值、分值和得分；得分在 0 到分值之间。"""
    counters: dict[str, int] = {}
    for row in ctx.report.rows:
        counters[row.node] = index = counters.get(row.node, 0) + 1
        if row.node not in ctx.framework.nodes:
            yield _score_finding(ctx, "rows.fields", Severity.ERROR, [row_path(row.row_id, "name")],
                                 f"指标「{row.name[:20]}」所属的指标类别在当前评价框架中不存在，请移到正确的类别下。")
            continue
        # Run on every key press for every row: the blank test inline (a call per cell costs more).
        missing = [f for f in _REQUIRED_ROW if ((value := getattr(row, f.key)) is None
                                                or (isinstance(value, str) and not value.strip()))
                   and row_path(row.row_id, f.key) not in ctx.report.pending]
        if missing:
            yield _score_finding(ctx, "rows.fields", Severity.ERROR, [row_path(row.row_id, missing[0].key)],
                                 f"{_row_name(ctx, row, index)}缺少：{'、'.join(f.label for f in missing)}。")
        if row.points is not None and row.points <= 0:
            yield _score_finding(ctx, "rows.fields", Severity.ERROR, [row_path(row.row_id, "points")],
                                 f"{_row_name(ctx, row, index)}的分值应大于 0。")
        if row.score is not None and row.points is not None and not ZERO <= row.score <= row.points:
            yield _score_finding(ctx, "rows.fields", Severity.ERROR, [row_path(row.row_id, "score")],
                                 f"{_row_name(ctx, row, index)}得分 {_pts(row.score)} 分，超出了 0 到 "
                                 f"{_pts(row.points)} 分的范围。")


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-", ",，")


@lru_cache(maxsize=4096)  # rows are re-checked on every keystroke; their texts rarely change
def quantity(text: str) -> Decimal | None:
    """The first plain number in an indicator value ("≥95%", "120 户"), or None."""
    match = _NUMBER.search(text.translate(_FULL_WIDTH))
    if not match:
        return None
    try:
        return Decimal(match.group())
    except InvalidOperation:  # pragma: no cover - pattern guarantees a number
        return None


@rule("rows.deviation", Severity.WARNING, "指标偏离目标 30% 以上且未分析原因")
def rows_deviation(ctx: Context) -> Iterator[Finding]:
    """量化指标的实际完成值偏离年度指标值 30% 以上（“≥”类未达 70%，“≤”类超出 30%）时，
    须填写“偏差原因分析及改进措施”。"""
    counters: dict[str, int] = {}
    for row in ctx.report.rows:
        counters[row.node] = index = counters.get(row.node, 0) + 1
        if row.nature == "定性" or row.reason.strip():
            continue
        target, actual = quantity(row.target), quantity(row.actual)
        if target is None or actual is None or target <= 0:
            continue
        ratio = actual / target
        off = (row.nature == "≥" and ratio < 1 - DEVIATION) or (row.nature == "≤" and ratio > 1 + DEVIATION) \
            or (row.nature == "=" and abs(ratio - 1) >= DEVIATION)
        if off:
            yield _score_finding(ctx, "rows.deviation", Severity.WARNING, [row_path(row.row_id, "reason")],
                                 f"{_row_name(ctx, row, index)}年度指标值为「{row.target}」，实际完成「{row.actual}」，"
                                 f"偏离 {abs(ratio - 1) * 100:.0f}%，请填写偏差原因分析及改进措施。")


@rule("total.cap", Severity.INFO, "总分因执行率封顶")
def total_cap(ctx: Context) -> Iterator[Finding]:
    """评价框架规定执行率偏低时总分封顶的，程序自动封顶并说明。"""
    totals = ctx.totals
    if totals.cap_applied is not None:
        yield _score_finding(ctx, "total.cap", Severity.INFO, ["values.fund_total_spent"],
                             f"预算执行率偏低，按评价框架规定总分封顶为 {_pts(totals.cap_applied)} 分"
                             f"（各项得分合计 {totals.raw_total:.2f} 分）。")
