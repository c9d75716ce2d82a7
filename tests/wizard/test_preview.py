"""文件 → 预览 and 打印…: the report's pages built from the blocks the Word export prints, in the export's
unit; printed through QPrinter (here to a PDF file, read back with pdftotext); plain text only."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from exporters.report_view import ReportView
from exporters.settings import ExportSettings
from models.money import Unit

ROOT = Path(__file__).resolve().parents[2]


def _wan(window) -> None:
    """The clerk chose 万元 for the export (导出设置); the screen stays in 元."""
    from gui.export_prefs import ExportChoices, remember

    remember(window.draft_id, ExportChoices(ExportSettings(unit=Unit.WAN)))


def _open_preview(window, qtbot):
    dialog = window.show_preview()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.printed is not None and dialog.pages.pageCount() > 0, timeout=10000)
    return dialog


def test_preview_shows_the_reports_headings_paragraphs_and_tables_in_the_export_unit(sample, qtbot) -> None:

    _wan(sample)
    report = sample.session.report
    assert report.display_unit is Unit.YUAN
    dialog = _open_preview(sample, qtbot)
    text = dialog.printed.text()
    for heading in ("一、部门（单位）概况", "（一）收入情况", "二、部门财政资金收支情况", "四、评价结论及建议",
                    "附件", "部门整体支出绩效评价得分表"):
        assert heading in text, heading
    clerk = report.text("income_text").splitlines()[-1].strip()
    assert clerk and clerk in text  # the clerk's own paragraph, as typed
    assert "金额单位：万元" in text
    tables = dialog.printed.tables()
    cells = {tuple(row[:2]) for table in tables for row in table}
    fiscal = ReportView(report, ExportSettings(unit=Unit.WAN)).amount_text(report.money("inc_fiscal"))
    assert fiscal == "3,865.24" and ("财政拨款收入", fiscal) in cells
    assert dialog.pages.pageCount() >= 5  # real pages: a cover, the body, the annex
    assert "金额单位 万元" in dialog.note.text()
    dialog.close()


def test_the_preview_prints_what_the_word_export_prints(sample, qtbot) -> None:
    """Every paragraph and every table cell of the built-in .docx is in the preview, in the same order."""
    from docx import Document

    from exporters.docx_report import build_docx
    from gui.preview import report_view

    dialog = _open_preview(sample, qtbot)
    view = report_view(sample.session, sample.draft_id)
    word = Document(io.BytesIO(build_docx(view)))
    text = dialog.printed.text().replace("\u2028", "\n")
    at = 0
    for paragraph in word.paragraphs:
        if paragraph.text.strip():
            found = text.find(paragraph.text, at)
            assert found >= 0, paragraph.text
            at = found + len(paragraph.text)
    word_cells = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    preview_cells = [row for table in dialog.printed.tables() for row in table]
    assert len(preview_cells) == len(word_cells)
    filled = 0
    for ours, theirs in zip(preview_cells, word_cells, strict=True):
        assert len(ours) == len(theirs)
        # python-docx repeats a merged cell's text in every cell it covers; the preview shows it once.
        for mine, word_text in zip(ours, theirs, strict=True):
            if mine:
                assert mine == word_text, (ours, theirs)
                filled += 1
    assert filled > 100
    dialog.close()


def test_draft_text_is_never_read_as_html(window, qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from models.drafts import create_report
    from models.sample import build_sample

    probe = tmp_path / "probe.png"
    picture = QImage(4, 4, QImage.Format.Format_RGB32)
    picture.fill(0)
    assert picture.save(str(probe), "PNG")
    report = build_sample()
    report.values["unit_name"] = f'<img src="{probe}">蓉溪市<b>农业</b>农村局'
    report.values["income_text"] = f'<img src="{probe}">收入<b>说明</b>'
    opened = create_report(window.store, report)
    assert window.open_draft(opened.draft_id)
    dialog = _open_preview(window, qtbot)
    text = "".join(dialog.printed.text().split())  # the title breaks its lines between words
    assert f'<imgsrc="{probe}">蓉溪市<b>农业</b>农村局' in text and "收入<b>说明</b>" in text
    assert not any(f.isImageFormat() for part in dialog.printed.parts for f in part.doc.allFormats())
    html = "".join(part.doc.toHtml() for part in dialog.printed.parts)
    assert "<img" not in html and "&lt;img" in html  # characters, not a picture Qt would load
    dialog.close()


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    # Qt's PDF maps some glyphs back to radicals (⽀ for 支); NFKC undoes the Kangxi ones. Its 门 comes
    # back as the radical ⻔, which NFKC keeps: the tests below quote text without 门.
    return unicodedata.normalize("NFKC", text)


def test_print_goes_through_the_print_dialog_to_the_chosen_printer(sample, qtbot, monkeypatch,
                                                                  tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    _wan(sample)
    out = tmp_path / "报告.pdf"
    asked: list[QPrinter] = []

    def choose_pdf(dialog: QPrintDialog) -> int:  # the clerk picks "print to file (PDF)" and clicks 打印
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        asked.append(printer)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf)
    assert sample.print_action.isEnabled()
    sample.print_action.trigger()
    assert asked and out.exists()
    assert asked[0].docName().startswith("蓉溪市农业农村局2025年度部门整体支出绩效自评报告")  # the job's name
    layout = asked[0].pageLayout()
    assert layout.pageSize().id().name == "A4"
    assert round(layout.margins(layout.Unit.Millimeter).left()) == 28  # GB/T 9704, as the Word report
    text = _pdf_text(out)
    flat = "".join(text.split())
    assert "蓉溪市农业农村局" in flat
    assert "3,865.24" in text  # 财政拨款收入 in 万元, from a table cell
    assert "绩效评价得分表" in flat and "2025年度" in flat
    assert "—1—" in flat and "—2—" in flat  # numbered pages, as the Word report's


def test_cancelling_the_print_dialog_prints_nothing(sample, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    printed: list[object] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected.value)
    monkeypatch.setattr("gui.preview.print_report", lambda *a: printed.append(a) or 0)
    assert sample.print_report() is False and printed == []


def dialog_texts(dialog: QDialog) -> list[str]:
    """Every text a dialog holds, shown or not (which parts show depends on the printer): labels,
    buttons, box titles, tabs and every choice of every combo box."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QTabWidget

    texts = [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    for tabs in dialog.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    return texts


def test_the_print_dialog_reads_chinese(sample, monkeypatch) -> None:
    """Qt's own print dialog (信创 Linux; Windows shows the system's): no English left on it, in the
    parts shown here or the ones a real printer shows (page set, copies), so hidden ones count too."""
    from PySide6.QtPrintSupport import QPrintDialog

    seen: list[str] = []

    def look(dialog: QPrintDialog) -> int:
        dialog.show()
        seen.extend(dialog_texts(dialog))
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QPrintDialog, "exec", look)
    assert sample.print_report() is False
    english = [t for t in seen if re.search(r"[A-Za-z]{3,}", t.replace("PDF", ""))]
    assert seen and english == []


