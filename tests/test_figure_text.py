"""The figure sentences written from the fields (models/figure_text.py): exact, and never a finding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.draft_format import DraftFormatError, report_from_dict, report_to_dict
from models.figure_text import (
    GENERATED_KEYS,
    NotYetWritable,
    follow,
    generate,
    inserted,
    missing,
    still_live,
    with_paragraph,
)
from models.money import Unit
from models.report import PriorYear, Report
from models.rules import validate
from models.sample import build_sample

D = Decimal


def test_the_sample_income_paragraph_in_wan() -> None:
    assert generate(build_sample(), "income_text") == (
        "2025年本年收入合计4,082.89万元，较上年增加179.62万元，增长4.60%。其中：财政拨款收入3,865.24万元，"
        "占本年收入合计的94.67%；"
        "政府性基金预算财政拨款收入120.00万元，占本年收入合计的2.94%；上级补助收入85.00万元，占本年收入合计的2.08%；"
        "其他收入12.65万元，占本年收入合计的0.31%。此外，年初结转和结余231.56万元，收入总计4,314.45万元。")


def test_the_sample_expense_paragraph_lists_basic_parts_and_sangong() -> None:
    text = generate(build_sample(), "expense_text")
    assert text == (
        "2025年本年支出合计4,068.75万元，较上年增加173.75万元，增长4.46%。其中：基本支出2,165.47万元，"
        "占本年支出合计的53.22%（人员经费1,843.62万元、日常公用经费321.85万元）；项目支出1,903.29万元，"
        "占本年支出合计的46.78%。年末结转和结余245.70万元。2025年“三公”经费支出55.71万元，较上年减少4.09万元，"
        "下降6.85%，其中因公出国（境）费8.60万元、"
        "公务用车购置及运行维护费41.23万元、公务接待费5.88万元。")


def test_the_sample_execution_and_staff_paragraphs() -> None:
    report = build_sample()
    assert generate(report, "execution_text") == (
        "2025年全年预算数4,314.45万元，全年执行数4,068.75万元，预算执行率94.31%。分资金来源看，"
        "本年财政拨款全年预算数3,985.24万元、全年执行数3,842.51万元；上年结转资金全年预算数231.56万元、"
        "全年执行数128.59万元；其他资金全年预算数97.65万元、全年执行数97.65万元。")
    assert generate(report, "staff_text") == (
        "截至2025年12月31日，本单位编制数86人，年末在职人数88人，其中行政编制52人、事业编制27人、其他人员9人；"
        "离休人员2人、退休人员64人。")


def test_in_yuan_every_amount_is_exact() -> None:
    text = generate(build_sample(), "income_text", unit=Unit.YUAN)
    assert text is not None
    assert text.startswith("2025年本年收入合计40,828,930.50元，较上年增加1,796,200.00元，增长4.60%。"
                           "其中：财政拨款收入38,652,400.00元，")
    assert "万元" not in text


def test_zero_and_empty_parts_are_left_out_and_nothing_is_invented() -> None:
    report = Report.new()
    report.values.update({"eval_year": 2025, "inc_fiscal": D("500000.00"), "inc_other": D("0.00"),
                          "inc_year_total": D("500000.00")})
    assert generate(report, "income_text") == "2025年本年收入合计50.00万元。其中：财政拨款收入50.00万元，占本年收入合计的100.00%。"
    report.values.pop("inc_year_total")
    assert generate(report, "income_text") is None
    assert missing(report, "income_text") == ["本年收入合计"]
    assert generate(report, "staff_text") is None
    assert missing(report, "staff_text") == ["编制数", "年末在职人数", "人员统计截止日期"]


def test_a_tiny_part_is_shown_in_yuan_rather_than_as_zero_wan() -> None:
    report = Report.new()
    report.values.update({"eval_year": 2025, "inc_fiscal": D("999970.00"), "inc_other": D("30.00"),
                          "inc_year_total": D("1000000.00")})
    text = generate(report, "income_text", phrasing="brief")
    assert text == "2025年本年收入合计100.00万元。其中：财政拨款收入100.00万元；其他收入30.00元。"


@pytest.mark.parametrize(("before", "expected"), [
    ("39033394.36", "2025年本年收入合计4,082.89万元，较上年增加179.55万元，增长4.60%。"),
    ("42000000.00", "2025年本年收入合计4,082.89万元，较上年减少117.11万元，下降2.79%。"),
    ("40828930.50", "2025年本年收入合计4,082.89万元，与上年持平。"),
])
def test_growth_against_last_years_figures(before: str, expected: str) -> None:
    report = Report.new()
    report.values.update({"eval_year": 2025, "inc_year_total": D("40828930.50")})
    assert generate(report, "income_text", prior={"inc_year_total": D(before)}) == expected


def test_the_brief_phrasing_rounds_percentages_to_one_decimal() -> None:
    report = build_sample()
    text = generate(report, "execution_text", phrasing="brief")
    assert text is not None and "预算执行率94.3%" in text


def test_the_paragraph_goes_first_and_the_clerks_text_stays_after_it() -> None:
    assert with_paragraph("收入增加主要是项目资金增加。", "甲。") == "甲。\n收入增加主要是项目资金增加。"
    assert with_paragraph("", "甲。") == "甲。"
    # Regenerated: the old paragraph is replaced, never repeated.
    assert with_paragraph("甲。\n乙。", "丙。", old="甲。") == "丙。\n乙。"


def _findings_on(report: Report, keys: tuple[str, ...]) -> list[str]:
    paths = {f"values.{key}" for key in keys}
    return [f.message for f in validate(report) if paths & set(f.fields)]


def test_the_sample_with_generated_paragraphs_raises_no_finding_on_them() -> None:
    report = build_sample()
    for key in GENERATED_KEYS:
        paragraph = generate(report, key)
        assert paragraph is not None
        report.values[key] = with_paragraph(report.text(key), paragraph)
    assert _findings_on(report, GENERATED_KEYS) == []


# Money in 元 with 2 decimals, from a few 元 to a few 亿元, often zero (a part a unit does not have).
_amount = st.one_of(st.just(D("0.00")), st.decimals(min_value=D("1.00"), max_value=D("900000000.00"), places=2))


@st.composite
def consistent_reports(draw: st.DrawFn) -> Report:
    """A report whose figures satisfy every identity, as a clerk's correct report does."""
    report = build_sample()
    money = report.values
    income = {k: draw(_amount) for k in ("inc_fiscal", "inc_fund", "inc_superior", "inc_business", "inc_other")}
    money.update(income)
    for key in ("inc_soe", "inc_operating", "inc_affiliated"):
        money.pop(key, None)
    money["inc_year_total"] = sum(income.values(), D("0.00"))
    money["inc_carryover"] = draw(_amount)
    money["inc_grand_total"] = money["inc_year_total"] + money["inc_carryover"]
    grand = money["inc_grand_total"]
    # Spending is a share of what came in, split into parts that add up.
    spent = (grand * D(draw(st.integers(0, 100))) / 100).quantize(D("0.01"))
    personnel = (spent * D(draw(st.integers(0, 60))) / 100).quantize(D("0.01"))
    public = (spent * D(draw(st.integers(0, 30))) / 100).quantize(D("0.01"))
    money.update({"exp_personnel": personnel, "exp_public": public, "exp_basic": personnel + public,
                  "exp_project": spent - personnel - public, "exp_year_total": spent,
                  "surplus_distribution": D("0.00"), "year_end_carryover": grand - spent,
                  "exp_grand_total": grand})
    budget = grand if grand else D("1.00")
    money.update({"fund_total_budget": budget, "fund_total_spent": spent if grand else D("0.00")})
    for key in [k for k in money if str(k).startswith("fund_") and k not in ("fund_total_budget",
                                                                             "fund_total_spent")]:
        money.pop(key)
    sangong = {k: draw(_amount) for k in ("sangong_abroad", "sangong_vehicle", "sangong_reception")}
    money.update(sangong)
    money["sangong_total"] = sum(sangong.values(), D("0.00"))
    admin, inst, other = draw(st.integers(0, 400)), draw(st.integers(0, 400)), draw(st.integers(0, 50))
    money.update({"staff_admin": admin, "staff_inst": inst, "staff_other": other,
                  "staff_total": admin + inst + other, "staff_quota": draw(st.integers(admin + inst, 900)),
                  "retired_li": draw(st.integers(0, 20)), "retired_tui": draw(st.integers(0, 500)),
                  "staff_as_of": dt.date(2025, 12, 31)})
    # Last year's figures, when the draft was started from last year's (上年数): anything from a tenth to
    # ten times this year's, or missing.
    prior = {key: (money[key] * D(draw(st.integers(10, 1000))) / 100).quantize(D("0.01"))
             for key in ("inc_year_total", "exp_year_total", "sangong_total") if draw(st.booleans())}
    report.prior = PriorYear(2024, prior) if prior else None
    return report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_reports(), unit=st.sampled_from(list(Unit)), phrasing=st.sampled_from(["standard", "brief"]))
