"""Reading report prose: sentences and clauses, figures with their units, the label a figure belongs
to, enumerations. Shared by every narrative rule; it knows Chinese report writing, not the rules.

Everything here works on ``prose(raw)``, a one-to-one character translation of the clerk's text, so an
offset found in it is an offset in what the clerk typed (quotes in messages are cut from the raw text).
The scans depend on the text only and are cached by the rules: a keystroke re-reads one field.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..fields import FIELDS, Kind
from ..money import WAN, round_half_up

# Full-width digits, point and percent as an IME types them; one character for one, so offsets hold.
# The full-width comma stays a clause separator: inside a number it is read by the number pattern.
_PROSE = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


def prose(raw: str) -> str:
    return raw.translate(_PROSE)


_FACTORS = {"亿元": Decimal(10) ** 8, "万元": WAN, "元": Decimal(1), "%": Decimal(1)}
_FIGURE = re.compile(r"(?<![\d.])(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?[ \u3000]?(亿元|万元|元|%)")
# Words around a figure that make it approximate: it is not compared at all.
_APPROX_BEFORE = ("约", "近", "逾", "超", "达近", "约合", "大约", "将近")
_APPROX_AFTER = re.compile(r"[余多]|左右|以上|以下|上下")


@dataclass(frozen=True, slots=True)
class Figure:
    """One "<number> 元/万元/亿元/%" in the text."""

    start: int
    end: int
    number: Decimal  # as written, in its unit
    decimals: int  # as written: the rounding the text shows
    unit: str  # "元", "万元", "亿元" or "%"
    approx: bool  # "约 12 万元", "12 万余元": not a figure to compare

    @property
    def is_money(self) -> bool:
        return self.unit != "%"

    @property
    def factor(self) -> Decimal:
        return _FACTORS[self.unit]

    @property
    def amount(self) -> Decimal:
        """In 元 for money (the number itself for a percentage)."""
        return self.number * self.factor

    @property
    def half(self) -> Decimal:
        """Half a unit of the last decimal shown, in 元: how far rounding may have moved the figure."""
        return Decimal(5).scaleb(-self.decimals - 1) * self.factor if self.factor != 1 else Decimal(0)

    @property
    def step(self) -> Decimal:
        """One unit of the last decimal shown, in 元."""
        return Decimal(1).scaleb(-self.decimals) * self.factor

    def shows(self, value: Decimal) -> bool:
        """``value`` (元) written to the decimals and the unit of this figure, rounding half up."""
        if self.amount == value:
            return True
        return self.factor != 1 and round_half_up(value / self.factor, self.decimals) == self.number


def _figures(text: str) -> tuple[Figure, ...]:
    found = []
    for match in _FIGURE.finditer(text):
        whole, frac, unit = match.group(1), match.group(2), match.group(3)
        number = Decimal(whole.replace(",", "").replace("，", "") + (frac or ""))
        before = text[max(0, match.start() - 2): match.start()]
        approx = before.endswith(_APPROX_BEFORE) or bool(_APPROX_AFTER.match(text, match.end()))
        found.append(Figure(match.start(), match.end(), number, len(frac or ".") - 1, unit, approx))
    return tuple(found)


# The words a clerk writes for a money field in prose, mapped to the field. Declared labels first;
# "：" labels (预算执行表 cells) are only reachable through the explicit aliases.
_MONEY_FIELDS = tuple(f for f in FIELDS if f.kind is Kind.MONEY and "：" not in f.label)
LABELS: dict[str, str] = {f.label: f.key for f in _MONEY_FIELDS} | {
    "本年收入": "inc_year_total", "本年支出": "exp_year_total", "财政拨款": "inc_fiscal",
    "年初结转": "inc_carryover", "上年结转": "inc_carryover", "年末结转": "year_end_carryover",
    "三公经费": "sangong_total", "“三公”经费": "sangong_total", "全年预算数": "fund_total_budget",
    "全年执行数": "fund_total_spent", "预算数": "fund_total_budget", "执行数": "fund_total_spent",
    "调整后预算数": "fund_total_budget", "年初预算数": "fund_total_initial",
    "公用经费": "exp_public", "支出合计": "exp_year_total", "收入合计": "inc_year_total",
}
LABEL_PATTERN = re.compile("|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)))

# What may stand between a label and its figure ("人员经费支出为 86.54 万元")...
CONNECTOR = re.compile(r"(?:\s|为|是|达到?|共计?|合计|总计|累计|计|实际|全年|支出|收入|金额|资金|总额|[:：])*")
# ...and before the label, inside its clause: only words that do not make it someone else's figure
# ("农田建设项目支出 500 万元" is one project's, not 项目支出).
GENERIC_HEAD = re.compile(
    r"(?:\s|20\d\d年度?|本年度?|当年|全年|年度|本单位|本部门|本局|我局|我单位|全局|部门|单位|决算|"
    r"其中|共|合计|实现|完成|安排|实际|[一二三四五六七八九十]是|[:：]|的)*")
# A word that makes the figure a difference, a change or a share, not the label's value:
# "支出超过收入 6.13 万元", "较上年增加 20 万元", "占比".
COMPARISON = re.compile(
    r"超过|超出|高于|低于|多于|少于|大于|小于|比|较|同期|差额|相差|差距|增加|增长|减少|下降|降低|提高|上升|"
    r"节约|节省|超支|扣除|减去|剔除|不含|除|占|新增|追加|调增|调减|压减|核减|净")
# A marker that makes what follows the parts of the figure (or label) before it.
PART_MARKER = re.compile(r"其中|主要包括|主要包含|主要有|主要用于|主要是|具体包括|具体为|包括|包含|含")
COMPLETE_MARKERS = frozenset({"包括", "包含", "具体包括", "具体为"})

# Where a clause ends, for label attribution and lists; parentheses open and close clauses too.
_CLAUSE_ENDS = frozenset("，,；;。！？!?\n（()）、：:")
SENTENCE_ENDS = frozenset("。！？!?\n")
_OPEN, _CLOSE = "（(《“「【〔[", "）)》”」】〕]"


@dataclass(frozen=True, slots=True)
class Labelled:
    """A figure and what the text says it is."""

    figure: Figure
    label: str | None  # the field's name as written just before the figure
    key: str | None  # the field that name stands for
    compared: bool  # in a clause that makes it a difference or a change: never check it as a value


@dataclass(frozen=True, slots=True)
class Scan:
    """The text (translated) and what every narrative rule reads from it, computed once per text."""

    text: str
    figures: tuple[Labelled, ...]
    clause_ends: tuple[int, ...]  # sorted offsets of clause-ending characters
    sentence_ends: tuple[int, ...]

    def clause_start(self, offset: int) -> int:
        index = bisect_left(self.clause_ends, offset)
        return self.clause_ends[index - 1] + 1 if index else 0

    def clause_end(self, offset: int) -> int:
        index = bisect_right(self.clause_ends, offset)
        return self.clause_ends[index] if index < len(self.clause_ends) else len(self.text)

    def sentence(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``offset``; end excludes the full stop."""
        index = bisect_right(self.sentence_ends, offset)
        start = self.sentence_ends[index - 1] + 1 if index else 0
        end = self.sentence_ends[index] if index < len(self.sentence_ends) else len(self.text)
        return start, end


