"""What to write into a bureau's scoring table: each row matched to an indicator, each value placed.

Pure planning on a ``ScoreTable`` (no office library): the Word and Excel fillers apply the plan to
their cells. Indicator names are matched by the one matcher (models.matching.match_indicator), with
the level-1/level-2 names beside them as context. The department's own indicators go into the
bureau's placeholder rows of their block, and rows are added after the last one when there are more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from models.findings import score_path
from models.frameworks import Framework, Node
from models.matching import INDICATOR_THRESHOLD, match_indicator, similarity
from models.report import IndicatorRow

from .form_table import ScoreTable, TableRow
from .report_view import ReportView, points_text, score_text
from .sanitize import clean_text, one_line

Value = str | Decimal


@dataclass(slots=True)
class RowWrite:
    """The values for one table row (by column role), and what they are for the mapping."""

    row: TableRow | None  # None: a row to insert after ``after``
    values: dict[str, Value]
    label: str  # "得分：相关性", "部门特性指标：全年培训农民"
    after: int | None = None  # for an inserted row: the grid index of the row it is copied from


@dataclass(slots=True)
class ScorePlan:
    writes: list[RowWrite] = field(default_factory=list)
    inserts: list[RowWrite] = field(default_factory=list)  # in table order, each after its template row
    unused_placeholders: list[TableRow] = field(default_factory=list)
    unmatched: list[TableRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: TableRow | None = None


def _reason_of(view: ReportView, node: Node) -> str:
    """扣分原因 of a leaf: the clerk's explanations of the warnings about its score."""
    path = score_path(node.id)
    return "；".join(e.explanation for e in view.explained if path in e.finding.fields)


def _leaf_values(view: ReportView, node: Node, columns: dict[str, int]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    if node.kind == "score":
        score = view.report.scores.get(node.id)
    elif node.kind == "execution_rate":
        score = view.totals.node_scores.get(node.id)
        if "actual" in columns and view.rate is not None:
            from .report_view import rate_text

            values["actual"] = rate_text(view.rate)
    else:  # a group or a rows block the bureau scores as one line: the sum, once all of it is scored
        leaves = [n for n in node.walk() if n.kind == "score"]
        scored = all(n.id in view.report.scores for n in leaves)
        score = view.totals.node_scores.get(node.id) if scored else None
    if score is not None:
        values["score"] = score
    reason = _reason_of(view, node)
    if reason:
        values["reason"] = reason
    return values


def row_values(row: IndicatorRow, columns: dict[str, int]) -> dict[str, Value]:
    values: dict[str, Value] = {"level3": one_line(row.name)}
    for role, value in (("target", one_line(row.target)), ("actual", one_line(row.actual)),
                        ("nature", row.nature), ("measure_unit", one_line(row.measure_unit)),
                        ("reason", clean_text(row.reason).strip())):
        if value and role in columns:
            values[role] = value
    if row.points is not None:
        values["points"] = row.points
    if row.score is not None:
        values["score"] = row.score
    return values


def _container_for(row: TableRow, framework: Framework) -> Node | None:
    """The framework's rows block a placeholder row belongs to, by the level names beside it."""
    containers = framework.row_containers()
    best: tuple[float, Node | None] = (0.0, None)
    for container in containers:
        names = [n.name for n in framework.path(container.id)] + ([container.row_label] if container.row_label else [])
        for parent in row.levels:
            if not parent:
                continue
            score = max(similarity(parent, name) for name in names[-2:])
            if score > best[0]:
                best = (score, container)
    if best[1] is not None and best[0] >= INDICATOR_THRESHOLD:
        return best[1]
    return containers[0] if len(containers) == 1 else None


def plan_scores(table: ScoreTable, view: ReportView, where: str) -> ScorePlan:
    """Match every row of ``table`` and decide what to write; ``where`` names the table for messages."""
    fw = view.framework
    plan = ScorePlan()
    matched: set[str] = set()
    blocks: dict[str, list[TableRow]] = {}
    for row in table.rows:
        if row.kind == "total":
            plan.total = row
            continue
        if row.kind in ("grade", "other"):
            continue
        if row.kind == "placeholder":
            container = _container_for(row, fw)
            if container is None:
                plan.unmatched.append(row)
            else:
                blocks.setdefault(container.id, []).append(row)
            continue
        hit = match_indicator(row.name, fw, row.parents)
        if hit is None or hit.node.id in matched:
            plan.unmatched.append(row)
            continue
        node = hit.node
        if node.kind == "rows":
            blocks.setdefault(node.id, []).append(row)
            continue
        matched.add(node.id)
        matched.update(n.id for n in node.walk())
        plan.writes.append(RowWrite(row, _leaf_values(view, node, table.columns), f"得分：{node.name}"))
        if row.points is not None and node.points is not None and row.points != node.points:
            plan.notes.append(f"{where}第 {row.index + 1} 行「{row.name}」的分值是 {points_text(row.points)} 分，"
                              f"本报告的评价框架是 {points_text(node.points)} 分。")
    for container in fw.row_containers():
        rows = view.report.rows_of(container.id)
        slots = blocks.get(container.id, [])
        if rows and not slots:
            plan.missing.extend(f"{container.name}：{one_line(r.name) or '（未命名）'}" for r in rows)
            continue
        matched.add(container.id)
        for index, indicator in enumerate(rows):
            values = row_values(indicator, table.columns)
            label = f"{container.name}：{one_line(indicator.name) or '（未命名）'}"
            if index < len(slots):
                plan.writes.append(RowWrite(slots[index], values, label))
            else:
                plan.inserts.append(RowWrite(None, values, label, after=slots[-1].index))
        plan.unused_placeholders.extend(slots[len(rows):])
    for node in fw.walk():
        if node.kind in ("score", "execution_rate") and node.id not in matched:
            plan.missing.append("·".join(n.name for n in fw.path(node.id)))
    return plan


def total_values(view: ReportView) -> dict[str, Value]:
    values: dict[str, Value] = {"points": view.framework.total_points}
    if all(n.id in view.report.scores for n in view.framework.scored_leaves()):
        values["score"] = view.totals.total
    return values


ROLE_TITLES = {"score": "得分", "reason": "扣分原因", "points": "分值", "level3": "指标名称", "target": "年度指标值",
               "actual": "实际完成值", "nature": "指标性质", "measure_unit": "度量单位"}


def role_title(role: str) -> str:
    return ROLE_TITLES.get(role, role)


def shifted(index: int, plan: ScorePlan) -> int:
    """A row's index once the plan's rows are inserted (after the last placeholder row)."""
    if plan.inserts and plan.inserts[0].after is not None and index > plan.inserts[0].after:
        return index + len(plan.inserts)
    return index


def cell_text(value: Value, role: str) -> str:
    """A value as Word prints it: scores with two decimals, points as typed."""
    if isinstance(value, Decimal):
        return score_text(value) if role == "score" else points_text(value)
    return value
