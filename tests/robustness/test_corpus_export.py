"""The corpus through both exporters, built-in and with a bureau's templates: made safe, never evaluated.

Every corpus text goes into the unit name (one line: title, file properties, the workbook's titles), a
narrative (paragraphs) and an indicator row (the scoring table in Word and Excel). Then:

* Word: the paragraphs are exactly what the sanitiser makes of the text (exporters/sanitize.py), every
  character is legal XML, ``{{ 7*7 }}`` is printed as typed and never as 49;
* Excel: the text cells hold the sanitised text; none is a formula (data_type "s", and quotePrefix when
  the text starts like a formula, so Excel keeps it text even after F2 + Enter);
* and the corpus numbers the fields accept reach both files as the exact amounts.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree
from openpyxl import Workbook, load_workbook

from exporters.api import export_report
from exporters.sanitize import EXCEL_CELL_LIMIT, excel_text, one_line, paragraphs
from exporters.xlsx_grid import FORMULA_STARTS
from models.money import format_money
from models.report import IndicatorRow, Report
from models.sample import build_sample

from .corpus import NEVER_EVALUATED, NUMBERS, TEXTS, is_xml_char

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def hostile_report(text: str, framework: str = "sichuan-2017") -> Report:
    """The sample with ``text`` typed everywhere; under the national framework the Excel scoring table
    also has the rows' target, actual and reason columns."""
    report = build_sample()
    node = "duty"
    if framework != report.framework_id:
        report.framework_id, report.scores, report.rows, node = framework, {}, [], "out_quantity"
    report.values["unit_name"] = text
    report.values["org_text"] = text
    report.rows.append(IndicatorRow(node=node, row_id="corpus", name=text, measure_unit=text, target=text,
                                    actual=text, points=Decimal("1.00"), score=Decimal("1.00"), reason=text))
    return report


def docx_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def check_xml_parts(path: Path) -> str:
    """Every XML part parses strictly and holds only XML characters; returns all the text content."""
    texts = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(zf.read(name))  # strict: raises on anything malformed
                for node in root.iter():
                    for value in (node.text, node.tail, *node.attrib.values()):
                        if value:
                            bad = [f"U+{ord(ch):04X}" for ch in value if not is_xml_char(ch)]
                            assert not bad, f"{name}: {bad}"
                            texts.append(value)
    return "".join(texts)


def run_of(lines: list[str], wanted: list[str]) -> bool:
    """``wanted`` appears in ``lines`` as consecutive paragraphs."""
    if not wanted:
        return True
    first = wanted[0]
    return any(lines[i:i + len(wanted)] == wanted for i, line in enumerate(lines) if line == first)


def check_docx(path: Path, text: str, name: str) -> None:
    content = check_xml_parts(path)
    lines = docx_paragraphs(path)
    assert run_of(lines, paragraphs(text)), "the narrative is exactly the sanitised paragraphs"
    assert one_line(text)[:200] in content, "the unit name, made one line"
    document = docx.Document(str(path))  # python-docx reads it back
    assert document.core_properties.title is not None
    if name in NEVER_EVALUATED:
        assert text in lines and NEVER_EVALUATED[name] not in lines, "printed as typed, never evaluated"


def check_no_formula(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for part in zf.namelist():
            if part.startswith("xl/worksheets/"):
                root = etree.fromstring(zf.read(part))
                assert root.find(f".//{SHEET}f") is None, f"a formula in {part}"
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", cell.coordinate
                    if cell.value.lstrip().startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} {cell.value[:20]!r}"


def cells(path: Path) -> list[Any]:
    return [cell for ws in load_workbook(path).worksheets for row in ws.iter_rows() for cell in row]


