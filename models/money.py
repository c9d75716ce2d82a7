"""Exact money: parse what clerks type, format it back, and write 大写金额.

Money is held as ``Decimal`` in 元 with 2 decimals everywhere; 万元 is only a display and typing unit.
The parser refuses anything it cannot read exactly and says why in Chinese, so no value is ever
rounded or guessed silently (domain/report.md §4).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

CENT = Decimal("0.01")
WAN = Decimal(10000)
# Ten trillion 元 is far above any department's budget; larger input is a paste accident.
MAX_MONEY = Decimal("1e13")


class Unit(str, Enum):
    """Unit in which a money figure is typed or shown. Storage is always 元."""

    YUAN = "元"
    WAN = "万元"

    @property
    def factor(self) -> Decimal:
        return WAN if self is Unit.WAN else Decimal(1)

    @property
    def decimals(self) -> int:
        # 2 decimals in 元 are exactly 6 decimals in 万元.
        return 6 if self is Unit.WAN else 2


class NumberParseError(ValueError):
    """Raised when typed text cannot be read exactly. ``str(err)`` is the Chinese message."""


# Characters NFKC leaves alone but clerks' IMEs and pastes produce.
_EXTRA_MAP = str.maketrans(
    {
        "。": ".",
        "．": ".",
        "｡": ".",
        "−": "-",  # U+2212 minus sign
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
        "﹣": "-",
        "，": ",",
        "、": ",",
        "％": "%",
        "￥": "¥",
        "'": "",  # Swiss-style grouping pasted from some locales
    }
)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_PREFIXES = ("人民币", "rmb", "cny", "¥", "￥")
_PLAIN = re.compile(r"[+-]?(\d+)(?:\.(\d*))?|[+-]?\.(\d+)", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
_EUROPEAN = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+", re.ASCII)
_SCIENTIFIC = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+", re.ASCII | re.IGNORECASE)
_CN_NUMERALS = set("零〇一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟两")


# Compatibility forms that NFKC would silently turn into plain digits ("²" -> "2", "①" -> "1"):
# no IME types them, so they are a paste accident and must be refused, not read.
_REFUSED_FORMS = ("<super>", "<sub>", "<circle>", "<fraction>", "<font>", "<square>")


def normalize_typed(text: str) -> str:
    """NFKC plus the mappings NFKC misses; removes all kinds of spaces."""
    for ch in text:
        if not ch.isascii() and unicodedata.decomposition(ch).startswith(_REFUSED_FORMS):
            raise NumberParseError(f"「{_shown(text)}」含有上标、下标、带圈或特殊字体的数字，请只用 0–9。")
    text = unicodedata.normalize("NFKC", text).translate(_EXTRA_MAP)
    return _SPACES.sub("", text)


def _shown(text: str) -> str:
    """The typed text, shortened, for quoting in a message."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text.strip())
    return text if len(text) <= 24 else text[:24] + "…"


def _digits_only(core: str, original: str) -> Decimal:
    """Read an ASCII-only plain decimal; anything else is refused with a reason."""
    if not core or core in "+-":
        raise NumberParseError(f"「{_shown(original)}」里没有数字。")
    low = core.lower()
    if low.lstrip("+-") in {"nan", "inf", "infinity", "snan"}:
        raise NumberParseError(f"「{_shown(original)}」不是一个数，请输入具体数字。")
    if _SCIENTIFIC.fullmatch(core):
        raise NumberParseError(
            f"「{_shown(original)}」是科学计数法，无法确定精确金额；请在 Excel 中把单元格设为数值格式后再复制。"
        )
    stray = [ch for ch in dict.fromkeys(core) if ch not in "0123456789+-.,"]
    if stray:
        if any(ch.isdigit() for ch in stray):
            raise NumberParseError(f"「{_shown(original)}」含有非标准数字字符，请只用 0–9。")
        if all(ch in _CN_NUMERALS for ch in stray) and not any(ch in "0123456789" for ch in core):
            raise NumberParseError(f"「{_shown(original)}」是中文数字，请用阿拉伯数字输入，例如 120000。")
        # Say which characters are in the way: "千位分隔符位置不对" for "¥1,234.50" in a count field
        # would send the clerk looking for the wrong mistake.
        named = "、".join(f"“{ch}”" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"
                         for ch in stray[:3])
        raise NumberParseError(
            f"「{_shown(original)}」含有{named}{'等字符' if len(stray) > 3 else ''}；"
            "这里只能填写数字（0–9）、小数点和负号。")
    if _EUROPEAN.fullmatch(core) or re.fullmatch(r"[+-]?\d+,\d{1,2}", core, re.ASCII):
        raise NumberParseError(
            f"「{_shown(original)}」像是用逗号作小数点的写法，含义不明确；请用小数点，例如 1234.56。"
        )
    if "," in core:
        if not _GROUPED.fullmatch(core):
            raise NumberParseError(
                f"「{_shown(original)}」中的千位分隔符位置不对；应每三位一个逗号，例如 1,234,567.89。"
            )
        core = core.replace(",", "")
    if core.count(".") > 1:
        raise NumberParseError(f"「{_shown(original)}」有多个小数点。")
    if not _PLAIN.fullmatch(core):  # only ASCII digits, signs and points are left: a sign out of place
        raise NumberParseError(f"「{_shown(original)}」不是有效的数字，请只输入数字、小数点和负号。")
    if len(core.lstrip("+-").split(".")[0].lstrip("0")) > 15:
        raise NumberParseError(f"「{_shown(original)}」位数太多，不像是真实的数值。")
    try:
        value = Decimal(core)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern above
        raise NumberParseError(f"「{_shown(original)}」不是有效的数字。") from exc
    return value


