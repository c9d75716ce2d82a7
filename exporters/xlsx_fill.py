"""Find and fill the placeholders of an Excel template (built-in or the bureau's).

A placeholder is a cell whose text holds ``{{ name }}`` or a defined name equal to a placeholder name.
No expression language at all: nothing a template says is ever evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from .errors import TemplateError, TemplateIssue
from .grid import Grid
from .placeholders import TABLE_ANCHOR, placeholders, text_of, xlsx_values
from .report_view import ReportView
from .template_messages import full_width_message, full_width_tags
from .xlsx_grid import set_text, set_value, write_grid

_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)?", re.ASCII)


@dataclass(frozen=True, slots=True)
class Slot:
    sheet: str
    coordinate: str  # "B3"
    names: tuple[str, ...]  # the placeholders in the cell, in order
    whole: bool  # the cell is exactly one placeholder: it gets a typed value


@dataclass(slots=True)
class XlsxPlan:
    slots: list[Slot] = field(default_factory=list)
    anchor: tuple[str, str] | None = None  # (sheet, coordinate) of the scoring table
    issues: list[TemplateIssue] = field(default_factory=list)


def usable_names(framework_id: str) -> set[str]:
    return {p.name for p in placeholders(framework_id) if p.xlsx is not None} | {TABLE_ANCHOR}


def _where(sheet: str, coordinate: str) -> str:
    return f"工作表「{sheet}」单元格 {coordinate}"


def scan_workbook(wb: Any, framework_id: str) -> XlsxPlan:
    """Every placeholder of the workbook, and what is wrong with them, in the clerk's terms."""
    names = usable_names(framework_id)
    plan = XlsxPlan()
    anchors: list[tuple[str, str]] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                for tag in full_width_tags(value):
                    plan.issues.append(TemplateIssue(_where(ws.title, cell.coordinate), full_width_message(tag)))
                if "{" not in value:
                    continue
                where = _where(ws.title, cell.coordinate)
                if "{%" in value:
                    plan.issues.append(TemplateIssue(where, "Excel 模板不支持 {% %} 语句，只能写 {{ 名称 }}。"))
                    continue
                found = []
                for match in _TAG.finditer(value):
                    name = match.group(1).strip()
                    if not _NAME.fullmatch(name):
                        plan.issues.append(TemplateIssue(
                            where, f"「{match.group(0)[:40]}」不是占位符的写法；Excel 模板中只能写 {{{{ 名称 }}}}。"))
                    elif name not in names:
                        plan.issues.append(TemplateIssue(where, f"未知的占位符「{name}」。"))
                    else:
                        found.append(name)
                if not found:
                    continue
                whole = _TAG.fullmatch(value.strip()) is not None and len(found) == 1
                if TABLE_ANCHOR in found:
                    if not whole:
                        plan.issues.append(TemplateIssue(where, "{{ scoring_table }} 要单独占一个单元格。"))
                    else:
                        anchors.append((ws.title, cell.coordinate))
                    continue
                plan.slots.append(Slot(ws.title, cell.coordinate, tuple(found), whole))
    _scan_defined_names(wb, names, plan, anchors)
    if len(anchors) > 1:
        places = "、".join(_where(s, c) for s, c in anchors)
        plan.issues.append(TemplateIssue("", f"得分表的位置（scoring_table）出现了多次：{places}。"))
    plan.anchor = anchors[0] if anchors else None
    return plan


