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
ROW_PADDING_PT = 4.5  # the default 15 pt row is cramped for 宋体 in print
DEFAULT_WIDTH = 8.43  # Excel's default column width


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


def write_grid(ws: Any, grid: Grid, top: int, left: int, *, widths: list[float] | None = None) -> tuple[int, bool]:
    """Write ``grid`` with its top-left corner at (top, left); returns (the next free row, any text cut).

    ``widths`` (Excel units) are set on the columns when given; otherwise the sheet's widths are used
    to estimate row heights.
    """
    ensure_styles(ws.parent)
    if widths is not None:
        for i, width in enumerate(widths):
            ws.column_dimensions[get_column_letter(left + i)].width = width
    else:
        widths = [ws.column_dimensions[get_column_letter(left + i)].width or DEFAULT_WIDTH
                  for i in range(len(grid.columns))]
    # Merge first, while the range is still empty: openpyxl then has no borders to copy around (slow),
    # and the covered cells already exist as MergedCells when they are styled below.
    for m in grid.merges:
        ws.merge_cells(start_row=top + m.row, start_column=left + m.col,
                       end_row=top + m.row + m.rows - 1, end_column=left + m.col + m.cols - 1)
    covered = grid.merge_at()
    cut = False
    heights = [LINE_HEIGHT_PT + ROW_PADDING_PT] * len(grid.rows)
    tall_merges: list[tuple[int, int, float]] = []  # (first row, rows, height needed)
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
            span = merge.cols if merge else 1
            needed = _lines(cell.text, sum(widths[c:c + span])) * LINE_HEIGHT_PT + ROW_PADDING_PT
            if merge is not None and merge.rows > 1:
                tall_merges.append((r, merge.rows, needed))
            else:
                heights[r] = max(heights[r], needed)
    # Excel and LibreOffice do not grow rows for wrapped text in merged cells: the last row of a merge
    # takes whatever height its text still lacks.
    for first, rows, needed in tall_merges:
        have = sum(heights[first:first + rows])
        if needed > have:
            heights[first + rows - 1] += needed - have
    for r, height in enumerate(heights):
        ws.row_dimensions[top + r].height = round(height, 1)
    return top + len(grid.rows), cut


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 2.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n")) if text else 1