def _decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def parse_money(text: str, unit: Unit = Unit.YUAN, *, allow_negative: bool = False) -> Decimal | None:
    """Read a money amount as typed or pasted; returns 元 with exactly 2 decimals, or None when empty.

    ``unit`` is the field's typing unit; an explicit 元 / 万元 / 亿元 in the text wins over it.
    """
    original = text
    s = normalize_typed(text)
    if not s:
        return None
    low = s.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix):
            s, low = s[len(prefix):], low[len(prefix):]
            break
    negative_paren = s.startswith("(") and s.endswith(")")
    if negative_paren:
        s = s[1:-1]
    factor = unit.factor
    allowed_decimals = unit.decimals
    for suffix, suffix_factor, suffix_decimals in (("亿元", Decimal(10) ** 8, 10), ("亿", Decimal(10) ** 8, 10),
                                                    ("万元", WAN, 6), ("万", WAN, 6), ("元", Decimal(1), 2)):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            factor, allowed_decimals = suffix_factor, suffix_decimals
            break
    if s.endswith("%"):
        raise NumberParseError(f"「{_shown(original)}」是百分数，这里需要金额。")
    if any(s.endswith(u) for u in ("元", "万", "亿")):
        raise NumberParseError(f"「{_shown(original)}」的单位写了两次。")
    value = _digits_only(s, original)
    if negative_paren:
        value = -value
    if _decimals_of(value) > allowed_decimals:
        unit_name = "元" if allowed_decimals == 2 else ("万元" if allowed_decimals == 6 else "亿元")
        raise NumberParseError(
            f"「{_shown(original)}」的小数位太多：以{unit_name}为单位最多 {allowed_decimals} 位小数"
            f"（精确到分）。程序不会自动四舍五入，请核对后重新输入。"
        )
    amount = value * factor
    if amount < 0 and not allow_negative:
        raise NumberParseError(f"「{_shown(original)}」是负数，这一项不能为负。")
    if abs(amount) >= MAX_MONEY:
        raise NumberParseError(f"「{_shown(original)}」超过 10 万亿元，不像是真实金额，请核对单位。")
    result = amount.quantize(CENT)
    return result + Decimal("0.00") if result else Decimal("0.00")  # never keep a "-0.00"


