"""The corpus against the readers every numeric and date field uses (models.money, models.editing).

Each case has one expected outcome: the exact value, or a refusal whose message quotes what was typed
and names the reason (never a silent rounding, never a guess). The GUI, CLI and export tests drive the
same corpus through the widgets, the draft file and the documents.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.editing import parse_date
from models.fields import FIELD_BY_KEY
from models.money import NumberParseError, parse_decimal, parse_money

from .corpus import DATES, NUMBERS, DateCase, NumberCase, Refused, quoted

COUNT = FIELD_BY_KEY["staff_quota"]


def read_count(text: str) -> int | None:
    """What the persons-count widget (gui/widgets/simple_fields.IntegerField) reads."""
    value = parse_decimal(text, decimals=0, minimum=COUNT.minimum, maximum=COUNT.maximum,
                          suffixes=("人", "年", "个"))
    return None if value is None else int(value)


def check_refusal(message: str, typed: str, expected: Refused) -> None:
    assert quoted(typed) in message, f"the message must quote the input: {message}"
    reason = message.replace(quoted(typed), "", 1)
    assert expected.words in reason, f"expected the reason {expected.words!r}: {message}"
    assert all(ch.isprintable() for ch in message), message


@pytest.mark.parametrize("case", NUMBERS, ids=[c.id for c in NUMBERS])
def test_money_field_reads_exactly_or_refuses_in_words(case: NumberCase) -> None:
    if isinstance(case.money, Refused):
        with pytest.raises(NumberParseError) as info:
            parse_money(case.text)
        check_refusal(str(info.value), case.text, case.money)
    else:
        value = parse_money(case.text)
        assert value == case.money
        if value is not None:
            assert value.as_tuple().exponent == -2 and not value.is_signed()  # 2 decimals, never "-0.00"


@pytest.mark.parametrize("case", NUMBERS, ids=[c.id for c in NUMBERS])
def test_count_field_reads_exactly_or_refuses_in_words(case: NumberCase) -> None:
    if isinstance(case.count, Refused):
        with pytest.raises(NumberParseError) as info:
            read_count(case.text)
        check_refusal(str(info.value), case.text, case.count)
    else:
        assert read_count(case.text) == case.count


def test_a_count_refusal_names_the_characters_in_the_way() -> None:
    """"¥1,234.50" in a persons field: the yen sign is the problem, not the thousands separators."""
    with pytest.raises(NumberParseError) as info:
        read_count("¥1,234.50")
    assert "“¥”" in str(info.value) and "千位分隔符" not in str(info.value)
    with pytest.raises(NumberParseError) as info:
        read_count("3万")
    assert "“万”" in str(info.value) and "中文数字" not in str(info.value)


@pytest.mark.parametrize("case", DATES, ids=[c.id for c in DATES])
def test_date_field_reads_exactly_or_refuses_in_words(case: DateCase) -> None:
    if isinstance(case.date, Refused):
        with pytest.raises(ValueError) as info:
            parse_date(case.text)
        message = str(info.value)
        assert case.date.words in message and f"「{case.text.strip()[:20]}" in message
    else:
        assert parse_date(case.text) == case.date


def test_the_corpus_has_the_cases_the_reliability_design_names() -> None:
    texts = {c.text for c in NUMBERS}
    for required in ("1e9", "NaN", "-0", "1.234,56", "¥1,234.50", "12.5万元", "12.345", "12345678901234567890"):
        assert required in texts
    assert any(not ch.isascii() and ch.isdigit() for c in NUMBERS for ch in c.text)  # Arabic-Indic digits
    assert any("²" in c.text for c in NUMBERS)
    assert any(isinstance(c.money, Decimal) for c in NUMBERS) and any(isinstance(c.money, Refused) for c in NUMBERS)