def test_a_generated_paragraph_never_raises_a_narrative_finding(report: Report, unit: Unit, phrasing: str) -> None:
    for key in GENERATED_KEYS:
        paragraph = generate(report, key, unit=unit, phrasing=phrasing)
        report.values[key] = paragraph or ""
    assert _findings_on(report, GENERATED_KEYS) == []


# ----------------------------------------------------------------- following the figures


def test_a_live_paragraph_follows_the_figures_and_keeps_the_clerks_text() -> None:
    report = build_sample()
    assert set(report.generated) == {"income_text", "expense_text", "execution_text", "staff_text"}
    report.values["inc_other"] = D("0.00")
    report.values["inc_year_total"] = D("40702400.00")
    report.values["inc_grand_total"] = D("43018000.00")
    assert follow(report) == ["income_text"]
    text = report.text("income_text")
    assert text.startswith("2025年本年收入合计4,070.24万元，较上年增加166.97万元，增长4.28%。")
    assert "其他收入" not in text and text.endswith("\n收入增加主要是高标准农田建设项目资金增加。")
    assert report.generated["income_text"].paragraph == text.split("\n")[0]
    assert follow(report) == []  # nothing changed: nothing rewritten


def test_a_paragraph_whose_figures_are_cleared_goes_and_comes_back() -> None:
    report = build_sample()
    total = report.values.pop("inc_year_total")
    assert follow(report) == ["income_text"]
    assert report.text("income_text") == "收入增加主要是高标准农田建设项目资金增加。"
    assert report.generated["income_text"].paragraph == ""
    report.values["inc_year_total"] = total
    follow(report)
    assert report.text("income_text").startswith("2025年本年收入合计4,082.89万元，较上年增加")


