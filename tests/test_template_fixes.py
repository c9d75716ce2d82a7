"""Template traps a clerk meets: merged cells under a placeholder, full-width braces, old .doc/.xls files."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName

from exporters.api import TemplateError, export_report
from exporters.template_check import OLE_MAGIC, read_template, template_kind
from models.sample import build_sample


def _export_xlsx(tmp_path: Path, template: Path) -> Path:
    out = tmp_path / "out.xlsx"
    export_report(build_sample(), docx=None, xlsx=out, xlsx_template=template, draft=True)
    return out


def test_scoring_table_over_merged_cells_is_refused_naming_the_merge(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "得分表"
    ws["A3"] = "{{ scoring_table }}"
    ws.merge_cells("B6:D6")
    ws["B6"] = "说明"
    template = tmp_path / "t.xlsx"
    wb.save(template)
    with pytest.raises(TemplateError) as info:
        _export_xlsx(tmp_path, template)
    message = str(info.value)
    assert "B6:D6" in message and "合并" in message and "得分表" in message
    assert "Traceback" not in message and not (tmp_path / "out.xlsx").exists()


def test_a_defined_name_on_a_merged_cell_fills_the_merges_top_left(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "封面"
    ws.merge_cells("B2:D3")
    wb.defined_names["unit_name"] = DefinedName("unit_name", attr_text="'封面'!$C$3")
    template = tmp_path / "t.xlsx"
    wb.save(template)
    out = _export_xlsx(tmp_path, template)
    assert load_workbook(out)["封面"]["B2"].value == build_sample().text("unit_name")


def test_full_width_braces_are_named_in_word_and_excel(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("单位名称：｛｛ unit_name ｝｝")
    docx_template = tmp_path / "t.docx"
    doc.save(str(docx_template))
    with pytest.raises(TemplateError) as info:
        export_report(build_sample(), docx=tmp_path / "o.docx", xlsx=None, docx_template=docx_template, draft=True)
    assert "第 1 段" in str(info.value) and "｛｛ unit_name ｝｝" in str(info.value) and "半角" in str(info.value)

    wb = Workbook()
    wb.active["C4"] = "｛｛unit_name}}"
    xlsx_template = tmp_path / "t.xlsx"
    wb.save(xlsx_template)
    with pytest.raises(TemplateError) as info:
        _export_xlsx(tmp_path, xlsx_template)
    assert "C4" in str(info.value) and "全角" in str(info.value)


@pytest.mark.parametrize("name", ["表格.doc", "表格.wps", "表格.xls", "表格.et"])
def test_old_formats_are_refused_by_name_with_what_to_do(name: str) -> None:
    with pytest.raises(TemplateError) as info:
        template_kind(Path(name))
    assert "另存为 .docx" in str(info.value) or "另存为 .xlsx" in str(info.value)


def _ole(streams: list[str]) -> bytes:
    # The first bytes of an OLE compound file and its directory entries' UTF-16 names.
    return OLE_MAGIC + b"\0" * 504 + b"".join(s.encode("utf-16-le") + b"\0" * 8 for s in streams)


@pytest.mark.parametrize(("name", "streams", "expected"), [
    ("报告.docx", ["WordDocument"], "另存为 .docx"),
    ("得分表.xlsx", ["Workbook"], "另存为 .xlsx"),
    ("报告.docx", ["EncryptedPackage"], "密码"),
])
def test_old_formats_are_refused_by_first_bytes_whatever_their_name(
        tmp_path: Path, name: str, streams: list[str], expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(_ole(streams))
    with pytest.raises(TemplateError) as info:
        read_template(path)
    assert expected in str(info.value) and name in str(info.value)
