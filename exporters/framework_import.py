"""A bureau's 得分表 (Word or Excel) taken as this year's framework.

The table is read by the same reader that fills it (exporters.form_table): levels from the level
columns, points from the 分值 column and from "部门决策（25分）" in a level name, 评分标准 as each
indicator's help text, the department's placeholder rows as a rows block. Every level's points must add
up, the way a built-in framework is checked (models.frameworks.parse_framework); a broken table is
refused naming its row. Node ids are taken from the framework the clerk used so far wherever the names
match, so the scores already typed stay with their indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from models.frameworks import TABLE_COLUMNS, Framework, FrameworkError, parse_framework
from models.matching import core, match_indicator
from models.user_frameworks import content_id

from .errors import TemplateError
from .form_table import LEVEL_ROLES, ScoreTable, TableRow, read_table
from .report_view import points_text

_EXECUTION = re.compile(r"预算执行率|执行率")
_DIGITS_TAIL = re.compile(r"\d+$")
_ANNEX = re.compile(r"^附件\s*\d*\s*[:：]?\s*")
# A space a bureau typed between two Chinese characters ("人才 培养") is layout, not part of the name.
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")


def _clean(name: str) -> str:
    return _CJK_GAP.sub("", " ".join(name.split()))


class FrameworkImportError(TemplateError):
    """The bureau's table cannot become a framework; one Chinese line naming the row."""


@dataclass(slots=True)
class _Node:
    name: str
    depth: int
    row: int  # the grid row (0-based) where it first appears
    points: Decimal | None = None  # stated ("（25分）" or the 分值 column)
    help: str = ""
    kind: str = "score"
    row_label: str = ""
    children: list[_Node] = field(default_factory=list)
    id: str = ""

    def child(self, name: str, row: int) -> _Node:
        for existing in self.children:
            if existing.name == name:
                return existing
        node = _Node(name, self.depth + 1, row)
        self.children.append(node)
        return node


def read_bureau_table(path: Path) -> tuple[ScoreTable, list[list[str]], str]:
    """The first scoring table of a checked .docx/.xlsx, its grid, and the table's title."""
    from .template_check import read_template, template_kind

    kind = template_kind(Path(path))
    checked = read_template(Path(path), kind)
    if kind == "docx":
        from docx import Document

        from .docx_xml import w
        from .form_docx import paragraph_text, table_grid

        try:
            doc = Document(BytesIO(checked.data))
        except Exception as exc:  # python-docx refuses malformed packages with many exception types
            raise TemplateError(f"「{path.name}」无法打开：文件已损坏或不是有效的 Word 文档。") from exc
        title = ""
        for block in doc.element.body:
            if block.tag == w("p"):
                text = paragraph_text(block).strip()
                if "表" in text and len(text) <= 40:
                    title = text
            elif block.tag == w("tbl"):
                grid, _rows = table_grid(block)
                table = read_table(grid)
                if table is not None:
                    return table, grid, title
    else:
        from openpyxl import load_workbook

        from .form_xlsx import sheet_grid

        try:
            wb = load_workbook(BytesIO(checked.data))
        except Exception as exc:  # openpyxl refuses malformed packages with many exception types
            raise TemplateError(f"「{path.name}」无法打开：文件已损坏或不是有效的 Excel 工作簿。") from exc
        for ws in wb.worksheets:
            grid = sheet_grid(ws)
            table = read_table(grid)
            if table is not None:
                above = [t for line in grid[:table.header_row] for t in line if "表" in t and len(t) <= 40]
                return table, grid, above[0] if above else ws.title
    raise FrameworkImportError(f"「{path.name}」中没有找到得分表（需要有“得分”列和“一级指标/二级指标/三级指标”列）。")


def _where(row: int) -> str:
    return f"第 {row + 1} 行"


def _tree(table: ScoreTable) -> tuple[list[_Node], TableRow | None]:
    root = _Node("", 0, -1)
    total: TableRow | None = None
    for row in table.rows:
        if row.kind == "total":
            total = row
            break
        if row.kind not in ("indicator", "placeholder"):
            continue
        names = [_clean(n) for n in row.levels if n]
        stated = [p for n, p in zip(row.levels, row.level_points, strict=False) if n]
        if not names:
            continue
        node = root
        placeholder = row.kind == "placeholder"
        parents = names[:-1] if placeholder and len(names) == len(row.levels) else names
        for depth, name in enumerate(parents):
            node = node.child(name, row.index)
            if depth < len(stated) and stated[depth] is not None:
                if node.points is not None and node.points != stated[depth]:
                    raise FrameworkImportError(f"{_where(row.index)}「{name}」写的分值 {points_text(stated[depth])} 分，"
                                               f"与上面的 {points_text(node.points)} 分不同。")
                node.points = stated[depth]
        if placeholder:
            label = _DIGITS_TAIL.sub("", names[-1]) if len(names) == len(row.levels) else "部门自定指标"
            if core(label) in ("", "指标", "指标名称"):
                label = "部门特性指标" if len(names) >= 2 and "履职" in names[-2] else "部门自定指标"
            node.kind = "rows_block"
            node.row_label = node.row_label or label
            node.help = node.help or row.criteria
            continue
        if node.children:
            raise FrameworkImportError(f"{_where(row.index)}「{node.name}」既是上级指标又是末级指标。")
        if node.kind == "leaf_seen":
            raise FrameworkImportError(f"{_where(row.index)}「{node.name}」与{_where(node.row)}重复。")
        if row.points is not None:
            node.points = row.points
        node.help = node.help or row.criteria
        node.kind = "execution_rate" if _EXECUTION.search(node.name) else "leaf_seen"
    return root.children, total


