"""Rules of a draft started from last year's report: 上年内容 to review, the opening balance, and the
narrative rules (i13's) firing on carried text; a final export waits for every carried narrative."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from carry_helpers import filled_next_year

from exporters.api import BlockedError, export_report
from models.carry_forward import next_year
from models.figure_text import follow
from models.findings import Finding
from models.frameworks import load_framework
from models.report import CONFIRMED_TEXT, Report, carry_confirmation_key
from models.rules import readiness, validate
from models.sample import build_sample
from models.step_states import StepState, step_status


def _of(report: Report, rule: str) -> list[Finding]:
    return [f for f in validate(report) if f.rule == rule]


def test_every_unreviewed_narrative_is_a_warning_naming_the_field() -> None:
    new = next_year(build_sample())
    found = _of(new, "carry.unreviewed")
    assert [f.fields for f in found] == [(f"values.{k}",) for k in new.unreviewed()]
    problems = next(f for f in found if f.fields == ("values.problems_text",))
    assert problems.severity.value == "warning" and problems.section == "conclusion"
    assert "「存在问题」" in problems.message and "上年（2025年）" in problems.message and "已核对" in problems.message
    assert problems.key == carry_confirmation_key("problems_text"), "its explanation is the confirmation"


def test_edited_or_confirmed_narratives_are_no_longer_warned() -> None:
    new = next_year(build_sample())
    new.values["problems_text"] = "一是部分项目资金拨付进度偏慢。"
    new.explanations[carry_confirmation_key("advice_text")] = CONFIRMED_TEXT
    keys = {f.field for f in _of(new, "carry.unreviewed")}
    assert "values.problems_text" not in keys and "values.advice_text" not in keys
    assert "values.results_duty" in keys


def test_a_report_not_started_from_last_year_has_no_carry_findings() -> None:
    report = build_sample()
    assert not _of(report, "carry.unreviewed") and not _of(report, "carry.opening_balance")


def test_a_step_with_unreviewed_text_is_never_complete() -> None:
    new = filled_next_year()
    fw = load_framework(new.framework_id)
    findings = validate(new)
    assert step_status(new, fw, findings, "management").state is StepState.PROBLEMS
    for key in ("decision_targets", "decision_budget", "admin_text", "results_duty", "results_sustain",
                "results_satisfaction"):
        new.explanations[carry_confirmation_key(key)] = CONFIRMED_TEXT
    assert step_status(new, fw, validate(new), "management").state is StepState.COMPLETE


def _review_everything(report: Report) -> None:
    for key in report.unreviewed():
        report.explanations[carry_confirmation_key(key)] = CONFIRMED_TEXT


def test_a_final_export_is_refused_while_text_is_unreviewed_and_allowed_after(tmp_path: Path) -> None:
    new = filled_next_year()
    assert not readiness(new).errors, "no error: only the carried text stands in the way"
    docx = tmp_path / "2026.docx"
    with pytest.raises(BlockedError) as info:
        export_report(new, docx=docx, xlsx=None)
    message = str(info.value)
    assert message.startswith(f"报告还有 {len(new.unreviewed())} 项上年内容尚未核对，不能正式导出")
    assert "「存在问题」" in message and "「收入情况说明」" in message and not docx.exists()
    draft = export_report(new, docx=docx, xlsx=None, draft=True)
    assert draft.draft and docx.exists(), "a draft export is never refused"
    docx.unlink()
    new.values["results_duty"] = new.text("results_duty").replace("126个村", "131个村")  # edited
    _review_everything(new)  # the rest confirmed
    result = export_report(new, docx=docx, xlsx=None)
    assert docx.exists() and not result.draft


def test_errors_and_unreviewed_text_are_both_named(tmp_path: Path) -> None:
    new = filled_next_year()
    new.values["inc_year_total"] = Decimal("1.00")
    with pytest.raises(BlockedError, match=r"个错误，不能正式导出.*另有 \d+ 项上年内容尚未核对"):
        export_report(new, docx=tmp_path / "a.docx", xlsx=None)


def test_opening_balance_equal_to_last_years_closing_is_silent() -> None:
    assert not _of(next_year(build_sample()), "carry.opening_balance")


def test_opening_balance_different_from_last_years_closing_is_a_warning_with_the_numbers() -> None:
    new = next_year(build_sample())
    new.values["inc_carryover"] = Decimal("2400000.00")
    (finding,) = _of(new, "carry.opening_balance")
    assert finding.severity.value == "warning" and finding.fields == ("values.inc_carryover",)
    assert "2,400,000.00 元" in finding.message and "2,457,000.00 元" in finding.message
    assert "相差 57,000.00 元" in finding.message and "上年（2025年）" in finding.message
    new.explanations[finding.key] = "上年决算批复后调整了结转资金。"
    assert finding in readiness(new).explained and finding not in readiness(new).open_warnings


def test_an_emptied_opening_balance_is_named_too() -> None:
    new = next_year(build_sample())
    del new.values["inc_carryover"]
    (finding,) = _of(new, "carry.opening_balance")
    assert "未填写" in finding.message


def test_opening_balance_is_not_compared_with_a_year_that_is_not_the_one_before() -> None:
    new = next_year(build_sample(), 2027)
    new.values["inc_carryover"] = Decimal("1.00")
    assert not _of(new, "carry.opening_balance")


# ---------------------------------------------------------------- i13's rules on carried text


def test_last_years_year_written_as_this_years_in_carried_text_is_quoted() -> None:
    last = build_sample()
    last.values["results_sustain"] = "2025年本局选派12名技术骨干参加省级培训。"
    new = filled_next_year(last)
    assert new.is_unreviewed("results_sustain")
    (finding,) = _of(new, "narrative.year")
    assert finding.fields[0] == "values.results_sustain"
    assert "2025年本局选派12名技术骨干参加省级培训" in finding.message and "2026" in finding.message
    new.values["results_sustain"] = "2026年本局选派15名技术骨干参加省级培训，较2025年增加3名。"
    assert not _of(new, "narrative.year"), "an explicit comparison is correct text"


def _hand_written_income(text: str) -> Report:
    """Last year's report whose 收入情况说明 the clerk wrote by hand (no generated paragraph)."""
    last = build_sample()
    last.generated.pop("income_text", None)
    last.values["income_text"] = text
    return last


