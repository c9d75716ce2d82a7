"""A Grid as a Word table: fixed column widths, merged cells, header row repeated, rows never split.

Every cell paragraph carries its formatting directly (no style), so the same table can be dropped
into a bureau's template whose styles this program does not know.
"""

from __future__ import annotations

from lxml import etree

from .docx_layout import paragraph_properties
from .docx_xml import TWIPS_PER_MM, add_run, el, run_properties
from .grid import Grid
from .page import SMALL_TABLE_PT, TEXT_WIDTH_MM
from .report_view import ReportView
from .sanitize import paragraphs
from .scoring_grid import scoring_grid
from .settings import Font, FontRole

BORDER_EIGHTHS = "4"  # 0.5 pt lines
CELL_MARGIN_TWIPS = "57"  # 1 mm each side: narrow figure columns keep their digits on one line
KEEP_TOGETHER_ROWS = 15
KEEP_LAST_ROWS = 3
# Exact line height in table cells: the same row heights in Word, WPS and LibreOffice, whatever the
# fallback font's own line gap.
TABLE_LINE_FACTOR = 1.35


def column_widths(grid: Grid, width_mm: float = TEXT_WIDTH_MM) -> list[int]:
    """Widths in twips from the columns' weights, summing exactly to the table width."""
    total = round(width_mm * TWIPS_PER_MM)
    weight = sum(c.weight for c in grid.columns)
    widths = [int(total * c.weight / weight) for c in grid.columns]
    widths[-1] += total - sum(widths)
    return widths


def build_table(grid: Grid, font: Font, size_pt: float, width_mm: float = TEXT_WIDTH_MM, *,
                keep_together: bool = True) -> etree._Element:
    widths = column_widths(grid, width_mm)
    # A short table stays on one page (Word keeps rows together through "keep with next" on their
    # paragraphs); a long one may break between rows, never inside one. ``keep_together=False``: the
    # table may break wherever it must (the annex, which starts a page of its own anyway).
    keep_together = keep_together and len(grid.rows) <= KEEP_TOGETHER_ROWS
    # The closing rows (合计, 评价等级) never start a page on their own: the last line goes with them.
    keep_from = 0 if keep_together else len(grid.rows) - KEEP_LAST_ROWS
    # Rows of a page-safe group go onto one page together (their merged level cells keep their label).
    kept = {r for first, last in grid.groups for r in range(first, last)}
    line_pt = round(size_pt * TABLE_LINE_FACTOR, 1)
    tbl = el("tbl")
    tblpr = el("tblPr", tbl)
    el("tblW", tblpr, w=str(sum(widths)), type="dxa")
    el("jc", tblpr, val="center")
    borders = el("tblBorders", tblpr)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el(side, borders, val="single", sz=BORDER_EIGHTHS, space="0", color="auto")
    # Word ignores column widths unless the layout is fixed and every cell states its width.
    el("tblLayout", tblpr, type="fixed")
    margins = el("tblCellMar", tblpr)
    el("left", margins, w=CELL_MARGIN_TWIPS, type="dxa")
    el("right", margins, w=CELL_MARGIN_TWIPS, type="dxa")
    el("tblLook", tblpr, val="04A0", firstRow="1", lastRow="0", firstColumn="1", lastColumn="0",
       noHBand="0", noVBand="1")
    grid_el = el("tblGrid", tbl)
    for width in widths:
        el("gridCol", grid_el, w=str(width))

    covered = grid.merge_at()
    for r, row in enumerate(grid.rows):
        tr = el("tr", tbl)
        trpr = el("trPr", tr)
        el("cantSplit", trpr)
        if r < grid.header_rows:
            el("tblHeader", trpr)
        c = 0
        while c < len(row):
            merge = covered.get((r, c))
            span = merge.cols if merge else 1
            top_left = merge is None or (merge.row == r and merge.col == c)
            tc = el("tc", tr)
            tcpr = el("tcPr", tc)
            el("tcW", tcpr, w=str(sum(widths[c:c + span])), type="dxa")
            if span > 1:
                el("gridSpan", tcpr, val=str(span))
            if merge is not None and merge.rows > 1:
                if merge.row == r:
                    el("vMerge", tcpr, val="restart")
                else:
                    el("vMerge", tcpr)
            el("vAlign", tcpr, val="center")
            cell = grid.rows[merge.row][merge.col] if merge is not None else row[c]
            texts = paragraphs(cell.text) if top_left else []
            for text in texts or [""]:
                p = el("p", tc)
                ppr = el("pPr", p)
                paragraph_properties(ppr, line_pt=line_pt, first_line_chars=0, align=_JC[cell.align.value],
                                     keep_next=keep_from <= r < len(grid.rows) - 1 or r in kept)
                if text:
                    add_run(p, text, font, size_pt, bold=cell.bold, spacing=0)  # the font's own pitch, not the body's
                else:
                    # An empty cell still carries the size, or Word sizes its line by the body font.
                    run_properties(ppr, font, size_pt)
            c += span
    return tbl


_JC = {"left": "left", "center": "center", "right": "right"}


def scoring_table_xml(view: ReportView) -> str:
    """The scoring table as a w:tbl string, for ``{{p scoring_table }}`` in a bureau's template."""
    return str(etree.tostring(build_table(scoring_grid(view), view.settings.font(FontRole.BODY), SMALL_TABLE_PT),
                              encoding="unicode"))
