"""上年数 (Report.prior) and carried narratives (Report.carried): typed, read-only, saved in the draft."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from models.draft_format import FORMAT_VERSION, DraftFormatError, dumps, loads, report_from_dict, report_to_dict
from models.report import CONFIRMED_TEXT, PriorYear, Report, carry_confirmation_key
from models.sample import build_sample


def _with_prior() -> Report:
    report = build_sample()
    report.prior = PriorYear.of(build_sample())
    report.carried = {"income_text": report.own_text("income_text"), "advice_text": report.text("advice_text")}
    return report


def test_prior_holds_last_years_money_and_counts_and_nothing_else() -> None:
    prior = PriorYear.of(build_sample())
    assert prior.year == 2025
    assert prior.money("inc_year_total") == Decimal("40828930.50")
    assert prior.integer("staff_total") == 88 and prior.integer("retired_tui") == 64
    assert prior.money("unit_name") is None and "org_text" not in prior.values
    assert prior.money("inc_soe") is None, "a field empty last year has no 上年数"


def test_prior_is_read_only() -> None:
    prior = PriorYear.of(build_sample())
    with pytest.raises(TypeError):
        prior.values["inc_fiscal"] = Decimal("1.00")  # type: ignore[index]
    with pytest.raises(AttributeError):
        prior.year = 2030  # type: ignore[misc]
    source = {"inc_fiscal": Decimal("5.00")}
    held = PriorYear(2024, source)
    source["inc_fiscal"] = Decimal("6.00")
    assert held.money("inc_fiscal") == Decimal("5.00"), "the caller's dict is copied"


@pytest.mark.parametrize(("values", "error"), [
    ({"unit_name": "x"}, ValueError), ({"inc_fiscal": 5}, TypeError), ({"staff_total": Decimal(3)}, TypeError),
    ({"staff_total": True}, TypeError),
])
def test_prior_refuses_what_is_not_a_figure(values: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        PriorYear(2024, values)


def test_prior_and_carried_round_trip_and_survive_a_deep_copy() -> None:
    report = _with_prior()
    report.explanations[carry_confirmation_key("advice_text")] = CONFIRMED_TEXT
    again = loads(dumps(report_to_dict(report)))
    assert again.prior == report.prior and again.carried == report.carried
    assert again.unreviewed() == ("income_text",)
    copied = copy.deepcopy(report)
    assert copied.prior == report.prior and copied.carried == report.carried
    copied.carried["income_text"] = "x"
    assert report.carried["income_text"] != "x"


def test_a_draft_without_a_prior_year_saves_null() -> None:
    report = build_sample()
    report.prior = None  # the sample itself carries its 2024 figures
    data = report_to_dict(report)
    assert data["prior"] is None and data["carried"] == {}
    assert report_from_dict(json.loads(dumps(data))).prior is None


def test_a_carried_narrative_is_unreviewed_until_edited_or_confirmed() -> None:
    report = _with_prior()
    assert report.unreviewed() == ("income_text", "advice_text")
    report.values["income_text"] = report.text("income_text") + "新增一句。"
    assert not report.is_unreviewed("income_text"), "edited"
    report.values["income_text"] = report.carried["income_text"]
    assert report.is_unreviewed("income_text"), "edited back to last year's words: still 上年内容"
    report.explanations[carry_confirmation_key("advice_text")] = "  "
    assert report.is_unreviewed("advice_text"), "a blank confirmation is none"
    report.explanations[carry_confirmation_key("advice_text")] = CONFIRMED_TEXT
    assert report.unreviewed() == ("income_text",)
    report.carried["staff_text"] = ""
    assert not report.is_unreviewed("staff_text"), "nothing carried, nothing to review"
    assert not report.is_unreviewed("org_text"), "not carried"


def _data() -> dict[str, Any]:
    return json.loads(dumps(report_to_dict(_with_prior())))


@pytest.mark.parametrize(("mutate", "words"), [
    (lambda d: d.update(prior=[1]), "上年数"),
    (lambda d: d["prior"].update(year=1999), "年度"),
    (lambda d: d["prior"].update(year="2025"), "年度"),
    (lambda d: d["prior"].update(extra=1), "上年数"),
    (lambda d: d["prior"].update(values=[]), "prior.values"),
    (lambda d: d["prior"]["values"].update(unit_name="x"), "不是金额或人数"),
    (lambda d: d["prior"]["values"].update(inc_fiscal=12.5), "上年数：.*财政拨款收入"),
    (lambda d: d["prior"]["values"].update(staff_total="88"), "上年数：.*年末在职人数"),
    (lambda d: d.update(carried=[]), "carried"),
    (lambda d: d["carried"].update(unit_name="x"), "不是文字说明"),
    (lambda d: d["carried"].update(income_text=5), "收入情况说明"),
])
def test_malformed_prior_or_carried_is_refused_in_words(mutate: Any, words: str) -> None:
    data = _data()
    mutate(data)
    with pytest.raises(DraftFormatError, match=words):
        report_from_dict(data)


def test_a_format_1_dict_migrates_to_no_prior_and_nothing_carried() -> None:
    data = json.loads(dumps(report_to_dict(build_sample())))
    data["format_version"] = 1
    del data["prior"], data["carried"]
    report = report_from_dict(data)
    assert report.prior is None and report.carried == {}
    assert report_to_dict(report)["format_version"] == FORMAT_VERSION
