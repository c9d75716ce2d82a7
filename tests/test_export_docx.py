"""The built-in Word report, read back with python-docx and as raw XML: layout, fonts, content."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt
from test_export_fixtures import (
    HOSTILE_PARAGRAPHS,
    HOSTILE_TEXT,
    NS,
    W_NS,
    body_texts,
    export,
    national_report,
    part,
    part_names,
)

from exporters.api import ExportSettings, FontScheme
from exporters.report_view import ReportView
from exporters.scoring_grid import scoring_lines
from exporters.settings import DateStyle
from models.fields import FIELDS, Kind, groups_of_section
from models.frameworks import COLUMN_TITLES, load_framework
from models.headings import cn_number, section_heading
from models.money import Unit, format_money
from models.report import Report
from models.rules import validate
from models.sample import build_sample

W = f"{{{W_NS}}}"


def _style_of(p: object) -> str:
    style = p.find("w:pPr/w:pStyle", NS)  # type: ignore[attr-defined]
    return style.get(f"{W}val") if style is not None else "Normal"


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of each body-level paragraph."""
    body = part(path).find("w:body", NS)
    return [(_style_of(p), "".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iterfind("w:p", NS)]


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docx, _, _ = export(build_sample(), tmp_path_factory.mktemp("sample"))
    return docx


# ---------------------------------------------------------------- page and fonts


def test_page_is_a4_with_gbt_margins(sample_docx: Path) -> None:
    doc = Document(str(sample_docx))
    for section in doc.sections[:2]:  # cover and body (the annex of the sample is portrait too)
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
        assert [round(m, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_every_style_and_run_names_an_east_asian_font_and_no_theme_font(sample_docx: Path) -> None:
    styles = part(sample_docx, "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default is not None and default.get(f"{W}eastAsia") == "仿宋_GB2312"
    for style in styles.iterfind("w:style[@w:type='paragraph']", NS):
        rfonts = style.find("w:rPr/w:rFonts", NS)
        assert rfonts is not None and rfonts.get(f"{W}eastAsia"), style.get(f"{W}styleId")
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = part(sample_docx, name)
        themed = [a for el in root.iter() for a in el.attrib if "theme" in a.lower()]
        assert themed == [], name
        runs = list(root.iter(f"{W}r"))
        assert runs or name == "word/styles.xml"
        for run in runs:
            rfonts = run.find("w:rPr/w:rFonts", NS)
            assert rfonts is not None and rfonts.get(f"{W}eastAsia"), name
            assert rfonts.get(f"{W}ascii") in ("Times New Roman", "宋体")


@pytest.mark.parametrize(("scheme", "fonts"), [
    (FontScheme.GBT, {"Normal": "仿宋_GB2312", "BRHeading1": "黑体", "BRHeading2": "楷体_GB2312",
                      "BRTitle": "方正小标宋简体", "Footer": "宋体"}),
    (FontScheme.WINDOWS, {"Normal": "仿宋", "BRHeading1": "黑体", "BRHeading2": "楷体", "BRTitle": "宋体",
                          "Footer": "宋体"}),
])
def test_heading_and_body_fonts_follow_the_scheme(tmp_path: Path, scheme: FontScheme, fonts: dict[str, str]) -> None:
    docx, _, _ = export(build_sample(), tmp_path, settings=ExportSettings(fonts=scheme))
    styles = part(docx, "word/styles.xml")
    for style_id, east_asia in fonts.items():
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert style.find("w:rPr/w:rFonts", NS).get(f"{W}eastAsia") == east_asia, style_id
    title = styles.find("w:style[@w:styleId='BRTitle']/w:rPr", NS)
    assert (title.find("w:b", NS) is not None) == (scheme is FontScheme.WINDOWS)  # bold 宋体 stands in for 小标宋
    headings = [p for p in part(docx).iter(f"{W}p") if _style_of(p) == "BRHeading1"]
    assert headings and all(r.find("w:rPr/w:rFonts", NS).get(f"{W}eastAsia") == "黑体"
                            for p in headings for r in p.iter(f"{W}r"))


def test_body_is_16pt_exactly_spaced_and_indented_two_characters(sample_docx: Path) -> None:
    doc = Document(str(sample_docx))
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(normal.paragraph_format.line_spacing.pt - 28.95) < 0.05
    ind = part(sample_docx, "word/styles.xml").find("w:style[@w:styleId='Normal']/w:pPr/w:ind", NS)
    assert ind.get(f"{W}firstLineChars") == "200" and ind.get(f"{W}firstLine") == "640"
    title = doc.styles["报告标题"]
    assert title.font.size == Pt(22)


def test_page_numbers_are_page_fields_right_on_odd_and_left_on_even_pages(sample_docx: Path) -> None:
    doc = Document(str(sample_docx))
    assert doc.settings.odd_and_even_pages_header_footer
    body = doc.sections[1]
    for footer, side in ((body.footer, "right"), (body.even_page_footer, "left")):
        p = footer._element.find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(f"{W}val") == side
        kinds = [f.get(f"{W}fldCharType") for f in p.iter(f"{W}fldChar")]
        assert kinds == ["begin", "separate", "end"]
        assert "".join(i.text for i in p.iter(f"{W}instrText")).strip() == "PAGE"
        text = "".join(t.text for t in p.iter(f"{W}t"))
        assert text.startswith("— ") and text.endswith(" —")
        assert {r.find("w:rPr/w:sz", NS).get(f"{W}val") for r in p.iter(f"{W}r")} == {"28"}  # 四号


def test_cover_has_no_page_number_and_the_body_counts_from_one(sample_docx: Path) -> None:
    doc = Document(str(sample_docx))
    cover, body = doc.sections[0], doc.sections[1]
    assert cover.different_first_page_header_footer
    assert not cover.first_page_footer.is_linked_to_previous
    assert "".join(p.text for p in cover.first_page_footer.paragraphs) == ""
    assert body._sectPr.find("w:pgNumType", NS).get(f"{W}start") == "1"
    assert doc.sections[-1]._sectPr.find("w:pgNumType", NS) is None  # the annex numbers on


def test_draft_is_marked_in_title_and_every_header(tmp_path: Path) -> None:
    docx, _, result = export(build_sample(), tmp_path, draft=True)
    assert result.draft
    texts = body_texts(docx)
    assert any("（草稿）" in t for t in texts[:3])
    doc = Document(str(docx))
    first = doc.sections[0]
    for header in (first.header, first.even_page_header, first.first_page_header):
        assert "草稿" in "".join(p.text for p in header.paragraphs)
    (tmp_path / "final").mkdir()
    final, _, _ = export(build_sample(), tmp_path / "final")
    assert not any("草稿" in t for t in body_texts(final))
    assert not any(n.startswith("word/header") for n in part_names(final))


@pytest.mark.parametrize(("style", "expected"), [(DateStyle.ARABIC, "2026年3月20日"),
                                                  (DateStyle.CHINESE, "二〇二六年三月二十日")])
def test_dates_follow_the_date_style(tmp_path: Path, style: DateStyle, expected: str) -> None:
    docx, _, _ = export(build_sample(), tmp_path, settings=ExportSettings(dates=style))
    paragraphs = _paragraphs(docx)
    signature = [text for s, text in paragraphs if s == "BRSignature"]
    assert signature == ["蓉溪市农业农村局", expected]
    assert f"报告日期：{expected}" in [text for s, text in paragraphs if s == "BRCover"]


# ---------------------------------------------------------------- sections and content


@pytest.mark.parametrize("make", [build_sample, national_report], ids=["sichuan-2017", "national-2020"])
def test_every_section_in_the_frameworks_order_with_its_groups(tmp_path: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    fw = load_framework(report.framework_id)
    docx, _, _ = export(report, tmp_path)
    paragraphs = _paragraphs(docx)
    headings = [text for style, text in paragraphs if style == "BRHeading1"]
    numbered = [s for s in fw.sections if s not in ("cover", "signature", "scoring")]
    assert headings == [section_heading(fw, s) for s in numbered]
    assert [h[0] for h in headings] == [cn_number(i) for i in range(1, len(numbered) + 1)]
    order = [text for _, text in paragraphs]
    # The cover comes first; the scoring table is the annex after the signature.
    assert order[0].startswith("蓉溪市农业农村局") and paragraphs[0][0] == "BRTitle"
    signature = order.index("蓉溪市农业农村局", 1)
    annex = order.index("附件")
    assert signature < annex and order[annex + 1] == ReportView(report, ExportSettings()).annex_title
    for section in numbered:
        start = order.index(section_heading(fw, section))
        end = next((i for i in range(start + 1, len(order)) if paragraphs[i][0] == "BRHeading1"), signature)
        groups = [text for style, text in paragraphs[start:end] if style == "BRHeading2"]
        expected = [g.title for g in groups_of_section(section) if g.numbered]
        if section == "finance" and not any(report.is_filled(f.key) for f in FIELDS if f.group == "sangong"):
            expected.remove("“三公”经费情况")
        assert [g.split("）", 1)[1] for g in groups] == expected
        assert [g.split("）", 1)[0] for g in groups] == [f"（{cn_number(i)}" for i in range(1, len(groups) + 1)]


@pytest.mark.parametrize("unit", [Unit.YUAN, Unit.WAN])
def test_every_money_figure_is_the_models_in_the_chosen_unit(tmp_path: Path, unit: Unit) -> None:
    report = build_sample()
    docx, _, _ = export(report, tmp_path, settings=ExportSettings(unit=unit))
    cells = set()
    for tc in part(docx).iter(f"{W}tc"):
        cells.add("".join(t.text or "" for t in tc.iter(f"{W}t")))
    money = [f for f in FIELDS if f.kind is Kind.MONEY and report.money(f.key) is not None]
    assert len(money) >= 30
    for spec in money:
        value = report.money(spec.key)
        assert value is not None
        assert format_money(value, unit, with_unit=False, exact=False) in cells, spec.label
    captions = [text for style, text in _paragraphs(docx) if style == "BRCaption" and text.startswith("金额单位")]
    assert captions and set(captions) == {f"金额单位：{unit.value}"}
    if unit is Unit.WAN:
        assert "3,865.24" in cells and "38,652,400.00" not in cells  # 38,652,400.00 元, half up to 0.01 万元


def test_the_report_unit_is_the_default(tmp_path: Path) -> None:
    report = build_sample()
    report.display_unit = Unit.WAN
    docx, _, _ = export(report, tmp_path)
    assert "金额单位：万元" in body_texts(docx)


def _scoring_table(docx: Path) -> object:
    """The annex's score table: the one headed 一级指标 (the indicator table may follow it)."""
    return next(t for t in part(docx).findall(".//w:tbl", NS)
                if "".join(x.text or "" for x in t.find("w:tr", NS).iter(f"{W}t")).startswith("一级指标"))


@pytest.mark.parametrize("make", [build_sample, national_report], ids=["sichuan-2017", "national-2020"])
def test_scoring_table_merges_levels_repeats_its_header_and_keeps_rows_whole(tmp_path: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    fw = load_framework(report.framework_id)
    docx, _, _ = export(report, tmp_path)
    table = _scoring_table(docx)
    rows = table.findall("w:tr", NS)  # type: ignore[attr-defined]
    header = ["".join(t.text for t in tc.iter(f"{W}t")) for tc in rows[0].findall("w:tc", NS)]
    assert header == [COLUMN_TITLES[c] for c in fw.table_columns]
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    lines = scoring_lines(ReportView(report, ExportSettings()))
    assert len(rows) == 1 + len(lines) + 2  # header, lines, 合计, 评价等级
    # Level 1: one vMerge restart per level-1 node spanning several lines, continues for the rest.
    first_cells = [r.findall("w:tc", NS)[0] for r in rows[1:1 + len(lines)]]
    states = [None if (v := tc.find("w:tcPr/w:vMerge", NS)) is None else v.get(f"{W}val", "continue")
              for tc in first_cells]
    spans: dict[str, int] = {}
    for line in lines:
        if line.level(1):
            spans[line.level(1)[0]] = spans.get(line.level(1)[0], 0) + 1
    # (over more than a page, merges stay within page-safe groups: a level-1 node may restart)
    assert states.count("restart") >= sum(1 for n in spans.values() if n > 1)
    assert states.count("restart") + states.count("continue") == sum(n for n in spans.values() if n > 1)
    # Department rows sit under their rows node, in order.
    texts = ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in rows]
    for row in report.rows:
        assert any(row.name in t for t in texts)
    total_row = texts[-2]
    assert total_row.startswith("合计") and ReportView(report, ExportSettings()).total_text in total_row
    assert texts[-1].startswith("评价等级")


def test_wide_scoring_table_gets_a_landscape_annex(tmp_path: Path) -> None:
    docx, _, _ = export(national_report(), tmp_path)
    doc = Document(str(docx))
    annex = doc.sections[-1]
    assert annex.page_width > annex.page_height
    assert doc.sections[1].page_width < doc.sections[1].page_height


def test_table_widths_are_fixed_and_every_cell_states_its_width(sample_docx: Path) -> None:
    for table in part(sample_docx).iter(f"{W}tbl"):
        assert table.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "fixed"
        grid = [int(g.get(f"{W}w")) for g in table.iterfind("w:tblGrid/w:gridCol", NS)]
        for tr in table.iterfind("w:tr", NS):
            total = 0
            for tc in tr.iterfind("w:tc", NS):
                width = tc.find("w:tcPr/w:tcW", NS)
                assert width is not None and width.get(f"{W}type") == "dxa"
                total += int(width.get(f"{W}w"))
            assert total == sum(grid)


def test_narratives_are_paragraphs_reproduced_exactly(tmp_path: Path) -> None:
    report = build_sample()
    report.values["org_text"] = HOSTILE_TEXT
    docx, _, _ = export(report, tmp_path, draft=True)
    texts = body_texts(docx)
    start = texts.index(HOSTILE_PARAGRAPHS[0])
    assert texts[start:start + len(HOSTILE_PARAGRAPHS)] == HOSTILE_PARAGRAPHS
    # Each typed paragraph is a w:p of the body style: indented by the style, no manual breaks.
    body = part(docx).find("w:body", NS)
    ps = [p for p in body.iterfind("w:p", NS) if "".join(t.text or "" for t in p.iter(f"{W}t"))
          in HOSTILE_PARAGRAPHS]
    assert len(ps) == len(HOSTILE_PARAGRAPHS)
    assert all(_style_of(p) == "Normal" and p.find(".//w:br", NS) is None for p in ps)


def test_conclusion_states_the_computed_total_and_grade(tmp_path: Path) -> None:
    report = build_sample()
    report.scores["relevance"] = Decimal("1.00")  # 4 points fewer than the sample: 89.00, 良
    docx, _, _ = export(report, tmp_path, draft=True)  # the typed verdict now disagrees: an error
    texts = body_texts(docx)
    assert any("自评得分为89.00分，评价等级为“良”" in t for t in texts)
    rows = _scoring_table(docx).findall("w:tr", NS)  # type: ignore[attr-defined]
    assert ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in rows[-2:]] == ["合计100.0089.00", "评价等级良"]


def test_explained_warnings_are_printed_as_a_situation_list(tmp_path: Path) -> None:
    report = build_sample()
    report.values["staff_quota"] = 70
    warning = next(f for f in validate(report) if f.rule == "staff.over_quota")
    report.explanations[warning.key] = "含市政府批准的编外聘用人员9人。\n已报编办备案。"
    docx, _, _ = export(report, tmp_path)
    paragraphs = _paragraphs(docx)
    texts = [t for _, t in paragraphs]
    heading = next(i for i, (s, t) in enumerate(paragraphs) if s == "BRHeading2" and t.endswith("情况说明"))
    assert texts[heading] == "（四）情况说明"
    item = texts[heading + 1]
    assert re.match(r"1\.编制内在职人数.*超过「编制数」70 人.*。说明：含市政府批准的编外聘用人员9人。$", item)
    assert "请" not in item.split("说明：")[0]  # the advice to the clerk is not printed
    assert texts[heading + 2] == "已报编办备案。"
