"""Frameworks are data; their integrity is checked when loaded."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from models.frameworks import FrameworkError, builtin_frameworks, load_framework, parse_framework
from models.headings import cn_number, section_heading


def _raw(fid: str) -> dict[str, Any]:
    return json.loads(resources.files("resources.frameworks").joinpath(f"{fid}.json").read_text("utf-8"))


def test_builtin_frameworks_load_and_add_up() -> None:
    sichuan, national = builtin_frameworks()
    assert sichuan.total_points == national.total_points == Decimal(100)
    assert [t.points for t in sichuan.tree] == [25, 30, 45]
    assert [t.points for t in national.tree] == [50, 30, 10, 10]
    assert len(sichuan.scored_leaves()) == 27
    assert sichuan.nodes["duty"].kind == "rows" and sichuan.budget_node("duty").id == "duty"
    assert national.budget_node("out_cost").id == "output"


def test_points_that_do_not_add_up_are_refused() -> None:
    raw = _raw("sichuan-2017")
    raw["tree"][0]["children"][0]["children"][0]["points"] = 6
    with pytest.raises(FrameworkError, match=r"目标任务.*15.*16"):
        parse_framework(raw)


@pytest.mark.parametrize("mutate", [
    lambda r: r.update(total_points=99),
    lambda r: r.update(sections=r["sections"][:-1]),
    lambda r: r.update(grades=list(reversed(r["grades"]))),
    lambda r: r.update(format_version=9),
    lambda r: r["tree"][0].update(id="management"),
    lambda r: r["tree"][0].update(points="abc"),
    lambda r: r.update(tree=[]),
])
def test_malformed_frameworks_are_refused(mutate: Any) -> None:
    raw = copy.deepcopy(_raw("sichuan-2017"))
    mutate(raw)
    with pytest.raises(FrameworkError):
        parse_framework(raw)


def test_section_order_comes_from_the_framework() -> None:
    sichuan, national = load_framework("sichuan-2017"), load_framework("national-2020")
    assert section_heading(sichuan, "management") == "三、部门财政支出管理情况"
    assert section_heading(national, "scoring") == "绩效自评表"  # an annex, never numbered
    assert section_heading(national, "management") == "三、部门整体绩效目标实现情况"
    assert section_heading(sichuan, "conclusion") == "四、评价结论及建议"
    assert section_heading(sichuan, "cover") == "封面信息"


def test_grades_and_caps() -> None:
    raw = _raw("national-2020")
    raw["caps"] = [{"below_rate": "0.8", "max_total": 89}, {"below_rate": "0.6", "max_total": 69}]
    fw = parse_framework(raw)
    assert fw.grade_for(Decimal("89.99")) == "良" and fw.grade_for(Decimal("90")) == "优"

    from models.compute import compute_totals
    from models.report import IndicatorRow
    from models.sample import build_sample

    report = build_sample()
    report.framework_id = "national-2020"
    report.scores = {}
    report.rows = [IndicatorRow(node=n, name="x", points=Decimal(p), score=Decimal(p))
                   for n, p in (("out_quantity", 50), ("ben_social", 30), ("sat_target", 10))]
    report.values["fund_total_spent"] = report.money_or_zero("fund_total_budget") * Decimal("0.5")
    totals = compute_totals(report, fw)
    assert totals.raw_total == Decimal("95.00") and totals.total == Decimal("69.00")
    assert totals.cap_applied == Decimal(69) and totals.grade == "中"


def test_cn_numbers() -> None:
    assert [cn_number(n) for n in (1, 10, 11, 20, 21)] == ["一", "十", "十一", "二十", "二十一"]
