"""models.matching: the one matcher for labels, headings and indicator names."""

from __future__ import annotations

import pytest

from models.fields import FIELDS, GROUPS
from models.frameworks import builtin_frameworks, load_framework
from models.matching import (
    Style,
    cn_numeral,
    cn_to_int,
    core,
    heading_number,
    heading_targets,
    match_heading,
    match_indicator,
    match_label,
    normalize,
    number_prefix,
    similarity,
    split_label,
    without_notes,
)

SICHUAN = load_framework("sichuan-2017")
TARGETS = heading_targets(SICHUAN)


def test_normalize_makes_bracket_widths_spaces_and_digits_alike() -> None:
    assert normalize("（一）　机构  组成") == normalize("(一) 机构 组成") == "(一) 机构 组成"
    assert normalize("【１２３】") == "(123)"
    assert core("（二） 收入 情况：") == core("(二)收入情况") == "二收入情况"
    assert core("\u200b联\u3000系\u00a0人") == "联系人"
    assert without_notes("单位名称（盖章）") == "单位名称"
    assert without_notes("重点改革(重点工作（含试点）)完成情况") == "重点改革完成情况"


@pytest.mark.parametrize("text, style, number, title", [
    ("一、部门(单位)概况", Style.CN, 1, "部门(单位)概况"),
    ("四．评价结论及建议", Style.CN, 4, "评价结论及建议"),
    ("十二、其他事项", Style.CN, 12, "其他事项"),
    ("（一）机构组成", Style.CN_PAREN, 1, "机构组成"),
    ("(三)人员概况", Style.CN_PAREN, 3, "人员概况"),
    ("〔二〕机构职能", Style.CN_PAREN, 2, "机构职能"),
    ("1.目标任务制定情况", Style.ARABIC, 1, "目标任务制定情况"),
    ("2、预算编制情况", Style.ARABIC, 2, "预算编制情况"),
    ("３．综合管理", Style.ARABIC, 3, "综合管理"),
    ("(1)负责全市农业农村发展规划", Style.ARABIC_PAREN, 1, "负责全市农业农村发展规划"),
    ("（12）其他", Style.ARABIC_PAREN, 12, "其他"),
    ("2)其他", Style.ARABIC_PAREN, 2, "其他"),
    ("③社会公众满意度", Style.CIRCLED, 3, "社会公众满意度"),
    ("第二部分　收支情况", Style.CHAPTER, 2, "收支情况"),
    ("　　一、概况", Style.CN, 1, "概况"),
])
def test_heading_numbers_in_every_style(text: str, style: str, number: int, title: str) -> None:
    found = heading_number(text)
    assert found is not None
    assert (found.style, found.number, found.title) == (style, number, title)
    assert text.strip().startswith(found.prefix)


@pytest.mark.parametrize("text", ["2025年本单位收入", "1.5万元用于培训", "一是加强预算管理", "一般公共预算",
                                  "十分重视", "", "   ", "收入情况", "(万元)", "3个科室"])
def test_sentences_are_not_heading_numbers(text: str) -> None:
    assert heading_number(text) is None


def test_levels_follow_the_convention() -> None:
    levels = [heading_number(t).level for t in ("一、a", "（一）a", "1.a", "(1)a", "①a")]  # type: ignore[union-attr]
    assert levels == [1, 2, 3, 4, 5]


def test_chinese_numerals_both_ways() -> None:
    for n in range(1, 100):
        assert cn_to_int(cn_numeral(n)) == n
    assert cn_to_int("十") == 10 and cn_to_int("二十一") == 21
    for bad in ("", "十十", "一十", "百", "一二", "abc"):
        assert cn_to_int(bad) is None
    assert number_prefix(Style.CN_PAREN, 3) == "（三）" and number_prefix(Style.CIRCLED, 2) == "②"
    for style in (Style.CN, Style.CN_PAREN, Style.ARABIC, Style.ARABIC_PAREN, Style.CIRCLED, Style.CHAPTER):
        parsed = heading_number(number_prefix(style, 7) + "标题")
        assert parsed is not None and (parsed.style, parsed.number, parsed.title) == (style, 7, "标题")


def test_similarity_ignores_generic_words_but_not_the_distinctive_ones() -> None:
    assert similarity("收入情况", "（一）收入情况：") == 1.0
    assert similarity("收入情况", "支出情况") < 0.3
    assert similarity("人员经费", "公用经费") < 0.66
    assert similarity("部门财政支出管理情况", "部门整体支出管理情况") >= 0.66
    assert similarity("问题", "其他需要说明的问题") < 0.66
    assert similarity("", "收入") == 0.0


