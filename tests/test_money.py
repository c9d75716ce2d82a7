"""Money: the parser reads what clerks type exactly or refuses with a reason; 大写 per the bank's rules."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.money import (
    NumberParseError,
    Unit,
    format_money,
    format_plain,
    parse_decimal,
    parse_money,
    to_chinese_upper,
)

D = Decimal

VECTORS = [
    ("461973.12", "肆拾陆万壹仟玖佰柒拾叁元壹角贰分"),
    ("0.05", "伍分"),
    ("0", "零元整"),
    ("10000", "壹万元整"),
    ("1000010", "壹佰万零壹拾元整"),
    ("100000001", "壹亿零壹元整"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("10", "壹拾元整"),
    ("100000000", "壹亿元整"),
    ("1010000", "壹佰零壹万元整"),
]


@pytest.mark.parametrize(("amount", "expected"), VECTORS)
def test_chinese_upper_vectors(amount: str, expected: str) -> None:
    assert to_chinese_upper(D(amount)) == expected


def test_chinese_upper_jiao_ending_takes_optional_zheng() -> None:
    assert to_chinese_upper(D("1409.50")) in ("壹仟肆佰零玖元伍角", "壹仟肆佰零玖元伍角整")


_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def _read_upper(text: str) -> Decimal:
    """An independent reader of 大写 amounts, to check the writer by round trip."""
    total = section = 0
    digit = 0
    yuan_part, _, rest = text.partition("元")
    for ch in yuan_part:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL:
            section += (digit or 1) * _SMALL[ch]
            digit = 0
        elif ch == "万":
            section += digit
            total += section * 10_000
            section = digit = 0
        elif ch == "亿":
            section += digit
            total = (total + section) * 100_000_000
            section = digit = 0
    total += section + digit
    cents = 0
    for ch, unit in pairwise(rest):
        if ch in _DIGIT and unit == "角":
            cents += _DIGIT[ch] * 10
        if ch in _DIGIT and unit == "分":
            cents += _DIGIT[ch]
    if not yuan_part or "元" not in text:  # only 角/分
        cents = 0
        for ch, unit in pairwise(text):
            if ch in _DIGIT and unit in "角分":
                cents += _DIGIT[ch] * (10 if unit == "角" else 1)
        return Decimal(cents) / 100
    return Decimal(total) + Decimal(cents) / 100


@given(st.integers(min_value=0, max_value=999_999_999_999_99))
def test_chinese_upper_round_trips_and_follows_rules(cents: int) -> None:
    amount = Decimal(cents) / 100
    text = to_chinese_upper(amount)
    assert "零零" not in text
    assert text.endswith("整") == (cents % 100 == 0)
    assert not text.endswith("零")
    if cents >= 100:
        assert _read_upper(text) == amount, text
    if 10 <= cents // 100 < 20:
        assert text.startswith("壹拾")


FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@given(st.decimals(min_value=0, max_value=D("999999999999.99"), places=2, allow_nan=False))
def test_parse_reads_full_width_and_separated_input(value: Decimal) -> None:
    grouped = f"{value:,.2f}"
    for typed in (grouped, grouped.translate(FULL_WIDTH), f"¥{grouped}", f"人民币{grouped}元",
                  f"{value:.2f}".replace(".", "。"), f"\u3000{value:.2f}\t"):
        assert parse_money(typed) == value


@given(st.decimals(min_value=0, max_value=D("99999999.999999"), places=6, allow_nan=False))
def test_wan_unit_is_exact(value: Decimal) -> None:
    typed = f"{value:f}"
    parsed = parse_money(typed, Unit.WAN)
    assert parsed is not None and parsed == (value * 10000).quantize(D("0.01"))
    assert parse_money(format_plain(parsed, Unit.WAN), Unit.WAN) == parsed


@given(st.text(max_size=40))
def test_parser_never_raises_anything_but_a_parse_error(text: str) -> None:
    try:
        result = parse_money(text)
    except NumberParseError as err:
        assert str(err)  # a message for the clerk
    else:
        assert result is None or (result == result.quantize(D("0.01")) and result >= 0)


@pytest.mark.parametrize("typed", [
    "12.345", "1.234,56", "1234,56", "1e9", "1E+3", "NaN", "inf", "Infinity", "1.2.3", "12,34",
    "٣٤٥", "²", "①", "𝟏", "十二万", "12%", "99999999999999999999", "abc", "-5", "12万元元", "1,2345",
])
def test_parser_refuses_ambiguous_input_with_reason(typed: str) -> None:
    with pytest.raises(NumberParseError) as err:
        parse_money(typed)
    message = str(err.value)
    assert "「" in message  # quotes what was typed
    assert all(ord(ch) > 127 or ch.isprintable() for ch in message)


@pytest.mark.parametrize(("typed", "unit", "expected"), [
    ("12.5万元", Unit.YUAN, "125000.00"),
    ("12.5万", Unit.YUAN, "125000.00"),
    ("12.5", Unit.WAN, "125000.00"),
    ("1000元", Unit.WAN, "1000.00"),
    ("-0", Unit.YUAN, "0.00"),
    ("1,234", Unit.YUAN, "1234.00"),
    ("1.5亿元", Unit.YUAN, "150000000.00"),
    ("  ", Unit.YUAN, None),
])
def test_units_and_edge_cases(typed: str, unit: Unit, expected: str | None) -> None:
    result = parse_money(typed, unit)
    assert result == (None if expected is None else D(expected))
    if result is not None:
        assert str(result) != "-0.00"


def test_negative_allowed_only_when_asked() -> None:
    assert parse_money("(1,234.00)", allow_negative=True) == D("-1234.00")
    assert parse_money("－１２", allow_negative=True) == D("-12.00")


def test_three_decimals_message_says_no_rounding() -> None:
    with pytest.raises(NumberParseError, match="不会自动四舍五入"):
        parse_money("12.345")


def test_format_money() -> None:
    assert format_money(D("1234567.5")) == "1,234,567.50 元"
    assert format_money(D("1234567.5"), Unit.WAN) == "123.45675 万元"
    assert format_money(D("1234567.5"), Unit.WAN, exact=False) == "123.46 万元"
    assert format_money(D("10000"), Unit.WAN) == "1.00 万元"


def test_parse_decimal_for_scores_and_counts() -> None:
    assert parse_decimal("４.５分", decimals=2, suffixes=("分",)) == D("4.50")
    assert parse_decimal("12人", decimals=0, suffixes=("人",)) == 12
    with pytest.raises(NumberParseError, match="整数"):
        parse_decimal("1.5", decimals=0)
    with pytest.raises(NumberParseError, match="最大值"):
        parse_decimal("6", decimals=2, maximum=D(5))
