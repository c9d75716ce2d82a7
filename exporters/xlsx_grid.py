"""A Grid written into a worksheet, and the one way text and numbers enter a cell.

Text is always stored as text (never a formula, never an error code), numbers as numbers; every cell
of a merged range is styled so its borders print whole.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from .grid import Grid
from .sanitize import excel_text
from .xlsx_styles import ensure_styles, style_for

# Characters that make Excel (or a clerk pressing F2, Enter) read a text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
LINE_HEIGHT_PT = 14.5  # one line of 11 pt 宋体
ROW_PADDING_PT = 5.5  # the default 15 pt row is cramped for 宋体 in print
WIDTH_PER_WEIGHT = 1.25  # Excel column width units per Grid column weight


def set_text(cell: Any, text: str) -> bool:
    """Store ``text`` as text, made safe; True when it had to be cut to Excel's cell limit."""
    value, cut = excel_text(text)
    cell.value = value if value else None
    if value and (cell.data_type != "s" or value.startswith(FORMULA_STARTS)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cut


def set_value(cell: Any, value: Any, number_format: str | None = None) -> bool:
    """Store a typed value: numbers as numbers (with ``number_format`` unless the template set one)."""
    if value is None or value == "":
        cell.value = None
        return False
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (Decimal, int, float)):
        cell.value = value
        if number_format and cell.number_format == "General":
            cell.number_format = number_format
        return False
    return set_text(cell, str(value))


def display_width(text: str) -> float:
    """Width in Excel units: a CJK character is about two, a digit or Latin letter one."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def write_grid(ws: Any, grid: Grid, top: int, left: int, *, set_widths: bool = False) -> tuple[int, bool]:
    """Write ``grid`` with its top-left corner at (top, left); returns (the next free row, any text cut)."""
    ensure_styles(ws.parent)
    widths = [c.weight * WIDTH_PER_WEIGHT for c in grid.columns]
    if set_widths:
        for i, width in enumerate(widths):
            ws.column_dimensions[get_column_letter(left + i)].width = width
    # Merge first, while the range is still empty: openpyxl then has no borders to copy around (slow),
    # and the covered cells already exist as MergedCells when they are styled below.
    for m in grid.merges:
        ws.merge_cells(start_row=top + m.row, start_column=left + m.col,
                       end_row=top + m.row + m.rows - 1, end_column=left + m.col + m.cols - 1)
    covered = grid.merge_at()
    cut = False
    lines_needed: dict[int, float] = {}
    for r, row in enumerate(grid.rows):
        header = r < grid.header_rows
        for c, cell in enumerate(row):
            merge = covered.get((r, c))
            source = grid.rows[merge.row][merge.col] if merge else cell
            target = ws.cell(row=top + r, column=left + c)
            target.style = style_for(source, header=header)
            if merge is not None and (merge.row, merge.col) != (r, c):
                continue  # styled for its borders; the value lives in the merge's top-left cell
            if cell.value is not None:
                cut |= set_value(target, cell.value, cell.number_format)
            else:
                cut |= set_text(target, cell.text)
            span_width = sum(widths[c:c + (merge.cols if merge else 1)])
            span_rows = merge.rows if merge else 1
            lines = _lines(cell.text, span_width) / span_rows
            lines_needed[r] = max(lines_needed.get(r, 1.0), lines)
    # Excel and LibreOffice do not grow a row for wrapped text in merged cells: set heights that fit.
    for r, lines in lines_needed.items():
        ws.row_dimensions[top + r].height = math.ceil(lines) * LINE_HEIGHT_PT + ROW_PADDING_PT
    return top + len(grid.rows), cut


def _lines(text: str, width: float) -> float:
    usable = max(width - 1.5, 2.0)
    return float(sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))) if text else 1.0
