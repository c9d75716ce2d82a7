"""A draft export never rounds a figure (reliability.md, round 2): "0.001" is not "0.00".

A final export refuses an amount with more than two decimals (field.range); a draft export prints it
as typed and marked, in Word and in Excel, the built-in layout and a bureau's template alike.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
from openpyxl import Workbook, load_workbook

from exporters.api import export_report
from exporters.report_view import INEXACT_MARK
from models.sample import build_sample


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_a_figure_two_decimals_cannot_show_is_printed_as_typed_and_marked(tmp_path: Path) -> None:
    report = build_sample()
    report.values["inc_other"] = Decimal("0.001")
    report.values["sangong_reception"] = Decimal("1234.5678")
    out_docx, out_xlsx = tmp_path / "草稿.docx", tmp_path / "草稿.xlsx"
    export_report(report, docx=out_docx, xlsx=out_xlsx, draft=True)
    text = all_text(out_docx)
    assert f"0.001（{INEXACT_MARK}）" in text and f"1234.5678（{INEXACT_MARK}）" in text
    cells = [c.value for ws in load_workbook(out_xlsx).worksheets for row in ws.iter_rows() for c in row]
    assert f"0.001（{INEXACT_MARK}）" in cells, "Excel gets the marked text, not 0.001 shown as 0.00"


def test_a_bureau_excel_template_gets_the_marked_text_too(tmp_path: Path) -> None:
    book = Workbook()
    book.active["A1"] = "{{ money.inc_other }}"
    template = tmp_path / "财政局模板.xlsx"
    book.save(str(template))
    report = build_sample()
    report.values["inc_other"] = Decimal("0.001")
    out = tmp_path / "o.xlsx"
    export_report(report, docx=None, xlsx=out, xlsx_template=template, draft=True)
    assert load_workbook(out).active["A1"].value == f"0.001元（{INEXACT_MARK}）"


def test_figures_two_decimals_do_show_are_unchanged(tmp_path: Path) -> None:
    report = build_sample()
    report.values["inc_other"] = Decimal("12.50")
    out = tmp_path / "o.docx"
    export_report(report, docx=out, xlsx=None, draft=True)
    assert INEXACT_MARK not in all_text(out)