def test_an_edit_inside_the_paragraph_makes_it_the_clerks_text() -> None:
    report = build_sample()
    live = report.generated["income_text"]
    text = report.text("income_text")
    assert still_live(live, text + "又及。") is live  # typing after the clerk's own text
    assert still_live(live, text.replace("4,082.89", "4,082.90")) is None
    assert still_live(live, live.paragraph + "另有说明。") is None  # continuing the paragraph's last sentence
    report.values["income_text"] = text.replace("%。其中", "%，其中")
    report.values["inc_year_total"] = D("1.00")
    assert follow(report) == [] and "income_text" not in report.generated
    assert "增长4.60%，其中" in report.text("income_text")


def test_inserting_again_replaces_the_paragraph_instead_of_repeating_it() -> None:
    report = build_sample()
    report.values["inc_other"] = D("0.00")
    report.values["inc_year_total"] = D("40702400.00")
    text, live = inserted(report, "income_text", unit=Unit.YUAN)
    assert text.count("2025年本年收入合计") == 1 and text.startswith("2025年本年收入合计40,702,400.00元，较上年增加1,669,669.50元，增长4.28%。")
    assert live.unit is Unit.YUAN and text.startswith(live.paragraph)


def test_a_paragraph_that_cannot_be_written_yet_says_what_to_fill() -> None:
    with pytest.raises(NotYetWritable, match="请先填写「年度资金总额：全年预算数」、「年度资金总额：全年执行数」"):
        inserted(Report.new(), "execution_text")


def test_live_paragraphs_survive_the_draft_file_and_a_hand_edit_makes_the_text_the_clerks() -> None:
    report = build_sample()
    data = report_to_dict(report)
    assert report_from_dict(data) == report
    data["values"]["income_text"] = "改过的文字。" + data["values"]["income_text"]
    edited = report_from_dict(data)
    assert still_live(edited.generated["income_text"], edited.text("income_text")) is None
    edited.values["inc_year_total"] = D("1.00")
    assert follow(edited) == [] and "income_text" not in edited.generated
    assert edited.text("income_text") == data["values"]["income_text"]
    data["generated"]["expense_text"]["unit"] = "美元"
    with pytest.raises(DraftFormatError, match="expense_text"):
        report_from_dict(data)


# ----------------------------------------------------------------- through the edit session


def test_the_session_inserts_a_paragraph_as_one_undo_step_and_it_follows_typed_figures() -> None:
    from models.editing import EditSession

    report = build_sample()
    report.generated.clear()
    report.values["income_text"] = "收入增加主要是项目资金增加。"
    session = EditSession(report)
    assert session.live_paragraph("income_text") is None
    session.insert_generated("income_text")
    assert session.undo_text == "根据填报数生成「收入情况说明」的段落"
    live = session.live_paragraph("income_text")
    assert live is not None and report.text("income_text") == live.paragraph + "\n收入增加主要是项目资金增加。"
    seen: list[str] = []
    session.subscribe(lambda changes: seen.extend(c.path for c in changes))
    session.set_value("inc_other", D("0.00"))
    session.set_value("inc_year_total", D("40702400.00"))
    assert "values.income_text" in seen
    assert report.text("income_text").startswith("2025年本年收入合计4,070.24万元，较上年增加166.97万元，增长4.28%。")
    # Undoing a figure rewrites the paragraph back; undoing the insertion restores the clerk's text.
    session.undo()
    assert report.text("income_text").startswith("2025年本年收入合计4,082.89万元，较上年增加")
    session.undo()
    session.undo()
    assert report.text("income_text") == "收入增加主要是项目资金增加。"
    assert "income_text" not in report.generated
    session.redo()
    assert session.live_paragraph("income_text") is not None


