"""A bureau's own Word form (no placeholders) filled by its labels, headings and indicator names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bureau_forms import BUREAU_NOTE, INSTRUCTION, SICHUAN_ROWS, word_form_labels_above, word_form_left_labels
from docx import Document
from docx.shared import Pt

from exporters.api import TemplateError, export_report
from exporters.cli import main
from exporters.form_mapping import NOTHING_FOUND
from exporters.report_view import score_text
from exporters.sanitize import paragraphs
from models.frameworks import load_framework
from models.matching import core
from models.report import Report
from models.sample import build_sample

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fill(tmp_path: Path, form: Path, report: Report | None = None) -> tuple[object, object]:
    out = tmp_path / "filled.docx"
    result = export_report(report or build_sample(), docx=out, xlsx=None, docx_template=form)
    return Document(str(out)), result


def _after(doc: object, heading: str) -> object:
    paras = doc.paragraphs  # type: ignore[attr-defined]
    index = next(i for i, p in enumerate(paras) if p.text.strip() == heading)
    return paras[index + 1]


def _score_rows(table: object) -> dict[str, list[str]]:
    """三级指标 name (core) → the row's cell texts."""
    out = {}
    for row in table.rows[1:]:  # type: ignore[attr-defined]
        cells = [c.text for c in row.cells]
        out[core(cells[2])] = cells
    return out


def test_left_label_form_is_filled_in_every_place_and_keeps_the_bureaus_content(tmp_path: Path) -> None:
    form = word_form_left_labels(tmp_path / "form.docx")
    report = build_sample()
    doc, result = _fill(tmp_path, form, report)
    cover = doc.tables[0]  # type: ignore[attr-defined]
    assert cover.cell(0, 1).text == "蓉溪市农业农村局" and cover.cell(0, 3).text == "蓉溪市人民政府"
    assert cover.cell(1, 1).text == "136001" and cover.cell(1, 3).text == "2025"
    assert cover.cell(2, 1).text == "李晓梅" and cover.cell(2, 3).text == "0830-2618753"
    assert cover.cell(3, 1).text.strip() == "2026年3月20日"
    assert cover.cell(0, 0).text == "单位名称（盖章）"  # labels stay

    # Headings: the instruction is replaced in its own paragraph format, without its grey colour.
    org = _after(doc, "（一）机构组成")
    assert org.text == "单位性质：行政单位。"
    assert org.paragraph_format.first_line_indent == Pt(32)
    assert all(run.font.color.rgb is None for run in org.runs)
    duties = paragraphs(report.text("duties_text"))
    assert _after(doc, "（二）机构职能").text == duties[0]
    texts = [p.text for p in doc.paragraphs]  # type: ignore[attr-defined]
    start = texts.index(duties[0])
    assert texts[start:start + len(duties)] == duties
    assert _after(doc, "（二）存在的主要问题").text == paragraphs(report.text("problems_text"))[0]
    assert INSTRUCTION not in texts and "（不超过200字）" not in texts
    assert "（正文请用仿宋三号字）" in texts and BUREAU_NOTE in texts  # not under a heading: the bureau's
    assert "单位（盖章）：蓉溪市农业农村局　2026年3月20日" in texts
    assert any(t.startswith("填表人：李晓梅") and "联系电话：0830-2618753" in t and "填报日期：2026年3月20日" in t
               for t in texts)

    # The scoring table: every leaf's score in its row, the department's rows in and after the placeholders.
    table = doc.tables[1]  # type: ignore[attr-defined]
    rows = _score_rows(table)
    framework = load_framework("sichuan-2017")
    for leaf in framework.scored_leaves():
        assert rows[core(leaf.name)][5] == score_text(report.scores[leaf.id]), leaf.name
    for indicator in report.rows:
        cells = rows[core(indicator.name)]
        assert cells[1].startswith("履职成效") and cells[3] == "4" and cells[5] == score_text(indicator.score)
        assert cells[6] == (indicator.reason.strip() or "")
    assert len(table.rows) == 1 + len(SICHUAN_ROWS) + 2 + 2  # two rows added for five indicators
    assert [c.text for c in table.rows[-2].cells][5] == "93.00" and table.rows[-1].cells[3].text == "优"
    # Added rows continue the level merges: one 部门绩效情况 cell and one 履职成效 cell.
    added = table.rows[26]._tr
    merges = [tc.find(f"{W}tcPr/{W}vMerge") for tc in added.findall(f"{W}tc")[:2]]
    assert all(m is not None and m.get(f"{W}val") is None for m in merges)
    criteria = {core(r[2]): r[4] for r in SICHUAN_ROWS}
    assert rows[core("相关性")][4] == criteria[core("相关性")]  # 评分标准 untouched

    mapping = result.mappings[0]  # type: ignore[attr-defined]
    assert mapping.recognised and not mapping.missing and not mapping.unmatched_rows
    assert any(p.what == "机构职能" and "（二）机构职能" in p.where for p in mapping.placed)
    assert "预算执行情况说明：表单中没有找到对应的标题" in mapping.not_placed

    # Styles, numbering and settings of the bureau's file are carried over byte for byte.
    with zipfile.ZipFile(form) as before, zipfile.ZipFile(tmp_path / "filled.docx") as after:
        for part in ("word/styles.xml", "word/settings.xml"):
            assert before.read(part) == after.read(part)


