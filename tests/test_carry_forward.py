"""Next year's draft from the sample (report.md §7): every field kept, moved, cleared or to review, one by one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.carry_forward import CarryClass, CarryError, carry_class, next_year
from models.draft_format import dumps, loads, report_to_dict
from models.fields import FIELD_BY_KEY, FIELDS
from models.report import Report
from models.sample import build_sample

KEPT = ("unit_name", "supervisor", "budget_code", "eval_method", "eval_org", "contact", "phone", "unit_kind",
        "org_text", "duties_text", "sign_unit", "sign_preparer", "sign_reviewer")
MOVED = ("eval_year", "inc_carryover")
CLEARED_MONEY = tuple(f.key for f in FIELDS if f.kind.value == "money" and f.key != "inc_carryover")
CLEARED_OTHER = ("staff_quota", "staff_admin", "staff_inst", "staff_other", "staff_total", "retired_li",
                 "retired_tui", "staff_as_of", "report_date", "sign_date")
REVIEW = ("staff_text", "income_text", "expense_text", "execution_reason", "execution_text", "decision_targets",
          "decision_budget", "admin_text", "results_duty", "results_sustain", "results_satisfaction",
          "verdict_text", "problems_text", "advice_text")


def test_every_declared_field_has_its_class_in_this_test() -> None:
    listed = KEPT + MOVED + CLEARED_MONEY + CLEARED_OTHER + REVIEW
    assert sorted(listed) == sorted(FIELD_BY_KEY), "a new field must be classified here as well"


@pytest.mark.parametrize(("keys", "cls"), [(KEPT, CarryClass.KEPT), (MOVED, CarryClass.MOVED),
                                           (CLEARED_MONEY + CLEARED_OTHER, CarryClass.CLEARED),
                                           (REVIEW, CarryClass.REVIEW)])
def test_declared_class(keys: tuple[str, ...], cls: CarryClass) -> None:
    assert {k: carry_class(FIELD_BY_KEY[k]) for k in keys} == dict.fromkeys(keys, cls)


@pytest.fixture(scope="module")
def pair() -> tuple[Report, Report]:
    last = build_sample()
    last.values["sign_preparer"] = "王芳"
    last.values["sign_reviewer"] = "赵强"
    last.values["execution_reason"] = "部分项目验收在次年进行，形成结转。"
    return last, next_year(last)


@pytest.mark.parametrize("key", KEPT)
def test_kept_field(pair: tuple[Report, Report], key: str) -> None:
    last, new = pair
    assert last.is_filled(key), "the sample fills it, so the test means something"
    assert new.values[key] == last.values[key]
    assert key not in new.carried, "kept, not to review"


def test_moved_year_and_opening_balance(pair: tuple[Report, Report]) -> None:
    last, new = pair
    assert new.integer("eval_year") == 2026
    assert new.money("inc_carryover") == last.money("year_end_carryover") == Decimal("2457000.00")
    assert new.title() == "蓉溪市农业农村局 2026年度"


@pytest.mark.parametrize("key", CLEARED_MONEY + CLEARED_OTHER)
def test_cleared_field_and_its_prior_figure(pair: tuple[Report, Report], key: str) -> None:
    last, new = pair
    assert key not in new.values
    assert new.prior is not None and new.prior.year == 2025
    spec = FIELD_BY_KEY[key]
    if spec.kind.value in ("money", "count"):
        assert new.prior.values.get(key) == last.values.get(key), "上年数 holds exactly last year's figure"
    else:
        assert key not in new.prior.values, "dates are not 上年数"


def test_prior_holds_the_carried_over_figure_too(pair: tuple[Report, Report]) -> None:
    _last, new = pair
    assert new.prior is not None
    assert new.prior.money("inc_carryover") == Decimal("2315600.00"), "last year's opening, not this year's"


@pytest.mark.parametrize("key", REVIEW)
def test_to_review_narrative(pair: tuple[Report, Report], key: str) -> None:
    last, new = pair
    assert last.is_filled(key)
    assert new.own_text(key) == last.own_text(key), "the clerk's own words are copied"
    assert new.carried[key] == last.own_text(key)
    assert new.is_unreviewed(key)


def test_generated_paragraphs_stay_live_and_empty_until_this_years_figures(pair: tuple[Report, Report]) -> None:
    last, new = pair
    assert set(new.generated) == set(last.generated) and last.generated
    for key, live in new.generated.items():
        assert live.paragraph == "", "its figures are cleared"
        assert new.text(key) == last.own_text(key), "the paragraph of last year's figures is gone"
    assert not new.text("income_text").startswith("2025年本年收入合计")


def test_scores_explanations_pending_and_row_results_are_cleared(pair: tuple[Report, Report]) -> None:
    last, new = pair
    assert last.scores and new.scores == {}
    assert new.explanations == {} and new.pending == {}
    assert [r.row_id for r in new.rows] == [r.row_id for r in last.rows]
    for old, row in zip(last.rows, new.rows, strict=True):
        assert (row.node, row.name, row.nature, row.measure_unit, row.target, row.points) == (
            old.node, old.name, old.nature, old.measure_unit, old.target, old.points)
        assert (row.actual, row.score, row.reason) == ("", None, "")
    assert last.rows[2].reason and last.rows[2].actual == "97.6", "last year's results were really there"


def test_framework_and_display_unit_are_kept() -> None:
    from models.money import Unit

    last = build_sample()
    last.display_unit = Unit.WAN
    new = next_year(last)
    assert new.framework_id == last.framework_id and new.display_unit is Unit.WAN


def test_last_years_report_is_not_changed() -> None:
    last = build_sample()
    before = report_to_dict(last)
    next_year(last)
    assert report_to_dict(last) == before


def test_next_year_round_trips_through_the_draft_format(pair: tuple[Report, Report]) -> None:
    _last, new = pair
    again = loads(dumps(report_to_dict(new)))
    assert report_to_dict(again) == report_to_dict(new)
    assert again.unreviewed() == new.unreviewed()


def test_a_later_year_keeps_prior_but_not_the_opening_balance() -> None:
    new = next_year(build_sample(), 2027)
    assert new.integer("eval_year") == 2027 and "inc_carryover" not in new.values
    assert new.prior is not None and new.prior.year == 2025


def test_a_report_carried_twice_compares_with_the_year_before() -> None:
    new = next_year(build_sample())
    new.values["year_end_carryover"] = Decimal("100.00")
    again = next_year(new)
    assert again.integer("eval_year") == 2027 and again.money("inc_carryover") == Decimal("100.00")
    assert again.prior is not None and again.prior.year == 2026 and again.prior.money("inc_fiscal") is None


@pytest.mark.parametrize(("year", "words"), [(2025, "复制草稿"), (2024, "应晚于"), (2101, "2100")])
def test_wrong_years_are_refused_in_words(year: int, words: str) -> None:
    with pytest.raises(CarryError, match=words):
        next_year(build_sample(), year)


def test_no_year_in_last_years_report_needs_one() -> None:
    last = build_sample()
    del last.values["eval_year"]
    with pytest.raises(CarryError, match="--year"):
        next_year(last)
    new = next_year(last, 2026)
    assert new.integer("eval_year") == 2026 and new.prior is None and "inc_carryover" not in new.values


def test_an_empty_narrative_is_not_to_review() -> None:
    last = build_sample()
    last.values["results_sustain"] = "  "
    assert "results_sustain" not in next_year(last).carried


def test_dates_of_last_year_do_not_leak() -> None:
    new = next_year(build_sample())
    assert not any(isinstance(v, dt.date) for v in new.values.values())