def test_an_edit_inside_the_paragraph_ends_following_and_undo_brings_it_back() -> None:
    from models.editing import EditSession

    report = build_sample()
    session = EditSession(report)
    text = report.text("income_text")
    session.set_value("income_text", text.replace("增长4.60%。其中", "增长4.60%，其中"))
    assert session.live_paragraph("income_text") is None and "income_text" not in report.generated
    session.set_value("inc_year_total", D("1.00"))
    assert "增长4.60%，其中" in report.text("income_text")  # the clerk's text now: untouched
    session.undo()
    session.undo()
    assert report.text("income_text") == text and session.live_paragraph("income_text") is not None
    # Typing after the clerk's own text keeps the paragraph following.
    session.set_value("income_text", text + "另外说明。")
    assert session.live_paragraph("income_text") is not None


def test_a_figure_that_cannot_be_read_stops_the_paragraph_and_is_named() -> None:
    from models.report import PendingInput

    report = build_sample()
    report.values.pop("inc_other")
    report.pending["values.inc_other"] = PendingInput("5,3", "「其他收入」：无法识别")
    assert generate(report, "income_text") is None
    assert missing(report, "income_text") == ["其他收入（填写有误）"]
    assert follow(report) == ["income_text"]
    assert report.text("income_text") == "收入增加主要是高标准农田建设项目资金增加。"


def test_next_year_the_paragraph_waits_for_the_figures_then_compares_with_last_year() -> None:
    from models.carry_forward import next_year

    report = next_year(build_sample())
    assert report.own_text("income_text") == report.text("income_text")  # no 2025 figures carried
    assert "2025年本年收入合计" not in report.text("income_text")
    report.values["inc_fiscal"] = D("40000000.00")
    report.values["inc_year_total"] = D("40000000.00")
    assert follow(report) == ["income_text"]
    assert report.text("income_text").startswith(
        "2026年本年收入合计4,000.00万元，较上年减少82.89万元，下降2.03%。")


def test_the_export_prints_the_staff_counts_once() -> None:
    """人员概况: the exporter's own counts sentence gives way to the generated paragraph stating them."""
    from exporters.report_view import ReportView
    from exporters.settings import ExportSettings

    report = build_sample()
    view = ReportView(report, ExportSettings())
    assert view.staff_sentence() == "" and view.group_facts("staff") == []
    report.generated.clear()  # the clerk's own text only: the exporter states the counts itself
    report.values["staff_text"] = "在职人员平均年龄44岁。"
    assert ReportView(report, ExportSettings()).staff_sentence().startswith("截至")


def test_following_one_changed_figure_rewrites_what_following_every_paragraph_would() -> None:
    """A key press rewrites only the paragraphs written from the figure typed; the rest would come out the same."""
    import copy

    from models.edit_session import EditSession
    from models.fields import FIELD_BY_KEY, Kind
    from models.figure_text import PARAGRAPH_SOURCES, SOURCE_KEYS, follow

    for key in sorted(SOURCE_KEYS):
        report = build_sample()
        spec = FIELD_BY_KEY[key]
        if spec.kind is Kind.MONEY:
            report.values[key] = (report.money(key) or Decimal(0)) + Decimal("12345.67")
        elif spec.kind is Kind.DATE:
            report.values[key] = dt.date(2025, 6, 30)
        else:
            report.values[key] = (report.integer(key) or 0) + 3
        everything = copy.deepcopy(report)
        assert follow(report, {key}) == follow(everything), key
        assert report.values == everything.values and report.generated == everything.generated, key
        assert set(follow(copy.deepcopy(build_sample()), {key})) <= {k for k, s in PARAGRAPH_SOURCES.items() if key in s}
    session = EditSession(build_sample())
    seen: list[str] = []
    session.subscribe(lambda changes: seen.extend(c.path for c in changes))
    session.set_value("inc_fiscal", Decimal("1.00"))
    assert seen == ["values.inc_fiscal", "values.income_text"]
