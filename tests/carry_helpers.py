"""This year's draft from the sample, and the same draft with this year's figures typed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from models.carry_forward import CarryClass, carry_class, next_year
from models.fields import FIELDS, Kind
from models.figure_text import follow
from models.report import Report
from models.sample import build_sample


def filled_next_year(last: Report | None = None) -> Report:
    """2026 from the 2025 sample with the clerk's 2026 figures, scores and dates typed in: the figures agree.

    2026 repeats 2025's figures except the balances, which follow from the carried 年初结转和结余.
    """
    last = last or build_sample()
    new = next_year(last)
    for spec in FIELDS:
        if (carry_class(spec) is CarryClass.CLEARED and spec.kind in (Kind.MONEY, Kind.COUNT)
                and spec.key in last.values):
            new.values[spec.key] = last.values[spec.key]
    opening = new.money_or_zero("inc_carryover")
    grand = new.money_or_zero("inc_year_total") + opening + new.money_or_zero("inc_reserve_used")
    new.values.update(inc_grand_total=grand, exp_grand_total=grand, fund_total_budget=grand,
                      year_end_carryover=grand - new.money_or_zero("exp_year_total"),
                      fund_carry_budget=opening, fund_other_budget=grand - opening - Decimal("39852400.00"))
    new.values.update(staff_as_of=dt.date(2026, 12, 31), report_date=dt.date(2027, 3, 20),
                      sign_date=dt.date(2027, 3, 20))
    new.scores = dict(last.scores)
    new.rows = [replace(row) for row in last.rows]
    follow(new)
    return new
