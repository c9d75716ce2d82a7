"""Build the built-in templates in resources/templates/ (run: ``python -m exporters.build_templates``).

report.docx holds the GB/T 9704 page, the styles and the page-number footers, and no content: the
exporter writes the body. report.xlsx holds the two sheets' fixed layout with ``{{ placeholder }}``
cells, the named styles and the print setup: the exporter fills it like any bureau template.

The output is byte-for-byte reproducible (fixed zip timestamps and document dates), so a test can
check that the committed files are what this script builds.
"""

from __future__ import annotations

import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.fields import FIELD_BY_KEY

from .builtin_templates import DOCX_TEMPLATE, XLSX_TEMPLATE
from .docx_layout import footer_xml, section_properties, styles_xml
from .docx_xml import W_NS, el, w
from .finance_grid import EXECUTION_TITLES, execution_rows, money_fields
from .settings import ALT_FONT_NAMES, ExportSettings, FontRole, FontScheme
from .xlsx_styles import CAPTION, CAPTION_CENTER, CAPTION_LEFT, HEADER, LABEL, TITLE, named_styles

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "resources" / "templates"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_ISO = "2026-01-01T00:00:00Z"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# Layout of the built-in workbook that the exporter finishes after filling (title merge, page).
SCORING_SHEET = "得分表"
FINANCE_SHEET = "收支情况"
SCORING_TITLE_ROWS = (1, 2, 3)
SCORING_ANCHOR_ROW = 4
FOOTER_TEXT = "第 &P 页 共 &N 页"
ROW_HEIGHT = 19.0  # points: room for 11 pt 宋体 in print (the default 15 pt is cramped)


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


# ---------------------------------------------------------------- report.docx


def _content_types() -> bytes:
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.Element(f"{{{ns}}}Types", nsmap={None: ns})
    for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                       ("xml", "application/xml")):
        etree.SubElement(root, f"{{{ns}}}Default", Extension=ext, ContentType=ctype)
    for part, ctype in (("/word/document.xml", f"{_WML}.document.main+xml"),
                        ("/word/styles.xml", f"{_WML}.styles+xml"),
                        ("/word/settings.xml", f"{_WML}.settings+xml"),
                        ("/word/fontTable.xml", f"{_WML}.fontTable+xml"),
                        ("/word/footer1.xml", f"{_WML}.footer+xml"),
                        ("/word/footer2.xml", f"{_WML}.footer+xml"),
                        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")):
        etree.SubElement(root, f"{{{ns}}}Override", PartName=part, ContentType=ctype)
    return _xml(root)


def _rels(items: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
    for rid, kind, target in items:
        etree.SubElement(root, f"{{{_PKG_REL}}}Relationship", Id=rid, Type=kind, Target=target)
    return _xml(root)


def _document() -> bytes:
    root = etree.Element(w("document"), nsmap={"w": W_NS, "r": R_NS})
    body = el("body", root)
    sectpr = el("sectPr", body)
    for kind, rid in (("default", "rId4"), ("even", "rId5")):
        ref = el("footerReference", sectpr, type=kind)
        ref.set(f"{{{R_NS}}}id", rid)
    section_properties(sectpr)
    return _xml(root)


def _settings() -> bytes:
    root = el("settings")
    el("zoom", root, percent="100")
    el("defaultTabStop", root, val="420")
    el("evenAndOddHeaders", root)  # odd pages number right, even pages left
    el("characterSpacingControl", root, val="compressPunctuation")
    compat = el("compat", root)
    el("compatSetting", compat, name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val="15")
    el("themeFontLang", root, val="en-US", eastAsia="zh-CN")
    el("decimalSymbol", root, val=".")
    el("listSeparator", root, val=",")
    return _xml(root)


def _font_table() -> bytes:
    """Every font the styles name; a GB/T font a PC lacks falls back to its stock Windows sibling (altName)."""
    root = el("fonts")
    names: list[str] = []
    for scheme in FontScheme:
        settings = ExportSettings(fonts=scheme)
        for role in FontRole:
            font = settings.font(role)
            names += [n for n in (font.east_asia, font.latin) if n not in names]
    for name in names:
        font = el("font", root, name=name)
        if name in ALT_FONT_NAMES:
            el("altName", font, val=ALT_FONT_NAMES[name])
        latin = name == "Times New Roman"
        el("charset", font, val="00" if latin else "86")
        el("family", font, val="roman" if latin else "modern")
        el("pitch", font, val="variable" if latin else "fixed")
    return _xml(root)


def _core() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>部门整体支出绩效自评报告</dc:title><dc:creator>绩效自评填报助手</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_ISO}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_ISO}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _app() -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>绩效自评填报助手</Application></Properties>").encode()


