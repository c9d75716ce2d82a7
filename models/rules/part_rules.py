"""Figures in the prose checked against each other: listed parts against their whole, and
percentages (执行率, 占比) against the figures they are computed from."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..compute import format_rate
from ..fields import FIELD_BY_KEY, FieldSpec
from ..findings import Finding, Severity
from ..matching import cn_to_int
from ..money import CENT, Unit, format_money, round_half_up
from .base import Context, rule
from .money_rules import IDENTITIES
from .narratives import NARRATIVES, paragraphs
from .text_scan import (
    COMPLETE_MARKERS,
    GENERIC_HEAD,
    LABEL_PATTERN,
    LABELS,
    PART_MARKER,
    SENTENCE_ENDS,
    Figure,
    Labelled,
    Scan,
    depth_map,
    excerpt,
    scan,
)

_MAX_SPAN = 600  # characters a list of parts may run (bounds the work on a page with no full stop)
_PARTS_OF = {total: {key for key, sign in parts if sign > 0} for total, parts in IDENTITIES.items()}


@dataclass(frozen=True, slots=True)
class PartGroup:
    """"<whole>，包括 <part>、<part>…": the parts a text lists for a figure or a field."""

    start: int  # of the whole (figure or label), for the quote
    end: int  # of the last part
    whole: Figure | None  # the whole as written, or None when only its label is written
    whole_key: str | None  # the field the whole names, if any
    whole_label: str
    parts: tuple[Labelled, ...]
    complete: bool  # "包括 A、B、C": the parts are all of it; "其中"/"主要"/"等": some of it


def _whole_before(found: Scan, marker_start: int, by_end: dict[int, Labelled],
                  crosses_sentence: bool) -> tuple[Labelled | None, tuple[str, str] | None, int]:
    """The figure (or the label) the parts after a marker belong to: right before it, with only
    punctuation between ("项目支出230万元，包括…", "项目支出包括…", "……万元。其中…")."""
    text = found.text
    index = marker_start
    while (index > 0 and text[index - 1] in " ，,：:（(") or (crosses_sentence and index > 0 and text[index - 1] == "。"):
        index -= 1
    if index in by_end:
        item = by_end[index]
        if item.compared or item.figure.approx:
            return None, None, index  # "较年初增加120万元，其中…": a change has no parts
        return item, None, found.clause_start(item.figure.start)
    head_start = found.clause_start(index)
    last = None
    for match in LABEL_PATTERN.finditer(text, head_start, index):
        last = match
    if last is not None and last.end() == index and GENERIC_HEAD.fullmatch(text, head_start, last.start()):
        return None, (last.group(), LABELS[last.group()]), last.start()
    return None, None, index


def _groups(found: Scan) -> Iterator[PartGroup]:
    text = found.text
    by_end = {item.figure.end: item for item in found.figures if item.figure.is_money}
    figures = [item for item in found.figures if item.figure.is_money]
    starts = [item.figure.start for item in figures]
    for marker in PART_MARKER.finditer(text):
        word = marker.group()
        if word == "含" and (text[marker.start() - 1: marker.start()] in ("不", "包", "蕴", "富")
                            or text[marker.end(): marker.end() + 1] in ("量", "义", "糊")):
            continue
        whole, label, start = _whole_before(found, marker.start(), by_end, word == "其中")
        if whole is None and label is None:
            continue
        before = marker.start()
        while before > 0 and text[before - 1] in " ：:":
            before -= 1
        in_parens = before > 0 and text[before - 1] in ("（", "(")
        yield from _group(found, figures, starts, start, marker.end(), whole, label, word, in_parens)
    # "基本支出 2,165.47 万元（人员经费 1,843.62 万元、日常公用经费 321.85 万元）": parts in parentheses.
    for item in figures:
        end = item.figure.end
        if text[end: end + 1] in ("（", "(") and not PART_MARKER.match(text, end + 1):
            yield from _group(found, figures, starts, item.figure.start, end + 1, item, None, "", True)


def _group(found: Scan, figures: list[Labelled], starts: list[int], start: int, parts_start: int, whole: Labelled | None,
           label: tuple[str, str] | None, word: str, in_parens: bool) -> Iterator[PartGroup]:
    text = found.text
    end = parts_start
    limit = min(len(text), parts_start + _MAX_SPAN)
    while end < limit and text[end] not in SENTENCE_ENDS:
        end += 1
    depths = depth_map(text, parts_start, end)
    if in_parens:  # the list ends where the parenthesis closes
        for offset, depth in enumerate(depths):
            if text[parts_start + offset] in "）)" and depth == 0:
                end = parts_start + offset
                depths = depths[:offset]
                break
    whole_key = whole.key if whole is not None else label[1] if label else None
    identity = _PARTS_OF.get(whole_key or "")
    parts: list[Labelled] = []
    last_end = parts_start
    for item in figures[bisect_left(starts, parts_start):]:
        offset = item.figure.start - parts_start
        if item.figure.start >= end:
            break
        if depths[offset] != 0:
            continue  # a breakdown of one part, inside its parentheses
        between = text[last_end: item.figure.start]
        if parts and PART_MARKER.search(between):
            break  # a new breakdown begins: the list of this whole ends there
        if parts and whole_key is None and ("；" in between or ";" in between):
            break
        if item.key is not None and (identity is None or item.key not in identity):
            if parts or identity is not None:
                break  # another field's figure: no longer a part of this whole
        if item.compared or item.figure.approx:
            return  # a difference or an estimate among the parts: not a list to add up
        parts.append(item)
        last_end = item.figure.end
    if not parts:
        return
    etc = _ETC_COUNT.match(text, last_end)
    # "……等3个项目" with all 3 listed is complete; "……等" alone says the list is partial.
    partial = etc is not None and (etc.group(1) is None or _count(etc.group(1)) != len(parts))
    complete = (word in COMPLETE_MARKERS or (not word and in_parens)) and not partial
    if complete and len(parts) < 2:
        return
    whole_label = whole.label or "" if whole is not None else label[0] if label else ""
    yield PartGroup(start, last_end, whole.figure if whole else None, whole_key, whole_label,
                    tuple(parts), complete)


_ETC_COUNT = re.compile(r"[^，,；;。]{0,6}?等(?:(\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个|项|类|笔))?")


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else cn_to_int(word.replace("两", "二"))


@lru_cache(maxsize=512)
def part_groups(raw: str) -> tuple[PartGroup, ...]:
    """The listed parts of each whole in a text (cached per text)."""
    found = scan(raw)
    seen: dict[tuple[int, int], PartGroup] = {}
    for group in _groups(found):
        seen.setdefault((group.start, group.end), group)
    return tuple(seen.values())


def _shown(value: Decimal, unit: str) -> str:
    return format_money(value, Unit.WAN, exact=False) if unit in ("万元", "亿元") else format_money(value)


def _parts_message(raw: str, group: PartGroup, whole: Decimal, slack: Decimal, unit: str) -> str | None:
    """What is wrong with one list of parts against its whole, or None."""
    total = sum((p.figure.amount for p in group.parts), Decimal(0))
    slack += sum((p.figure.half for p in group.parts), CENT)
    gap = total - whole
    if abs(gap) <= slack or (not group.complete and gap <= slack):
        return None
    terms = " + ".join(raw[p.figure.start:p.figure.end] for p in group.parts)
    named = f"「{group.whole_label}」" if group.whole_label else "总数"
    source = "" if group.whole is not None else "填报的"
    quote = excerpt(raw, group.start, group.end, 50)
    if group.complete:
        expected = "各项之和应等于总数；如果只列了主要部分，请写“主要包括”或在末尾加“等”"
        verdict = f"与{source}{named}{_shown(whole, unit)} 不符，相差 {_shown(abs(gap), unit)}"
    else:
        expected = "列出的部分不能超过总数，请核对各项金额"
        verdict = f"超过了{source}{named}{_shown(whole, unit)}（多 {_shown(gap, unit)}）"
    return f"中“{quote}”：所列各项之和为 {_shown(total, unit)}（{terms}），{verdict}。{expected}。"


@lru_cache(maxsize=512)
def _part_checks(raw: str) -> tuple[tuple[str, ...], tuple[PartGroup, ...]]:
    """Problems of the lists whose whole is written (they depend on the text only), and the distinct
    lists whose whole is a field (checked against its value on each validation)."""
    problems: list[str] = []
    against_fields: dict[tuple[object, ...], PartGroup] = {}
    for group in part_groups(raw):
        if group.whole is not None:
            message = _parts_message(raw, group, group.whole.amount, group.whole.half, group.whole.unit)
            if message:
                problems.append(message)
        else:
            signature = (group.whole_key, group.complete, tuple(p.figure.amount for p in group.parts),
                         tuple(p.figure.half for p in group.parts))
            against_fields.setdefault(signature, group)
    return tuple(dict.fromkeys(problems)), tuple(against_fields.values())


@rule("narrative.parts", Severity.WARNING, "列出的分项之和与总数不符")
def narrative_parts(ctx: Context) -> Iterator[Finding]:
    """说明文字列出一个总数的组成部分时（“项目支出230万元，包括A经费80万元、B经费50万元……”），各项之和应等于
    总数；只列出主要部分（“其中”“主要包括”“主要用于”“……等”）时，各项之和不应超过总数。只写了名称没写总数的
    （“项目支出包括……”），与填报的该项比较。按文中写出的位数允许四舍五入的尾差。"""
    report = ctx.report
    for spec in NARRATIVES:
        raw = report.text(spec.key)
        if "元" not in raw:
            continue
        for paragraph in paragraphs(raw):
            yield from _parts_findings(ctx, spec, paragraph)


def _parts_findings(ctx: Context, spec: FieldSpec, raw: str) -> Iterator[Finding]:
    report = ctx.report
    problems, against_fields = _part_checks(raw)
    for message in problems:
        yield ctx.finding("narrative.parts", Severity.WARNING, [spec.key], f"「{spec.label}」{message}",
                          group=spec.group)
    for group in against_fields:
        value = report.money(group.whole_key or "")
        found = None if value is None else _parts_message(raw, group, value, Decimal(0),
                                                             group.parts[0].figure.unit)
        if found:
            yield ctx.finding("narrative.parts", Severity.WARNING, [spec.key, group.whole_key or spec.key],
                              f"「{spec.label}」{found}", group=spec.group)


# 执行率: which row of the execution table a "……执行率" names, by what stands before it.
_RATE_ROWS = (
    (re.compile(r"(?:部门|整体|总体|全年|年度|预算|资金|总额|支出|的)*"), "total"),
    (re.compile(r"(?:本年|当年)?财政拨款(?:资金|预算|收入)?(?:的)?"), "fiscal"),
    (re.compile(r"(?:上年|以前年度)?结转(?:资金|结余)?(?:的)?"), "carry"),
    (re.compile(r"其他资金(?:的)?"), "other"),
)
_RATE_HEAD = re.compile(r"(?P<what>[^，,；;。：:（()）、]*?)执行率(?:为|达到|达|是|[:：])?\s*$")
_SHARE_HEAD = re.compile(r"[，,\s]*(?:占(?P<whole>[^，,；;。%]{0,14}?)(?:的)?(?:比重|比例)?|所占比重|所占比例|占比)"
                         r"(?:为|达到|达|约)?\s*$")


_WHOLE_HEAD = re.compile(r"^(?:全年|全部|部门|本单位|本局|全局|当年)")
_PARENTHESES = re.compile(r"（[^（）]*）|\([^()]*\)")
_BUDGET_WORDS = ("预算数", "执行数", "预算执行", "部门整体", "年度资金")


def _about_the_budget(text: str, found: Scan, clause_start: int) -> bool:
    """A bare "执行率" is the budget's only when the sentence before it speaks of the budget."""
    start = found.sentence(clause_start)[0]
    before = text[start:clause_start]
    return not before.strip("，,；; ") or (any(w in before for w in _BUDGET_WORDS) and "项目" not in before)


