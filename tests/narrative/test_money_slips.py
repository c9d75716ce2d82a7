"""The money identities name a 万元/元 slip when the ratio is about 10,000 within the rounding shown."""

from __future__ import annotations

from decimal import Decimal

from models.rules import validate
from models.sample import build_sample

D = Decimal


def _basic_message(personnel: str, public: str, basic: str) -> str:
    report = build_sample()
    report.values.update({"exp_personnel": D(personnel), "exp_public": D(public), "exp_basic": D(basic)})
    return next(f.message for f in validate(report) if f.rule == "expense.basic")


def test_a_wan_figure_typed_as_yuan_is_named_though_not_exactly_ten_thousand_times() -> None:
    # Issue 13: parts sum to 13,705,178.90 元; 1,370.52 is that sum in 万元, to 0.01 万元.
    message = _basic_message("10486728.60", "3218450.30", "1370.52")
    assert "可能把万元当作元填写" in message and "1,370.52 万元" in message
    assert "相差 13,703,808.38 元" in message  # the figures are still all there


def test_a_total_typed_ten_thousand_times_too_big_is_named() -> None:
    message = _basic_message("18436200.00", "3218450.30", "216546503000.00")
    assert "可能把元当作万元填写" in message


def test_a_part_typed_in_wan_is_named() -> None:
    # 日常公用经费 typed as 321.85 (its 万元 figure) in a 元 field: the sum is off by about 3,218,128 元.
    message = _basic_message("18436200.00", "321.85", "21654650.30")
    assert "「日常公用经费」按万元计" in message


def test_a_gap_beyond_the_rounding_is_not_called_a_slip() -> None:
    # 1,370.61 万元 is 13,706,100 元: 921.10 元 away from the parts, more than 0.01 万元 can explain.
    message = _basic_message("10486728.60", "3218450.30", "1370.61")
    assert "万元" not in message and "相差 13,703,808.29 元" in message


def test_an_ordinary_gap_gets_no_hint() -> None:
    message = _basic_message("18436200.00", "3218450.30", "21654000.00")
    assert "一万" not in message and "10 倍" not in message
