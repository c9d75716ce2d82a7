"""Fill a bureau's own Excel 得分表, which has no placeholders, by its header names and labels.

Columns are found by their headers (三级指标, 得分, 扣分原因 …), rows by indicator name; the unit,
year, 填表人, 电话 and 日期 cells by their labels. Rows added for the department's indicators copy the
placeholder row's styles, continue its level merges and move everything below (merges, formulas)
down. The bureau's 合计 formula stays; its value is worked out here and checked against our total.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from .form_labels import date_blank, fill_blank, grid_slots, inline_slots, is_blank, value_for
from .form_mapping import FormMapping, short
from .form_scores import RowWrite, Value, cell_text, plan_scores, role_title, shifted, total_values
from .form_table import ScoreTable, read_table
from .grid import POINTS_FORMAT, SCORE_FORMAT
from .report_view import ReportView, score_text
from .xlsx_fill import writable_cell
from .xlsx_grid import set_text, set_value

MAX_ROWS = 2000
MAX_COLUMNS = 60
_SUM = re.compile(r"^=\s*SUM\s*\((.*)\)\s*$", re.IGNORECASE)
_REF = re.compile(r"(?<![A-Za-z_])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(])")
_FORMATS = {"score": SCORE_FORMAT, "points": POINTS_FORMAT}


def sheet_grid(ws: Any) -> list[list[str]]:
    """The sheet's texts, a merged cell's text in every cell it covers."""
    rows = min(ws.max_row, MAX_ROWS)
    cols = min(ws.max_column, MAX_COLUMNS)
    grid = [["" for _ in range(cols)] for _ in range(rows)]
    for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols):
        for cell in row:
            value = cell.value
            if value is not None and not isinstance(value, str):
                value = str(value)
            if value:
                grid[cell.row - 1][cell.column - 1] = value
    for merged in ws.merged_cells.ranges:
        text = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= rows and merged.min_col <= cols else ""
        for r in range(merged.min_row, min(merged.max_row, rows) + 1):
            for c in range(merged.min_col, min(merged.max_col, cols) + 1):
                grid[r - 1][c - 1] = text
    return grid


def where(ws: Any, row: int, col: int) -> str:
    return f"工作表「{ws.title}」{get_column_letter(col + 1)}{row + 1}"


def fill_xlsx_form(wb: Any, view: ReportView, mapping: FormMapping) -> None:
    """Fill every sheet of a loaded workbook in place, recording each placement in ``mapping``."""
    filled: set[str] = set()
    for ws in wb.worksheets:
        grid = sheet_grid(ws)
        table = read_table(grid)
        skip: set[int] = set()
        if table is not None:
            body = [r.index for r in table.rows if r.kind != "other"]
            added = _fill_scores(ws, table, view, mapping)
            skip = set(range(table.header_row, (max(body) if body else table.header_row) + 1 + added))
            grid = sheet_grid(ws)  # rows may have been added
        _fill_labels(ws, grid, skip, view, mapping, filled)


def _fill_labels(ws: Any, grid: list[list[str]], skip: set[int], view: ReportView, mapping: FormMapping,
                 filled: set[str]) -> None:
    for slot in grid_slots(grid, skip_rows=skip):
        value = _typed(view, slot.key, slot.label)
        if value in ("", None):
            continue
        r, c = slot.cell
        cell = writable_cell(ws, f"{get_column_letter(c + 1)}{r + 1}")
        current = cell.value if isinstance(cell.value, str) else ""
        span = date_blank(current) if current else None
        if span is not None and isinstance(value, str):
            set_text(cell, current[:span[0]] + value + current[span[1]:])
        else:
            set_value(cell, value)
        mapping.place(_label(slot.key), where(ws, r, c), str(value))
        filled.add(slot.key)
    for r, row in enumerate(grid):
        if r in skip:
            continue
        for c, text in enumerate(row):
            if not text or (c > 0 and row[c - 1] == text):
                continue
            slots = inline_slots(text)
            if not slots:
                continue
            cell = writable_cell(ws, f"{get_column_letter(c + 1)}{r + 1}")
            new = text
            for inline in reversed(slots):
                value = value_for(view, inline.key, inline.label)
                if value:
                    new = fill_blank(new, inline.start, inline.end, value, inline.pad)
                    mapping.place(_label(inline.key), f"{where(ws, r, c)}「{short(inline.label, 12)}」后", value)
                    filled.add(inline.key)
            if new != text:
                set_text(cell, new)


def _typed(view: ReportView, key: str, label: str) -> Any:
    """Years and counts as numbers, everything else as the form's text."""
    from models.fields import FIELD_BY_KEY, Kind

    if FIELD_BY_KEY[key].kind in (Kind.YEAR, Kind.COUNT):
        return view.report.integer(key)
    return value_for(view, key, label)


