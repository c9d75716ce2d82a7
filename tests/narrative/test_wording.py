"""narrative.doc_number, narrative.template, narrative.template_question, narrative.year."""

from __future__ import annotations

import pytest

from tests.narrative.helpers import found

DOC_WRONG = [
    ("依据蓉财发2019 10号文件执行。", "六角括号", "蓉财发〔2019〕10号"),
    ("依据蓉财发〔201910号文件执行。", "没有闭合", "蓉财发〔2019〕10号"),
    ("依据蓉财发【2019】10号文件执行。", "不用“【】”", "蓉财发〔2019〕10号"),
    ("依据蓉财发〔2019〕010号文件执行。", "虚位", "蓉财发〔2019〕10号"),
    ("依据蓉财发〔2019〕第10号文件执行。", "不加“第”", "蓉财发〔2019〕10号"),
    ("依据财预(2020)10号文件执行。", "不用“()”", "财预〔2020〕10号"),
    ("依据财预〔20〕10号文件执行。", "四位", "财预〔2020〕10号"),
]


@pytest.mark.parametrize(("text", "why", "fixed"), DOC_WRONG)
def test_a_malformed_document_number_is_named_with_its_correct_form(text: str, why: str, fixed: str) -> None:
    findings = found("admin_text", text, "narrative.doc_number")
    assert len(findings) == 1
    assert why in findings[0].message and f"“{fixed}”" in findings[0].message


@pytest.mark.parametrize("text", [
    "依据蓉财发〔2019〕10号文件执行。",
    "省人民政府令第10号公布施行。",  # a 令 is numbered 第N号
    "2019年10号台风过境。",
    "办公地点位于10号楼。",
])
def test_correct_document_numbers_and_other_numbers_are_silent(text: str) -> None:
    assert found("admin_text", text, "narrative.doc_number") == []


TEMPLATE = [
    ("××局2025年完成各项工作。", "××"),
    ("本年项目支出XX万元。", "XX"),
    ("由某某科室负责。", "某某"),
    ("主要成效：（请填写）", "请填写"),
    ("此处填写部门职能概述。", "此处填写"),
    ("本项目资金全部到位。", "本项目"),
    ("部门（单位）或项目的绩效目标已设定。", "部门（单位）或项目"),
]


@pytest.mark.parametrize(("text", "left"), TEMPLATE)
def test_template_wording_left_in_is_quoted(text: str, left: str) -> None:
    findings = found("admin_text", text, "narrative.template")
    assert findings and f"“{left}”" in findings[0].message


@pytest.mark.parametrize("text", ["XXL 号的工作服已采购。", "某村完成了改厕。", "各项目均已完工验收。",
                                  "高标准农田建设项目已完成。"])
def test_ordinary_words_are_not_template_wording(text: str) -> None:
    assert found("admin_text", text, "narrative.template") == []


QUESTIONS = [
    "绩效目标是否细化量化。",
    "目标是否明确、合理。",
    "有无健全的内控制度？",
    "预算编制是否科学？",
    "资金使用合规，绩效目标是否细化量化。",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_template_question_left_as_a_question_is_named(text: str) -> None:
    findings = found("decision_targets", text, "narrative.template_question")
    assert len(findings) == 1 and "作答" in findings[0].message


@pytest.mark.parametrize("text", [
    "重点检查了资金使用是否合规、项目实施是否达到预期目标。",
    "根据项目是否完工分别处理结转资金。",
    "绩效目标已细化量化，与部门职能相关。",
    "对是否存在违规发放津贴补贴进行了专项检查。",
])
def test_whether_as_the_object_of_a_statement_is_silent(text: str) -> None:
    assert found("decision_targets", text, "narrative.template_question") == []


# The sample's 评价年度 is 2025.
YEARS = [
    ("income_text", "2024年本单位收入合计4,082.89万元。"),
    ("verdict_text", "经自评，本局2024年度部门整体支出绩效自评得分93.00分。"),
    ("staff_text", "2024年12月31日在职人员88人。"),
    ("results_duty", "2023年全年完成农村人居环境整治126个村。"),
]


@pytest.mark.parametrize(("key", "text"), YEARS)
def test_another_year_written_as_the_evaluated_one_is_named(key: str, text: str) -> None:
    findings = found(key, text, "narrative.year")
    assert len(findings) == 1 and "评价年度是 2025 年" in findings[0].message


@pytest.mark.parametrize(("key", "text"), [
    ("income_text", "收入较2024年增长4.6%。"),
    ("expense_text", "与2024年相比，项目支出减少86.32万元。"),
    ("problems_text", "2024年审计指出的问题已全部整改。"),
    ("execution_text", "按照《2024年度预算绩效管理工作要点》开展。"),
    ("income_text", "截至2024年底结转资金231.56万元。"),
    ("advice_text", "2026年将进一步加强管理。"),
    ("org_text", "2019年机构改革后组建本局。"),  # history in 机构组成 is not read
])
def test_comparisons_the_past_and_the_future_are_silent(key: str, text: str) -> None:
    assert found(key, text, "narrative.year") == []


def test_the_year_rule_follows_the_evaluated_year() -> None:
    text = "2025年本单位收入合计4,082.89万元。"
    assert found("income_text", text, "narrative.year") == []
    later = found("income_text", text, "narrative.year", eval_year=2026)
    assert "评价年度是 2026 年" in next(f.message for f in later if f.fields == ("values.income_text",))
