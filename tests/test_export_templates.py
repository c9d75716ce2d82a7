"""Bureau templates: refused when hostile, checked in the clerk's terms, rendered in the sandbox."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from jinja2.exceptions import SecurityError
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName
from test_export_fixtures import HOSTILE_PARAGRAPHS, HOSTILE_TEXT, NS, W_NS, body_texts, part

from exporters.api import ExportSettings, TemplateError, check_template, export_report
from exporters.jinja_check import sandbox
from exporters.placeholders import DOCS_PATH, NAMESPACES, docx_context, placeholders, render_docs
from exporters.report_view import ReportView
from exporters.scoring_grid import scoring_lines
from exporters.settings import DateStyle
from models.frameworks import BUILTIN_IDS
from models.sample import build_sample

W = f"{{{W_NS}}}"


def _docx_template(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
                   header: str | None = None) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    doc.save(str(path))
    return path


def _render(tmp_path: Path, template: Path, report: object = None, **kwargs: object) -> tuple[Path, object]:
    out = tmp_path / "out.docx"
    result = export_report(report or build_sample(), docx=out, xlsx=None,  # type: ignore[arg-type]
                           docx_template=template, **kwargs)  # type: ignore[arg-type]
    return out, result


def _rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> Path:
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


@pytest.fixture
def plain_template(tmp_path: Path) -> Path:
    return _docx_template(tmp_path / "plain.docx", ["{{ unit_name }}"])


# ---------------------------------------------------------------- hostile files refused before parsing


def _refused(tmp_path: Path, template: Path) -> str:
    with pytest.raises(TemplateError) as info:
        _render(tmp_path, template)
    message = str(info.value)
    assert "\n" not in message and message.startswith("Word 模板")
    assert not (tmp_path / "out.docx").exists()
    return message


def test_zip_bomb_is_refused(tmp_path: Path, plain_template: Path) -> None:
    bomb = _rezip(plain_template, tmp_path / "bomb.docx", add={"word/media/pad.bin": b"\0" * (8 * 1024 * 1024)})
    assert bomb.stat().st_size < 200_000
    assert "压缩炸弹" in _refused(tmp_path, bomb)


def test_dtd_and_entities_are_refused(tmp_path: Path, plain_template: Path) -> None:
    with zipfile.ZipFile(plain_template) as zf:
        document = zf.read("word/document.xml")
    evil = document.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY lol "lol">]>', 1)
    assert b"<!DOCTYPE" in evil
    message = _refused(tmp_path, _rezip(plain_template, tmp_path / "dtd.docx", {"word/document.xml": evil}))
    assert "DTD" in message and "word/document.xml" in message


def test_utf16_parts_are_checked_too(tmp_path: Path, plain_template: Path) -> None:
    evil = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'.encode("utf-16")
    template = _rezip(plain_template, tmp_path / "u16.docx", add={"customXml/item9.xml": evil})
    assert "DTD" in _refused(tmp_path, template)


def test_external_relationship_is_refused(tmp_path: Path, plain_template: Path) -> None:
    with zipfile.ZipFile(plain_template) as zf:
        rels = zf.read("word/_rels/document.xml.rels")
    link = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'attachedTemplate" Target="file://evil-server/share/t.dotm" TargetMode="External"/></Relationships>')
    evil = _rezip(plain_template, tmp_path / "ext.docx",
                  {"word/_rels/document.xml.rels": rels.replace(b"</Relationships>", link)})
    message = _refused(tmp_path, evil)
    assert "外部" in message and "evil-server" in message


def test_macro_files_are_refused(tmp_path: Path, plain_template: Path) -> None:
    with_vba = _rezip(plain_template, tmp_path / "vba.docx", add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert "宏" in _refused(tmp_path, with_vba)
    docm = tmp_path / "t.docm"
    docm.write_bytes(plain_template.read_bytes())
    assert "宏" in _refused(tmp_path, docm)
    with zipfile.ZipFile(plain_template) as zf:
        types = zf.read("[Content_Types].xml")
    macro_type = types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    assert macro_type != types
    assert "宏" in _refused(tmp_path, _rezip(plain_template, tmp_path / "ct.docx", {"[Content_Types].xml": macro_type}))


def test_oversized_and_non_zip_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)
    assert "20 MB" in _refused(tmp_path, big)
    text = tmp_path / "text.docx"
    text.write_text("这不是 Word 文件", encoding="utf-8")
    assert "已损坏" in _refused(tmp_path, text)
    ole = tmp_path / "old.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "旧版" in _refused(tmp_path, ole)


def test_an_excel_file_is_not_a_word_template(tmp_path: Path) -> None:
    xlsx = tmp_path / "t.xlsx"
    Workbook().save(xlsx)
    renamed = tmp_path / "t.docx"
    renamed.write_bytes(xlsx.read_bytes())
    assert "Excel 表格" in _refused(tmp_path, renamed)


# ---------------------------------------------------------------- Word templates: checks in the clerk's terms


def test_unknown_placeholder_is_named_with_its_paragraph(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "t.docx", ["报告", "填报单位：{{ unit_nam }}，金额{{ money.inc_fisc }}"])
    with pytest.raises(TemplateError) as info:
        _render(tmp_path, template)
    message = str(info.value)
    assert "第 2 段「填报单位：{{ unit……」" in message
    assert "未知的占位符「unit_nam」（是不是「unit_name」？）" in message
    issues = [str(i) for i in info.value.issues]
    assert any("money.inc_fisc" in i and "money.inc_fiscal" in i for i in issues)
    assert [str(i) for i in check_template(template, build_sample())] == issues


def test_problems_in_table_cells_and_headers_are_located(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "t.docx", ["正文"], table=[["项目", "金额"], ["收入", "{{ amount.nope }}"]],
                              header="{{ grade_x }}")
    issues = [str(i) for i in check_template(template, build_sample())]
    assert any(i.startswith("第 1 个表格第 2 行第 2 列") and "amount.nope" in i for i in issues)
    assert any(i.startswith("页眉") and "grade_x" in i for i in issues)


def test_unclosed_and_malformed_tags_are_reported(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "t.docx", ["{{ unit_name", "{% for r in scoring_rows %}没有结束"])
    issues = [str(i) for i in check_template(template, build_sample())]
    assert any(i.startswith("第 1 段") and "没有对应的 }}" in i for i in issues)
    assert any("endfor" in i for i in issues)


@pytest.mark.parametrize("tag", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ unit_name.__class__ }}",
    "{{ range(100000) }}",
    "{{ 'x' * 1000000000 }}",
    "{% set x = unit_name %}{{ x }}",
    "{% autoescape false %}{{ org_text }}{% endautoescape %}",
    "{{ org_text|safe }}",
    "{% include 'other.docx' %}",
    "{{ lipsum() }}",
])
def test_sandbox_escapes_and_unsafe_constructs_are_refused(tmp_path: Path, tag: str) -> None:
    template = _docx_template(tmp_path / "t.docx", ["前文", tag])
    with pytest.raises(TemplateError) as info:
        _render(tmp_path, template)
    assert "第 2 段" in str(info.value)
    assert not (tmp_path / "out.docx").exists()


def test_the_render_environment_is_a_sandbox_too() -> None:
    env = sandbox()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    assert env.from_string("{{ x }}").render(x="<&>") == "&lt;&amp;&gt;"
    assert "range" not in env.globals and "safe" not in env.filters


def test_split_tag_is_mended_and_reported(tmp_path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph("单位：")
    p.add_run("{{ unit")
    bold = p.add_run("_na")
    bold.bold = True
    p.add_run("me }}。")
    template = tmp_path / "split.docx"
    doc.save(str(template))
    out, result = _render(tmp_path, template)
    assert "单位：蓉溪市农业农村局。" in body_texts(out)
    notes = result.notes  # type: ignore[attr-defined]
    assert any(n.startswith("第 1 段「单位：{{ unit_n……」") and "「{{ unit_name }}」" in n and "拆成" in n
               for n in notes), notes


# ---------------------------------------------------------------- Word templates: what comes out


def test_placeholders_are_filled_from_the_model(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "t.docx", [
        "{{ title }}", "收入{{ money.inc_fiscal }}，合计{{ amount.inc_year_total }}{{ money_unit }}",
        "得分{{ total_score }}，等级{{ grade }}，执行率{{ execution_rate }}，相关性{{ score.relevance }}/{{ points.relevance }}",
        "{{ sign_unit }} {{ sign_date }}", "{% if is_draft %}草稿{% else %}正式{% endif %}"])
    out, _ = _render(tmp_path, template, settings=ExportSettings(dates=DateStyle.CHINESE))
    texts = body_texts(out)
    assert texts == ["蓉溪市农业农村局2025年度部门整体支出绩效自评报告",
                     "收入38,652,400.00元，合计40,828,930.50元",
                     "得分93.00，等级优，执行率94.31%，相关性5.00/5",
                     "蓉溪市农业农村局 二〇二六年三月二十日", "正式"]


def test_narrative_placeholder_becomes_the_clerks_paragraphs_literally(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("前文")
    target = doc.add_paragraph("{{ org_text }}")
    target.paragraph_format.first_line_indent = 406400  # 32 pt, as a bureau template would set it
    template = tmp_path / "t.docx"
    doc.save(str(template))
    report = build_sample()
    report.values["org_text"] = HOSTILE_TEXT
    out, _ = _render(tmp_path, template, report, draft=True)
    texts = body_texts(out)
    assert texts[1:1 + len(HOSTILE_PARAGRAPHS)] == HOSTILE_PARAGRAPHS
    body = part(out).find("w:body", NS)
    produced = body.findall("w:p", NS)[1:1 + len(HOSTILE_PARAGRAPHS)]
    assert all(p.find("w:pPr/w:ind", NS).get(f"{W}firstLine") == "640" for p in produced)


def test_loops_over_paragraphs_and_scoring_rows(tmp_path: Path) -> None:
    template = _docx_template(
        tmp_path / "t.docx",
        ["{%p for para in paragraphs.duties_text %}", "{{ loop.index }}) {{ para }}", "{%p endfor %}"],
        table=[["一级", "三级", "得分"], ["{%tr for row in scoring_rows %}", "", ""],
               ["{{ row.level1 }}", "{{ row.level3 }}", "{{ row.score }}"], ["{%tr endfor %}", "", ""]])
    report = build_sample()
    out, _ = _render(tmp_path, template, report)
    texts = body_texts(out)
    duties = [line for line in report.text("duties_text").split("\n") if line]
    assert texts[:len(duties)] == [f"{i}) {d}" for i, d in enumerate(duties, 1)]
    doc = Document(str(out))
    rows = doc.tables[0].rows
    lines = scoring_lines(ReportView(report, ExportSettings()))
    assert len(rows) == 1 + len(lines)
    assert [c.text for c in rows[1].cells] == ["部门决策", "相关性", "5.00"]


def test_whole_scoring_table_placeholder(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "t.docx", ["得分表如下：", "{{p scoring_table }}", "以上。"])
    out, _ = _render(tmp_path, template)
    body = part(out).find("w:body", NS)
    kinds = [child.tag.split("}")[1] for child in body]
    assert kinds[:3] == ["p", "tbl", "p"]
    table = body.find("w:tbl", NS)
    assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
    assert table.findall(".//w:vMerge[@w:val='restart']", NS)
    misuse = _docx_template(tmp_path / "m.docx", ["得分表：{{ scoring_table }}"])
    assert any("{{p scoring_table }}" in str(i) for i in check_template(misuse, build_sample()))


def test_headers_are_rendered_and_drafts_marked(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "t.docx", ["{{ title }}"], header="{{ unit_name }}")
    out, _ = _render(tmp_path, template, draft=True)
    assert body_texts(out) == ["蓉溪市农业农村局2025年度部门整体支出绩效自评报告（草稿）"]
    doc: DocxDocument = Document(str(out))
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert any("草稿" in h for h in header) and "蓉溪市农业农村局" in header


# ---------------------------------------------------------------- Excel templates


def _xlsx_template(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "封面"
    ws["A1"] = "填报单位：{{ unit_name }}（{{ eval_year }}年度）"
    ws["B2"] = "{{ amount.inc_fiscal }}"
    ws["B3"] = "{{ total_score }}"
    ws["B4"] = "{{ execution_rate }}"
    ws["B5"] = "{{ unit_name }}"
    ws["A10"] = "{{ scoring_table }}"
    wb.defined_names["grade"] = DefinedName("grade", attr_text="'封面'!$C$5")
    wb.defined_names["money.exp_basic"] = DefinedName("money.exp_basic", attr_text="'封面'!$C$6")
    wb.defined_names["本单位名称"] = DefinedName("本单位名称", attr_text="'封面'!$C$7")
    wb.save(path)
    return path


def test_excel_template_cells_and_names_are_filled_with_typed_values(tmp_path: Path) -> None:
    template = _xlsx_template(tmp_path / "t.xlsx")
    report = build_sample()
    report.values["unit_name"] = "=cmd|' /C calc'!A0"
    out = tmp_path / "out.xlsx"
    result = export_report(report, docx=None, xlsx=out, xlsx_template=template, draft=True)
    ws = load_workbook(out)["封面"]
    assert ws["A1"].value == "填报单位：=cmd|' /C calc'!A0（2025年度）"
    assert ws["B2"].data_type == "n" and Decimal(str(ws["B2"].value)) == Decimal("38652400.00")
    assert ws["B2"].number_format == "#,##0.00"
    assert ws["B3"].data_type == "n" and ws["B3"].number_format == "0.00"
    assert ws["B4"].number_format == "0.00%" and 0.94 < ws["B4"].value < 0.95
    assert ws["B5"].value == "=cmd|' /C calc'!A0" and ws["B5"].data_type == "s" and ws["B5"].quotePrefix
    assert ws["C5"].value == "优" and ws["C6"].value == "21,654,650.30元"
    assert ws["A10"].value == "一级指标" and ws["A11"].value.startswith("部门决策")
    assert any("本单位名称" in n and "保留原样" in n for n in result.notes)


def test_excel_template_problems_are_named_by_sheet_and_cell(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表一"
    ws["B6"] = "{{ foo }}"
    ws["C2"] = "{% for r in scoring_rows %}"
    ws["D3"] = "{{ unit_name|upper }}"
    template = tmp_path / "bad.xlsx"
    wb.save(template)
    with pytest.raises(TemplateError) as info:
        export_report(build_sample(), docx=None, xlsx=tmp_path / "o.xlsx", xlsx_template=template)
    issues = [str(i) for i in info.value.issues]
    assert "工作表「表一」单元格 B6：未知的占位符「foo」。" in issues
    assert any(i.startswith("工作表「表一」单元格 C2") and "{% %}" in i for i in issues)
    assert any(i.startswith("工作表「表一」单元格 D3") for i in issues)
    assert str(info.value).startswith("Excel 模板有 3 处问题")


def test_excel_template_loses_pictures_and_says_so(tmp_path: Path) -> None:
    template = _rezip(_xlsx_template(tmp_path / "t.xlsx"), tmp_path / "pic.xlsx",
                      add={"xl/media/image1.png": b"\x89PNG\r\n\x1a\n"})
    issues = check_template(template, build_sample())
    assert any("图片" in str(i) and not i.blocking for i in issues)


def test_excel_macro_workbook_is_refused(tmp_path: Path) -> None:
    xlsm = tmp_path / "t.xlsm"
    xlsm.write_bytes(_xlsx_template(tmp_path / "t.xlsx").read_bytes())
    with pytest.raises(TemplateError, match="宏"):
        export_report(build_sample(), docx=None, xlsx=tmp_path / "o.xlsx", xlsx_template=xlsm)


# ---------------------------------------------------------------- the vocabulary and its documentation


def test_docs_templates_md_is_current() -> None:
    assert DOCS_PATH.read_text("utf-8") == render_docs(), "run: python -m exporters.placeholders"


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_every_placeholder_has_a_value_in_the_context(framework_id: str) -> None:
    report = build_sample()
    report.framework_id = framework_id
    view = ReportView(report, ExportSettings())
    context = docx_context(view)
    for p in placeholders(framework_id):
        holder = context[p.namespace] if p.namespace else context
        assert p.key in holder, p.name
    top = {p.name for p in placeholders(framework_id) if not p.namespace} | set(NAMESPACES)
    assert set(context) == top
    documented = DOCS_PATH.read_text("utf-8")
    assert all(f"`{p.name}`" in documented for p in placeholders(framework_id))
