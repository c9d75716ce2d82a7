"""narrative.parts and narrative.percent: parts against their whole, percentages against figures."""

from __future__ import annotations

import pytest

from tests.narrative.helpers import found

PARTS_WRONG = [
    # complete lists ("包括", parentheses, "等N个" with N listed) must add up
    ("A项目经费230万元，包括培训费80万元、会议费50万元、印刷费40万元等3个方面。", "相差 60.00 万元"),
    ("A项目经费230万元，包括培训费80万元、会议费50万元、印刷费40万元。", "相差 60.00 万元"),
    ("基本支出2,165.47万元（人员经费1,843.62万元、日常公用经费300.85万元）。", "相差 21.00 万元"),
    ("项目支出包括高标准农田建设1,200.00万元、农村人居环境整治380.50万元。", "填报的「项目支出」1,903.29 万元"),
    # partial lists ("其中", "主要用于") must not exceed it
    ("A项目经费190万元，其中培训费120万元、会议费80万元。", "多 10.00 万元"),
    ("B专项资金50万元，主要用于设备购置30万元、人员培训25万元等。", "多 5.00 万元"),
]


@pytest.mark.parametrize(("text", "says"), PARTS_WRONG)
def test_parts_that_do_not_add_up_to_their_whole_are_named(text: str, says: str) -> None:
    findings = found("expense_text", text, "narrative.parts")
    assert len(findings) == 1 and says in findings[0].message and "所列各项之和" in findings[0].message


@pytest.mark.parametrize("text", [
    "A项目经费230万元，包括培训费80万元、会议费50万元、印刷费100万元。",
    "A项目经费230万元，主要包括培训费80万元、会议费50万元。",  # partial, below the whole
    "A项目经费230万元，包括培训费80万元、会议费50万元等。",  # 等: partial
    "A项目经费230万元，包括培训费80万元、会议费50万元等5个方面。",  # 等5个 with 2 listed: partial
    "A项目经费230.00万元，包括培训费80.00万元、会议费50.00万元、印刷费100.004万元。",
    "本年支出合计4,068.75万元。其中基本支出2,165.47万元，项目支出1,903.29万元。",  # 尾差 0.01 万元
    "A项目经费230万元，其中培训费较上年增加80万元、会议费150万元。",  # a change among the parts
])
def test_parts_that_add_up_or_are_partial_are_silent(text: str) -> None:
    assert found("expense_text", text, "narrative.parts") == []


RATES_WRONG = [
    ("全年预算数4,314.45万元，全年执行数4,068.75万元，预算执行率98.5%。", "94.31%"),
    ("部门整体预算执行率为95.31%。", "94.31%"),
    ("其中本年财政拨款执行率90.42%。", "96.42%"),
    ("上年结转资金执行率65.53%。", "55.53%"),
]


@pytest.mark.parametrize(("text", "rate"), RATES_WRONG)
def test_an_execution_rate_the_fields_contradict_is_named(text: str, rate: str) -> None:
    findings = found("execution_text", text, "narrative.percent")
    assert len(findings) == 1 and f"= {rate}" in findings[0].message
    assert "values.execution_text" in findings[0].fields


@pytest.mark.parametrize("text", [
    "预算执行率94.31%。", "预算执行率94.3%。", "预算执行率94%。",  # rounded to what is shown
    "高标准农田建设项目资金执行率100%。",  # a project's rate is not the budget's
    "项目资金到位率100%、执行率100%。",
    "农产品质量安全例行监测合格率97.6%。",
])
def test_execution_rates_that_agree_or_are_not_the_budgets_are_silent(text: str) -> None:
    assert found("execution_text", text, "narrative.percent") == []


SHARES_WRONG = [
    ("基本支出2,165.47万元，其中人员经费1,843.62万元，占基本支出的80.14%。", "85.14%"),
    ("本年支出合计4,068.75万元。其中基本支出2,165.47万元，占50.22%；项目支出1,903.29万元。", "53.22%"),
    ("财政拨款收入3,865.24万元，占本年收入合计的90.5%。", "94.67%"),
    ("人员经费1,843.62万元，占比85.1%；日常公用经费321.85万元，占比14.9%。", None),  # no whole named
]


@pytest.mark.parametrize(("text", "share"), SHARES_WRONG)
def test_a_share_the_figures_contradict_is_named(text: str, share: str | None) -> None:
    findings = found("expense_text", text, "narrative.percent")
    if share is None:
        assert findings == []  # the whole is not named and not listed: nothing to compute from
        return
    assert len(findings) == 1 and f"= {share}" in findings[0].message


@pytest.mark.parametrize("text", [
    "基本支出2,165.47万元，其中人员经费1,843.62万元，占基本支出的85.14%；日常公用经费321.85万元，占14.86%。",
    "人员经费1,843.62万元，占基本支出的85.1%。",
    "本年支出合计4,068.75万元。其中基本支出2,165.47万元（人员经费1,843.62万元、日常公用经费321.85万元），占53.22%。",
])
def test_shares_that_agree_are_silent(text: str) -> None:
    assert found("expense_text", text, "narrative.percent") == []
