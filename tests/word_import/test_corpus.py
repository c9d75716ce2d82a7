"""Reports in several clerks' styles, built with python-docx, import back field by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from importers import Kind, import_report
from importers.check import located_findings
from models.findings import Severity

from . import corpus

STYLES = tuple(corpus.STYLES)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    return {style: corpus.write_report(folder / f"{style}.docx", style) for style in STYLES}


def assert_imported_as_written(path: Path, style: str) -> None:
    result = import_report(path)
    report = result.report
    expected = corpus.expected_values(style)
    for key, value in expected.items():
        assert report.values.get(key) == value, (style, key)
    assert set(report.values) - set(expected) <= {"eval_method", "eval_org"}  # the wizard's defaults
    got_rows = [{"node": r.node, "name": r.name, "points": r.points, "score": r.score} for r in report.rows]
    assert got_rows == corpus.expected_rows(style)
    if style == "national":
        assert report.framework_id == "national-2020"
        assert [(r.nature, r.measure_unit, r.target, r.actual) for r in report.rows][:2] == \
            [("≥", "所", "4", "4"), ("≥", "%", "98", "98.6")]
    else:
        assert report.framework_id == "sichuan-2017"
        assert report.scores == corpus.expected_scores()
    assert result.unplaced == [], [(u.location, u.quote) for u in result.unplaced]
    problems = [f.finding.message for f in located_findings(result) if f.finding.severity is not Severity.INFO]
    assert problems == [], problems


@pytest.mark.parametrize("style", STYLES)
def test_each_style_imports_field_by_field(written: dict[str, Path], style: str) -> None:
    assert_imported_as_written(written[style], style)


def test_every_value_is_mapped_with_its_source(written: dict[str, Path]) -> None:
    result = import_report(written["styled"])
    by_path = {m.path: m for m in result.mapping if m.kind in (Kind.VALUE, Kind.NARRATIVE)}
    fiscal = by_path["values.inc_fiscal"]
    # The money table (万元) wins over the sentence (元); both say the same.
    assert fiscal.location.startswith("表 ") and fiscal.value == "52,300,000.00 元" and fiscal.confidence >= 0.9
    staff = by_path["values.staff_total"]
    assert staff.location.startswith("第 ") and "43人" in staff.quote
    assert by_path["values.report_date"].value == "2026-03-15" and "填报日期" in by_path["values.report_date"].quote
    assert by_path["values.sign_date"].quote == "二〇二六年三月十五日"


def test_automatic_numbering_is_read_as_printed(written: dict[str, Path]) -> None:
    from importers.docx_reader import read_body

    shown = [p.shown for p in read_body(written["styled"].read_bytes()).paragraphs if p.auto_prefix]
    assert shown[:4] == ["一、单位基本情况", "（一）机构设置", "（二）主要职能", "（三）人员编制情况"]
    assert "二、部门财政资金收支情况" in shown and "1.目标任务制定情况" in shown and "2.预算编制情况" in shown


def test_merged_scoring_cells_are_read_over_every_row(written: dict[str, Path]) -> None:
    from importers.docx_reader import read_body

    body = read_body(written["typed"].read_bytes())
    table = next(iter(body.tables))
    assert table.rows[1][0] == table.rows[5][0] == "部门决策（25分）"
    assert table.origins[5][0] == (1, 0)


def test_figures_in_sentences_keep_what_the_clerk_wrote(tmp_path: Path) -> None:
    """"5,230.00万元" is 52,300,000.00 元; a figure with more decimals than 0.01 元 is not rounded into a field."""
    def edit(kind: str, text: str) -> str:
        return text.replace("其他收入18.00万元", "其他收入18.123456万元")

    result = import_report(corpus.write_report(tmp_path / "r.docx", "typed", edit))
    assert result.report.values["inc_fiscal"] == Decimal("52300000.00")
    assert result.report.values["inc_other"] == Decimal("181234.56")


def test_dates_in_chinese_numerals_and_as_of_dates() -> None:
    from importers.values import find_dates, only_date

    assert only_date("二〇二六年三月十五日") == dt.date(2026, 3, 15)
    assert only_date(" 2026年3月5日 ") == dt.date(2026, 3, 5)
    assert only_date("２０２６．３．１５") == dt.date(2026, 3, 15)
    assert only_date("2026年2月30日") is None and only_date("2026年3月15日印发") is None
    assert [d.value for d in find_dates("截至2025年12月31日，核定编制45名")] == [dt.date(2025, 12, 31)]