def _label(key: str) -> str:
    from models.fields import FIELD_BY_KEY

    return FIELD_BY_KEY[key].label


# ------------------------------------------------------------------------------------ scoring table

def _write(ws: Any, grid_row: int, table: ScoreTable, write: RowWrite, mapping: FormMapping, *,
           names: bool) -> None:
    written = []
    for role, value in write.values.items():
        col = table.column(role)
        if col is None or (role in ("level3", "points") and not names):
            continue
        cell = writable_cell(ws, f"{get_column_letter(col + 1)}{grid_row + 1}")
        current = cell.value
        placeholder = write.row is not None and write.row.kind == "placeholder"
        if isinstance(current, str) and current.startswith("="):
            continue  # the bureau's formula stays
        if current not in (None, "") and not (isinstance(current, str) and is_blank(current)) \
                and not placeholder and not (names and role in ("level3", "points")):
            mapping.not_placed.append(f"{where(ws, grid_row, col)}：{write.label}的格中已有「{short(str(current), 12)}」，没有覆盖")
            continue
        _set(cell, value, role)
        written.append(f"{role_title(role)} {short(cell_text(value, role), 12)}")
    if written:
        mapping.place(write.label, f"工作表「{ws.title}」第 {grid_row + 1} 行", "，".join(written))


def _set(cell: Any, value: Value, role: str) -> None:
    if isinstance(value, Decimal):
        set_value(cell, value, _FORMATS.get(role, SCORE_FORMAT))
    else:
        set_text(cell, value)


def _fill_scores(ws: Any, table: ScoreTable, view: ReportView, mapping: FormMapping) -> int:
    """Fill the table; returns how many rows were added."""
    plan = plan_scores(table, view, f"工作表「{ws.title}」")
    offset = 0
    if plan.inserts:
        after = plan.inserts[0].after
        assert after is not None
        offset = len(plan.inserts)
        insert_rows(ws, after + 2, offset, template_row=after + 1, level_cols=[
            table.columns[r] + 1 for r in ("level1", "level2") if r in table.columns])
        for number, write in enumerate(plan.inserts, 1):
            _write(ws, after + number, table, write, mapping, names=True)
    for write in plan.writes:
        assert write.row is not None
        _write(ws, shifted(write.row.index, plan), table, write, mapping,
               names=write.row.kind == "placeholder" or not write.label.startswith("得分："))
    if plan.total is not None:
        _fill_total(ws, shifted(plan.total.index, plan), table, view, mapping)
    mapping.unmatched_rows.extend(f"工作表「{ws.title}」第 {r.index + 1} 行「{short(r.name, 20)}」" for r in plan.unmatched)
    mapping.missing.extend(plan.missing)
    mapping.notes.extend(plan.notes)
    for row in plan.unused_placeholders:
        mapping.notes.append(f"工作表「{ws.title}」第 {row.index + 1} 行是部门自定指标的空行，本报告没有更多指标可填，保留原样。")
    return offset


def _fill_total(ws: Any, row: int, table: ScoreTable, view: ReportView, mapping: FormMapping) -> None:
    col = table.column("score")
    if col is None:
        return
    values = total_values(view)
    cell = writable_cell(ws, f"{get_column_letter(col + 1)}{row + 1}")
    formula = cell.value if isinstance(cell.value, str) and cell.value.startswith("=") else None
    if formula is None:
        if "score" in values and cell.value in (None, ""):
            _set(cell, values["score"], "score")
            mapping.place("合计", where(ws, row, col), score_text(view.totals.total))
        return
    computed = sum_formula(ws, formula)
    if computed is None:
        mapping.notes.append(f"{where(ws, row, col)} 的合计公式 {formula} 保留原样，程序没有核对它的结果。")
        return
    ours = view.totals.raw_total
    if computed == ours:
        mapping.notes.append(f"{where(ws, row, col)} 的合计公式 {formula} 保留原样，算出 {score_text(computed)} 分，"
                             "与本报告的各项得分合计一致。")
    else:
        mapping.notes.append(f"{where(ws, row, col)} 的合计公式 {formula} 算出 {score_text(computed)} 分，"
                             f"本报告的各项得分合计是 {score_text(ours)} 分：公式没有包括全部得分行，请核对。")


