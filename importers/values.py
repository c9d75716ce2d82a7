"""Reading values as clerks print them: dates (2026年3月20日, 二〇二六年三月二十日, 2026-03-20), counts
(88人, 86名), years, money in 元/万元/亿元, scores."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from models.fields import FieldSpec, Kind
from models.matching import CN_DIGITS, cn_to_int, core
from models.money import NumberParseError, Unit, parse_decimal, parse_money

_CN = "〇零一二两三四五六七八九十"
_ARABIC_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?", re.ASCII)
_CN_DATE = re.compile(rf"([{_CN}○Ｏ]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日")


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: dt.date
    start: int
    end: int
    text: str


def _cn_year(text: str) -> int | None:
    digits = [CN_DIGITS.get(ch, 0 if ch in "○Ｏ" else -1) for ch in text]
    if any(d < 0 for d in digits):
        return None
    return int("".join(map(str, digits)))


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every date written in ``text`` (full-width digits too), in order; impossible dates are skipped."""
    normalized = unicodedata.normalize("NFKC", text)
    same_length = len(normalized) == len(text)  # positions are only meaningful then
    found: list[FoundDate] = []
    for match in _ARABIC_DATE.finditer(normalized):
        year, month, day = (int(g) for g in match.groups())
        _add(found, year, month, day, match, text if same_length else normalized)
    for match in _CN_DATE.finditer(normalized):
        cn_year, cn_month, cn_day = _cn_year(match.group(1)), cn_to_int(match.group(2)), cn_to_int(match.group(3))
        if cn_year and cn_month and cn_day:
            _add(found, cn_year, cn_month, cn_day, match, text if same_length else normalized)
    yield from sorted(found, key=lambda d: d.start)


def _add(found: list[FoundDate], year: int, month: int, day: int, match: re.Match[str], text: str) -> None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return
    found.append(FoundDate(value, match.start(), match.end(), text[match.start():match.end()]))


def only_date(text: str) -> dt.date | None:
    """The date when ``text`` is nothing but a date (a signature line, a cell)."""
    stripped = text.strip()
    for found in find_dates(stripped):
        rest = core(stripped[:found.start] + stripped[found.end:])
        if not rest:
            return found.value
    return None


_INT = re.compile(r"\d{1,7}", re.ASCII)


def read_int(text: str, suffixes: tuple[str, ...] = ("人", "名", "年", "年度")) -> int | None:
    s = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    for suffix in suffixes:
        if s.endswith(suffix):
            s = s[: -len(suffix)].strip()
            break
    return int(s) if _INT.fullmatch(s) else None


def read_value(spec: FieldSpec, text: str, unit: Unit = Unit.YUAN) -> object:
    """A cell's or a cover line's text as the field's value; ValueError (Chinese) when unreadable."""
    text = text.strip()
    if spec.kind is Kind.MONEY:
        return parse_money(text, unit)
    if spec.kind in (Kind.COUNT, Kind.YEAR):
        value = read_int(text)
        if value is None:
            raise ValueError(f"「{text[:20]}」不是整数。")
        return value
    if spec.kind is Kind.DATE:
        day = only_date(text)
        if day is None:
            raise ValueError(f"「{text[:20]}」不是可识别的日期。")
        return day
    if spec.kind is Kind.CHOICE:
        return choose(spec.choices, text)
    return " ".join(text.split()) if spec.kind is Kind.TEXT else text


def choose(choices: tuple[str, ...], text: str) -> str:
    """The choice a text names: exactly, or the one it contains (the longest)."""
    c = core(text)
    for choice in choices:
        if core(choice) == c:
            return choice
    contained = [choice for choice in choices if core(choice) in c]
    if contained:
        return max(contained, key=len)
    raise ValueError(f"「{text[:20]}」不是以下之一：{'、'.join(choices)}。")


def read_score(text: str) -> Decimal | None:
    """A score or points cell ("4.5", "4.50分"); None when empty; NumberParseError when unreadable."""
    return parse_decimal(text, decimals=2, suffixes=("分",))


def unit_in(text: str) -> Unit | None:
    """The money unit a caption or header names: "金额单位：万元", "（单位：元）", "金额（万元）"."""
    s = unicodedata.normalize("NFKC", text)
    if "亿元" in s:
        return None  # tables in 亿元 are read cell by cell with the unit written out
    if "万元" in s:
        return Unit.WAN
    if re.search(r"单位\s*[:：]?\s*元|\(元\)|（元）|金额\s*[:：]?\s*元", s):
        return Unit.YUAN
    return None


__all__ = ["NumberParseError", "choose", "find_dates", "only_date", "read_int", "read_score", "read_value",
           "unit_in"]
