"""narrative.count, narrative.duplicate, narrative.numbering: positive and negative cases."""

from __future__ import annotations

import pytest

from tests.narrative.helpers import found

COUNT_WRONG = [
    ("下设科室6个：办公室、财务科、法规科、规划科、执法科。", "6个", 5),
    ("内设办公室、财务科、法规科共4个科室。", "共4个", 3),
    ("内设办公室、财务科、法规科、规划科等3个科室。", "等3个", 4),
    ("下属事业单位2个：县信息中心、县档案馆、县史志办。", "2个", 3),
    ("有3个下属单位，分别是：县信息中心；县档案馆。", "3个", 2),
    ("完成农村人居环境整治、高标准农田建设三项重点工作。", "三项", 2),
    ("内设机构6个（办公室、财务科、法规科、规划科、执法科），下属单位2个。", "6个", 5),
]


@pytest.mark.parametrize(("text", "count", "listed"), COUNT_WRONG)
def test_a_count_the_list_contradicts_is_named_with_both_numbers(text: str, count: str, listed: int) -> None:
    findings = found("org_text", text, "narrative.count")
    assert len(findings) == 1
    message = findings[0].message
    assert f"“{count}”" in message and f"列出了 {listed} 项" in message and "「机构组成」" in message
    assert findings[0].fields == ("values.org_text",)


COUNT_RIGHT = [
    "下设科室5个：办公室、财务科、法规科、规划科、执法科。",
    "内设办公室、财务科等6个科室，负责全市农业工作。",  # 等N个 with N ≥ listed
    "下设3个科室：办公室、发展和改革科、财务科。",  # 和 inside a name
    "下属单位2个，分别是县信息中心和县档案馆。",  # 和 joining the last two
    "涉及全市12个乡镇、156个村。",
    "建成村级服务站、乡镇服务中心12个。",  # the count may be of the last item only
    "内设机构5个（办公室、财务科、法规科、规划科、执法科）。",
    "下属单位2个（含县档案馆），内设机构5个（详见附件）。",
]


@pytest.mark.parametrize("text", COUNT_RIGHT)
def test_counts_that_agree_or_say_nothing_about_the_list_are_silent(text: str) -> None:
    assert found("org_text", text, "narrative.count") == []


DUPLICATES = [
    ("……县信息中心、县档案馆、县信息中心等单位。", "县信息中心"),
    ("内设办公室、财务科、法规科、财务科共4个科室。", "财务科"),
    ("重点支持高标准农田建设、农村人居环境整治、高标准农田建设。", "高标准农田建设"),
    ("下属单位3个：县档案馆、县史志办、县档案馆。", "县档案馆"),
]


@pytest.mark.parametrize(("text", "item"), DUPLICATES)
def test_an_item_listed_twice_is_named(text: str, item: str) -> None:
    findings = found("org_text", text, "narrative.duplicate")
    assert len(findings) == 1 and f"“{item}”" in findings[0].message


@pytest.mark.parametrize("text", [
    "内设办公室、财务科、法规科共3个科室。",
    "招收高等学校、中等职业学校毕业生。",
    "开展了省、市、县三级联动检查。",
    "支持县信息中心建设；县信息中心、县档案馆均已完成。",  # the same name in two lists
])
def test_distinct_items_are_silent(text: str) -> None:
    assert found("org_text", text, "narrative.duplicate") == []


NUMBERING = [
    ("（1）负责甲；\n（2）负责乙；\n（3）负责丙；\n（3）负责丁。", "重复", "（4）"),
    ("主要职能：（1）负责甲；（2）负责乙；（4）负责丙。", "跳过", "（3）"),
    ("具体负责：①甲；③乙。", "跳过", "②"),
    ("主要职能：（1）负责甲；（2）负责乙；3.负责丙。", "样式不一致", "（3）"),
    ("一、收入情况\n二、支出情况\n四、结论", "跳过", "三、"),
    ("（一）收入\n（三）支出", "跳过", "（二）"),
    ("一是加强预算管理；二是完善指标；二是强化监督。", "重复", "三是"),
    ("1.拟订规划。\n3.组织实施。\n2.监督检查。", "跳过", "2."),
]


@pytest.mark.parametrize(("text", "what", "expected"), NUMBERING)
def test_numbering_that_repeats_skips_or_mixes_is_named(text: str, what: str, expected: str) -> None:
    messages = [f.message for f in found("duties_text", text, "narrative.numbering")]
    assert messages and what in messages[0] and f"“{expected}”" in messages[0]


def test_the_same_heading_twice_is_named() -> None:
    messages = [f.message for f in found("duties_text", "（一）收入情况\n（二）支出情况\n（三）收入情况",
                                         "narrative.numbering")]
    assert any("“收入情况”出现了两次" in m for m in messages)


@pytest.mark.parametrize("text", [
    "1.甲\n2.乙\n3.丙\n1.丁\n2.戊",  # a second list starts again at 1
    "一、概况\n（一）机构\n1.办公室\n2.财务科\n（二）人员\n二、收支",
    "2025年收入增长。\n1.5万亩高标准农田已建成。",  # numbers that are not list numbers
    "详见附件（2）。",
    "一是加强预算管理；二是完善指标；三是强化监督。",
])
def test_consecutive_numbering_and_ordinary_numbers_are_silent(text: str) -> None:
    assert found("duties_text", text, "narrative.numbering") == []
