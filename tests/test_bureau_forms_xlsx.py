"""A bureau's own Excel 得分表 filled by header names and labels; its =SUM kept and checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from bureau_forms import BUREAU_NOTE, COLUMNS, SICHUAN_ROWS, excel_form
from openpyxl import Workbook, load_workbook

from exporters.api import TemplateError, export_report
from exporters.form_mapping import NOTHING_FOUND
from exporters.form_xlsx import shift_references
from models.frameworks import load_framework
from models.matching import core
from models.sample import build_sample


def _fill(tmp_path: Path, form: Path) -> tuple[object, object]:
    out = tmp_path / "filled.xlsx"
    result = export_report(build_sample(), docx=None, xlsx=out, xlsx_template=form)
    return load_workbook(out)["得分表"], result


@pytest.mark.parametrize("columns", [5, 7, 8])
def test_excel_scoring_table_is_filled_by_header_names(tmp_path: Path, columns: int) -> None:
    form = excel_form(tmp_path / f"form{columns}.xlsx", columns)
    ws, result = _fill(tmp_path, form)
    report = build_sample()
    headers = COLUMNS[columns]
    score_col = next(i for i, h in enumerate(headers, 1) if "得分" in h)
    first, added = 5, 2
    by_name = {core(str(ws.cell(row=r, column=3).value or "")): r for r in range(first, first + len(SICHUAN_ROWS) + added)}
    for leaf in load_framework("sichuan-2017").scored_leaves():
        cell = ws.cell(row=by_name[core(leaf.name)], column=score_col)
        assert cell.data_type == "n" and Decimal(str(cell.value)) == report.scores[leaf.id], leaf.name
    for indicator in report.rows:
        r = by_name[core(indicator.name)]
        assert Decimal(str(ws.cell(row=r, column=score_col).value)) == indicator.score
        assert ws.cell(row=r, column=4).value == 4
    total_row = first + len(SICHUAN_ROWS) + added
    letter = ws.cell(row=total_row, column=score_col).column_letter
    # The bureau's formula stays, grown over the added rows; the mapping says it agrees with ours.
    assert ws.cell(row=total_row, column=score_col).value == f"=SUM({letter}{first}:{letter}{total_row - 1})"
    assert ws.cell(row=total_row, column=1).value == "合计"
    mapping = result.mappings[0]  # type: ignore[attr-defined]
    assert any("93.00 分" in n and "一致" in n for n in mapping.notes)
    # Level cells merged over the added rows: 部门绩效情况 and 履职成效 each one merge.
    ranges = {str(m) for m in ws.merged_cells.ranges}
    duty_first = next(r for r in range(first, total_row) if str(ws.cell(row=r, column=2).value or "").startswith("履职成效"))
    assert f"B{duty_first}:B{duty_first + 4}" in ranges
    # Labels above and below the table.
    assert ws["A2"].value == "填报单位：蓉溪市农业农村局" and ws["C2"].value == "评价年度：2025"
    assert ws.cell(row=total_row + 1, column=1).value == "填表人：李晓梅"
    assert ws.cell(row=total_row + 1, column=3).value == "联系电话：0830-2618753"
    assert "2026年3月20日" in ws.cell(row=total_row + 1, column=5 if columns > 5 else 4).value
    # The bureau's own text is untouched.
    assert ws.cell(row=total_row + 2, column=1).value == BUREAU_NOTE
    if "评分标准" in headers:
        assert ws.cell(row=first, column=5).value == SICHUAN_ROWS[0][4]
    assert not mapping.unmatched_rows and not mapping.missing


def test_a_sum_that_misses_rows_is_named(tmp_path: Path) -> None:
    form = excel_form(tmp_path / "form.xlsx", 7)
    wb = load_workbook(form)
    ws = wb["得分表"]
    ws["F35"] = "=SUM(F5:F20)"  # the bureau's formula stops short
    wb.save(form)
    _, result = _fill(tmp_path, form)
    notes = result.mappings[0].notes  # type: ignore[attr-defined]
    assert any("=SUM(F5:F20)" in n and "93.00" in n and "请核对" in n for n in notes)


def test_a_workbook_with_nothing_to_fill_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "资金明细"
    wb.active["B2"] = 123
    form = tmp_path / "other.xlsx"
    wb.save(form)
    with pytest.raises(TemplateError) as info:
        _fill(tmp_path, form)
    assert NOTHING_FOUND in str(info.value) and not (tmp_path / "filled.xlsx").exists()


def test_references_move_with_inserted_rows() -> None:
    assert shift_references("=SUM(F5:F20)", 21, 2) == "=SUM(F5:F22)"  # the range's end grows
    assert shift_references("=SUM(F5:F20)+F30", 10, 3) == "=SUM(F5:F23)+F33"
    assert shift_references("=$F$4*2", 10, 3) == "=$F$4*2"