@pytest.mark.parametrize(("this_year", "stated", "fires"), [
    ("42706000.00", "增长4.6%", False),  # 4.597 %, 4.6 to the one decimal the text shows
    ("42718930.50", "增长4.6%", False),  # 4.629 %: "增长4.6%" against 4.63 % is right
    ("42718930.50", "增长4.63%", False),
    ("42718930.50", "增长5.2%", True),
    ("42718930.50", "减少4.6%", True),  # the direction is wrong
])
def test_growth_in_carried_text_is_checked_against_the_prior_year(this_year: str, stated: str, fires: bool) -> None:
    last = _hand_written_income(f"本年收入合计较上年{stated}，主要是项目资金增加。")
    new = next_year(last)
    assert new.is_unreviewed("income_text")
    new.values["inc_year_total"] = Decimal(this_year)
    found = [f for f in _of(new, "narrative.growth") if f.fields[0] == "values.income_text"]
    assert bool(found) is fires, [f.message for f in found]
    if fires:
        assert "上年（2025年）40,828,930.50 元" in found[0].message


def test_a_generated_paragraph_follows_this_years_figures_and_is_not_last_years() -> None:
    new = filled_next_year()
    assert new.text("income_text").startswith("2026年本年收入合计")
    assert new.is_unreviewed("income_text"), "the clerk's sentence after it is still last year's"
    new.values["inc_fiscal"] = new.money_or_zero("inc_fiscal") + Decimal("100.00")
    follow(new)
    assert new.is_unreviewed("income_text"), "the paragraph rewriting itself is no review"
