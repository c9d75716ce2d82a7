"""The report's printed pages: the blocks the Word export prints (exporters.report_blocks) as a
QTextDocument laid out for a printer's A4 page with the GB/T 9704 margins, and painted page by page
with the report's page furniture (草稿 over a draft's pages, "— n —" under them).

Every text from the draft goes in with ``insertText`` (plain text: an ``<img src=…>`` in a unit name
stays characters, Qt never loads it). Qt-only; the dialogs are in gui/preview.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)
from PySide6.QtPrintSupport import QPrinter

from exporters.grid import Align
from exporters.page import (
    BODY_PT,
    LANDSCAPE_TEXT_WIDTH_MM,
    LINE_PT,
    MARGINS_MM,
    NARROW_TABLE_MM,
    SMALL_TABLE_PT,
    TABLE_PT,
    TEXT_WIDTH_MM,
    TITLE_PT,
)
from exporters.report_blocks import DRAFT_HEADER, Block, PageBreak, Paragraph, Role, Signature, Table, report_blocks
from exporters.report_view import ReportView
from exporters.settings import ALT_FONT_NAMES, FontRole

PAGE_NUMBER_PT = 14.0  # 四号, "— 1 —" under the type area
HEADER_PT = 10.5
DRAFT_RED = QColor("#c00000")
# Where Qt finds no 仿宋 or 黑体 (a Linux machine), a CJK font of the same kind stands in.
CJK_FALLBACK = {FontRole.HEADING1: "Noto Sans CJK SC", FontRole.PAGE_NUMBER: "Noto Serif CJK SC"}
DEFAULT_FALLBACK = "Noto Serif CJK SC"
_ALIGN = {Align.LEFT: Qt.AlignmentFlag.AlignLeft, Align.CENTER: Qt.AlignmentFlag.AlignHCenter,
          Align.RIGHT: Qt.AlignmentFlag.AlignRight}


def page_layout(*, landscape: bool = False) -> QPageLayout:
    """A4 with the GB/T 9704 margins, as the Word report's page; turned for a wide annex, the margins
    turn with it (the binding edge stays where it was, as in the .docx)."""
    m = MARGINS_MM
    if landscape:
        margins = QMarginsF(m["top"], m["left"], m["bottom"], m["right"])
        orientation = QPageLayout.Orientation.Landscape
    else:
        margins = QMarginsF(m["left"], m["top"], m["right"], m["bottom"])
        orientation = QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins, QPageLayout.Unit.Millimeter)


def setup_printer(printer: QPrinter) -> QPrinter:
    """The Word report's page (A4 portrait, GB/T 9704 margins) on *printer*."""
    printer.setPageLayout(page_layout())
    printer.setDocName("绩效自评报告")
    return printer


DOCUMENT_DPI = 96


_UNITS: dict[int, tuple[float, float]] = {}


def _length_units(device_dpi: int, printer: QPrinter) -> tuple[float, float]:
    """How many of a QTextDocument's length units make an inch, across and down, laid out for a
    printer. Qt 6.11 scales vertical lengths (top margins, line heights, table borders and padding) from
    1/96 inch to the device but takes indents and left/right margins in device pixels; measured here
    once per resolution, so another Qt's choice is followed too."""
    if device_dpi not in _UNITS:
        _UNITS[device_dpi] = _measure_units(device_dpi, printer)
    return _UNITS[device_dpi]


def _measure_units(device_dpi: int, printer: QPrinter) -> tuple[float, float]:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    cursor = QTextCursor(doc)
    probe = QTextBlockFormat()
    probe.setLeftMargin(DOCUMENT_DPI)
    cursor.setBlockFormat(probe)
    cursor.insertText("x")
    spaced = QTextBlockFormat()
    spaced.setTopMargin(DOCUMENT_DPI)
    cursor.insertBlock(spaced)
    cursor.insertText("x")
    plain = QTextBlockFormat()
    cursor.insertBlock(plain)
    cursor.insertText("x")
    doc.documentLayout().setPaintDevice(printer)
    doc.setPageSize(QSizeF(100 * device_dpi, 100 * device_dpi))
    layout = doc.documentLayout()
    first = doc.begin()
    second, third = first.next(), first.next().next()
    across = first.layout().lineAt(0).x() if first.layout().lineCount() else DOCUMENT_DPI
    line = layout.blockBoundingRect(third).top() - layout.blockBoundingRect(second).top()
    down = layout.blockBoundingRect(second).top() - layout.blockBoundingRect(first).top() - line
    # A length Qt scales came out device_dpi / 96 times larger than given.
    return (float(DOCUMENT_DPI) if across > DOCUMENT_DPI * 1.5 else float(device_dpi),
            float(DOCUMENT_DPI) if down > DOCUMENT_DPI * 1.5 else float(device_dpi))


