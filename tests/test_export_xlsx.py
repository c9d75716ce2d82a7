"""The built-in Excel workbook, read back with openpyxl and as raw XML."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from test_export_fixtures import export, national_report

from exporters.api import ExportSettings
from exporters.report_view import ReportView
from exporters.scoring_grid import scoring_lines
from models.fields import FIELDS, Kind
from models.frameworks import COLUMN_TITLES, load_framework
from models.money import WAN, Unit, round_half_up
from models.report import IndicatorRow, Report
from models.sample import build_sample

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def sample_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, xlsx, _ = export(build_sample(), tmp_path_factory.mktemp("x"))
    return xlsx


def _values_by_label(ws: object) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        if isinstance(row[0].value, str):
            out.setdefault(row[0].value, [c for c in row[1:5]])
    return out


def _fully_bordered_cells(xlsx: Path, sheet: str) -> set[str]:
    """Coordinates whose cell style has a thin line on all four sides, as Excel would print them."""
    with zipfile.ZipFile(xlsx) as zf:
        styles = etree.fromstring(zf.read("xl/styles.xml"))
        cells = etree.fromstring(zf.read(sheet))
    borders = [all(side is not None and side.get("style") == "thin"
                   for side in (b.find(f"{SHEET_NS}{n}") for n in ("left", "right", "top", "bottom")))
               for b in styles.find(f"{SHEET_NS}borders")]
    xfs = [int(xf.get("borderId", 0)) for xf in styles.find(f"{SHEET_NS}cellXfs")]
    return {c.get("r") for c in cells.iter(f"{SHEET_NS}c") if borders[xfs[int(c.get("s", 0))]]}


def test_two_sheets_with_titles(sample_xlsx: Path) -> None:
    wb = load_workbook(sample_xlsx)
    assert wb.sheetnames == ["得分表", "指标完成情况", "收支情况"]  # the sample's indicators on a sheet of their own
    assert wb["得分表"]["A1"].value == "部门整体支出绩效评价得分表"  # as the Word annex; the unit is in row 3
    assert wb["收支情况"]["A2"].value == "金额单位：元"


@pytest.mark.parametrize("make", [build_sample, national_report], ids=["sichuan-2017", "national-2020"])
def test_scoring_sheet_is_the_tree_with_numbers_merges_and_borders(tmp_path: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    fw = load_framework(report.framework_id)
    _, xlsx, _ = export(report, tmp_path)
    ws = load_workbook(xlsx)["得分表"]
    header_row = 4
    columns = list(fw.table_columns)
    assert [ws.cell(header_row, i + 1).value for i in range(len(columns))] == [COLUMN_TITLES[c] for c in columns]
    view = ReportView(report, ExportSettings())
    lines = scoring_lines(view)
    last = header_row + len(lines) + 2
    score_col = columns.index("score") + 1
    for r, line in enumerate(lines, header_row + 1):
        cell = ws.cell(r, score_col)
        assert cell.number_format == "0.00"
        if line.kind == "empty":  # a rows node without rows: nothing to score
            assert cell.value is None and ws.cell(r, columns.index("level3") + 1).value == "（无）"
            continue
        assert cell.data_type == "n" and isinstance(cell.value, (int, float, Decimal)), cell.coordinate
        assert Decimal(str(cell.value)) == round_half_up(line.score or Decimal(0), 2)
    total = ws.cell(last - 1, score_col)
    assert ws.cell(last - 1, 1).value == "合计" and Decimal(str(total.value)) == view.totals.total
    assert ws.cell(last, 1).value == "评价等级" and ws.cell(last, len(fw.table_columns)).coordinate
    grade_cells = [ws.cell(last, c).value for c in range(1, len(columns) + 1)]
    assert view.grade in grade_cells
    # Level-1 cells merged over their lines, and every cell of every merged range bordered — read from
    # the XML, because openpyxl's reader re-creates covered cells without their own style.
    merged = [str(m) for m in ws.merged_cells.ranges]
    level1_merges = [m for m in merged if m.startswith("A") and ":A" in m]
    spans: dict[str, int] = {}
    for line in lines:
        level1 = line.level(1)
        if level1:
            spans[level1[0]] = spans.get(level1[0], 0) + 1
    # (a table over more than a page merges only within page-safe groups: more, shorter merges)
    assert len(level1_merges) >= sum(1 for n in spans.values() if n > 1) >= 2
    bordered = _fully_bordered_cells(xlsx, "xl/worksheets/sheet1.xml")
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row < header_row:
            continue  # the title rows have no borders
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                assert f"{get_column_letter(c)}{r}" in bordered, (ref, r, c)
    # Department rows are under their node, by name.
    names = {ws.cell(r, columns.index("level3") + 1).value for r in range(header_row + 1, last)}
    assert {row.name for row in report.rows} <= names


@pytest.mark.parametrize("unit", [Unit.YUAN, Unit.WAN])
def test_money_is_stored_as_numbers_in_the_chosen_unit(tmp_path: Path, unit: Unit) -> None:
    report = build_sample()
    _, xlsx, _ = export(report, tmp_path, settings=ExportSettings(unit=unit))
    ws = load_workbook(xlsx)["收支情况"]
    by_label = _values_by_label(ws)
    checked = 0
    for spec in FIELDS:
        if spec.kind is not Kind.MONEY or "：" in spec.label:
            continue
        value = report.money(spec.key)
        cell = by_label[spec.label][0]
        if value is None:
            assert cell.value is None
            continue
        expected = value if unit is Unit.YUAN else round_half_up(value / WAN, 2)
        assert cell.data_type == "n" and Decimal(str(cell.value)) == expected, spec.label
        assert cell.number_format == "#,##0.00"
        checked += 1
    assert checked >= 18
    assert ws["A2"].value == f"金额单位：{unit.value}"


def test_execution_block_has_figures_and_rates_as_fractions(sample_xlsx: Path) -> None:
    report = build_sample()
    ws = load_workbook(sample_xlsx)["收支情况"]
    row = _values_by_label(ws)["年度资金总额"]
    assert [Decimal(str(c.value)) for c in row[:3]] == [report.money("fund_total_initial"),
                                                        report.money("fund_total_budget"),
                                                        report.money("fund_total_spent")]
    rate = row[3]
    spent, budget = report.money("fund_total_spent"), report.money("fund_total_budget")
    assert spent is not None and budget is not None
    assert rate.number_format == "0.00%" and Decimal(str(rate.value)) == round_half_up(spent / budget, 4)
    assert 0.94 < float(rate.value) < 0.95


def test_print_setup_fits_a4_width_with_titles_and_page_footer(tmp_path: Path) -> None:
    for report, orientation in ((build_sample(), "portrait"), (national_report(), "landscape")):
        _, xlsx, _ = export(report, tmp_path)
        wb = load_workbook(xlsx)
        for ws in wb.worksheets:
            assert ws.page_setup.paperSize == 9
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
            assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
            assert ws.print_title_rows
        assert wb["得分表"].page_setup.orientation == orientation
        assert wb["得分表"].print_title_rows == "$4:$4"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    report = build_sample()
    formulas = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2", "@SUM(A1)", "#N/A", "=1+1\x00\x07"]
    for i, text in enumerate(formulas):
        report.rows.append(IndicatorRow(node="duty", row_id=f"f{i}", name=text, target=text, actual="1",
                                        points=Decimal("0.00"), score=Decimal("0.00"), reason=text))
    _, xlsx, _ = export(report, tmp_path, draft=True)
    ws = load_workbook(xlsx)["得分表"]
    cleaned = {t.replace("\x00", "").replace("\x07", "") for t in formulas}
    found = {cell.value: cell for row in ws.iter_rows() for cell in row if cell.value in cleaned}
    assert set(found) == cleaned
    for cell in found.values():
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(xlsx) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert f"{SHEET_NS}f".encode() not in zf.read(name) and b"<f>" not in zf.read(name)


def test_draft_workbook_is_marked_in_title_and_header(tmp_path: Path) -> None:
    report = build_sample()
    _, xlsx, _ = export(report, tmp_path, draft=True)
    wb = load_workbook(xlsx)
    assert wb["得分表"]["A1"].value.endswith("（草稿）")
    for ws in wb.worksheets:
        assert "草稿" in (ws.oddHeader.right.text or "")
