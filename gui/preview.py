"""预览 and 打印…: the report's printed pages (gui/print_pages.py) in a preview of real pages
(QPrintPreviewWidget), and on the printer the clerk picks (QPrintDialog). Built from the blocks the Word
export prints, with the clerk's export choices. Loaded when the clerk first opens 预览 or 打印.
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QScrollBar, QVBoxLayout, QWidget

from exporters.report_blocks import PageBreak, report_blocks
from exporters.report_view import ReportView
from models.atomic import sanitize_filename
from models.edit_session import EditSession

from .export_prefs import choices_for
from .i18n import fill_leftovers, leftovers_filled
from .plain import PlainLabel
from .print_pages import Pages, build_pages, paint_pages, print_report, setup_printer


def report_view(session: EditSession, draft_id: str) -> ReportView:
    """The report as its export would print it now: the clerk's export choices (unit 元/万元, fonts,
    dates, cover, seal) and a draft while the report cannot be exported as final."""
    settings = choices_for(draft_id).settings
    return ReportView(session.report, settings, draft=not session.readiness.ready, framework=session.framework)


def preview_notes(view: ReportView, draft_id: str) -> str:
    notes = [f"按导出设置排版：金额单位 {view.unit.value}"]
    if view.draft:
        notes.append("报告还不能正式导出，按草稿打印（每页上方有“草稿”字样）")
    if any(isinstance(b, PageBreak) and b.landscape for b in report_blocks(view)):
        notes.append("附件得分表打印在横向页面上（这里缩小显示）")
    if choices_for(draft_id).docx_template is not None:
        notes.append("导出 Word 时使用所选的财政局模板，这里按程序自带的格式预览")
    return "；".join(notes) + "。"


class PreviewDialog(QDialog):
    """预览: the printed pages, with 打印… beside them."""

    def __init__(self, session: EditSession, draft_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.session = session
        self.draft_id = draft_id
        self.view = report_view(session, draft_id)
        self.setWindowTitle(f"预览 — {self.view.title()}")  # a window title is never rich text
        self.printed: Pages | None = None  # the pages last laid out
        self.printer = setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
        # The preview's pages are the report's own A4 pages, whatever printer is installed (or none).
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        layout = QVBoxLayout(self)
        self.note = PlainLabel(preview_notes(self.view, draft_id), self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.pages = QPrintPreviewWidget(self.printer, self)
        self.pages.paintRequested.connect(self._paint)
        layout.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        self.page_label = PlainLabel(self)
        buttons.addWidget(self.page_label)
        buttons.addStretch(1)
        for text, slot in (("上一页", self._previous), ("下一页", self._next), ("缩小", lambda: self.pages.zoomOut()),
                           ("放大", lambda: self.pages.zoomIn()), ("适合宽度", self.pages.fitToWidth),
                           ("整页", self.pages.fitInView)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.print_button = QPushButton("打印…", self)
        self.print_button.setAutoDefault(False)  # Enter closes the preview; it never prints by surprise
        self.print_button.clicked.connect(self.print_pages)
        buttons.addWidget(self.print_button)
        close = QPushButton("关闭", self)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.pages.previewChanged.connect(self._show_page)
        for bar in self.pages.findChildren(QScrollBar):  # scrolling through the pages
            bar.valueChanged.connect(self._show_page)
        # Most of the screen: a page is read at about its printed size.
        area = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(area.width() * 9 // 10, area.height() * 9 // 10), area.height() * 9 // 10)
        self.pages.fitToWidth()

    def _paint(self, printer: QPrinter) -> None:
        self.printed = build_pages(self.view, printer)
        paint_pages(self.printed, printer, self.view, preview=True)

    def _show_page(self) -> None:
        self.page_label.setText(f"第 {self.pages.currentPage()} 页，共 {self.pages.pageCount()} 页")

    def _previous(self) -> None:
        self.pages.setCurrentPage(self.pages.currentPage() - 1)
        self._show_page()

    def _next(self) -> None:
        self.pages.setCurrentPage(self.pages.currentPage() + 1)
        self._show_page()

    def print_pages(self) -> None:
        ask_and_print(self.view, self)


def ask_and_print(view: ReportView, parent: QWidget) -> bool:
    """打印…: the system's print dialog, then the report's pages on the chosen printer."""
    printer = setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setDocName(sanitize_filename(view.title()))  # the print job's name, and a PDF's file name
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印报告")
    fill_leftovers(dialog)
    with leftovers_filled():  # and the 属性 dialog it makes when asked
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    print_report(view, dialog.printer())
    return True