class _Builder:
    """Writes blocks into a QTextDocument laid out for a device of ``device_dpi`` (font sizes in points)."""

    def __init__(self, view: ReportView, doc: QTextDocument, device_dpi: float, text_width_mm: float,
                 printer: QPrinter) -> None:
        self.view = view
        self.doc = doc
        self.across, self.down = _length_units(round(device_dpi), printer)
        self.text_width_mm = text_width_mm  # of the page this part is printed on
        self.cursor = QTextCursor(doc)
        self.fresh = True  # the cursor's block is empty and unused (the document's start, after a table)
        self.break_before = False
        self._fonts: dict[tuple[FontRole, float, bool], QTextCharFormat] = {}
        self.keep_next: list[int] = []  # paragraphs that go to the next page with the one after them

    def v(self, pt: float) -> float:
        """A vertical length (or a border) in the document's units."""
        return pt * self.down / 72

    def h(self, pt: float) -> float:
        """An indent or a left/right margin in the document's units."""
        return pt * self.across / 72

    def font(self, role: FontRole, size_pt: float, *, bold: bool = False) -> QTextCharFormat:
        key = (role, size_pt, bold)
        if key not in self._fonts:
            self._fonts[key] = self._font(role, size_pt, bold=bold)
        return self._fonts[key]

    def _font(self, role: FontRole, size_pt: float, *, bold: bool) -> QTextCharFormat:
        spec = self.view.settings.font(role)
        families = [spec.latin, spec.east_asia]
        if spec.east_asia in ALT_FONT_NAMES:
            families.append(ALT_FONT_NAMES[spec.east_asia])
        families.append(CJK_FALLBACK.get(role, DEFAULT_FALLBACK))
        font = QFont()
        font.setFamilies(families)
        font.setPointSizeF(size_pt)
        font.setBold(bold or spec.bold)
        fmt = QTextCharFormat()
        fmt.setFont(font)
        return fmt

    # ----- paragraphs

    def paragraph(self, text: str, char: QTextCharFormat, *, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignJustify,
                  indent_chars: float = 2, left_chars: float = 0, right_chars: float = 0, before_pt: float = 0,
                  line_pt: float | None = LINE_PT, keep_next: bool = False) -> None:
        block = QTextBlockFormat()
        block.setAlignment(align)
        block.setTextIndent(self.h(indent_chars * BODY_PT))
        block.setLeftMargin(self.h(left_chars * BODY_PT))
        block.setRightMargin(self.h(right_chars * BODY_PT))
        block.setTopMargin(self.v(before_pt))
        if line_pt is not None:
            block.setLineHeight(self.v(line_pt), QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        if self.break_before:
            block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            self.break_before = False
        if self.fresh:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.fresh = False
        else:
            self.cursor.insertBlock(block, char)
        # Plain text only; a line break inside a paragraph (the title's lines, a long name) stays one paragraph.
        self.cursor.insertText(text.replace("\r\n", "\n").replace("\n", "\u2028"), char)
        if keep_next:
            self.keep_next.append(self.cursor.block().blockNumber())

    def write(self, block: Block) -> None:
        if isinstance(block, PageBreak):
            self.break_before = True
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Signature):
            self.signature(block)
        else:
            self.text_block(block)

    def text_block(self, block: Paragraph) -> None:
        body = self.font(FontRole.BODY, BODY_PT)
        role, text = block.role, block.text
        if role is Role.TITLE:
            before = 3 * LINE_PT if self.view.settings.cover else 0
            self.paragraph(text, self.font(FontRole.TITLE, TITLE_PT), align=Qt.AlignmentFlag.AlignHCenter,
                           indent_chars=0, before_pt=before, line_pt=None, keep_next=True)
        elif role is Role.COVER:
            before = (3 if self.view.settings.cover else 1) * LINE_PT if block.first else 0
            self.paragraph(text, body, align=Qt.AlignmentFlag.AlignLeft, indent_chars=0, left_chars=4,
                           before_pt=before)
        elif role is Role.HEADING1:
            self.paragraph(text, self.font(FontRole.HEADING1, BODY_PT), keep_next=True)
        elif role is Role.HEADING2:
            self.paragraph(text, self.font(FontRole.HEADING2, BODY_PT), keep_next=True)
        elif role is Role.HEADING3:
            self.paragraph(text, body, keep_next=True)
        elif role is Role.ANNEX_LABEL:
            self.paragraph(text, self.font(FontRole.HEADING1, BODY_PT), align=Qt.AlignmentFlag.AlignLeft,
                           indent_chars=0, keep_next=True)
        elif role is Role.ANNEX_TITLE:
            self.paragraph(text, self.font(FontRole.TITLE, TITLE_PT), align=Qt.AlignmentFlag.AlignHCenter,
                           indent_chars=0, before_pt=LINE_PT, line_pt=None, keep_next=True)
        elif role is Role.ANNEX_BASIS:
            self.paragraph(text, self.font(FontRole.BODY, TABLE_PT), align=Qt.AlignmentFlag.AlignHCenter,
                           indent_chars=0, line_pt=None, keep_next=True)
        elif role is Role.TABLE_TITLE:
            self.paragraph(text, body, align=Qt.AlignmentFlag.AlignHCenter, indent_chars=0, keep_next=True)
        else:  # BODY, BLANK
            self.paragraph(text, body)

    def signature(self, block: Signature) -> None:
        body = self.font(FontRole.BODY, BODY_PT)
        # As in the Word report, the signature never stands alone at the top of a page: the body's last
        # paragraph goes along with it.
        if not self.fresh:
            self.keep_next.append(self.cursor.block().blockNumber())
        if block.annex_note:
            self.paragraph(block.annex_note, body, before_pt=LINE_PT, keep_next=True)
        right = 4 if block.seal else 2
        self.paragraph(block.unit, body, align=Qt.AlignmentFlag.AlignRight, indent_chars=0, right_chars=right,
                       before_pt=(3 if block.seal else 1) * LINE_PT, keep_next=True)
        self.paragraph(block.date, body, align=Qt.AlignmentFlag.AlignRight, indent_chars=0, right_chars=right,
                       keep_next=bool(block.signers))
        if block.signers:
            blank = "\u3000" * 6
            self.paragraph("\u3000\u3000".join(f"{label}：{name or blank}" for label, name in block.signers),
                           body, before_pt=LINE_PT)

    # ----- tables

    def table(self, block: Table) -> None:
        grid = block.grid
        size = SMALL_TABLE_PT if block.small else TABLE_PT
        width_mm = NARROW_TABLE_MM if block.narrow else self.text_width_mm
        if grid.caption:
            self.paragraph(grid.caption, self.font(FontRole.BODY, TABLE_PT), align=Qt.AlignmentFlag.AlignRight,
                           indent_chars=0, line_pt=None, keep_next=True,  # with the table's first rows
                           right_chars=(self.text_width_mm - width_mm) / 2 / (BODY_PT * 25.4 / 72))
        if not grid.rows:
            return
        fmt = QTextTableFormat()
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100 * width_mm / self.text_width_mm))
        fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        total = sum(c.weight for c in grid.columns) or 1
        fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 100 * c.weight / total)
                                       for c in grid.columns])
        fmt.setBorder(self.v(0.75))
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        fmt.setBorderBrush(QBrush(Qt.GlobalColor.black))
        fmt.setBorderCollapse(True)
        fmt.setCellSpacing(0)
        fmt.setCellPadding(self.v(2.5))
        fmt.setHeaderRowCount(min(grid.header_rows, len(grid.rows)))
        fmt.setTopMargin(self.v(4))
        fmt.setBottomMargin(self.v(10))
        if self.break_before:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            self.break_before = False
        self.fresh = False
        table = self.cursor.insertTable(len(grid.rows), len(grid.columns), fmt)
        plain = self.font(FontRole.BODY, size)
        bold = self.font(FontRole.BODY, size, bold=True)
        covered = grid.merge_at()
        for r, row in enumerate(grid.rows):
            for c, cell in enumerate(row):
                merge = covered.get((r, c))
                if not cell.text or (merge is not None and (merge.row, merge.col) != (r, c)):
                    continue  # Qt joins the texts of merged cells: only the merge's first cell has one
                cursor = table.cellAt(r, c).firstCursorPosition()
                align = QTextBlockFormat()
                align.setAlignment(_ALIGN[cell.align])
                cursor.setBlockFormat(align)
                cursor.insertText(cell.text.replace("\n", "\u2028"), bold if cell.bold else plain)
        for merge in grid.merges:
            table.mergeCells(merge.row, merge.col, merge.rows, merge.cols)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.fresh = True  # Qt keeps an empty block after a table: the next paragraph uses it


