"""The Excel export: the built-in workbook (得分表, 收支情况) or a bureau's .xlsx template, filled."""

from __future__ import annotations

from copy import copy
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from .build_templates import FOOTER_TEXT, SCORING_ANCHOR_ROW, SCORING_SHEET, SCORING_TITLE_ROWS
from .builtin_templates import XLSX_TEMPLATE, template_bytes
from .errors import TemplateError, TemplateIssue
from .form_mapping import NOTHING_FOUND, FormMapping
from .grid import Grid
from .indicator_grid import INDICATOR_SHEET, INDICATOR_TITLE, indicator_grid
from .report_view import DRAFT_SUFFIX, ReportView
from .scoring_grid import scoring_grid
from .template_messages import blocking_error
from .xlsx_fill import fill_workbook, scan_workbook
from .xlsx_grid import set_text, write_grid
from .xlsx_styles import CAPTION_LEFT, TITLE

LANDSCAPE_ABOVE_COLUMNS = 5
# Printable width of A4 with the built-in margins, in Excel column units of 11 pt 宋体.
PORTRAIT_WIDTH = 88.0
LANDSCAPE_WIDTH = 132.0
DRAFT_HEADER = "草稿 仅供内部审阅"
# Printable height of A4 with the built-in margins (0.75 in top and bottom), in points; a margin of
# safety for the footer and rounding.
PORTRAIT_PAGE_PT = (297 - 38.1) / 25.4 * 72
LANDSCAPE_PAGE_PT = (210 - 38.1) / 25.4 * 72
PAGE_SAFETY = 0.92
CLOSING_ROWS = 2  # 合计, 评价等级
TEXT_CUT_NOTE = "有文字超过 Excel 单元格 32,767 字的上限，已截断并以“…”结尾。"


def build_xlsx(view: ReportView, template: bytes | None = None, *,
               mapping: FormMapping | None = None) -> tuple[bytes, list[str]]:
    """The workbook as bytes, and notes for the clerk. ``template``: a checked bureau template, filled
    by its placeholders and then by its labels and header names (``mapping`` records what went where)."""
    builtin = template is None
    wb = _open(template_bytes(XLSX_TEMPLATE) if template is None else template)
    plan = scan_workbook(wb, view.framework.id)
    notes = [str(issue) for issue in plan.issues if not issue.blocking]
    blocking = [issue for issue in plan.issues if issue.blocking]
    if blocking:
        raise TemplateError(blocking_error("Excel", blocking), tuple(plan.issues))
    grid = scoring_grid(view)
    _, cut = fill_workbook(wb, plan, view, grid, widths=scoring_widths(grid) if builtin else None)
    if builtin:
        _finish_builtin(wb, grid)
        cut |= _indicator_sheet(wb, view)
    else:
        from .form_xlsx import fill_xlsx_form

        mapping = mapping if mapping is not None else FormMapping("Excel 模板")
        mapping.placeholders = len(plan.slots) + (plan.anchor is not None)
        fill_xlsx_form(wb, view, mapping)
        if not mapping.recognised:
            raise TemplateError(f"「{mapping.file}」：{NOTHING_FOUND}（没有占位符，也没有认出表头、标签或得分表）。"
                                "请确认选择的是财政局下发的得分表。")
    if view.draft:
        _mark_draft(wb)
    if cut:
        notes.append(TEXT_CUT_NOTE)
    out = BytesIO()
    wb.save(out)
    return out.getvalue(), notes


def _open(data: bytes) -> Any:
    try:
        return load_workbook(BytesIO(data))
    except Exception as exc:  # openpyxl refuses malformed packages with many exception types
        raise TemplateError("Excel 模板无法打开：文件已损坏或不是有效的 Excel 工作簿。") from exc


def inspect_xlsx(data: bytes, view: ReportView) -> tuple[TemplateIssue, ...]:
    """The problems of a template's bytes (already through the package checks), for a check-only run."""
    return tuple(scan_workbook(_open(data), view.framework.id).issues)