@pytest.mark.parametrize("title, key", [
    ("部门(单位)概况", "overview"), ("部门（单位）概况", "overview"), ("单位基本情况", "overview"),
    ("部门财政资金收支情况", "finance"), ("收支情况", "finance"),
    ("部门财政支出管理情况", "management"), ("评价结论及建议", "conclusion"),
    ("机构组成", "org"), ("机构设置情况", "org"), ("主要职能", "duties"), ("人员概况", "staff"),
    ("人员编制情况", "staff"), ("预算执行情况", "execution"), ("“三公”经费情况", "sangong"),
    ("三公经费支出情况", "sangong"), ("部门决策情况", "decision"), ("综合管理情况", "admin"),
    ("存在的主要问题", "problems"), ("存在问题", "problems"), ("下一步改进措施", "advice"),
    ("改进建议", "advice"), ("自评结论", "verdict"), ("履职成效", "results_duty"),
    ("可持续发展能力", "results_sustain"), ("绩效评价得分表", "scoring"),
])
def test_headings_find_their_section_group_or_field(title: str, key: str) -> None:
    found = match_heading(title, TARGETS)
    assert found is not None, title
    assert found.target.key == key or (found.target.kind == "field" and key in found.target.key), found


def test_each_declared_title_matches_itself_first() -> None:
    for target in TARGETS:
        found = match_heading(target.title, [t for t in TARGETS if t.kind == target.kind])
        assert found is not None and found.target.title == target.title, target


def test_headings_that_are_no_section_match_nothing() -> None:
    for title in ("其他需要说明的问题", "附件", "工作完成情况", "关于印发通知", "主要做法"):
        assert match_heading(title, TARGETS) is None, title


def test_heading_numbers_are_ignored_when_matching() -> None:
    found = match_heading("（三）存在的问题", TARGETS)
    assert found is not None and found.target.key == "problems"


def test_national_framework_titles_are_targets() -> None:
    national = load_framework("national-2020")
    found = match_heading("部门整体绩效目标实现情况", heading_targets(national))
    assert found is not None and found.target.key == "management"


@pytest.mark.parametrize("label, key", [
    ("单位名称：", "unit_name"), ("单位名称（盖章）", "unit_name"), ("填报单位", "unit_name"),
    ("联 系 人", "contact"), ("联系电话:", "phone"), ("电话", "phone"), ("预算单位编码", "budget_code"),
    ("主管部门", "supervisor"), ("评价年度", "eval_year"), ("所属年度", "eval_year"),
    ("报告日期", "report_date"), ("人员经费（万元）", "exp_personnel"), ("公用经费", "exp_public"),
    ("本年收入合计", "inc_year_total"), ("本年收入", "inc_year_total"), ("上年结转", "inc_carryover"),
    ("项目支出", "exp_project"), ("基本支出", "exp_basic"), ("编制数", "staff_quota"),
])
def test_labels_find_their_fields(label: str, key: str) -> None:
    found = match_label(label)
    assert found is not None and found.key == key, (label, found)


def test_every_declared_label_matches_its_own_field() -> None:
    for spec in FIELDS:
        found = match_label(spec.label)
        assert found is not None and found.key == spec.key and found.score == 1.0, spec.key


def test_labels_can_be_limited_and_unknown_labels_match_nothing() -> None:
    cover = [f.key for f in FIELDS if f.group == "cover"]
    assert match_label("人员经费", keys=cover) is None
    found = match_label("联系人", keys=cover)
    assert found is not None and found.key == "contact"
    for label in ("备注", "序号", "", "：", "合计金额说明"):
        assert match_label(label) is None, label


def test_split_label() -> None:
    assert split_label("单位名称：蓉溪市农业农村局") == ("单位名称", "蓉溪市农业农村局")
    assert split_label("联系电话: 028-86123456") == ("联系电话", "028-86123456")
    assert split_label("经自评，本单位认为：目标明确") is None
    assert split_label("没有冒号的一句话") is None


@pytest.mark.parametrize("name, node", [
    ("相关性", "relevance"), ("省级（或市级）财力专项预算分配时限", "alloc_local"),
    ("省级财力专项预算分配时限", "alloc_local"), ("重点改革（重点工作）完成情况", "reform"),
    ("科技（制度、方法、机制等）创新", "innovation"), ("社会公众满意度", "sat_public"),
    ("内部控制制度健全完整", "internal_control"), ("资产管理", "assets"), ("部门 决策", "decision"),
    ("履职成效", "duty"),
])
def test_indicator_names_find_their_nodes(name: str, node: str) -> None:
    found = match_indicator(name, SICHUAN)
    assert found is not None and found.node.id == node, (name, found)


def test_every_node_of_every_framework_matches_itself() -> None:
    for framework in builtin_frameworks():
        for node in framework.walk():
            found = match_indicator(node.name, framework)
            assert found is not None and found.node.id == node.id, node.id


def test_indicator_parents_break_ties_and_unknown_names_match_nothing() -> None:
    national = load_framework("national-2020")
    found = match_indicator("满意度指标", national, parents=["满意度指标"])
    assert found is not None and found.node.id == "satisfaction"
    assert match_indicator("预算执行率", SICHUAN) is None
    assert match_indicator("会议费", SICHUAN) is None


def test_groups_all_have_targets() -> None:
    keys = {t.key for t in TARGETS}
    assert {g for g in GROUPS if g not in ("cover", "signature")} <= keys
