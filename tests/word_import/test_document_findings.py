"""From the Word file alone, general rules name what bureaus send reports back for (issue 11, Done means)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from importers import import_report
from importers.check import located_findings

from . import corpus


def findings_of(tmp_path: Path, edit: Callable[[str, str], str], style: str = "typed") -> list[tuple[str, str, str]]:
    result = import_report(corpus.write_report(tmp_path / "r.docx", style, edit))
    return [(f.finding.rule, f.finding.message, f.location) for f in located_findings(result)]


def rules(found: list[tuple[str, str, str]]) -> set[str]:
    return {rule for rule, _m, _l in found}


def test_the_clean_report_has_none_of_them(tmp_path: Path) -> None:
    found = findings_of(tmp_path, lambda kind, text: text)
    assert [f for f in found if f[0] != "document.columns_absent"] == []


def test_a_wan_yuan_slip_in_a_figure_written_in_the_text(tmp_path: Path) -> None:
    # The table (万元) says 2,150.00万元; the sentence writes the same digits in 元.
    found = findings_of(tmp_path, lambda kind, text: text.replace("人员经费21,500,000.00元", "人员经费2,150.00元"),
                        "styled")
    slips = [m for rule, m, _l in found if rule == "narrative.figures"]
    assert slips and "2,150.00元" in slips[0] and "万元" in slips[0], found


def test_expenditure_over_income_without_a_carry_over(tmp_path: Path) -> None:
    def edit(kind: str, text: str) -> str:
        return (text.replace("本年收入合计5,248.00万元", "本年收入合计5,148.00万元")
                .replace("财政拨款收入5,230.00万元", "财政拨款收入5,130.00万元")
                .replace("；年初结转和结余120.00万元，收入总计5,368.00万元", "，收入总计5,148.00万元"))

    found = findings_of(tmp_path, edit)
    over = [m for rule, m, _l in found if rule == "expense.over_income"]
    assert over and "本年支出合计" in over[0] and "年初结转和结余" in over[0], found


def test_a_personnel_as_of_date_in_another_year(tmp_path: Path) -> None:
    found = findings_of(tmp_path, lambda kind, text: text.replace("截至2025年12月31日", "截至2024年12月31日"))
    messages = [m for rule, m, _l in found if rule == "staff.as_of_year"]
    assert messages and "2024" in messages[0], found


def test_a_heading_printed_twice(tmp_path: Path) -> None:
    problems = corpus.TEXTS["problems_text"]

    def edit(kind: str, text: str) -> str:
        return f"{text}\n（二）存在问题\n{problems}" if text == problems else text

    found = findings_of(tmp_path, edit)
    twice = [(m, where) for rule, m, where in found if rule == "document.heading_twice"]
    assert len(twice) == 1 and "（二）存在问题" in twice[0][0] and twice[0][1].startswith("第 "), found
    assert any(rule == "document.numbering" for rule, _m, _l in found)  # （二） after （二）


def test_numbering_out_of_order_or_missing(tmp_path: Path) -> None:
    found = findings_of(tmp_path, lambda kind, text: text.replace("四、评价结论及建议", "五、评价结论及建议"))
    numbering = [m for rule, m, _l in found if rule == "document.numbering"]
    assert len(numbering) == 1 and "“四、”" in numbering[0], found


@pytest.mark.parametrize("heading, field", [("（二）存在问题", "存在问题"), ("（三）改进建议", "改进建议")])
def test_an_empty_problems_or_advice_section(tmp_path: Path, heading: str, field: str) -> None:
    key = "problems_text" if field == "存在问题" else "advice_text"
    found = findings_of(tmp_path, lambda kind, text: "" if text == corpus.TEXTS[key] else text)
    empty = [(m, where) for rule, m, where in found if rule == "document.empty_section"]
    assert len(empty) == 1 and heading in empty[0][0] and "不得留空" in empty[0][0], found
    assert any(rule == "field.required" and field in m for rule, m, _l in found)


def test_template_questions_left_unanswered(tmp_path: Path) -> None:
    question = "绩效目标是否与部门职能相关？绩效目标是否细化、量化？"
    found = findings_of(tmp_path, lambda kind, text: question if text == corpus.TEXTS["decision_targets"] else text)
    assert any(rule == "narrative.template_question" for rule, _m, _l in found), found
    where = [where for rule, _m, where in found if rule == "narrative.template_question"]
    assert where[0].startswith("第 ")


def test_no_scores(tmp_path: Path) -> None:
    found = findings_of(tmp_path, lambda kind, text: "" if kind == "table" else text)
    assert [m for rule, m, _l in found if rule == "document.no_scores"], found
