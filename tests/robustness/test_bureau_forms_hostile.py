"""Odd and careless bureau forms: the filler and the framework import answer in one Chinese line or fill
what they recognise; never a traceback, never a half file."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from exporters.api import TemplateError, export_report
from exporters.form_labels import grid_slots, inline_slots
from exporters.form_table import read_table
from exporters.framework_import import FrameworkImportError, framework_from_table
from models.frameworks import load_framework
from models.sample import build_sample

WORDS = ["一级指标", "二级指标", "三级指标", "分值", "得分", "扣分原因", "评分标准", "合计", "评价等级", "相关性",
         "部门特性指标1", "……", "5", "10分", "填表人：", "单位名称", "", " ", "年 月 日", "（盖章）", "=SUM(A1:A3)",
         "部门决策（25分）", "\x0b", "{{", "｛｛", "履职成效（20分）", "100"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=9), min_size=0, max_size=14))
def test_any_grid_is_read_without_crashing(grid: list[list[str]]) -> None:
    table = read_table(grid)
    grid_slots(grid)
    for row in grid:
        for text in row:
            inline_slots(text)
    if table is not None:
        try:
            framework_from_table(table, "表", load_framework("sichuan-2017"), "x.xlsx")
        except FrameworkImportError as exc:
            assert "\n" not in str(exc) and str(exc)


def _docx(path: Path, build) -> Path:  # type: ignore[no-untyped-def]
    doc = Document()
    build(doc)
    doc.save(str(path))
    return path


def _odd_tables(doc) -> None:  # type: ignore[no-untyped-def]
    doc.add_table(rows=0, cols=0)  # an empty table
    header_only = doc.add_table(rows=1, cols=3)
    for c, text in enumerate(("三级指标", "分值", "得分")):
        header_only.cell(0, c).text = text
    nested = doc.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "单位名称"
    nested.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "得分"
    ragged = doc.add_table(rows=3, cols=4)
    for c, text in enumerate(("一级指标", "三级指标", "分值", "得分")):
        ragged.cell(0, c).text = text
    ragged.cell(1, 0).merge(ragged.cell(2, 3)).text = "合计"
    doc.add_paragraph("（一）机构职能")


def test_odd_word_tables_fill_what_they_can(tmp_path: Path) -> None:
    form = _docx(tmp_path / "odd.docx", _odd_tables)
    out = tmp_path / "o.docx"
    result = export_report(build_sample(), docx=out, xlsx=None, docx_template=form)
    mapping = result.mappings[0]
    assert any(p.what == "机构职能" for p in mapping.placed) and out.exists()


def test_an_excel_form_with_formulas_and_injection_in_its_cells_keeps_them(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for c, text in enumerate(("三级指标", "分值", "得分"), 1):
        ws.cell(row=1, column=c, value=text)
    ws.append(["相关性", 5, "=B2"])  # the bureau computes this one itself
    ws.append(["明确性", 5, None])
    ws.append(["合计", "=SUM(B2:B3)", "=SUM(C2:C3)"])
    ws["A6"] = "填表人："
    form = tmp_path / "f.xlsx"
    wb.save(form)
    report = build_sample()
    report.values["sign_preparer"] = "=cmd|' /C calc'!A0"
    out = tmp_path / "o.xlsx"
    result = export_report(report, docx=None, xlsx=out, xlsx_template=form, draft=True)
    from openpyxl import load_workbook

    filled = load_workbook(out).active
    assert filled["C2"].value == "=B2" and filled["C4"].value == "=SUM(C2:C3)"
    assert filled["A6"].value == "填表人：=cmd|' /C calc'!A0" and filled["A6"].data_type == "s"
    assert any("没有核对" in n for n in result.mappings[0].notes)  # a formula inside the SUM's range


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600])
def test_framework_import_of_a_broken_file_is_one_line(tmp_path: Path, content: bytes) -> None:
    from exporters.framework_import import import_framework

    path = tmp_path / "得分表.xlsx"
    path.write_bytes(content)
    with pytest.raises(TemplateError) as info:
        import_framework(path, load_framework("sichuan-2017"))
    assert "\n" not in str(info.value) and "得分表.xlsx" in str(info.value)
