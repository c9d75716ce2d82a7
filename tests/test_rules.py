"""Rules: the sample is clean; every slip a clerk makes is reported in plain Chinese with the numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.compute import compute_totals
from models.fields import FIELD_BY_KEY, FIELDS, Kind
from models.findings import Finding, Severity
from models.money import format_money
from models.report import IndicatorRow, Report
from models.rules import RULES, readiness, validate
from models.sample import build_sample

D = Decimal


def rules_of(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def test_sample_has_no_findings_at_all() -> None:
    report = build_sample()
    assert validate(report) == []
    assert readiness(report).ready


def test_empty_report_lists_required_fields_and_is_not_ready() -> None:
    findings = validate(Report.new())
    required = {f.fields[0] for f in findings if f.rule == "field.required"}
    assert {f"values.{s.key}" for s in FIELDS if s.required and s.default is None} <= required
    assert not readiness(Report.new()).ready
    assert all(f.message and "【" in f.message for f in findings)


MONEY_KEYS = [s.key for s in FIELDS if s.kind is Kind.MONEY and build_sample().money(s.key)]


@pytest.mark.parametrize("key", MONEY_KEYS)
def test_scaling_any_money_figure_by_ten_is_reported_with_label_and_numbers(key: str) -> None:
    report = build_sample()
    original = report.money(key)
    assert original
    report.values[key] = original * 10
    findings = [f for f in validate(report) if f.severity is not Severity.INFO and f"values.{key}" in f.fields]
    assert findings, key
    message = findings[0].message
    assert f"「{FIELD_BY_KEY[key].label}」" in message or FIELD_BY_KEY[key].label in message
    assert format_money(original * 10) in message  # the wrong figure, as the clerk typed it


def test_identity_message_names_total_parts_and_difference() -> None:
    report = build_sample()
    report.values["inc_other"] = D("226530.50")
    finding = next(f for f in validate(report) if f.rule == "income.year_total")
    assert finding.severity is Severity.ERROR
    assert "本年收入合计" in finding.message and "40,828,930.50 元" in finding.message
    assert "40,928,930.50 元" in finding.message  # the sum of the parts
    assert "相差 100,000.00 元" in finding.message
    assert finding.section == "finance"
    assert finding.message.startswith("【二、部门财政资金收支情况·收入情况】")


def test_wan_yuan_slip_in_a_part_is_named() -> None:
    report = build_sample()
    report.values["exp_public"] = D("3218450.30") * 10000
    finding = next(f for f in validate(report) if f.rule == "expense.basic")
    assert "日常公用经费" in finding.message and "一万倍" in finding.message


def test_messages_show_wan_when_clerk_works_in_wan() -> None:
    from models.money import Unit

    report = build_sample()
    report.display_unit = Unit.WAN
    report.values["exp_project"] = D("19032880.30")
    finding = next(f for f in validate(report) if f.rule == "expense.year_total")
    assert "万元" in finding.message


def test_spending_beyond_income_without_carryover_is_a_warning() -> None:
    report = build_sample()
    report.values["inc_carryover"] = D("0.00")
    report.values["exp_year_total"] = D("41000000.00")
    finding = next(f for f in validate(report) if f.rule == "expense.over_income")
    assert finding.severity is Severity.WARNING
    assert "41,000,000.00 元" in finding.message and "40,828,930.50 元" in finding.message


@pytest.mark.parametrize(("spent", "word"), [("30000000.00", "低于 90%"), ("45000000.00", "超过 100%")])
def test_execution_rate_out_of_band_needs_a_reason(spent: str, word: str) -> None:
    report = build_sample()
    report.values["fund_total_spent"] = D(spent)
    report.values["fund_fiscal_spent"] = D(spent) - D("1285900.00") - D("976530.50")
    finding = next(f for f in validate(report) if f.rule == "execution.rate")
    assert word in finding.message and "%" in finding.message
    report.values["execution_reason"] = "年底追加的农田建设资金尚未到拨付节点。"
    assert "execution.rate" not in rules_of(validate(report))


def test_reason_over_hundred_characters_is_an_error() -> None:
    report = build_sample()
    report.values["execution_reason"] = "原" * 101
    finding = next(f for f in validate(report) if f.rule == "field.length")
    assert "101 字" in finding.message and "100 字" in finding.message


def test_personnel_as_of_date_in_previous_year() -> None:
    report = build_sample()
    report.values["staff_as_of"] = dt.date(2024, 12, 31)
    finding = next(f for f in validate(report) if f.rule == "staff.as_of_year")
    assert finding.severity is Severity.ERROR
    assert "2024年12月31日" in finding.message and "2025年12月31日" in finding.message


def test_staff_parts_and_quota() -> None:
    report = build_sample()
    report.values["staff_total"] = 90
    assert "staff.total" in rules_of(validate(report))
    report = build_sample()
    report.values["staff_quota"] = 70
    assert "staff.over_quota" in rules_of(validate(report))


def test_scores_out_of_bounds_and_missing() -> None:
    report = build_sample()
    report.scores["relevance"] = D("6")
    del report.scores["clarity"]
    findings = validate(report)
    bounds = next(f for f in findings if f.rule == "score.bounds")
    assert "相关性" in bounds.message and "6 分" in bounds.message and "0 到 5 分" in bounds.message
    missing = next(f for f in findings if f.rule == "score.missing")
    assert "明确性" in missing.message and missing.fields == ("scores.clarity",)


def test_department_rows_must_total_their_points() -> None:
    report = build_sample()
    report.rows[0].points = D("2.00")
    report.rows[0].score = D("2.00")
    finding = next(f for f in validate(report) if f.rule == "rows.points_total")
    assert "18 分" in finding.message and "应为 20 分" in finding.message
    report.rows.clear()
    finding = next(f for f in validate(report) if f.rule == "rows.missing")
    assert "还没有部门自定指标" in finding.message


def test_row_score_above_points_and_missing_columns() -> None:
    report = build_sample()
    report.rows[1].score = D("5")
    report.rows[2].actual = ""
    messages = [f.message for f in validate(report) if f.rule == "rows.fields"]
    assert any("超出了 0 到 4 分" in m for m in messages)
    assert any("缺少：实际完成值" in m for m in messages)


def test_deviation_beyond_thirty_percent_needs_reason() -> None:
    report = build_sample()
    report.rows[0].actual = "60"
    finding = next(f for f in validate(report) if f.rule == "rows.deviation")
    assert "偏离 50%" in finding.message


def test_grade_follows_total_as_displayed() -> None:
    report = build_sample()
    report.values["verdict_text"] = "经自评，本局自评得分93.00分，评价等级为“优”。" + report.text("verdict_text")
    report.scores["relevance"] = D("0")
    report.scores["clarity"] = D("2.00")
    totals = compute_totals(report)
    assert totals.total == D("85.50") and totals.grade == "良"
    finding = next(f for f in validate(report) if f.rule == "verdict.consistent")
    assert "93.00" in finding.message and "85.50" in finding.message


def test_grade_boundary_is_on_rounded_total() -> None:
    fw_report = build_sample()
    fw_report.values["verdict_text"] = ""
    fw_report.scores["sat_public"] = D("0.60")  # total 90.00 exactly
    totals = compute_totals(fw_report)
    assert totals.total == D("90.00") and totals.grade == "优"


def test_verdict_quoting_a_wrong_grade() -> None:
    report = build_sample()
    report.values["verdict_text"] = "经自评，本局得分93.00分，评价等级为“良”。"
    finding = next(f for f in validate(report) if f.rule == "verdict.consistent")
    assert "“良”" in finding.message and "“优”" in finding.message


def test_problems_written_as_just_none() -> None:
    report = build_sample()
    report.values["problems_text"] = "无。"
    assert "text.substance" in rules_of(validate(report))
    report.values["problems_text"] = "  "
    assert "field.required" in rules_of(validate(report))


def test_narrative_figure_in_wrong_unit_is_caught() -> None:
    report = build_sample()
    report.values["expense_text"] = "本年人员经费1,843.62元，主要用于工资福利。"
    finding = next(f for f in validate(report) if f.rule == "narrative.figures")
    assert "人员经费" in finding.message and "一万倍" in finding.message
    assert finding.fields == ("values.expense_text", "values.exp_personnel")


def test_narrative_figure_that_disagrees() -> None:
    report = build_sample()
    report.values["income_text"] = "本年财政拨款收入3,800.00万元。"
    finding = next(f for f in validate(report) if f.rule == "narrative.figures")
    assert "3,800.00万元" in finding.message and "38,652,400.00 元" in finding.message


def test_unlabelled_wan_slip_is_caught() -> None:
    report = build_sample()
    report.values["results_duty"] = "全年共投入86,000.00万元用于出国考察。"  # 因公出国(境)费 is 86,000.00 元
    finding = next(f for f in validate(report) if f.rule == "narrative.figures")
    assert "因公出国（境）费" in finding.message


def test_full_width_digits_in_narrative_are_read() -> None:
    report = build_sample()
    report.values["expense_text"] = "人员经费１，８４３．６２元。"
    assert "narrative.figures" in rules_of(validate(report))


def test_dates_before_year_end_warn() -> None:
    report = build_sample()
    report.values["report_date"] = dt.date(2025, 6, 1)
    assert "date.after_year" in rules_of(validate(report))


def test_explained_warning_counts_as_acknowledged() -> None:
    report = build_sample()
    report.values["staff_quota"] = 70
    state = readiness(report)
    assert not state.ready and len(state.open_warnings) == 1
    report.explanations[state.open_warnings[0].key] = "含编外聘用的驻村工作队员。"
    assert readiness(report).ready


def test_national_framework_rows_share_level_one_points() -> None:
    report = Report.new("national-2020")
    report.rows = [IndicatorRow(node="out_quantity", name="a", target="1", actual="1",
                                points=D("30"), score=D("30")),
                   IndicatorRow(node="out_quality", name="b", target="1", actual="1",
                                points=D("20"), score=D("18"))]
    findings = [f for f in validate(report) if f.rule in ("rows.points_total", "rows.missing")]
    names = " ".join(f.message for f in findings)
    assert "产出指标" not in names  # 30 + 20 = 50
    assert "效益指标" in names and "满意度指标" in names


def test_national_execution_rate_scores_itself() -> None:
    report = build_sample()
    report.framework_id = "national-2020"
    report.scores = {}
    totals = compute_totals(report)
    assert totals.node_scores["budget_exec"] == D("9.43")


def test_every_rule_has_a_catalogue_entry() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.doc and r.title for r in RULES)


def test_unknown_row_node_is_reported() -> None:
    report = build_sample()
    report.rows.append(IndicatorRow(node="nope", name="x"))
    assert any("不存在" in f.message for f in validate(report) if f.rule == "rows.fields")


def test_maximal_report_fills_every_field_and_is_clean() -> None:
    from models.sample import build_maximal

    report = build_maximal()
    assert all(report.is_filled(spec.key) for spec in FIELDS)
    assert len(report.rows) == 100
    assert validate(report) == []