@dataclass(frozen=True, slots=True)
class _Rate:
    figure: Figure
    row: str  # total / fiscal / carry / other


@dataclass(frozen=True, slots=True)
class _Share:
    figure: Figure  # the percentage
    part: Labelled  # the money figure it is a share of
    whole_key: str | None  # named after 占
    whole: Figure | None  # or: the whole the part was listed under


@lru_cache(maxsize=512)
def percentages(raw: str) -> tuple[tuple[_Rate, ...], tuple[_Share, ...]]:
    """The 执行率 and 占比 figures of a text and what they are computed from (cached per text)."""
    found = scan(raw)
    text = found.text
    rates, shares = [], []
    groups = part_groups(raw)
    money = [item for item in found.figures if item.figure.is_money]
    money_ends = [item.figure.end for item in money]
    for item in found.figures:
        figure = item.figure
        if figure.is_money or figure.approx:
            continue
        head_start = found.clause_start(figure.start)
        head = _RATE_HEAD.search(text, head_start, figure.start)
        if head and text[figure.end: figure.end + 1] == "的":
            continue  # "执行率达100%的项目有12个": the rate describes something else
        if head:
            what = GENERIC_HEAD.sub("", head.group("what")) if head.group("what") else ""
            row = next((name for pattern, name in _RATE_ROWS if pattern.fullmatch(what)), None)
            if row == "total" and not what and not _about_the_budget(text, found, head_start):
                row = None  # "项目资金到位率100%、执行率100%": the rate of what came before
            if row is not None:
                rates.append(_Rate(figure, row))
            continue
        sentence = found.sentence(figure.start)
        last = bisect_right(money_ends, figure.start)
        before = [m for m in money[max(0, last - 3): last] if sentence[0] <= m.figure.start]
        matched = None
        for part in reversed(before):
            # "基本支出 X 万元（人员经费…、公用经费…），占 53.22%": the share skips the breakdown.
            between = _PARENTHESES.sub("", text[part.figure.end: figure.start])
            share = _SHARE_HEAD.fullmatch(between)
            if share:
                matched = part, share
                break
        if matched is None:
            continue
        part, share = matched
        if part.compared or part.figure.approx:
            continue
        named = (share.group("whole") or "").strip()
        if named:
            label = LABEL_PATTERN.fullmatch(named) or LABEL_PATTERN.fullmatch(_WHOLE_HEAD.sub("", named))
            if label:
                shares.append(_Share(figure, part, LABELS[label.group()], None))
            continue
        owner = next((g for g in groups if g.whole is not None and part in g.parts), None)
        if owner is not None:
            shares.append(_Share(figure, part, None, owner.whole))
    # A text repeated (a paragraph pasted twice) is checked once per distinct figure.
    distinct_rates = {(r.row, r.figure.number, r.figure.decimals): r for r in reversed(rates)}
    distinct_shares = {(sh.part.figure.amount, sh.part.figure.half, sh.whole_key, sh.whole and sh.whole.amount,
                        sh.figure.number, sh.figure.decimals): sh for sh in reversed(shares)}
    return tuple(reversed(distinct_rates.values())), tuple(reversed(distinct_shares.values()))


