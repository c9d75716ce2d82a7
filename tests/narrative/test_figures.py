"""narrative.figures: a figure is the label's only when nothing stands between them; 万元/元 slips."""

from __future__ import annotations

import pytest

from tests.narrative.helpers import found

# The sample: 本年收入合计 40,828,930.50, 本年支出合计 40,687,530.50, 项目支出 19,032,880.20,
# 人员经费 18,436,200.00, 日常公用经费 3,218,450.30, 基本支出 21,654,650.30 元.

# The two false warnings of issue 13, and their kin: differences, changes and parts are not the label's.
CORRECT = [
    ("expense_text", "本年支出超过本年收入61,269.07元，由年初结转和结余弥补。"),
    ("expense_text", "项目支出包括高标准农田建设经费1,200.00万元、动物疫病防控经费403.29万元等。"),
    ("expense_text", "支出超过收入6.13万元。"),
    ("income_text", "本年收入合计较上年增加180.00万元，主要是高标准农田建设资金增加。"),
    ("income_text", "财政拨款收入比上年减少35.60万元。"),
    ("expense_text", "人员经费与上年相比增加12.30万元。"),
    ("expense_text", "收支差额14.14万元，结转下年使用。"),
    ("expense_text", "农田建设项目支出500万元，已全部拨付到位。"),  # one project's, not 项目支出
    ("execution_text", "农田建设项目预算数500万元，执行数486万元。"),
    ("expense_text", "人员经费约1,844万元。"),  # approximate
    ("expense_text", "基本支出2,165.47万元（人员经费1,843.62万元、日常公用经费321.85万元）。"),
    ("expense_text", "人员经费支出为1,843.62万元。"),
    ("expense_text", "2025年人员经费1,843.62万元，日常公用经费321.85万元。"),
]


@pytest.mark.parametrize(("key", "text"), CORRECT)
def test_differences_changes_and_parts_are_not_the_labels_figure(key: str, text: str) -> None:
    assert found(key, text, "narrative.figures") == []


WRONG = [
    ("expense_text", "人员经费1,834.62万元。", "人员经费"),
    ("expense_text", "其中基本支出为2,156.47万元。", "基本支出"),
    ("income_text", "本年财政拨款收入3,800.00万元。", "财政拨款收入"),
    ("expense_text", "项目支出1,903.92万元，主要用于高标准农田建设。", "项目支出"),
]


@pytest.mark.parametrize(("key", "text", "label"), WRONG)
def test_a_labelled_figure_that_differs_is_named(key: str, text: str, label: str) -> None:
    findings = found(key, text, "narrative.figures")
    assert len(findings) == 1
    assert label in findings[0].message and "不符" in findings[0].message


def test_an_approximate_wan_slip_in_the_text_is_named() -> None:
    # 18,436,200.00 元 is 1,843.62 万元; "1,843.6元" is a 万元 figure written with 元, to its rounding.
    message = found("expense_text", "人员经费1,843.6元。", "narrative.figures")[0].message
    assert "一万倍" in message and "万元当作元" in message


def test_a_yuan_figure_written_with_wan_is_named() -> None:
    message = found("expense_text", "人员经费18,436,200.00万元。", "narrative.figures")[0].message
    assert "一万倍" in message and "元当作万元" in message