@dataclass
class Part:
    """A run of pages on one kind of page: the body (portrait) or a wide annex (landscape)."""

    doc: QTextDocument
    layout: QPageLayout

    @property
    def landscape(self) -> bool:
        return self.layout.orientation() is QPageLayout.Orientation.Landscape


@dataclass
class Pages:
    """The report's printed pages: the body, then the annex on its own pages."""

    parts: list[Part]
    cover: bool  # the first page is a cover page: no number on it, the body counts from 1

    @property
    def page_count(self) -> int:
        return sum(part.doc.pageCount() for part in self.parts)

    def text(self) -> str:
        return "\n".join(part.doc.toPlainText() for part in self.parts)

    def tables(self) -> list[list[list[str]]]:
        return [table for part in self.parts for table in tables_of(part.doc)]


def build_pages(view: ReportView, printer: QPrinter) -> Pages:
    """The report's blocks as documents paginated for *printer* on the Word report's pages."""
    runs: list[tuple[bool, list[Block]]] = [(False, [])]
    cover = False
    for block in report_blocks(view):
        if isinstance(block, PageBreak) and block.annex and block.landscape:
            runs.append((True, []))  # the annex on pages of its own kind; the new part starts a page
            continue
        if isinstance(block, PageBreak) and not block.annex:
            cover = True
        runs[-1][1].append(block)
    parts = [Part(_document(view, blocks, printer, page_layout(landscape=landscape)), page_layout(landscape=landscape))
             for landscape, blocks in runs if blocks]
    return Pages(parts, cover and view.settings.cover)