def _mark_draft(wb: Any) -> None:
    """草稿 in the printed header of every sheet, beside whatever header the template has."""
    for ws in wb.worksheets:
        for header in (ws.oddHeader, ws.evenHeader):
            existing = header.right.text or ""
            header.right.text = DRAFT_HEADER + (f" {existing}" if existing else "")
            header.right.color = "C00000"


def _finish_builtin(wb: Any, grid: Grid) -> None:
    """What the built-in layout cannot know in advance: the scoring table's width and orientation."""
    ws = wb[SCORING_SHEET]
    columns = len(grid.columns)
    for row in SCORING_TITLE_ROWS:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    ws.page_setup.orientation = "landscape" if columns > LANDSCAPE_ABOVE_COLUMNS else "portrait"
    ws.print_title_rows = f"{SCORING_ANCHOR_ROW}:{SCORING_ANCHOR_ROW + grid.header_rows - 1}"
    # The header stays on screen while the clerk scrolls a long table, as it repeats on every printed page.
    ws.freeze_panes = f"A{SCORING_ANCHOR_ROW + grid.header_rows}"
    _break_between_groups(ws, grid, landscape=columns > LANDSCAPE_ABOVE_COLUMNS)


def _break_between_groups(ws: Any, grid: Grid, *, landscape: bool) -> None:
    """Page breaks where a page-safe group would not fit the rest of the page, so every page starts with
    a group whose merged level cells carry their names (Excel has no "keep rows together")."""
    if not grid.groups:
        return
    from openpyxl.worksheet.pagebreak import Break

    page = (LANDSCAPE_PAGE_PT if landscape else PORTRAIT_PAGE_PT) * PAGE_SAFETY

    def height(row: int) -> float:
        return float(ws.row_dimensions[SCORING_ANCHOR_ROW + row].height or 15)

    header = sum(height(r) for r in range(grid.header_rows))
    used = sum(float(ws.row_dimensions[r].height or 15) for r in range(1, SCORING_ANCHOR_ROW)) + header
    starts = {first: last for first, last in grid.groups}
    row = grid.header_rows
    while row < len(grid.rows):
        last = starts.get(row, row)
        if last >= len(grid.rows) - 1 - CLOSING_ROWS:
            last = len(grid.rows) - 1  # 合计 and 评价等级 never start a page: the last group goes with them
        block = sum(height(r) for r in range(row, last + 1))
        if used + block > page and used > header:
            ws.row_breaks.append(Break(id=SCORING_ANCHOR_ROW + row - 1))  # break after the row above
            used = header
        used += block
        row = last + 1


def _indicator_sheet(wb: Any, view: ReportView) -> bool:
    """The department's indicators as typed, on a sheet after 得分表 (when its table has no room for
    them); True when a text had to be cut."""
    grid = indicator_grid(view)
    if grid is None:
        return False
    scoring = wb[SCORING_SHEET]
    ws = wb.create_sheet(INDICATOR_SHEET, index=wb.sheetnames.index(SCORING_SHEET) + 1)
    set_text(ws["A1"], INDICATOR_TITLE + (DRAFT_SUFFIX if view.draft else ""))
    ws["A1"].style = TITLE
    ws.row_dimensions[1].height = 30
    set_text(ws["A2"], scoring["A3"].value or "")  # 填报单位, 评价年度, 填报日期 as on 得分表
    ws["A2"].style = CAPTION_LEFT
    columns = len(grid.columns)
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    _, cut = write_grid(ws, grid, 3, 1, widths=scoring_widths(grid))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > LANDSCAPE_ABOVE_COLUMNS else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = copy(scoring.page_margins)
    ws.oddFooter.center.text = ws.evenFooter.center.text = FOOTER_TEXT
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    return cut


def scoring_widths(grid: Grid) -> list[float]:
    """Column widths that fill an A4 page's width (portrait, or landscape for a wide table) at 100 %."""
    page = LANDSCAPE_WIDTH if len(grid.columns) > LANDSCAPE_ABOVE_COLUMNS else PORTRAIT_WIDTH
    total = sum(c.weight for c in grid.columns)
    return [round(page * c.weight / total, 1) for c in grid.columns]