def check_xlsx(path: Path, text: str) -> None:
    check_xml_parts(path)
    check_no_formula(path)
    values = [c.value for c in cells(path) if isinstance(c.value, str)]
    line, _cut = excel_text(one_line(text))
    if line:
        assert any(v == line or v.endswith("：" + line) for v in values), "the row's name, one line"
        # national-2020 folds the nature and unit into them: "≥" + target + unit, actual + unit
        assert sum(1 for v in values if line[:50] in v) >= 3, "its target and actual, one line each"
    reason = excel_text(text.replace("\r\n", "\n"))[0].strip()
    if reason and len(reason) < EXCEL_CELL_LIMIT - 1:
        assert reason in values, "the row's reason, sanitised"


@pytest.mark.parametrize("name", list(TEXTS))
def test_built_in_exports_make_the_text_safe_and_keep_it(name: str, tmp_path: Path) -> None:
    text = TEXTS[name]
    result = export_report(hostile_report(text, "national-2020"), docx=tmp_path / "r.docx",
                           xlsx=tmp_path / "r.xlsx", draft=True)
    assert result.paths == (tmp_path / "r.docx", tmp_path / "r.xlsx")
    check_docx(tmp_path / "r.docx", text, name)
    check_xlsx(tmp_path / "r.xlsx", text)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("templates")
    document = docx.Document()
    document.add_paragraph("填报单位：{{ unit_name }}")
    document.add_paragraph("{{ org_text }}")
    document.add_paragraph("联系人：{{ contact }}")
    document.save(str(folder / "财政局模板.docx"))
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "单位：{{ unit_name }}"
    sheet["A2"] = "{{ contact }}"
    sheet["A3"] = "{{ scoring_table }}"
    book.save(str(folder / "财政局模板.xlsx"))
    return folder / "财政局模板.docx", folder / "财政局模板.xlsx"


@pytest.mark.parametrize("name", list(TEXTS))
def test_bureau_templates_print_the_text_literally_and_never_as_a_formula(
        name: str, tmp_path: Path, templates: tuple[Path, Path]) -> None:
    text = TEXTS[name]
    report = hostile_report(text)
    report.values["contact"] = text
    docx_template, xlsx_template = templates
    export_report(report, docx=tmp_path / "r.docx", xlsx=tmp_path / "r.xlsx", draft=True,
                  docx_template=docx_template, xlsx_template=xlsx_template)
    check_docx(tmp_path / "r.docx", text, name)
    check_no_formula(tmp_path / "r.xlsx")
    contact, _cut = excel_text(one_line(text))
    if contact:
        sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
        assert sheet["A2"].value == contact and sheet["A2"].data_type == "s"


def test_a_unit_name_longer_than_the_file_properties_allow_still_exports(tmp_path: Path) -> None:
    """python-docx refuses a title over 255 characters: the export cuts it, the document keeps the name."""
    report = build_sample()
    report.values["unit_name"] = "蓉溪市农业农村局" * 40
    export_report(report, docx=tmp_path / "r.docx", xlsx=tmp_path / "r.xlsx")
    properties = docx.Document(str(tmp_path / "r.docx")).core_properties
    assert len(properties.title) <= 255 and properties.title.startswith("蓉溪市农业农村局")
    assert "蓉溪市农业农村局" * 40 in check_xml_parts(tmp_path / "r.docx")


ACCEPTED = [c for c in NUMBERS if isinstance(c.money, Decimal)]


def test_accepted_amounts_reach_both_files_exactly(tmp_path: Path) -> None:
    """Each amount the money field accepted, in the 其他收入 line of the Word table and the Excel sheet."""
    for case in ACCEPTED:
        assert isinstance(case.money, Decimal)
        report = build_sample()
        report.values["inc_other"] = case.money
        export_report(report, docx=tmp_path / "r.docx", xlsx=tmp_path / "r.xlsx", draft=True)
        shown = format_money(case.money, with_unit=False)
        lines = docx_paragraphs(tmp_path / "r.docx")
        label = lines.index("其他收入")
        assert shown in lines[label:label + 4], (case.id, shown)
        sheet = load_workbook(tmp_path / "r.xlsx")["收支情况"]
        row = next(r for r in sheet.iter_rows() if r[0].value == "其他收入")
        number = row[1].value
        assert isinstance(number, (int, float)) and Decimal(repr(number)) == case.money, (case.id, number)
