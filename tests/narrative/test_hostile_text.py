"""Any text at all in a narrative: the narrative rules never crash, and a long paste stays fast."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules import validate
from models.sample import build_sample

# The characters the rules look at, so random text exercises them rather than missing them.
_PIECES = st.sampled_from([
    "1", "2", "0", "9", ",", ".", "，", "、", "；", "。", "：", "\n", "（", "）", "(", ")", "〔", "〕", "【", "】",
    "《", "》", "“", "”", "元", "万元", "亿元", "%", "％", "１", "．", "个", "项", "等", "共", "其中", "包括", "主要包括",
    "含", "占", "占比", "执行率", "预算执行率", "较上年", "同比", "增长", "减少", "是否", "有无", "？", "××", "XX",
    "某某", "请填写", "本项目", "号", "第", "财发", "2024年", "2025年", "一、", "（一）", "1.", "（1）", "①", "③",
    "一是", "二是", "人员经费", "基本支出", "项目支出", "本年收入合计", "超过", "比", "约", "余", " ", "\u3000",
    "\u0000", "\ud7ff", "𠀀", "\u200b",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=80).map("".join))
def test_any_text_in_any_narrative_is_read_without_a_crash(text: str) -> None:
    report = build_sample()
    for key in ("org_text", "expense_text", "execution_text", "duties_text"):
        report.values[key] = text
    for finding in validate(report):
        assert finding.message and finding.fields


def test_a_huge_paste_without_a_full_stop_is_read_and_checked() -> None:
    """60,000 characters of counts, markers and figures with no sentence end: every scan is bounded
    (lists and parts run at most a few hundred characters), so this returns like a short text does."""
    unit = "下设科室3个：甲、乙、丙，其中A经费12万元、B经费3万元，占比40%，较上年增长5%，（1）是否"
    report = build_sample()
    report.values["expense_text"] = unit * (60_000 // len(unit))
    rules = {f.rule for f in validate(report)}
    assert "narrative.template_question" in rules