def _check(node: _Node) -> Decimal | None:
    """The node's points, checked against its children's; FrameworkImportError names the row.

    None: a block of the department's own rows without points of its own, sharing its parent's (as
    the 财预〔2020〕10号 table's 数量指标, 质量指标 … share 产出指标's 50).
    """
    if node.kind == "rows_block" and not node.children:
        node.kind = "rows"
        return node.points
    if not node.children:
        if node.points is None:
            raise FrameworkImportError(f"{_where(node.row)}「{node.name}」没有分值。")
        if node.kind == "leaf_seen":
            node.kind = "score"
        return node.points
    parts = [_check(c) for c in node.children]
    total = sum((p for p in parts if p is not None), Decimal(0))
    if node.kind == "rows_block":
        # A block with fixed indicators and department rows: the rows share what is left.
        if node.points is None or node.points <= total:
            raise FrameworkImportError(f"{_where(node.row)}「{node.name}」的分值没有给部门自定指标留出分数。")
        node.children.append(_Node(node.row_label, node.depth + 1, node.row, None, kind="rows",
                                   row_label=node.row_label))
        node.kind = "group"
        return node.points
    node.kind = "group"
    if any(p is None for p in parts):
        shared = next(c for c in node.children if c.points is None)
        if node.points is None:
            raise FrameworkImportError(
                f"{_where(shared.row)}起是「{shared.name}」下由部门自行设定的指标，但「{shared.name}」和「{node.name}」"
                f"都没有写明分值（例如「{node.name}（20分）」）。")
        if total >= node.points:
            raise FrameworkImportError(f"{_where(node.row)}「{node.name}」的分值 {points_text(node.points)} 分没有给"
                                       f"「{shared.name}」下部门自定的指标留出分数。")
        return node.points
    if node.points is None:
        node.points = total
    elif node.points != total:
        listed = " + ".join(f"{c.name} {points_text(c.points)}" for c in node.children)
        raise FrameworkImportError(f"{_where(node.row)}「{node.name}」的分值 {points_text(node.points)} 分与下级分值之和 "
                                   f"{points_text(total)} 分（{listed}）不符。")
    return node.points


def _assign_ids(nodes: list[_Node], base: Framework, prefix: str = "b", used: set[str] | None = None,
                parents: tuple[str, ...] = ()) -> None:
    used = set() if used is None else used
    for i, node in enumerate(nodes, 1):
        hit = match_indicator(node.name, base, parents) if node.name else None
        if hit is not None and hit.node.id not in used and hit.node.depth == node.depth \
                and (hit.node.kind == "rows") == (node.kind == "rows"):
            node.id = hit.node.id
        else:
            node.id = f"{prefix}{i}"
            while node.id in used:
                node.id += "x"
        used.add(node.id)
        _assign_ids(node.children, base, f"{node.id}_", used, (*parents, node.name))


def _as_json(node: _Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.id, "name": node.name,
                           "points": None if node.points is None else f"{node.points.normalize():f}"}
    if node.kind != "group":
        out["kind"] = node.kind
    if node.help:
        out["help"] = node.help
    if node.row_label:
        out["row_label"] = node.row_label
    if node.children:
        out["children"] = [_as_json(c) for c in node.children]
    return out


def framework_from_table(table: ScoreTable, title: str, base: Framework, source: str) -> dict[str, Any]:
    """The framework JSON of a bureau's table; FrameworkImportError names the row that is wrong."""
    tops, total_row = _tree(table)
    if not tops:
        raise FrameworkImportError("得分表中没有指标行。")
    checked = [_check(t) for t in tops]
    for top, points in zip(tops, checked, strict=True):
        if points is None:
            raise FrameworkImportError(f"{_where(top.row)}「{top.name}」没有分值（例如「{top.name}（50分）」）。")
    total = sum((p for p in checked if p is not None), Decimal(0))
    if total_row is not None and total_row.points is not None and total_row.points != total:
        raise FrameworkImportError(f"{_where(total_row.index)}合计写的是 {points_text(total_row.points)} 分，"
                                   f"各一级指标分值之和是 {points_text(total)} 分。")
    _assign_ids(tops, base)
    roles = set(table.columns)
    columns = [c for c in TABLE_COLUMNS if c in roles or (c == "points" and "points" in roles)]
    if "score" not in columns:
        columns.append("score")
    name = _ANNEX.sub("", title).strip() or "财政局得分表"
    data: dict[str, Any] = {
        "format_version": 1, "id": "", "name": f"{name}（{source}）", "short_name": name[:16],
        "source": source, "total_points": f"{total.normalize():f}", "sections": list(base.sections),
        "section_titles": dict(base.section_titles), "table_columns": columns,
        "grades": [{"name": g.name, "min": f"{g.minimum.normalize():f}"} for g in base.grades],
        "caps": [], "tree": [_as_json(t) for t in tops],
    }
    data["id"] = content_id(data)
    try:
        parse_framework(data)
    except FrameworkError as exc:  # pragma: no cover - _check found everything parse_framework would
        raise FrameworkImportError(f"得分表不能作为评价框架：{exc}") from exc
    return data


def import_framework(path: Path, base: Framework) -> dict[str, Any]:
    """Read a bureau's .docx/.xlsx and return its framework JSON (not yet saved)."""
    table, _grid, title = read_bureau_table(Path(path))
    missing = [r for r in LEVEL_ROLES if r in table.columns]
    if not missing:  # pragma: no cover - read_table requires a level column
        raise FrameworkImportError("得分表没有指标名称列。")
    return framework_from_table(table, title, base, Path(path).name)