def _document(view: ReportView, blocks: list[Block], printer: QPrinter, layout: QPageLayout) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    dpi = printer.resolution()
    width_mm = LANDSCAPE_TEXT_WIDTH_MM if layout.orientation() is QPageLayout.Orientation.Landscape else TEXT_WIDTH_MM
    builder = _Builder(view, doc, dpi, width_mm, printer)
    for block in blocks:
        builder.write(block)
    # Laid out once, when it is all written: a layout made first would lay the tables out on every cell.
    doc.documentLayout().setPaintDevice(printer)
    page = layout.paintRectPixels(dpi)
    doc.setPageSize(QSizeF(page.width(), page.height()))
    keep_with_next(doc, builder.keep_next)
    return doc


def keep_with_next(doc: QTextDocument, keep: list[int]) -> None:
    """Word's "keep with next", which Qt lacks: a heading (or the paragraph before the signature) left at
    the foot of a page goes to the next page with what follows it — with the headings over it."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()

    def page_of(block: QTextBlock) -> int:
        """The page the block's first line is printed on (the middle of its text: a line that did
        not fit starts just above the page's foot and is printed at the top of the next page)."""
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        if lines is not None and lines.lineCount():
            top += lines.lineAt(0).y() + lines.lineAt(0).height() / 2
        return int(top // height)

    marked = set(keep)
    moved: set[int] = set()
    for number in sorted(marked):
        block = doc.findBlockByNumber(number)
        after = block.next()
        if not after.isValid() or page_of(after) == page_of(block):
            continue
        first = block  # with the headings right above it on the same page
        while first.previous().isValid() and first.previous().blockNumber() in marked \
                and page_of(first.previous()) == page_of(block):
            first = first.previous()
        if first.blockNumber() in moved or first.blockNumber() == 0:
            continue  # already starts its page, or is the first page's top: nothing to gain
        moved.add(first.blockNumber())
        target = page_of(after)
        undo = _break_before(doc, first)
        if page_of(first) > target:
            undo()  # Qt would give it an empty page (a table's margin reaching over the page's foot)


def tables_of(doc: QTextDocument) -> list[list[list[str]]]:
    """Every table's cell texts (rows of columns): what the preview prints in its tables."""
    from PySide6.QtGui import QTextTable

    found = []
    for frame in doc.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            rows = []
            for r in range(frame.rows()):
                row = []
                for c in range(frame.columns()):
                    cell = frame.cellAt(r, c)
                    cursor = cell.firstCursorPosition()
                    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
                    row.append(cursor.selectedText().replace("\u2028", "\n"))
                rows.append(row)
            found.append(rows)
    return found


def _break_before(doc: QTextDocument, block: QTextBlock) -> Callable[[], None]:
    """Start a new page at *block*; returns what undoes it."""
    table = QTextCursor(block.previous()).currentTable()
    if table is not None:
        # Right under a table, the break goes after the table: Qt gives a break before the block
        # that follows a table a whole empty page.
        before = table.format()
        after = table.format()
        after.setPageBreakPolicy(before.pageBreakPolicy() | QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter)
        table.setFormat(after)

        def undo_table() -> None:
            table.setFormat(before)
            _relayout(doc, block)

        _relayout(doc, block)
        return undo_table
    old = block.blockFormat()
    fmt = QTextBlockFormat(old)
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)

    def undo_block() -> None:
        QTextCursor(block).setBlockFormat(old)
        _relayout(doc, block)

    _relayout(doc, block)
    return undo_block