def _agrees(quoted: Figure, low: Decimal, high: Decimal) -> bool:
    """A percentage written to its decimals agrees with a ratio in [low, high] (in %), rounded or cut."""
    unit = Decimal(1).scaleb(-quoted.decimals)
    return low - unit <= quoted.number <= high + unit / 2


_ROW_LABEL = {"total": "年度资金总额", "fiscal": "本年财政拨款", "carry": "上年结转资金", "other": "其他资金"}


@rule("narrative.percent", Severity.WARNING, "说明文字中的百分比与数字不符")
def narrative_percent(ctx: Context) -> Iterator[Finding]:
    """文中写的执行率、占比要与数字相符：“预算执行率”按全年执行数 ÷ 全年预算数（“财政拨款执行率”“结转资金执行率”
    按预算执行表的对应行）重算；“占……的x%”“占比x%”按前面的金额 ÷ 所占的总数重算。允许文中写出的位数的
    四舍五入（或截位）。其他百分比（合格率、满意度等）不检查。"""
    report = ctx.report
    for spec in NARRATIVES:
        raw = report.text(spec.key)
        if "%" not in raw and "％" not in raw:
            continue
        for paragraph in paragraphs(raw):
            yield from _percent_findings(ctx, spec, paragraph)


def _percent_findings(ctx: Context, spec: FieldSpec, raw: str) -> Iterator[Finding]:
    report = ctx.report
    rates, shares = percentages(raw)
    for rate in rates:
        budget, spent = report.money(f"fund_{rate.row}_budget"), report.money(f"fund_{rate.row}_spent")
        if not budget or spent is None:
            continue
        exact = spent / budget * 100
        if _agrees(rate.figure, exact, exact):
            continue
        written = excerpt(raw, _clause_start(raw, rate.figure), rate.figure.end)
        yield ctx.finding(
            "narrative.percent", Severity.WARNING,
            [spec.key, f"fund_{rate.row}_spent", f"fund_{rate.row}_budget"],
            f"「{spec.label}」中写的“{written}”与填报数不符：{_ROW_LABEL[rate.row]}全年执行数 "
            f"{ctx.money(spent)} ÷ 全年预算数 {ctx.money(budget)} = {format_rate(spent / budget)}。",
            group=spec.group)
    for share in shares:
        whole_value = share.whole.amount if share.whole is not None else report.money(share.whole_key or "")
        if not whole_value:
            continue
        part = share.part.figure
        low = (part.amount - part.half) / whole_value * 100
        high = (part.amount + part.half) / whole_value * 100
        if share.whole is not None:
            low = (part.amount - part.half) / (whole_value + share.whole.half) * 100
            high = (part.amount + part.half) / (whole_value - share.whole.half) * 100
        if _agrees(share.figure, low, high):
            continue
        whole_text = (raw[share.whole.start:share.whole.end] if share.whole is not None
                      else f"填报的「{_money_label(share.whole_key)}」{ctx.money(whole_value)}")
        ratio = round_half_up(part.amount / whole_value * 100, max(2, share.figure.decimals))
        yield ctx.finding(
            "narrative.percent", Severity.WARNING, [spec.key],
            f"「{spec.label}」中写的“{excerpt(raw, part.start, share.figure.end)}”与数字不符："
            f"{raw[part.start:part.end]} ÷ {whole_text} = {ratio}%。", group=spec.group)


def _clause_start(raw: str, figure: Figure) -> int:
    """Where the clause holding a figure starts, for the quote."""
    return scan(raw).clause_start(figure.start)


def _money_label(key: str | None) -> str:
    return FIELD_BY_KEY[key].label if key else ""
