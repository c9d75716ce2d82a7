"""The Excel export: the built-in workbook (得分表, 收支情况) or a bureau's .xlsx template, filled."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from .build_templates import SCORING_ANCHOR_ROW, SCORING_SHEET, SCORING_TITLE_ROWS
from .builtin_templates import XLSX_TEMPLATE, template_bytes
from .errors import TemplateError, TemplateIssue
from .grid import Grid
from .report_view import ReportView
from .scoring_grid import scoring_grid
from .template_messages import blocking_error
from .xlsx_fill import fill_workbook, scan_workbook

LANDSCAPE_ABOVE_COLUMNS = 5
# Printable width of A4 with the built-in margins, in Excel column units of 11 pt 宋体.
PORTRAIT_WIDTH = 88.0
LANDSCAPE_WIDTH = 132.0
DRAFT_HEADER = "草稿 仅供内部审阅"
TEXT_CUT_NOTE = "有文字超过 Excel 单元格 32,767 字的上限，已截断并以“…”结尾。"


def build_xlsx(view: ReportView, template: bytes | None = None) -> tuple[bytes, list[str]]:
    """The workbook as bytes, and notes for the clerk. ``template``: a checked bureau template."""
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


def scoring_widths(grid: Grid) -> list[float]:
    """Column widths that fill an A4 page's width (portrait, or landscape for a wide table) at 100 %."""
    page = LANDSCAPE_WIDTH if len(grid.columns) > LANDSCAPE_ABOVE_COLUMNS else PORTRAIT_WIDTH
    total = sum(c.weight for c in grid.columns)
    return [round(page * c.weight / total, 1) for c in grid.columns]