def test_labels_above_underscores_and_arabic_headings(tmp_path: Path) -> None:
    form = word_form_labels_above(tmp_path / "form.docx")
    report = build_sample()
    doc, result = _fill(tmp_path, form, report)
    cover = doc.tables[0]  # type: ignore[attr-defined]
    assert [c.text for c in cover.rows[1].cells] == ["蓉溪市农业农村局", "蓉溪市人民政府", "李晓梅"]
    texts = [p.text for p in doc.paragraphs]  # type: ignore[attr-defined]
    assert "填报单位：蓉溪市农业农村局　（盖章）" in texts and "评价年度：2025" in texts
    assert _after(doc, "1.主要职能").text == paragraphs(report.text("duties_text"))[0]
    assert "【请填写单位主要职能】" not in texts
    assert _after(doc, "四、下一步改进措施").text == paragraphs(report.text("advice_text"))[0]
    assert texts[-1].strip() == "2026年3月20日"
    rows = _score_rows(doc.tables[1])  # type: ignore[attr-defined]
    assert rows[core("人才培养")][4] == score_text(report.scores["talent"])  # "人才 培养" in the form
    mapping = result.mappings[0]  # type: ignore[attr-defined]
    assert "联系电话：表单中没有找到它的位置" in mapping.not_placed


def test_a_file_with_nothing_to_fill_is_refused(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("关于开展2025年度部门整体支出绩效自评工作的通知")
    doc.add_paragraph("各部门：根据有关规定，现将有关事项通知如下。")
    form = tmp_path / "notice.docx"
    doc.save(str(form))
    with pytest.raises(TemplateError) as info:
        _fill(tmp_path, form)
    assert NOTHING_FOUND in str(info.value) and not (tmp_path / "filled.docx").exists()


def test_one_file_may_mix_placeholders_and_labels(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{{ unit_name }}{{ eval_year }}年度部门整体支出绩效自评报告")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "主管部门"
    doc.add_paragraph("（一）机构职能")
    doc.add_paragraph("")
    form = tmp_path / "mixed.docx"
    doc.save(str(form))
    filled, result = _fill(tmp_path, form)
    assert filled.paragraphs[0].text == "蓉溪市农业农村局2025年度部门整体支出绩效自评报告"  # type: ignore[attr-defined]
    assert filled.tables[0].cell(0, 1).text == "蓉溪市人民政府"  # type: ignore[attr-defined]
    mapping = result.mappings[0]  # type: ignore[attr-defined]
    assert mapping.placeholders == 2 and any(p.what == "机构职能" for p in mapping.placed)


def test_cli_prints_the_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = word_form_left_labels(tmp_path / "form.docx")
    draft = tmp_path / "d.json"
    assert main(["sample", str(draft)]) == 0
    assert main(["export", str(draft), "--docx", str(tmp_path / "o.docx"), "--template", str(form)]) == 0
    out = capsys.readouterr().out
    assert "form.docx：填写了" in out and "单位名称 → 第 1 个表格第 1 行第 2 列：蓉溪市农业农村局" in out
    assert "没有找到位置的内容" in out


def test_the_verdict_sentence_is_printed_once_in_a_bureau_form(tmp_path: Path) -> None:
    """评价结论 holds only what the clerk adds (models.verdict): a sentence restating the computed total,
    typed by a clerk, is not printed again after the program's own."""
    report = build_sample()
    own = report.text("verdict_text")
    report.values["verdict_text"] = "经自评，本局2025年度部门整体支出绩效自评得分93.00分，评价等级为“优”。" + own
    doc, _result = _fill(tmp_path, word_form_left_labels(tmp_path / "form.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)  # type: ignore[attr-defined]
    assert text.count("93.00分") == 1, text
