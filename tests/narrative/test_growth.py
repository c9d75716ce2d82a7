"""narrative.growth: what the text says changed against last year, read into (field, direction, figure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.report import PriorYear
from models.rules import validate
from models.rules.growth_rules import Change, _wrong, changes
from tests.narrative.helpers import sample_with

D = Decimal


@pytest.mark.parametrize(("text", "key", "up", "number"), [
    ("本年收入合计4,082.89万元，较上年增长4.6%，主要是项目资金增加。", "inc_year_total", True, D("4.6")),
    ("财政拨款收入比上年减少35.60万元。", "inc_fiscal", False, D("35.60")),
    ("与上年相比，项目支出减少86.32万元。", "exp_project", False, D("86.32")),
    ("人员经费同比增长3.2%。", "exp_personnel", True, D("3.2")),
])
def test_a_change_is_read_with_its_field_direction_and_figure(text: str, key: str, up: bool, number: Decimal) -> None:
    (change,) = changes(text)
    assert (change.key, change.up, change.figure.number) == (key, up, number)


@pytest.mark.parametrize("text", [
    "收入较上年增长4.6%。",  # "收入" names no field
    "执行率较上年提高2.1个百分点。",  # points, not a percentage of a figure
    "财政拨款收入3,865.24万元，占本年收入的94.67%，比上年增长5.2%。",  # the change of what? the share's
    "农田建设项目支出较上年增加50万元。",  # one project's spending
    "人员经费较上年增长约3%。",
])
def test_changes_of_no_field_or_estimates_are_not_read(text: str) -> None:
    assert changes(text) == ()


def test_a_percentage_after_the_amount_is_the_same_change() -> None:
    first, second = changes("本年收入合计4,082.89万元，较上年增加285.80万元，增长7.53%。")
    assert (first.key, first.figure.unit, second.key, second.figure.number) == \
        ("inc_year_total", "万元", "inc_year_total", D("7.53"))


def _change(text: str) -> Change:
    return changes(text)[0]


def test_a_wrong_direction_a_wrong_rate_and_a_wrong_amount_are_named() -> None:
    this, last = D("40828930.50"), D("39032730.50")  # up 1,796,200.00 元 = 4.60 %
    assert _wrong(_change("本年收入合计较上年增长4.6%。"), this, last) is None
    assert _wrong(_change("本年收入合计较上年增长4.60%。"), this, last) is None
    assert _wrong(_change("本年收入合计较上年增加179.62万元。"), this, last) is None
    assert "方向写反" in (_wrong(_change("本年收入合计较上年下降4.6%。"), this, last) or "")
    assert "4.60%" in (_wrong(_change("本年收入合计较上年增长6.4%。"), this, last) or "")
    assert "1,796,200.00 元" in (_wrong(_change("本年收入合计较上年增加197.62万元。"), this, last) or "")


def _with_prior(text: str, key: str = "income_text", **last: str) -> list[str]:
    report = sample_with(key, text)
    report.prior = PriorYear(2024, {k: D(v) for k, v in last.items()})
    return [f.message for f in validate(report) if f.rule == "narrative.growth"]


# The sample's 本年收入合计 is 40,828,930.50 元; last year's below is 39,032,730.50: up 1,796,200.00 = 4.60 %.
LAST = {"inc_year_total": "39032730.50"}


@pytest.mark.parametrize("text", [
    "本年收入合计4,082.89万元，较上年增长4.6%。",
    "本年收入合计较上年增加179.62万元，增长4.60%。",
    "与上年相比，本年收入合计增加179.62万元。",
    "本年收入合计同比增长4.60%。",
])
def test_changes_that_agree_with_last_years_figures_are_silent(text: str) -> None:
    assert _with_prior(text, **LAST) == []


@pytest.mark.parametrize(("text", "says"), [
    ("本年收入合计4,082.89万元，较上年下降4.6%。", "方向写反"),
    ("本年收入合计较上年增长6.4%。", "实际增加 4.60%"),
    ("本年收入合计较上年增加197.62万元。", "实际增加 1,796,200.00 元"),
    ("本年收入合计较上年增加179.62万元，增长5.60%。", "实际增加 4.60%"),
])
def test_changes_that_last_years_figures_contradict_are_named(text: str, says: str) -> None:
    messages = _with_prior(text, **LAST)
    assert len(messages) == 1 and says in messages[0] and "上年（2024年）39,032,730.50 元" in messages[0]


def test_without_last_years_figure_nothing_is_checked() -> None:
    assert _with_prior("本年收入合计较上年增长64%。", inc_fiscal="1.00") == []