def _relayout(doc: QTextDocument, block: QTextBlock) -> None:
    """Qt's incremental layout leaves the blocks after a table stacked at one place: lay the rest of
    the document out again."""
    doc.markContentsDirty(block.position(), doc.characterCount() - block.position())


def paint_pages(pages: Pages, printer: QPrinter, view: ReportView, *, preview: bool = False) -> int:
    """Paint the pages on *printer* with the report's page furniture: a red 草稿 line over every page
    of a draft, and "— n —" under the type area (the cover page has none; the body counts from 1, as in
    the Word report). A landscape annex turns the paper; in a *preview* (whose pages all have the first
    page's size) it is shown as a turned page, scaled to the portrait page's width. Returns the number
    of pages painted."""
    painter = QPainter()
    number = 0 if pages.cover else 1
    first = True
    try:
        for part in pages.parts:
            turned = preview and part.landscape
            if not preview:
                printer.setPageLayout(part.layout)  # from the next page on (the first: before painting)
            if first and not painter.begin(printer):
                return 0
            doc = part.doc
            for index in range(doc.pageCount()):
                if not first:
                    printer.newPage()
                first = False
                if turned:
                    painter.save()
                    _turn_into_portrait(painter, printer, part.layout)
                _paint_page(painter, doc, index, printer, view, number)
                if turned:
                    painter.restore()
                number += 1
    finally:
        if painter.isActive():
            painter.end()
    return pages.page_count


def _turn_into_portrait(painter: QPainter, printer: QPrinter, landscape: QPageLayout) -> None:
    """Set *painter* up to draw a landscape page, scaled to the width of the portrait page it is on,
    with the landscape paper's edge drawn around it."""
    dpi = printer.resolution()
    mm = dpi / 25.4
    portrait = printer.pageLayout()
    paper = portrait.fullRectPixels(dpi)
    inner = portrait.paintRectPixels(dpi)
    turned = landscape.fullRectPixels(dpi)
    scale = paper.width() / turned.width()
    painter.translate(-inner.left(), -inner.top())  # to the portrait paper's corner
    edge = QPen(Qt.GlobalColor.darkGray, 0)  # cosmetic: one pixel wide on the screen at any zoom
    edge.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(edge)
    painter.drawRect(QRectF(0, 0, paper.width() - 1, turned.height() * scale))
    margins = landscape.margins(QPageLayout.Unit.Millimeter)
    painter.translate(margins.left() * mm * scale, margins.top() * mm * scale)
    painter.scale(scale, scale)
    painter.setPen(Qt.GlobalColor.black)


def _paint_page(painter: QPainter, doc: QTextDocument, index: int, printer: QPrinter, view: ReportView,
                number: int) -> None:
    page = doc.pageSize()
    px = printer.resolution() / 72
    painter.save()
    painter.translate(0, -index * page.height())
    doc.drawContents(painter, QRectF(0, index * page.height(), page.width(), page.height()))
    painter.restore()
    if view.draft:
        painter.save()
        font = QFont()
        font.setFamilies([view.settings.font(FontRole.BODY).east_asia, DEFAULT_FALLBACK])
        font.setPointSizeF(HEADER_PT)
        painter.setFont(font)
        painter.setPen(DRAFT_RED)
        header = QRectF(0, -page.height(), page.width(), page.height() - 8 * px)
        painter.drawText(header, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), DRAFT_HEADER)
        painter.restore()
    if number > 0:
        font = QFont()
        font.setFamilies([view.settings.font(FontRole.PAGE_NUMBER).east_asia, DEFAULT_FALLBACK])
        font.setPointSizeF(PAGE_NUMBER_PT)
        painter.setFont(font)
        footer = QRectF(0, page.height() + 7 * printer.resolution() / 25.4, page.width(), 20 * px)
        painter.drawText(footer, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"— {number} —")


def print_report(view: ReportView, printer: QPrinter) -> int:
    """Lay the report out for *printer* and print it; returns the number of pages."""
    return paint_pages(build_pages(view, printer), printer, view)