def _scan_defined_names(wb: Any, names: set[str], plan: XlsxPlan, anchors: list[tuple[str, str]]) -> None:
    scoped = [(n, dn) for ws in wb.worksheets for n, dn in ws.defined_names.items()]
    for name, defined in [*wb.defined_names.items(), *scoped]:
        if name.startswith("_xlnm") or name not in names:
            if not name.startswith("_xlnm"):
                plan.issues.append(TemplateIssue("", f"名称「{name}」不是本程序的占位符，已保留原样。", blocking=False))
            continue
        destinations = list(defined.destinations) if defined.attr_text and "!" in defined.attr_text else []
        if len(destinations) != 1 or destinations[0][0] not in wb.sheetnames:
            plan.issues.append(TemplateIssue("", f"名称「{name}」没有指向本工作簿中的一个单元格。"))
            continue
        sheet, ref = destinations[0]
        ref = ref.replace("$", "")
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            min_col = min_row = max_col = max_row = None
        if min_col is None or min_row is None or max_col is None or max_row is None:
            whole = "整行" if min_col is None and min_row is not None else "整列" if min_row is None and min_col else ""
            what = f"指向{whole}「{ref[:20]}」" if whole else f"的位置「{ref[:20]}」无效"
            plan.issues.append(TemplateIssue(_where(sheet, ref[:20]), f"名称「{name}」{what}，应指向一个单元格。"))
            continue
        coordinate = f"{get_column_letter(min_col)}{min_row}"
        if (min_col, min_row) != (max_col, max_row):
            plan.issues.append(TemplateIssue(_where(sheet, ref),
                                             f"名称「{name}」指向多个单元格，只填左上角的 {coordinate}。",
                                             blocking=False))
        if name == TABLE_ANCHOR:
            anchors.append((sheet, coordinate))
        else:
            plan.slots.append(Slot(sheet, coordinate, (name,), True))


def fill_workbook(wb: Any, plan: XlsxPlan, view: ReportView, grid: Grid,
                  widths: list[float] | None = None) -> tuple[int | None, bool]:
    """Fill every slot and write the scoring table ``grid`` at its anchor (setting ``widths`` if given).

    Returns (row under the scoring table or None, whether any text had to be cut at 32,767 characters).
    """
    values = xlsx_values(view)
    cut = False
    for slot in plan.slots:
        cell = writable_cell(wb[slot.sheet], slot.coordinate)
        if slot.whole:
            value, number_format = values[slot.names[0]]
            cut |= set_value(cell, value, number_format)
        else:
            text = _TAG.sub(lambda m: text_of(view, m.group(1).strip()), str(cell.value))
            cut |= set_text(cell, text)
    end_row = None
    if plan.anchor is not None:
        sheet, coordinate = plan.anchor
        ws = wb[sheet]
        column, row = coordinate_from_string(coordinate)
        left = column_index_from_string(column)
        _refuse_merges_in(ws, sheet, row, left, row + len(grid.rows) - 1, left + len(grid.columns) - 1)
        ws[coordinate].value = None
        end_row, table_cut = write_grid(ws, grid, row, left, widths=widths)
        cut |= table_cut
        if not ws.print_title_rows:
            ws.print_title_rows = f"{row}:{row + grid.header_rows - 1}"
    return end_row, cut


def merge_of(ws: Any, coordinate: str) -> Any | None:
    """The merged range a cell belongs to, or None."""
    column, row = coordinate_from_string(coordinate)
    col = column_index_from_string(column)
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return merged
    return None


def writable_cell(ws: Any, coordinate: str) -> Any:
    """The cell that holds the value shown at ``coordinate``: the merge's top-left for a merged cell
    (openpyxl's covered cells are read-only)."""
    cell = ws[coordinate]
    if isinstance(cell, MergedCell):
        merged = merge_of(ws, coordinate)
        if merged is not None:
            return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _refuse_merges_in(ws: Any, sheet: str, top: int, left: int, bottom: int, right: int) -> None:
    """The scoring table needs its area free of merges: writing into a bureau's merged cells would
    break both the bureau's layout and ours."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= bottom and merged.max_row >= top and merged.min_col <= right and merged.max_col >= left:
            area = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
            raise TemplateError(
                f"{_where(sheet, area)}：得分表要写入的这片区域中有合并的单元格 {merged.coord}。"
                "请在模板中取消这些合并，或把 {{ scoring_table }} 放到下方没有合并单元格的空白处。")
