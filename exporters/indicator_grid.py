"""The department's own indicators as typed: 指标性质, 度量单位, 年度指标值, 实际完成值, 偏差原因.

Everything the clerk typed reaches a page (document-format.md §6). A framework whose score table has
年度指标值 / 实际完成值 / 偏差原因 columns (national-2020) shows them there, with the nature and unit
folded into the values ("≥126个"); for one whose table has no such columns (sichuan-2017) a table of
its own follows the score table, in the Word annex and on a sheet of the workbook. Its columns come
from the row declarations (models.fields.ROW_FIELDS).
"""

from __future__ import annotations

from models.fields import ROW_FIELDS
from models.report import IndicatorRow

from .grid import Align, Cell, Column, Grid
from .report_view import ReportView
from .sanitize import clean_text, one_line

INDICATOR_TITLE = "部门绩效指标完成情况"
INDICATOR_SHEET = "指标完成情况"
FOLDED_COLUMNS = frozenset({"target", "actual", "reason"})  # a score table with these shows the rows whole
QUALITATIVE = "定性"
_SHOWN = ("nature", "measure_unit", "target", "actual", "reason")  # what the score table may not show
_WEIGHTS = {"category": 14.0, "name": 20.0, "nature": 7.0, "measure_unit": 7.0, "target": 10.0, "actual": 10.0,
            "reason": 20.0}
BLOCK_LINES = 12  # a category is merged over at most this many rows, kept on one page
_FIELDS = {f.key: f for f in ROW_FIELDS}


def shown_in_score_table(view: ReportView) -> bool:
    return FOLDED_COLUMNS <= set(view.framework.table_columns)


def target_text(nature: str, target: str, unit: str) -> str:
    """年度指标值 with its nature and unit: "≥126个", "≤5%", "=1次", "定性：优良"."""
    if not target:
        return ""
    return f"{QUALITATIVE}：{target}" if nature == QUALITATIVE else f"{nature}{target}{unit}"


def actual_text(nature: str, actual: str, unit: str) -> str:
    """实际完成值 with its unit: "131个"; a qualitative one as typed."""
    if not actual or nature == QUALITATIVE:
        return actual
    return actual + unit


def indicator_grid(view: ReportView) -> Grid | None:
    """The rows' own table, or None when there are no rows or the score table shows them whole."""
    if shown_in_score_table(view):
        return None
    lines: list[tuple[str, IndicatorRow]] = []
    for node in view.framework.row_containers():
        category = node.row_label or node.name
        lines.extend((category, row) for row in view.report.rows_of(node.id))
    if not lines:
        return None
    keys = ("category", "name", *_SHOWN)
    titles = {"category": "指标类别", **{k: _FIELDS[k].label for k in ("name", *_SHOWN)}}
    titles["reason"] = "偏差原因"
    grid = Grid([Column(k, titles[k], _WEIGHTS[k]) for k in keys])
    grid.add_row([Cell(titles[k], bold=True) for k in keys])
    for category, row in lines:
        values = {"category": category, "name": one_line(row.name), "nature": row.nature,
                  "measure_unit": one_line(row.measure_unit), "target": one_line(row.target),
                  "actual": one_line(row.actual), "reason": clean_text(row.reason).strip()}
        grid.add_row([Cell(values[k], align=Align.LEFT if k in ("name", "reason") else Align.CENTER)
                      for k in keys])
    # The category merged down over its rows in page-safe blocks: every page names the category.
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or lines[index][0] != lines[start][0] or index - start >= BLOCK_LINES:
            if index - start > 1:
                grid.merge(start + 1, 0, rows=index - start)
                grid.groups.append((start + 1, index))
            start = index
    return grid