def build_docx_template() -> bytes:
    settings = ExportSettings()
    parts = [
        ("[Content_Types].xml", _content_types()),
        ("_rels/.rels", _rels([
            ("rId1", f"{_OFFICE_REL}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId3", f"{_OFFICE_REL}/extended-properties", "docProps/app.xml"),
        ])),
        ("word/document.xml", _document()),
        ("word/_rels/document.xml.rels", _rels([
            ("rId1", f"{_OFFICE_REL}/styles", "styles.xml"),
            ("rId2", f"{_OFFICE_REL}/settings", "settings.xml"),
            ("rId3", f"{_OFFICE_REL}/fontTable", "fontTable.xml"),
            ("rId4", f"{_OFFICE_REL}/footer", "footer1.xml"),
            ("rId5", f"{_OFFICE_REL}/footer", "footer2.xml"),
        ])),
        ("word/styles.xml", styles_xml(settings)),
        ("word/settings.xml", _settings()),
        ("word/fontTable.xml", _font_table()),
        ("word/footer1.xml", footer_xml(settings, odd=True)),
        ("word/footer2.xml", footer_xml(settings, odd=False)),
        ("docProps/core.xml", _core()),
        ("docProps/app.xml", _app()),
    ]
    return _zip(parts)


# ---------------------------------------------------------------- report.xlsx


def _page_setup(ws: Worksheet, *, landscape: bool, title_rows: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed, never shrunk to one page
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.evenFooter.center.text = FOOTER_TEXT
    ws.print_title_rows = title_rows


def _scoring_sheet(ws: Worksheet) -> None:
    ws.title = SCORING_SHEET
    # The same title as the Word annex; who, which year and when above the table, as on the bureau's forms.
    ws["A1"] = "{{ annex_title }}{{ draft_mark }}"
    ws["A1"].style = TITLE
    ws.row_dimensions[1].height = 30
    ws["A2"] = "评价依据：{{ framework_name }}"
    ws["A2"].style = CAPTION_CENTER
    ws["A3"] = "填报单位：{{ unit_name }}　　评价年度：{{ eval_year }}　　填报日期：{{ report_date }}"
    ws["A3"].style = CAPTION_LEFT
    ws.row_dimensions[3].height = 20
    ws[f"A{SCORING_ANCHOR_ROW}"] = "{{ scoring_table }}"
    _page_setup(ws, landscape=False, title_rows=f"{SCORING_ANCHOR_ROW}:{SCORING_ANCHOR_ROW}")


def _finance_sheet(ws: Worksheet) -> None:
    width = 5
    ws.column_dimensions["A"].width = 30
    for letter in "BCDE":
        ws.column_dimensions[letter].width = 14.5
    ws["A1"] = "{{ unit_name }}{{ eval_year }}年度收支及预算执行情况表{{ draft_mark }}"
    ws["A1"].style = TITLE
    ws.row_dimensions[1].height = 30
    ws["A2"] = "金额单位：{{ money_unit }}"
    ws["A2"].style = CAPTION
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row = 3

    def label(text: str) -> None:
        nonlocal row
        ws.cell(row=row, column=1, value=text).style = LABEL
        ws.row_dimensions[row].height = 24
        row += 1

    def header(titles: list[str]) -> None:
        nonlocal row
        for col, title in enumerate(titles, 1):
            ws.cell(row=row, column=col, value=title).style = HEADER
        ws.row_dimensions[row].height = ROW_HEIGHT
        row += 1

    def line(label_text: str, cells: list[tuple[str, str]]) -> None:
        nonlocal row
        ws.cell(row=row, column=1, value=label_text).style = "br_text_left"
        for col, (placeholder, style) in enumerate(cells, 2):
            ws.cell(row=row, column=col, value=f"{{{{ {placeholder} }}}}").style = style
        ws.row_dimensions[row].height = ROW_HEIGHT
        row += 1

    for number, (group, title) in enumerate((("income", "收入情况"), ("expense", "支出情况")), 1):
        label(f"{'一二'[number - 1]}、{title}")
        header(["项目", "金额"])
        for spec in money_fields(group):
            line(spec.label, [(f"amount.{spec.key}", "br_money")])
        row += 1
    label("三、预算执行情况")
    header(["项目", *EXECUTION_TITLES])
    for execution in execution_rows():
        line(execution.label, [*((f"amount.{key}", "br_money") for key in execution.keys),
                               (f"rate.{execution.prefix}", "br_percent")])
    row += 1
    label(f"四、{FIELD_BY_KEY['sangong_total'].label.replace('合计', '')}")
    header(["项目", "金额"])
    for spec in money_fields("sangong"):
        line(spec.label, [(f"amount.{spec.key}", "br_money")])
    _page_setup(ws, landscape=False, title_rows="1:2")


def build_xlsx_template() -> bytes:
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)
    _scoring_sheet(wb.active)
    _finance_sheet(wb.create_sheet(FINANCE_SHEET))
    out = BytesIO()
    wb.save(out)
    return _reproducible(out.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same bytes on every run: fixed zip timestamps and document dates."""
    parts = []
    with zipfile.ZipFile(BytesIO(data)) as zf:
        for info in zf.infolist():
            content = zf.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_ISO.encode(),
                                 content)
            parts.append((info.filename, content))
    return _zip(parts)


# ---------------------------------------------------------------- main


def build_all() -> dict[str, bytes]:
    return {DOCX_TEMPLATE: build_docx_template(), XLSX_TEMPLATE: build_xlsx_template()}


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else TEMPLATES_DIR
    for name, data in build_all().items():
        (target / name).write_bytes(data)
        print(f"已生成 {target / name}（{len(data)} 字节）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