def test_the_printers_properties_dialog_reads_chinese(sample, qtbot, monkeypatch) -> None:
    """属性… opens Qt's page-setup and job-options dialog, made only when asked: filled too. Paper
    names keep their international names in brackets (国际信封 (Envelope) C5, ANSI C, JIS B5)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QAbstractButton, QApplication

    seen: list[str] = []

    def look(dialog: QPrintDialog) -> int:
        dialog.show()

        def read_properties() -> None:
            for window in QApplication.topLevelWidgets():
                if isinstance(window, QDialog) and window is not dialog and window.isVisible():
                    seen.extend(dialog_texts(window))
                    window.reject()

        QTimer.singleShot(200, read_properties)
        next(b for b in dialog.findChildren(QAbstractButton) if b.text().startswith("属性")).click()
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QPrintDialog, "exec", look)
    assert sample.print_report() is False
    plain = [re.sub(r"\([^)]*\)|\b(ANSI|JIS|PDF)\b", "", t) for t in seen]
    english = [t for t, p in zip(seen, plain, strict=True) if re.search(r"[A-Za-z]{3,}", p)]
    assert len(seen) > 20 and english == []


def test_a_draft_prints_its_mark_on_every_page(sample, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from gui.preview import report_view
    from gui.print_pages import print_report, setup_printer

    view = report_view(sample.session, sample.draft_id)
    printer = setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "draft.pdf"
    printer.setOutputFileName(str(out))
    draft = ReportView(view.report, view.settings, draft=True, framework=view.framework)
    pages = print_report(draft, printer)
    text = _pdf_text(out)
    assert pages > 3 and text.count("草稿") >= pages and text.count("\f") >= pages - 1
    final = ReportView(view.report, view.settings, draft=False, framework=view.framework)
    print_report(final, printer)
    assert "仅供内部审阅" not in _pdf_text(out)


def test_no_draft_no_preview(window) -> None:
    assert not window.preview_action.isEnabled() and not window.print_action.isEnabled()
    assert window.show_preview() is None


CHILD = """
import json, os, sys
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from gui.app import create_app
from gui.main_window import MainWindow
from models.draft_store import DraftStore
app = create_app([])
window = MainWindow(DraftStore())
window.show()
window.start.open_sample()
heavy = lambda: sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'openpyxl', 'docxtpl', 'lxml'))
opened = {'preview': 'gui.preview' in sys.modules, 'print': 'PySide6.QtPrintSupport' in sys.modules,
          'heavy': heavy()}