def parse_decimal(
    text: str,
    *,
    decimals: int,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    suffixes: tuple[str, ...] = (),
) -> Decimal | None:
    """Read a plain number (a score, a count, a percentage); None when empty.

    ``suffixes`` are unit words the clerk may type after the number (分, 人, %), which are dropped.
    """
    original = text
    s = normalize_typed(text)
    if not s:
        return None
    for suffix in suffixes:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    value = _digits_only(s, original)
    if _decimals_of(value) > decimals:
        if decimals == 0:
            raise NumberParseError(f"「{_shown(original)}」应为整数。")
        raise NumberParseError(
            f"「{_shown(original)}」最多 {decimals} 位小数；程序不会自动四舍五入，请核对后重新输入。"
        )
    if minimum is not None and value < minimum:
        raise NumberParseError(f"「{_shown(original)}」小于允许的最小值 {minimum}。")
    if maximum is not None and value > maximum:
        raise NumberParseError(f"「{_shown(original)}」大于允许的最大值 {maximum}。")
    result = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.quantize(Decimal(1))
    return result if result else abs(result)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Excel-style rounding (half away from zero) to ``places`` decimals."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def wan_slip(a: Decimal, a_step: Decimal, b: Decimal, b_step: Decimal = CENT) -> int:
    """Whether two amounts in 元 that should be equal differ by a factor of about 10,000: a 万元/元 slip.

    +1 when ``a`` is about ``b`` ÷ 10,000 (a 万元 figure typed or written as 元), −1 when ``a`` is about
    ``b`` × 10,000, 0 otherwise. "About" is the rounding each side shows (``a_step``, ``b_step``: one unit
    of the last decimal, in 元): 1,370.52 typed for parts summing to 13,705,178.90 is 1,370.52 万元 to
    0.01 万元 (100 元), a slip, though not exactly 10,000 times.
    """
    if not a or not b or max(abs(a), abs(b)) < WAN:
        return 0
    if abs(a * WAN - b) <= a_step * WAN + b_step:
        return 1
    if abs(a - b * WAN) <= b_step * WAN + a_step:
        return -1
    return 0


def group_digits(value: Decimal, places: int) -> str:
    """``1234567.5`` → ``1,234,567.50``; exact, no float on the way."""
    q = value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(Decimal(1))
    return f"{q:,.{places}f}"


def format_money(value: Decimal, unit: Unit = Unit.YUAN, *, with_unit: bool = True, exact: bool = True) -> str:
    """Show 元 with thousands separators; in 万元 either exactly (trailing zeros trimmed) or rounded to 0.01."""
    if unit is Unit.YUAN:
        text = group_digits(value, 2)
    else:
        wan = value / WAN
        if exact:
            text = group_digits(wan, 6)
            whole, _, frac = text.partition(".")
            frac = frac.rstrip("0").ljust(2, "0")
            text = f"{whole}.{frac}"
        else:
            text = group_digits(round_half_up(wan, 2), 2)
    return f"{text} {unit.value}" if with_unit else text


def format_money_shown(value: Decimal, unit: Unit = Unit.YUAN) -> str:
    """A figure the clerk reads but does not edit (a sum beside a field, a difference): in 万元 at
    most two decimals, with 约 when rounding changed it (1,234.56789 万元 reads 约 1,234.57 万元, never a
    long tail); an amount too small to show in 万元 (under 0.005 万元) is shown in 元."""
    if unit is Unit.YUAN:
        return format_money(value, unit)
    wan = value / WAN
    rounded = round_half_up(wan, 2)
    if rounded == 0 and value != 0:
        return format_money(value, Unit.YUAN)
    text = f"{group_digits(rounded, 2)} {unit.value}"
    return text if rounded == wan else f"约 {text}"


def format_plain(value: Decimal, unit: Unit = Unit.YUAN) -> str:
    """The value as the clerk would type it back into a field (no separators, no unit)."""
    if unit is Unit.WAN:
        text = f"{value / WAN:.6f}".rstrip("0")
        return text + "0" * (2 - len(text.partition(".")[2])) if "." in text else text
    return f"{value:.2f}"


_UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _four_digits(group: int) -> str:
    """Write 0 < group < 10000 with 拾佰仟; inner zero runs become one 零."""
    out: list[str] = []
    zero_pending = False
    for pos in range(3, -1, -1):
        digit = group // 10**pos % 10
        if digit == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_UPPER_DIGITS[digit] + _SMALL_UNITS[pos])
    return "".join(out)


def to_chinese_upper(value: Decimal) -> str:
    """大写金额 per the central bank's rules (domain/report.md §4)."""
    amount = round_half_up(value, 2)
    if amount < 0:
        return "负" + to_chinese_upper(-amount)
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    parts: list[str] = []
    if yuan:
        groups: list[int] = []
        rest = yuan
        while rest:
            groups.append(rest % 10000)
            rest //= 10000
        text = ""
        zero_pending = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                zero_pending = bool(text)
                continue
            if text and (zero_pending or group < 1000):
                text += "零"
            text += _four_digits(group) + _BIG_UNITS[index]
            zero_pending = False
        parts.append(text + "元")
    if jiao == 0 and fen == 0:
        return ("".join(parts) or "零元") + "整"
    if jiao:
        parts.append(_UPPER_DIGITS[jiao] + "角")
    elif yuan:
        parts.append("零")
    if fen:
        parts.append(_UPPER_DIGITS[fen] + "分")
    return "".join(parts)
