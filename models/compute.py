"""Figures the clerk never types: 执行率, node sums, the total, its cap and the grade."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .fields import ROW_FIELDS, Kind
from .frameworks import Framework, Node, load_framework
from .money import round_half_up
from .report import Report

ZERO = Decimal("0.00")


def execution_rate(report: Report) -> Decimal | None:
    """全年执行数 ÷ 全年预算数 as a fraction (exact, unrounded); None when either is missing or zero."""
    budget = report.money("fund_total_budget")
    spent = report.money("fund_total_spent")
    if budget is None or spent is None or budget == 0:
        return None
    return spent / budget


def format_rate(rate: Decimal) -> str:
    return f"{round_half_up(rate * 100, 2)}%"


@dataclass(frozen=True, slots=True)
class Totals:
    """Scores per node (sum of children), the raw and capped total, and the grade."""

    node_scores: dict[str, Decimal]
    node_points: dict[str, Decimal]  # for rows nodes: the sum of their rows' points
    raw_total: Decimal
    total: Decimal  # after caps, rounded half up to 0.01: the figure that is graded and printed
    grade: str
    cap_applied: Decimal | None
    rate: Decimal | None
    # Scored leaves and indicator rows (row_id) nobody scored yet, in framework order: a total over them
    # is not a result, so exports print no grade for it (and no 0.00 for them).
    unscored: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.unscored

    @property
    def grade_shown(self) -> str:
        """The grade as the wizard shows it: only for a total over every item (as the exports print it);
        a table with items not scored yet is not graded (not 差 for an empty table)."""
        return self.grade if self.complete else f"未评定（尚有{len(self.unscored)}项未评分）"


def _execution_score(node: Node, rate: Decimal | None) -> Decimal:
    if rate is None or node.points is None:
        return ZERO
    return round_half_up(min(rate, Decimal(1)) * node.points, 2)


def compute_totals(report: Report, framework: Framework | None = None) -> Totals:
    fw = framework or load_framework(report.framework_id)
    rate = execution_rate(report)
    scores: dict[str, Decimal] = {}
    points: dict[str, Decimal] = {}
    rows_by_node: dict[str, list[tuple[Decimal, Decimal]]] = {}
    unscored: list[str] = []
    for row in report.rows:
        rows_by_node.setdefault(row.node, []).append((row.points or ZERO, row.score or ZERO))

    def visit(node: Node) -> Decimal:
        if node.kind == "score":
            value = report.scores.get(node.id, ZERO)
            if node.id not in report.scores:
                unscored.append(node.id)
        elif node.kind == "execution_rate":
            value = _execution_score(node, rate)
            if rate is None:
                unscored.append(node.id)
        elif node.kind == "rows":
            unscored.extend(row.row_id for row in report.rows_of(node.id) if row.score is None)
            pairs = rows_by_node.get(node.id, [])
            points[node.id] = sum((p for p, _ in pairs), ZERO)
            value = sum((s for _, s in pairs), ZERO)
        else:
            value = sum((visit(child) for child in node.children), ZERO)
        scores[node.id] = value
        return value

    raw_total = sum((visit(top) for top in fw.tree), ZERO)
    total = round_half_up(raw_total, 2)
    cap_applied: Decimal | None = None
    if rate is not None:
        for cap in sorted(fw.caps, key=lambda c: c.max_total):
            if rate < cap.below_rate and total > cap.max_total:
                total, cap_applied = round_half_up(cap.max_total, 2), cap.max_total
                break
    return Totals(scores, points, raw_total, total, fw.grade_for(total), cap_applied, rate, tuple(unscored))


STAFF_PARTS = ("staff_admin", "staff_inst", "staff_other")
UNREADABLE_SUM = "无法计算（某项填写有误）"  # what a sum says while one of its parts cannot be read


def staff_parts_sum(report: Report) -> int | None:
    """在职人员 by kind (行政/事业/其他) added up; None while none of them is filled or one is unreadable."""
    parts = [report.integer(k) for k in STAFF_PARTS]
    if all(p is None for p in parts) or report.unreadable(*STAFF_PARTS):
        return None
    return sum(p or 0 for p in parts)


def scores_unreadable(report: Report) -> bool:
    """Whether a score or a row's 分值/得分 holds text that could not be read: the total is then
    not a number the clerk can rely on."""
    return any(path.startswith("scores.") or (path.startswith("rows.") and path.rsplit(".", 1)[-1] in _ROW_FIGURES)
               for path in report.pending)


_ROW_FIGURES = frozenset(f.key for f in ROW_FIELDS if f.kind is Kind.MONEY)  # 分值, 得分