def sum_formula(ws: Any, formula: str) -> Decimal | None:
    """The value of a plain =SUM(A1:A9, …) over the sheet's numbers, or None for anything else."""
    match = _SUM.match(formula)
    if not match:
        return None
    total = Decimal(0)
    for part in match.group(1).split(","):
        part = part.strip().replace("$", "")
        if not re.fullmatch(r"[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?", part):
            return None
        min_col, min_row, max_col, max_row = range_boundaries(part)
        for line in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
            for cell in line:
                if isinstance(cell.value, (int, float, Decimal)) and not isinstance(cell.value, bool):
                    total += Decimal(str(cell.value))
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    return None  # a formula inside the range: not ours to evaluate
    return total


# --------------------------------------------------------------------------------------- row insertion

def insert_rows(ws: Any, at: int, count: int, *, template_row: int, level_cols: list[int]) -> None:
    """Insert ``count`` rows before row ``at`` (1-based), styled like ``template_row``; merges and
    formulas below move down, a level merge that ends on the row above grows over the new rows."""
    merges = [m.coord for m in ws.merged_cells.ranges]
    for coord in merges:
        ws.unmerge_cells(coord)
    ws.insert_rows(at, count)
    for coord in merges:
        min_col, min_row, max_col, max_row = range_boundaries(coord)
        if min_row >= at:
            min_row, max_row = min_row + count, max_row + count
        elif max_row >= at - 1 and (max_row >= at or min_col in level_cols):
            max_row += count
        ws.merge_cells(start_row=min_row, start_column=min_col, end_row=max_row, end_column=max_col)
    for col in level_cols:  # an unmerged level cell on the template row: merge it over the new rows
        if not any(m.min_col <= col <= m.max_col and m.min_row <= template_row <= m.max_row
                   for m in ws.merged_cells.ranges):
            ws.merge_cells(start_row=template_row, start_column=col, end_row=at + count - 1, end_column=col)
    source = [ws.cell(row=template_row, column=c) for c in range(1, ws.max_column + 1)]
    for r in range(at, at + count):
        for cell in source:
            target = ws.cell(row=r, column=cell.column)
            if cell.has_style:
                target._style = copy.copy(cell._style)
        if ws.row_dimensions[template_row].height:
            ws.row_dimensions[r].height = ws.row_dimensions[template_row].height
    _shift_formulas(ws, at, count)


def _shift_formulas(ws: Any, at: int, count: int) -> None:
    """References to rows at or below ``at`` move down; a range that ends just above grows."""
    for line in ws.iter_rows():
        for cell in line:
            value = cell.value
            if not isinstance(value, str) or not value.startswith("="):
                continue
            cell.value = shift_references(value, at, count)


def shift_references(formula: str, at: int, count: int) -> str:
    """"=SUM(F4:F9)" with rows inserted before row 10 → "=SUM(F4:F11)" (the range's end grows)."""
    def one(match: re.Match[str], is_end: bool) -> str:
        row = int(match.group(4))
        if row >= at or (is_end and row == at - 1):
            row += count
        return f"{match.group(1)}{match.group(2)}{match.group(3)}{row}"

    out: list[str] = []
    position = 0
    for ref in re.finditer(r"(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?", formula):
        out.append(formula[position:ref.start()])
        start = _REF.sub(lambda m: one(m, False), ref.group(1))
        if ref.group(2):
            end = _REF.sub(lambda m: one(m, True), ref.group(2))
            out.append(f"{start}:{end}")
        else:
            out.append(start)
        position = ref.end()
    out.append(formula[position:])
    return "".join(out)