def _in_number(text: str, index: int) -> bool:
    """A comma grouping digits ("4,068.75") ends no clause."""
    return (text[index] in ",，" and 0 < index < len(text) - 1 and text[index - 1].isdigit()
            and text[index + 1].isdigit())


def attribute(text: str, head_start: int, figure: Figure) -> Labelled:
    """The label a figure belongs to: the field named directly before it, with nothing between them
    but a connector ("为", "共计", …), and nothing before it in the clause that makes the figure a
    difference, a change or someone else's ("超过", "较", "农田建设项目支出"…)."""
    head = text[head_start: figure.start]
    if COMPARISON.search(head):
        return Labelled(figure, None, None, True)
    last = None
    for match in LABEL_PATTERN.finditer(head):
        last = match
    if last is None or not CONNECTOR.fullmatch(head, last.end()) or not GENERIC_HEAD.fullmatch(head, 0, last.start()):
        return Labelled(figure, None, None, False)
    return Labelled(figure, last.group(), LABELS[last.group()], False)


@lru_cache(maxsize=1024)
def scan(raw: str) -> Scan:
    """Read a narrative once; every narrative rule works from this (cached per text)."""
    text = prose(raw)
    clause_ends = tuple(i for i, ch in enumerate(text) if ch in _CLAUSE_ENDS and not _in_number(text, i))
    sentence_ends = tuple(i for i, ch in enumerate(text) if ch in SENTENCE_ENDS)
    partial = Scan(text, (), clause_ends, sentence_ends)
    labelled = tuple(attribute(text, partial.clause_start(f.start), f) for f in _figures(text))
    return Scan(text, labelled, clause_ends, sentence_ends)


def depth_map(text: str, start: int, end: int) -> list[int]:
    """Bracket depth of each character of text[start:end] (quotes, titles and parentheses)."""
    depths = []
    depth = 0
    for ch in text[start:end]:
        if ch in _CLOSE and depth:
            depth -= 1
            depths.append(depth)
            continue
        depths.append(depth)
        if ch in _OPEN:
            depth += 1
    return depths


def split_items(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Spans of text[start:end] split on ``separators`` outside brackets, stripped of spaces."""
    spans = []
    depths = depth_map(text, start, end)
    item = start
    for offset, depth in enumerate(depths):
        if depth == 0 and text[start + offset] in separators:
            spans.append((item, start + offset))
            item = start + offset + 1
    spans.append((item, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out


def excerpt(raw: str, start: int, end: int, limit: int = 40) -> str:
    """The clerk's words from ``start`` to ``end`` for a message, shortened in the middle when long."""
    words = " ".join(raw[start:end].split())
    if len(words) <= limit:
        return words
    return words[: limit - 12] + "……" + words[-10:]


def sentence_excerpt(raw: str, found: Scan, start: int, end: int, limit: int = 48) -> str:
    """The sentence around text[start:end], cut to about ``limit`` characters around the span."""
    s_start, s_end = found.sentence(start)
    s_end = max(s_end, min(end, len(raw)))
    if s_end - s_start <= limit:
        return excerpt(raw, s_start, s_end, limit)
    a = max(s_start, start - 12)
    b = min(s_end, max(end, a + limit - 12))
    return ("……" if a > s_start else "") + excerpt(raw, a, b, limit + 20) + ("……" if b < s_end else "")
