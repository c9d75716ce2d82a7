"""Lists in the prose: a stated count against the items beside it, an item listed twice, numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..findings import Finding, Severity
from ..matching import Style, cn_numeral, cn_to_int, heading_number
from .base import Context, rule
from .narratives import per_text
from .text_scan import depth_map, excerpt, prose, split_items

_CN_COUNT = "一二两三四五六七八九十"
# "6个", "八家", "十二项": a count of things (not of persons, times or money).
_COUNT = rf"(\d{{1,3}}|[{_CN_COUNT}]{{1,3}})(个|家|项|所|类|支|座|处|大类)"
# The count announces the list after it: "下设科室6个：…", "有3个下属单位，分别是…".
_COUNT_THEN_LIST = re.compile(_COUNT + r"([\u4e00-\u9fff]{0,8}?)(?:[:：]|[，,]?(?:分别为|分别是|具体为|即)[:：]?|(?P<paren>[（(]))")
# The count closes the list before it: "…、科技教育科共8个科室", "…等3个单位", "…两项工作". Without
# 共/等 a count right after a list may count its last item only ("服务站、服务中心12个"), so then only
# a Chinese numeral followed by what is counted is read.
_LIST_THEN_COUNT = re.compile(r"(等|共计|共|合计|总计|计)" + _COUNT + rf"|()([{_CN_COUNT}]{{1,3}})(个|家|项|所|类)(?=[\u4e00-\u9fff])")
_COUNTED = re.compile(_COUNT)
_JOINERS = re.compile(r"以及|和|及|与")
_LEAD_VERBS = re.compile(r"^(?:内设|下设|设有|设立|下辖|管辖|包括|包含|主要有|共有|有|设|含|为|是)")
_LIST_ENDS = frozenset("。！？!?\n")
_MAX_ITEM = 25  # longer "items" are clauses, not names: the text is not a list we can count
_MAX_LIST = 600  # characters a list may run (bounds the work on a pasted page with no full stop)


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else cn_to_int(word.replace("两", "二"))


# "…、县档案馆等单位": the last item ends with 等 and what the list is of ("高等学校" keeps its 等).
_ETC_TAIL = re.compile(r"(?<![高平同对均初中上下])等[\u4e00-\u9fff]{0,4}$")


def _clean(item: str, first: bool) -> str:
    item = item.strip(" \u3000“”\"'…")
    if first:
        item = _LEAD_VERBS.sub("", item)
    item = re.sub(r"^(?:以及|和|及|与)", "", item)
    return _ETC_TAIL.sub("", item)


@dataclass(frozen=True, slots=True)
class _List:
    start: int
    end: int
    items: tuple[str, ...]
    open_ended: bool  # ends with 等: a count may exceed the items
    joined: int  # 和/及 inside the items: each may join two


def _items(text: str, start: int, end: int, separators: str) -> _List | None:
    spans = split_items(text, start, end, separators)
    items = [text[a:b] for a, b in spans]
    if len(items) < 2 or any(not (2 <= len(i) <= _MAX_ITEM) for i in items):
        return None
    if _COUNTED.search(items[-1]) or items[-1].endswith(("和", "及", "与")):
        return None  # "财务股三个股室和一个执法大队": the items hold counts of their own
    open_ended = bool(_ETC_TAIL.search(items[-1]))
    cleaned = tuple(_clean(item, index == 0) for index, item in enumerate(items))
    joined = sum(len(_JOINERS.findall(item)) for item in items)
    return _List(start, end, cleaned, open_ended, joined)


def _list_in_parentheses(text: str, start: int) -> _List | None:
    """"内设机构5个（办公室、财务科……）": the "、" items up to the closing parenthesis."""
    end = start
    depth = 0
    limit = min(len(text), start + _MAX_LIST)
    while end < limit and not (depth == 0 and text[end] in "）)"):
        if text[end] in "（(":
            depth += 1
        elif text[end] in "）)":
            depth -= 1
        elif text[end] in _LIST_ENDS:
            return None
        end += 1
    if end >= limit or "、" not in text[start:end]:
        return None
    return _items(text, start, end, "、")


def _list_after(text: str, start: int) -> _List | None:
    """The items after "：" up to the end of the sentence: split on "；" if the items use it, on "、"
    (up to the first "，") if they use that, else on "，"."""
    end = start
    limit = min(len(text), start + _MAX_LIST)
    while end < limit and text[end] not in _LIST_ENDS:
        end += 1
    depths = depth_map(text, start, end)
    top = {text[start + i] for i, d in enumerate(depths) if d == 0}
    if "；" in top or ";" in top:
        return _items(text, start, end, "；;")
    if "、" in top:
        for i, d in enumerate(depths):
            if d == 0 and text[start + i] in "，,":
                end = start + i
                break
        return _items(text, start, end, "、")
    return _items(text, start, end, "，,")


def _list_before(text: str, end: int) -> _List | None:
    """The "、" list that ends right before a count: back to the start of its clause."""
    start = end
    depth = 0
    while start > max(0, end - _MAX_LIST):
        ch = text[start - 1]
        if ch in "）)》”」】〕]":
            depth += 1
        elif ch in "（(《“「【〔[":
            if not depth:
                break
            depth -= 1
        elif not depth and ch in "，,；;。：:！？!?\n":
            break
        start -= 1
    if "、" not in text[start:end]:
        return None
    return _items(text, start, end, "、")


def _lists_with_counts(text: str) -> Iterator[tuple[_List, int, str, bool]]:
    """(list, stated count, count as written, "等N个") for every count that has a list beside it."""
    announced = set()
    for match in _COUNT_THEN_LIST.finditer(text):
        count = _count(match.group(1))
        found = _list_in_parentheses(text, match.end()) if match.group("paren") else _list_after(text, match.end())
        if count and found:
            announced.add(match.start())
            yield found, count, match.group(1) + match.group(2), False
    for match in _LIST_THEN_COUNT.finditer(text):
        word = match.group(2) or match.group(5)
        if match.start(2 if match.group(2) else 5) in announced:
            continue
        count = _count(word)
        found = _list_before(text, match.start())
        if count and found:
            yield found, count, match.group(0), match.group(1) == "等"


def _items_shown(items: tuple[str, ...]) -> str:
    shown = "、".join(items)
    return shown if len(shown) <= 40 else "、".join(items[:3]) + "……" + items[-1]


@lru_cache(maxsize=512)
def count_problems(raw: str) -> tuple[str, ...]:
    text = prose(raw)
    problems = []
    for found, count, written, etc in _lists_with_counts(text):
        listed = len(found.items)
        open_ended = etc or found.open_ended
        if listed <= count <= listed + found.joined or (open_ended and count >= listed):
            continue
        quote = excerpt(raw, found.start, found.end)
        fix = "只列出一部分时写“等N个”" if count > listed else "请改正数目或删去多列的项"
        problems.append(f"中写的是“{written}”，但列出了 {listed} 项（{_items_shown(found.items)}）：“{quote}”。"
                        f"数目应与所列项数一致；{fix}。")
    return tuple(problems)


@rule("narrative.count", Severity.WARNING, "写明的数目与所列项目不符")
def narrative_count(ctx: Context) -> Iterator[Finding]:
    """写了数目又逐一列出的（如“下设科室6个：办公室、财务科……”“……等3个单位”），数目应等于列出的项数
    （按“、”“，”“；”分开计数）；只列出部分时写“等N个”，此时N不少于所列即可。"""
    yield from per_text(ctx, "narrative.count", count_problems)


def _enumerations(text: str) -> Iterator[_List]:
    """Every "、" run of two or more names in a clause (and the lists beside counts)."""
    for match in re.finditer(r"[^，,；;。：:！？!?\n（()）]+", text):
        if "、" in match.group():
            found = _items(text, match.start(), match.end(), "、")
            if found:
                yield found


@lru_cache(maxsize=512)
def duplicate_problems(raw: str) -> tuple[str, ...]:
    text = prose(raw)
    problems = []
    seen_lists = set()
    lists = [found for found, *_ in _lists_with_counts(text)] + list(_enumerations(text))
    for found in lists:
        if (found.start, found.end) in seen_lists:
            continue
        seen_lists.add((found.start, found.end))
        seen: set[str] = set()
        first = found.items[0]
        for item in found.items:
            # The first item often carries the verb: "重点支持高标准农田建设、……、高标准农田建设".
            again = item in seen or (item is not first and len(item) >= 4 and first.endswith(item)
                                     and len(first) - len(item) <= 4)
            if again and len(item) >= 2:
                problems.append(f"中“{item}”在同一处列了两次：“{excerpt(raw, found.start, found.end)}”。"
                                "每项只列一次。")
                break
            seen.add(item)
    return tuple(dict.fromkeys(problems))


@rule("narrative.duplicate", Severity.WARNING, "同一项目列了两次")
def narrative_duplicate(ctx: Context) -> Iterator[Finding]:
    """同一处列举中（“、”分隔的名称，或写了数目的列表），每一项只应出现一次，如“县信息中心、县档案馆、县信息中心”。"""
    yield from per_text(ctx, "narrative.duplicate", duplicate_problems)


SHI = "shi"  # 一是、二是
_INLINE = re.compile(
    r"(?<![第\w])[（(](\d{1,2}|[一二三四五六七八九十]{1,3})[）)]"  # （1） （一） in running text
    r"|([\u2460-\u2473])"  # ① … ⑳
    r"|(?:^|(?<=[，,；;。：:\n]))\s*([一二三四五六七八九十]{1,3})是(?=[，,：:\u4e00-\u9fff])"  # 一是
    r"|(?<=[；;：:])\s*(\d{1,2})[.、．](?!\d)",  # "：1.…；2.…"
    re.MULTILINE)
_PREFIX = {Style.CN_PAREN: "（{}）", Style.ARABIC_PAREN: "（{}）", Style.CIRCLED: "{}", SHI: "{}是",
           Style.ARABIC: "{}.", Style.CN: "{}、", Style.CHAPTER: "第{}部分"}


@dataclass(frozen=True, slots=True)
class _Mark:
    offset: int
    style: str
    number: int
    written: str
    title: str  # for a heading line: its text; "" inline


def _marks(text: str) -> list[_Mark]:
    marks: list[_Mark] = []
    line_start = 0
    line_marks: set[int] = set()
    for line in text.split("\n"):
        heading = heading_number(line)
        if heading is not None:
            offset = line_start + len(line) - len(line.lstrip(" \t\u3000\u00a0"))
            short = heading.title if len(heading.title) <= 20 and not re.search(r"[。；;，,]", heading.title) else ""
            marks.append(_Mark(offset, heading.style, heading.number, heading.prefix, short))
            line_marks.add(offset)
        line_start += len(line) + 1
    for match in _INLINE.finditer(text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if any(start <= offset <= start + 1 for offset in line_marks):
            continue
        paren, circled, shi, arabic = match.groups()
        number: int | None
        if paren:
            number, style = _count(paren), (Style.ARABIC_PAREN if paren.isdigit() else Style.CN_PAREN)
        elif circled:
            number, style = ord(circled) - 0x2460 + 1, Style.CIRCLED
        elif shi:
            number, style = cn_to_int(shi), SHI
        else:
            number, style = int(arabic), Style.ARABIC
        if number:
            marks.append(_Mark(start, style, number, match.group().strip(), ""))
    marks.sort(key=lambda m: m.offset)
    return marks


def _at(raw: str, mark: _Mark) -> str:
    return excerpt(raw, mark.offset, min(len(raw), mark.offset + 16), 18)


@lru_cache(maxsize=512)
def numbering_problems(raw: str) -> tuple[str, ...]:
    text = prose(raw)
    problems: list[str] = []
    last: dict[str, int] = {}
    previous: _Mark | None = None
    headings: dict[tuple[str, str], _Mark] = {}
    for mark in _marks(text):
        expected = _PREFIX[mark.style].format(_numeral(mark.style, last.get(mark.style, 0) + 1))
        if mark.number == 1:
            last[mark.style] = 1
        elif mark.style not in last:
            if previous is not None and previous.style != mark.style and last.get(previous.style) == mark.number - 1:
                problems.append(f"的编号样式不一致：“{previous.written}”之后是“{mark.written}”（“{_at(raw, mark)}”）；"
                                f"同一列表应使用同一种编号，如“{_PREFIX[previous.style].format(_numeral(previous.style, mark.number))}”。")
            last[mark.style] = mark.number
        else:
            before = last[mark.style]
            if mark.number == before:
                problems.append(f"的编号“{mark.written}”重复了（“{_at(raw, mark)}”）；应为“{expected}”。")
            elif mark.number > before + 1:
                problems.append(f"的编号跳过了：“{_PREFIX[mark.style].format(_numeral(mark.style, before))}”之后是"
                                f"“{mark.written}”（“{_at(raw, mark)}”）；应为“{expected}”。")
            elif mark.number < before:
                problems.append(f"的编号顺序颠倒：“{_PREFIX[mark.style].format(_numeral(mark.style, before))}”之后是"
                                f"“{mark.written}”（“{_at(raw, mark)}”）；应为“{expected}”。")
            last[mark.style] = mark.number
        if mark.title:
            twin = headings.get((mark.style, mark.title))
            if twin is not None:
                problems.append(f"中小标题“{mark.title}”出现了两次（“{twin.written}”和“{mark.written}”）；每个标题只写一次。")
            headings[(mark.style, mark.title)] = mark
        previous = mark
    return tuple(problems)


def _numeral(style: str, number: int) -> str:
    if style in (Style.CN, Style.CN_PAREN, SHI, Style.CHAPTER):
        return cn_numeral(number)
    return chr(0x2460 + number - 1) if style == Style.CIRCLED and 1 <= number <= 20 else str(number)


@rule("narrative.numbering", Severity.WARNING, "列表或小标题编号重复、跳号或样式混用")
def narrative_numbering(ctx: Context) -> Iterator[Finding]:
    """说明文字中的编号要连续、不重复、同一列表用同一种样式：一、→（一）→1.→（1）→①，“一是、二是”同样；
    同一个小标题不写两次。新的列表从 1 重新编号。"""
    yield from per_text(ctx, "narrative.numbering", numbering_problems, whole=True)