dialog = window.show_preview()
shown = {'preview': 'gui.preview' in sys.modules, 'heavy': heavy(), 'dialog': dialog is not None}
window.session.mark_saved()
print(json.dumps({'opened': opened, 'shown': shown}))
"""


def test_the_preview_loads_when_asked_for_and_never_loads_an_office_library(tmp_path: Path) -> None:
    env = {"BUDGET_REPORT_DATA_DIR": str(tmp_path / "data"), "PATH": "", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["opened"] == {"preview": False, "print": False, "heavy": []}
    assert result["shown"] == {"preview": True, "heavy": [], "dialog": True}


def _page(doc, block) -> int:
    """The page a block's first line is printed on (the middle of its text)."""
    top = doc.documentLayout().blockBoundingRect(block).top()
    if block.layout().lineCount():
        line = block.layout().lineAt(0)
        top += line.y() + line.height() / 2
    return int(top // doc.pageSize().height())


@pytest.mark.parametrize("cover", [True, False])
def test_no_heading_is_left_at_the_foot_of_a_page(sample, cover: bool) -> None:
    """Word keeps a heading with the paragraph after it (keepNext); the printed pages do too."""
    from PySide6.QtPrintSupport import QPrinter

    from gui.print_pages import build_pages, setup_printer
    from models.sample import build_maximal

    printer = setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    for report in (sample.session.report, build_maximal(rows=30, narrative_chars=700)):
        view = ReportView(report, ExportSettings(unit=Unit.WAN, cover=cover), draft=True)
        pages = build_pages(view, printer)
        headings = 0
        for part in pages.parts:
            doc = part.doc
            block = doc.begin()
            while block.isValid() and block.next().isValid():
                text = block.text()
                if re.match(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）", text) and len(text) < 30:
                    headings += 1
                    assert _page(doc, block) == _page(doc, block.next()), (text, block.next().text()[:20])
                block = block.next()
        assert headings > 10 and pages.page_count > 5


def test_a_wide_annex_prints_on_landscape_pages_as_in_word(window, tmp_path: Path) -> None:
    """The national form's eight columns: the Word annex is a landscape section, so is the printed one."""
    import dataclasses

    from PySide6.QtPrintSupport import QPrinter

    from gui.print_pages import print_report, setup_printer
    from models.sample import build_sample

    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    report = dataclasses.replace(build_sample(), framework_id="national-2020", scores={})
    printer = setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "national.pdf"
    printer.setOutputFileName(str(out))
    pages = print_report(ReportView(report, ExportSettings(), draft=True), printer)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(out)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"size:\s+(\d+) x (\d+) pts", info)
    assert len(sizes) == pages > 3
    assert sizes[0] == ("595", "842") and sizes[-1] == ("842", "595"), sizes  # A4 portrait, the annex turned
    last = _pdf_text(out).split("\f")[pages - 1]
    assert "附件" in last and "评价等级" in last and "—" in last  # the annex, numbered on from the body


def test_the_preview_is_modal_and_pressing_enter_never_prints(sample, qtbot, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    printed: list[object] = []
    monkeypatch.setattr("gui.preview.ask_and_print", lambda *a: printed.append(a) or True)
    dialog = _open_preview(sample, qtbot)
    assert dialog.isModal() or dialog.windowModality() is not Qt.WindowModality.NonModal
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button is 关闭
    assert printed == [] and not dialog.isVisible()


def test_the_printed_page_has_the_word_reports_geometry(sample, tmp_path: Path) -> None:
    """Left margin 28 mm, a body paragraph indented two 三号 characters (32 pt), lines 28.95 pt apart
    (22 a page), the text reaching 26 mm from the right edge: measured in the PDF."""
    from PySide6.QtPrintSupport import QPrinter

    from exporters.page import LINE_PT, MARGINS_MM
    from gui.preview import report_view
    from gui.print_pages import print_report, setup_printer

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    printer = setup_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "report.pdf"
    printer.setOutputFileName(str(out))
    print_report(report_view(sample.session, sample.draft_id), printer)
    html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(y0), float(x1), unicodedata.normalize("NFKC", text)) for x0, y0, x1, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]
    start = next(i for i, w in enumerate(words) if w[3].startswith("截至"))
    first, second = words[start], words[start + 1]
    mm = 72 / 25.4
    assert abs(second[0] - MARGINS_MM["left"] * mm) < 1  # the paragraph's second line starts at the margin
    assert abs(first[0] - second[0] - 32) < 1  # 首行缩进两字
    assert abs(second[1] - first[1] - LINE_PT) < 0.5
    assert abs(595.28 - MARGINS_MM["right"] * mm - max(first[2], second[2])) < 4  # justified to the right margin
