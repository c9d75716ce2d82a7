"""What a bureau reviewer checks on the exported pages (document-format.md §6), read back as XML or cells."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_export_fixtures import NS, W_NS, export, part

from exporters.docx_layout import BODY_PT, CHARS_PER_LINE, GRID_CONDENSE, text_width_twips
from models.sample import build_sample

W = f"{{{W_NS}}}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docx, _, _ = export(build_sample(), tmp_path_factory.mktemp("sample"))
    return docx


def pdf_lines(source: Path, out: Path) -> list[str]:
    """The rendered lines of ``source`` (LibreOffice -> PDF -> pdftotext), layout spaces removed."""
    assert SOFFICE is not None and PDFTOTEXT is not None
    profile = out / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    text = subprocess.run([PDFTOTEXT, "-layout", str(out / (source.stem + ".pdf")), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return [re.sub(r"\s+", "", line) for line in text.splitlines()]


# ---------------------------------------------------------------- 28 characters a line


def test_every_section_has_a_lines_and_chars_grid_of_28_characters(sample_docx: Path) -> None:
    grids = part(sample_docx).findall(".//w:sectPr/w:docGrid", NS)
    assert len(grids) >= 2
    for grid in grids:
        assert grid.get(f"{W}type") == "linesAndChars"
        assert grid.get(f"{W}linePitch") == "579"  # 28.95 pt: 22 lines in 225 mm
        pitch = BODY_PT + int(grid.get(f"{W}charSpace")) / 4096
        width = text_width_twips() / 20
        assert int(width // pitch) == CHARS_PER_LINE  # Word puts floor(width / pitch) on a line


def test_the_body_is_condensed_to_the_grid_and_other_sizes_are_not(sample_docx: Path) -> None:
    styles = part(sample_docx, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:pPr/w:snapToGrid", NS).get(f"{W}val") == "0"
    assert normal.find("w:rPr/w:spacing", NS).get(f"{W}val") == str(GRID_CONDENSE)
    assert int(text_width_twips() / 20 // (BODY_PT + GRID_CONDENSE / 20)) == CHARS_PER_LINE
    for style_id in ("BRTitle", "BRCaption", "Footer"):
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert style.find("w:rPr/w:spacing", NS).get(f"{W}val") == "0", style_id
    for run in part(sample_docx).iterfind(".//w:tbl//w:r", NS):
        assert run.find("w:rPr/w:spacing", NS).get(f"{W}val") == "0"


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice or poppler missing")
def test_a_rendered_line_holds_28_characters(tmp_path: Path) -> None:
    report = build_sample()
    text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 5  # 110 characters, no punctuation to squeeze
    report.values["org_text"] = text
    docx, _, _ = export(report, tmp_path)
    lines = pdf_lines(docx, tmp_path)
    first = next(i for i, line in enumerate(lines) if line and text.startswith(line) and len(line) > 10)
    assert len(lines[first]) == CHARS_PER_LINE - 2  # the first line is indented by two characters
    assert lines[first + 1] == text[CHARS_PER_LINE - 2:2 * CHARS_PER_LINE - 2]
    assert lines[first + 2] == text[2 * CHARS_PER_LINE - 2:3 * CHARS_PER_LINE - 2]


# ---------------------------------------------------------------- full-width punctuation


def _all_text(path: Path, name: str = "word/document.xml") -> str:
    return "".join(t.text or "" for t in part(path, name).iter(f"{W}t"))


def test_labels_from_fields_and_frameworks_print_full_width_brackets(tmp_path: Path) -> None:
    report = build_sample()
    report.values["eval_method"] = "部门(单位)绩效自评"  # an older draft's default, as stored
    report.values["results_duty"] = "完成情况如下:(1)建成高标准农田,面积2.62万亩;(2)Excel (xlsx) 报表, A:B 不变。"
    docx, xlsx, _ = export(report, tmp_path)
    text = _all_text(docx)
    for expected in ("部门（单位）概况", "评价方式：部门（单位）绩效自评", "因公出国（境）费",
                     "重点改革（重点工作）完成情况", "完成情况如下：（1）建成高标准农田，面积2.62万亩；（2）Excel (xlsx) 报表， A:B 不变。"):
        assert expected in text, expected
    assert not re.search(r"[\u4e00-\u9fff][(,:;]|[(][\u4e00-\u9fff]|[\u4e00-\u9fff][)]", text)
    from openpyxl import load_workbook

    cells = [str(c.value) for ws in load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row if c.value]
    joined = "\n".join(cells)
    assert "因公出国（境）费" in joined and "重点改革（重点工作）完成情况" in joined
    assert not re.search(r"[\u4e00-\u9fff][(,:;]|[(][\u4e00-\u9fff]|[\u4e00-\u9fff][)]", joined)


@pytest.mark.parametrize(("typed", "printed"), [
    ("部门(单位)概况", "部门（单位）概况"), ("(1)负责种植业", "（1）负责种植业"), ("收入:1,234.50元", "收入：1,234.50元"),
    ("时间8:30,地点", "时间8:30，地点"), ("100%,较上年", "100%，较上年"), ("Excel (xlsx), A:B", "Excel (xlsx), A:B"),
    ("=HYPERLINK(\"x\",\"点我\")", "=HYPERLINK(\"x\",\"点我\")"), ("(GDP)增长", "（GDP）增长"), ("（1)统筹", "（1）统筹"),
])
def test_one_normaliser_makes_chinese_punctuation_full_width_and_leaves_latin_alone(typed: str, printed: str) -> None:
    from exporters.sanitize import clean_text, full_width_punctuation

    assert full_width_punctuation(typed) == printed == full_width_punctuation(printed)
    assert clean_text(typed) == printed


# ---------------------------------------------------------------- title, 附件说明, annex


def _body_paragraphs(docx: Path) -> list[tuple[str, str, Any]]:
    out = []
    for p in part(docx).find("w:body", NS).iterfind("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        texts = []
        for node in p.iter(f"{W}t", f"{W}br"):
            texts.append("\n" if node.tag == f"{W}br" else node.text or "")
        out.append((style.get(f"{W}val") if style is not None else "Normal", "".join(texts), p))
    return out


@pytest.mark.parametrize(("unit", "lines"), [
    ("蓉溪市农业农村局", ["蓉溪市农业农村局", "2025年度部门整体支出绩效自评报告"]),
    ("蓉溪市经济技术开发区管理委员会综合行政执法支队",
     ["蓉溪市经济技术开发区", "管理委员会综合行政执法支队", "2025年度部门整体支出绩效自评报告"]),
    ("蓉溪市市场监督管理局", ["蓉溪市市场监督管理局", "2025年度部门整体支出绩效自评报告"]),
])
def test_a_long_title_breaks_between_words_never_inside_the_units_name(tmp_path: Path, unit: str,
                                                                       lines: list[str]) -> None:
    report = build_sample()
    report.values["unit_name"] = unit
    docx, _, _ = export(report, tmp_path)
    paragraphs = _body_paragraphs(docx)
    title = next(text for style, text, _ in paragraphs if style == "BRTitle")
    assert title.split("\n") == lines
    assert all(len(line) <= 20 for line in lines)
    cover = next(text for _, text, _ in paragraphs if text.startswith("单位名称："))
    assert cover.replace("\n", "") == f"单位名称：{unit}"
    assert all(len(line) <= 24 for line in cover.split("\n"))  # the cover line, too, breaks between words
    assert cover.removeprefix("单位名称：").split("\n") == lines[:-1]


def test_split_name_keeps_words_whole_and_cuts_only_a_run_without_word_ends() -> None:
    from exporters.title_lines import split_name, word_ends

    assert 4 not in word_ends("蓉溪市市场监督管理局")  # 市 / 场 is one word
    assert split_name("四川省蓉溪市高新技术产业开发区社会事业局教育文化体育中心") == [
        "四川省蓉溪市高新技术产业开发区", "社会事业局教育文化体育中心"]
    assert split_name("甲" * 25) == ["甲" * 20, "甲" * 5]


@pytest.mark.parametrize("framework", ["sichuan-2017", "national-2020"])
def test_the_annex_note_sits_under_the_body_before_the_signature_and_titles_agree(tmp_path: Path,
                                                                                  framework: str) -> None:
    from openpyxl import load_workbook
    from test_export_fixtures import national_report

    report = build_sample() if framework == "sichuan-2017" else national_report()
    docx, xlsx, _ = export(report, tmp_path)
    paragraphs = _body_paragraphs(docx)
    texts = [text for _, text, _ in paragraphs]
    expected_title = "部门整体支出绩效评价得分表" if framework == "sichuan-2017" else "部门整体支出绩效自评表"
    note = texts.index(f"附件：{expected_title}")
    assert texts[note + 1] == "蓉溪市农业农村局"  # the signature follows the note
    label = texts.index("附件")
    assert texts[label + 1] == expected_title  # the annex title, line 3: one line's space before it
    spacing = paragraphs[label + 1][2].find("w:pPr/w:spacing", NS)
    assert int(spacing.get(f"{W}before")) == 579
    sheet = load_workbook(xlsx)["得分表"]
    assert sheet["A1"].value == expected_title


# ---------------------------------------------------------------- Excel 得分表


def test_the_excel_sheet_says_who_which_year_and_when_and_keeps_its_header(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _, xlsx, _ = export(build_sample(), tmp_path)
    ws = load_workbook(xlsx)["得分表"]
    assert ws["A2"].value.startswith("评价依据：四川")
    assert ws["A3"].value == "填报单位：蓉溪市农业农村局　　评价年度：2025　　填报日期：2026年3月20日"
    assert ws["A4"].value == "一级指标"
    assert ws.freeze_panes == "A5" and ws.print_title_rows == "$4:$4"
    assert "A3:E3" in {str(m) for m in ws.merged_cells.ranges}


def test_points_and_scores_share_one_number_format_in_both_files(tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    from models.report import IndicatorRow

    report = build_sample()
    report.rows.append(IndicatorRow(node="duty", row_id="tiny", name="小指标", points=Decimal("0.20"),
                                    score=Decimal("0.20")))
    docx, xlsx, _ = export(report, tmp_path, draft=True)
    ws = load_workbook(xlsx)["得分表"]
    header = [c.value for c in ws[4]]
    points, score = header.index("分值") + 1, header.index("得分") + 1
    formats = {ws.cell(r, c).number_format for r in range(5, ws.max_row + 1) for c in (points, score)
               if isinstance(ws.cell(r, c).value, (int, float))}
    assert formats == {"0.00"}
    row = next(tr for tr in part(docx).iterfind(".//w:tbl/w:tr", NS)
               if "小指标" in "".join(t.text or "" for t in tr.iter(f"{W}t")))
    assert [t.text for t in row.iter(f"{W}t")][-2:] == ["0.20", "0.20"]


# ---------------------------------------------------------------- nothing printed that nobody typed


def _unscored_draft() -> object:
    report = build_sample()
    report.scores.clear()
    for row in report.rows:
        row.score = None
    report.values["verdict_text"] = "全年预算执行较好。"
    return report


@pytest.mark.parametrize("draft", [True, False], ids=["draft", "final-view"])
def test_an_unscored_item_prints_blank_or_unscored_never_zero(tmp_path: Path, draft: bool) -> None:
    from exporters.report_view import ReportView
    from exporters.scoring_grid import scoring_grid
    from exporters.settings import ExportSettings

    report = build_sample()
    del report.scores["relevance"]
    report.rows[0].score = None
    view = ReportView(report, ExportSettings(), draft=draft)
    grid = scoring_grid(view)
    score_col = [c.key for c in grid.columns].index("score")
    by_name = {row[2].text: row[score_col] for row in grid.rows}
    mark = "未评分" if draft else ""
    assert by_name["相关性"].text == mark and by_name["相关性"].value in (None, mark)
    assert by_name[report.rows[0].name].text == mark
    assert view.totals.unscored == ("relevance", report.rows[0].row_id)
    grade = next((c.text for c in grid.rows[-1][1:] if c.text), "")
    assert grade == ("未评定（尚有2项未评分）" if draft else "")
    assert "得分为" not in view.verdict_sentence()


def test_an_unscored_draft_is_not_graded_in_either_file(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    docx, xlsx, _ = export(_unscored_draft(), tmp_path, draft=True)  # type: ignore[arg-type]
    text = _all_text(docx)
    assert "0.00分" not in text and "评价等级为" not in text and "“差”" not in text
    assert "自评得分和评价等级在全部评分后生成" in text
    cells = [c.value for row in load_workbook(xlsx)["得分表"].iter_rows(min_row=5) for c in row]
    assert "差" not in cells and 0 not in cells and "未评分" in cells


# ---------------------------------------------------------------- everything the clerk typed reaches a page


def _typed_rows_report(framework: str) -> object:
    from test_export_fixtures import national_report

    report = build_sample() if framework == "sichuan-2017" else national_report()
    kinds = [("≥", "个", "120", "126", "超额完成。"), ("≤", "元/亩", "3000", "2950", ""),
             ("定性", "", "优良", "良好", "个别地块验收延后，已督促整改。")]
    for row, (nature, unit, target, actual, reason) in zip(report.rows, kinds, strict=False):
        row.nature, row.measure_unit, row.target, row.actual, row.reason = nature, unit, target, actual, reason
    return report


def _docx_tables(docx: Path) -> list[list[list[str]]]:
    return [[["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.iterfind("w:tc", NS)]
             for tr in tbl.iterfind("w:tr", NS)] for tbl in part(docx).iter(f"{W}tbl")]


def test_sichuan_prints_every_typed_column_of_the_department_indicators_in_both_files(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    report = _typed_rows_report("sichuan-2017")
    docx, xlsx, _ = export(report, tmp_path)  # type: ignore[arg-type]
    table = next(t for t in _docx_tables(docx) if t[0][:3] == ["指标类别", "指标名称", "指标性质"])
    assert table[0] == ["指标类别", "指标名称", "指标性质", "度量单位", "年度指标值", "实际完成值", "偏差原因"]
    sheet = load_workbook(xlsx)["指标完成情况"]
    cells = [[c or "" for c in row] for row in sheet.iter_rows(min_row=4, values_only=True)]
    for row in report.rows:  # type: ignore[attr-defined]
        expected = [row.name, row.nature, row.measure_unit, row.target, row.actual, row.reason]
        assert expected in [r[1:] for r in table[1:]], row.name
        assert expected in [r[1:] for r in cells], row.name
    assert table[1][0] == cells[0][0] == "部门特性指标"  # merged down over the category's rows
    assert f"A4:A{3 + len(report.rows)}" in {str(m) for m in sheet.merged_cells.ranges}  # type: ignore[attr-defined]
    assert [c.value for c in sheet[3]] == table[0]


def test_national_folds_nature_and_unit_into_its_target_and_actual_columns(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    report = _typed_rows_report("national-2020")
    docx, xlsx, _ = export(report, tmp_path)  # type: ignore[arg-type]
    tables = _docx_tables(docx)
    scoring = next(t for t in tables if t[0][:3] == ["一级指标", "二级指标", "三级指标"])
    assert not any(t[0][:2] == ["指标类别", "指标名称"] for t in tables)  # nothing printed twice
    rows = {r[2]: r for r in scoring[1:] if len(r) >= 8}
    names = [row.name for row in report.rows]  # type: ignore[attr-defined]
    assert rows[names[0]][3:5] == ["≥120个", "126个"] and rows[names[0]][-1] == "超额完成。"
    assert rows[names[1]][3:5] == ["≤3000元/亩", "2950元/亩"]
    assert rows[names[2]][3:5] == ["定性：优良", "良好"]
    ws = load_workbook(xlsx)["得分表"]
    values = {row[2]: row for row in ws.iter_rows(min_row=5, values_only=True) if row[2]}
    assert values[names[0]][3:5] == ("≥120个", "126个") and "指标完成情况" not in load_workbook(xlsx).sheetnames


# ---------------------------------------------------------------- level names on every page


def test_a_long_table_merges_levels_only_within_groups_kept_on_one_page_in_both_files(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from exporters.scoring_grid import BLOCK_LINES
    from models.sample import build_maximal

    docx, xlsx, _ = export(build_maximal(), tmp_path, draft=True)
    table = next(t for t in part(docx).iter(f"{W}tbl")
                 if "".join(x.text or "" for x in t.find("w:tr", NS).iter(f"{W}t")).startswith("一级指标"))
    rows = table.findall("w:tr", NS)
    continued = 0
    for index, tr in enumerate(rows):
        merged_on = [tc for tc in tr.iterfind("w:tc", NS)
                     if (vm := tc.find("w:tcPr/w:vMerge", NS)) is not None and vm.get(f"{W}val") != "restart"]
        if merged_on:  # the row above goes with this one: no page starts inside a merged level cell
            continued += 1
            above = rows[index - 1].find("w:tc/w:p/w:pPr", NS)
            assert above.find("w:keepNext", NS) is not None, index
    assert continued > 50
    restarts = [tc for tr in rows for tc in tr.iterfind("w:tc", NS)
                if (vm := tc.find("w:tcPr/w:vMerge", NS)) is not None and vm.get(f"{W}val") == "restart"]
    assert all("".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in restarts)  # each names its level
    level1 = [tc for tc in restarts if "部门绩效" in "".join(t.text or "" for t in tc.iter(f"{W}t"))]
    assert len(level1) >= 100 // BLOCK_LINES  # the level-1 name again in every page-safe group

    ws = load_workbook(xlsx)["得分表"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) >= 3
    for merged in ws.merged_cells.ranges:
        assert merged.max_row - merged.min_row < BLOCK_LINES
        for row in breaks:  # a break falls between groups, never inside a merged level cell
            assert not merged.min_row <= row < merged.max_row, (str(merged), row)
    for row in breaks:
        assert ws.cell(row + 1, 1).value and ws.cell(row + 1, 2).value  # the new page starts with its names
        assert ws.cell(row + 1, 1).value != "合计"


def test_a_table_that_fits_one_page_keeps_whole_level_merges(tmp_path: Path) -> None:
    from test_export_fixtures import national_report

    from exporters.report_view import ReportView
    from exporters.scoring_grid import scoring_grid
    from exporters.settings import ExportSettings

    grid = scoring_grid(ReportView(national_report(), ExportSettings()))
    assert grid.groups == []
    assert max(m.rows for m in grid.merges if m.col == 0) >= 5  # 产出指标 merged over all its lines


# ---------------------------------------------------------------- signature block and cover


def _signature_paragraphs(docx: Path) -> list[tuple[str, str, Any]]:
    paragraphs = _body_paragraphs(docx)
    start = next(i for i, (_, text, _) in enumerate(paragraphs) if text.startswith("附件："))
    end = next(i for i, (_, text, _) in enumerate(paragraphs) if text == "附件")
    return [p for p in paragraphs[start + 1:end] if p[1]]


def _right_chars(p: Any) -> float:
    return int(p.find("w:pPr/w:ind", NS).get(f"{W}rightChars")) / 100


def _unsigned() -> Any:
    report = build_sample()
    for key in ("sign_preparer", "sign_reviewer"):
        report.values.pop(key, None)
    return report


def test_signature_without_a_stamp_follows_gbt_9704_7_3_5_2(tmp_path: Path) -> None:
    docx, _, _ = export(_unsigned(), tmp_path)
    (_, unit, unit_p), (_, date, date_p) = _signature_paragraphs(docx)
    assert (unit, date) == ("蓉溪市农业农村局", "2026年3月20日")
    # The date (3 characters, 7 half-width digits: 6.5) is within two of the name (8): the date two in,
    # and the name moved so the date still starts two characters right of it.
    assert _right_chars(date_p) == 2 and _right_chars(unit_p) == 2.5
    assert unit_p.find("w:pPr/w:keepNext", NS) is not None


def test_signature_for_a_stamp_centres_the_name_over_the_date_and_names_the_signers(tmp_path: Path) -> None:
    from exporters.settings import ExportSettings

    report = _unsigned()
    report.values["sign_reviewer"] = "王建国"
    docx, _, _ = export(report, tmp_path, settings=ExportSettings(seal=True))
    (_, unit, unit_p), (_, date, date_p), (_, signers, _) = _signature_paragraphs(docx)
    assert unit == "蓉溪市农业农村局（盖章）" and date == "2026年3月20日"
    assert _right_chars(date_p) == 4 and _right_chars(unit_p) == 2  # 12 characters over 6: never under 2
    assert int(unit_p.find("w:pPr/w:spacing", NS).get(f"{W}before")) == 3 * 579  # room for the seal
    assert signers == "填报人：" + "\u3000" * 6 + "\u3000\u3000审核人：王建国"


def test_signature_indents_by_the_rule() -> None:
    from exporters.docx_report import signature_indents

    assert signature_indents(8, 6, seal=False) == (2, 2)
    assert signature_indents(4, 6, seal=False) == (6, 2)  # a date longer than the name: the date two in
    assert signature_indents(10, 6, seal=False) == (2, 4)
    assert signature_indents(4, 6, seal=True) == (5, 4)  # centred over the date


def test_sign_lines_print_blank_lines_to_sign_when_asked(tmp_path: Path) -> None:
    from exporters.settings import ExportSettings

    docx, _, _ = export(_unsigned(), tmp_path, settings=ExportSettings(sign_lines=True))
    texts = [text for _, text, _ in _signature_paragraphs(docx)]
    assert texts[-1].startswith("填报人：") and "审核人：" in texts[-1]
    (tmp_path / "plain").mkdir()
    plain, _, _ = export(_unsigned(), tmp_path / "plain")
    assert not any("填报人" in text for _, text, _ in _signature_paragraphs(plain))


def test_without_a_cover_the_title_heads_the_first_body_page(tmp_path: Path) -> None:
    from exporters.settings import ExportSettings

    docx, _, _ = export(build_sample(), tmp_path, settings=ExportSettings(cover=False))
    paragraphs = _body_paragraphs(docx)
    title = paragraphs[0]
    spacing = title[2].find("w:pPr/w:spacing", NS)
    assert title[0] == "BRTitle" and (spacing is None or spacing.get(f"{W}before") == "0")
    body = part(docx).find("w:body", NS)
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) == 2  # body and annex: no cover section
    first_heading = next(i for i, p in enumerate(paragraphs) if p[0] == "BRHeading1")
    assert not any(p[2].find("w:pPr/w:sectPr", NS) is not None for p in paragraphs[:first_heading])
    (tmp_path / "cover").mkdir()
    with_cover, _, _ = export(build_sample(), tmp_path / "cover")
    assert len(part(with_cover).find("w:body", NS).findall(".//w:sectPr", NS)) == 3


def test_the_cli_offers_the_cover_seal_and_sign_line_choices(tmp_path: Path) -> None:
    from exporters.cli import main

    draft = tmp_path / "d.json"
    assert main(["sample", str(draft)]) == 0
    docx = tmp_path / "r.docx"
    assert main(["export", str(draft), "--docx", str(docx), "--no-cover", "--seal", "--sign-lines"]) == 0
    texts = [text for _, text, _ in _signature_paragraphs(docx)]
    assert texts[0].endswith("（盖章）") and texts[-1] == "填报人：李晓梅\u3000\u3000审核人：张建国"
    assert len(part(docx).find("w:body", NS).findall(".//w:sectPr", NS)) == 2


# ---------------------------------------------------------------- fonts on the clerk's PC


STOCK_WINDOWS = ["SimSun & NSimSun (TrueType)", "SimHei (TrueType)", "KaiTi (TrueType)", "FangSong (TrueType)",
                 "Microsoft YaHei & Microsoft YaHei UI (TrueType)", "Times New Roman (TrueType)"]


def test_off_windows_the_installed_fonts_are_unknown_and_nothing_is_said() -> None:
    from exporters.fonts import font_note, installed_fonts
    from exporters.settings import FontScheme

    def never() -> list[str]:
        raise AssertionError("the registry is read only on Windows")

    assert installed_fonts("linux", registry=never, folders=never) is None  # type: ignore[arg-type]
    assert font_note(FontScheme.GBT, None) == ""


def test_stock_windows_lacks_the_gbt_fonts_and_is_offered_its_own(tmp_path: Path) -> None:
    from exporters.fonts import font_note, installed_fonts, missing_fonts
    from exporters.settings import FontScheme

    installed = installed_fonts("win32", registry=lambda: list(STOCK_WINDOWS), folders=lambda: [tmp_path])
    assert installed == {"宋体", "黑体", "楷体", "仿宋"}
    assert missing_fonts(FontScheme.GBT, installed) == ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体")
    assert missing_fonts(FontScheme.WINDOWS, installed) == ()
    note = font_note(FontScheme.GBT, installed)
    assert "仿宋_GB2312、楷体_GB2312、方正小标宋简体" in note and "改用 Windows 自带" in note
    assert font_note(FontScheme.WINDOWS, installed) == ""


def test_gbt_fonts_are_found_in_the_registry_or_a_fonts_folder(tmp_path: Path) -> None:
    from exporters.fonts import font_note, installed_fonts
    from exporters.settings import FontScheme

    user_fonts = tmp_path / "user"
    user_fonts.mkdir()
    (user_fonts / "FZXBSJW.TTF").write_bytes(b"")  # 方正小标宋简体, installed for this user only
    registry = [*STOCK_WINDOWS, "仿宋_GB2312 (TrueType)", "KaiTi_GB2312 (TrueType)"]
    installed = installed_fonts("win32", registry=lambda: registry, folders=lambda: [tmp_path / "gone", user_fonts])
    assert installed is not None and {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"} <= installed
    assert font_note(FontScheme.GBT, installed) == ""


def test_an_unreadable_registry_still_reads_the_folders(tmp_path: Path) -> None:
    from exporters.fonts import installed_fonts

    def broken() -> list[str]:
        raise OSError("access denied")

    (tmp_path / "simhei.ttf").write_bytes(b"")
    assert installed_fonts("win32", registry=broken, folders=lambda: [tmp_path]) == {"黑体"}


# ---------------------------------------------------------------- the verdict sentence once


def test_the_verdict_sentence_is_printed_once_even_when_the_clerk_typed_it(tmp_path: Path) -> None:
    report = build_sample()
    report.values["verdict_text"] = ("经自评，本局2025年度部门整体支出绩效自评得分93.0分，评价等级为“优”。"
                                     "全年预算执行较好。")
    docx, _, _ = export(report, tmp_path)
    text = _all_text(docx)
    assert text.count("评价等级为“优”") == 1
    assert "部门整体支出绩效自评得分为93.00分，评价等级为“优”。各项指标得分情况见附件。全年预算执行较好。" in text


def test_a_sentence_quoting_another_total_is_the_clerks_and_stays() -> None:
    from models.compute import compute_totals
    from models.verdict import without_restated_verdict

    report = build_sample()
    totals = compute_totals(report)
    text = "经自评得分为88分，等级为良。全年执行较好。\n第二段。"
    assert without_restated_verdict(text, totals) == text
    assert without_restated_verdict("自评总分93分，等级为优。全年执行较好。\n第二段。", totals) == "全年执行较好。\n第二段。"


def _format_4_draft(verdict: str) -> dict[str, Any]:
    from models.draft_format import report_to_dict

    data = report_to_dict(build_sample())
    data["format_version"] = 4
    data["values"]["verdict_text"] = verdict
    data["values"]["eval_method"] = "部门(单位)绩效自评"
    return data


def test_opening_an_older_draft_drops_the_typed_verdict_and_migrates_the_defaults() -> None:
    from models.draft_format import FORMAT_VERSION, report_from_dict, report_to_dict

    report = report_from_dict(_format_4_draft("经自评，本局自评得分93.00分，评价等级为“优”。全年预算执行较好。"))
    assert report.text("verdict_text") == "全年预算执行较好。"
    assert report.text("eval_method") == "部门（单位）绩效自评"
    assert report_to_dict(report)["format_version"] == FORMAT_VERSION >= 5
    # A field holding nothing but that sentence keeps it (it stays filled; the export prints it once).
    only = report_from_dict(_format_4_draft("经自评，本局自评得分93.00分，评价等级为“优”。"))
    assert only.text("verdict_text") == "经自评，本局自评得分93.00分，评价等级为“优”。"
    # A current draft is never rewritten on opening.
    current = report_to_dict(build_sample())
    current["values"]["verdict_text"] = "经自评，本局自评得分93.00分，评价等级为“优”。全年预算执行较好。"
    assert report_from_dict(current).text("verdict_text").startswith("经自评")


# ---------------------------------------------------------------- no lone 附件 page


def _annex_chain(docx: Path) -> list[bool]:
    """keep-with-next of the annex's paragraphs and of its score table's rows, in order, from "附件"."""
    body = part(docx).find("w:body", NS)
    children = list(body)
    start = next(i for i, el in enumerate(children)
                 if el.tag == f"{W}p" and "".join(t.text or "" for t in el.iter(f"{W}t")) == "附件")
    styles = part(docx, "word/styles.xml")
    kept_styles = {st.get(f"{W}styleId") for st in styles.iterfind("w:style", NS)
                   if st.find("w:pPr/w:keepNext", NS) is not None}
    chain: list[bool] = []
    for el in children[start:]:
        if el.tag == f"{W}p":
            style = el.find("w:pPr/w:pStyle", NS)
            chain.append(el.find("w:pPr/w:keepNext", NS) is not None
                         or (style is not None and style.get(f"{W}val") in kept_styles))
        elif el.tag == f"{W}tbl":
            for tr in el.iterfind("w:tr", NS):
                chain.append(tr.find("w:tc/w:p/w:pPr/w:keepNext", NS) is not None)
            break
    return chain


def test_the_annex_label_keeps_with_its_title_and_the_table_may_break(tmp_path: Path) -> None:
    from test_export_fixtures import national_report

    docx, _, _ = export(national_report(), tmp_path)
    chain = _annex_chain(docx)
    assert chain[:3] == [True, True, True]  # 附件 → title → 评价依据 → the table's header row
    rows = chain[3:]
    assert len(rows) <= 15 and not all(rows[:-3])  # a short table is not chained whole to 附件
    assert not any(rows[1:-3])


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice or poppler missing")
def test_the_annex_label_never_has_a_page_of_its_own_national_2020(tmp_path: Path) -> None:
    from test_export_fixtures import national_report

    docx, _, _ = export(national_report(), tmp_path)
    assert SOFFICE is not None and PDFTOTEXT is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    text = subprocess.run([PDFTOTEXT, "-layout", str(tmp_path / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    page = next(p for p in text.split("\f") if re.search(r"^\s*附件\s*$", p, re.MULTILINE))
    assert "一级指标" in page and "部门整体支出绩效自评表" in page
