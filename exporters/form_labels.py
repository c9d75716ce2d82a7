"""Where a bureau's form wants a value: labels with a blank beside, below or after them, and date blanks.

Pure text logic, shared by the Word and the Excel filler:
- ``inline_slots``: "填表人：______　联系电话：　　　　" and "单位（盖章）：　　年　月　日" inside one paragraph
  or cell: each label's blank, as a character span;
- ``grid_slots``: a label cell (单位名称（盖章）, 联系人 …) and the empty cell beside it, or below it when the
  form puts its labels above the values;
- ``date_blank``: "    年  月  日".
Labels are recognised by the one matcher (models.matching.match_label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.fields import FIELD_BY_KEY, Kind, fields_of_group
from models.matching import core, match_label

from .report_view import ReportView

# The fields a form's labels may ask for: the cover, the signature and the unit's facts.
FORM_KEYS: tuple[str, ...] = (
    *(s.key for s in fields_of_group("cover")), *(s.key for s in fields_of_group("signature")), "unit_kind",
    *(s.key for s in fields_of_group("staff") if s.kind is Kind.COUNT),
)
_BLANK_CHARS = " \t\u3000\u00a0_＿"
_DATE_BLANK = re.compile(r"[ \t\u3000\u00a0_＿]*年[ \t\u3000\u00a0_＿]+月[ \t\u3000\u00a0_＿]+日")
# A label may be spaced out ("联 系 人："), one space between its characters.
_LABEL_BEFORE_COLON = re.compile(r"([^\s_＿:：，,；;。、](?:[ \u3000]?[^\s_＿:：，,；;。、]){0,19})[ \t\u3000]*[:：]")
MAX_LABEL_CORE = 16


def is_blank(text: str) -> bool:
    """Nothing written yet: empty, spaces, underscores."""
    return not text.strip(_BLANK_CHARS)


def date_blank(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of an unfilled "年 月 日" at or after ``start`` (the year's place left blank too)."""
    match = _DATE_BLANK.search(text, start)
    if match is None:
        return None
    before = text[:match.start()].rstrip(_BLANK_CHARS)
    if before and before[-1].isdigit():
        return None  # "2025年  月  日": not ours to rewrite
    return match.start(), match.end()


def is_date_blank(text: str) -> bool:
    span = date_blank(text)
    return span is not None and is_blank(text[:span[0]] + text[span[1]:])


@dataclass(frozen=True, slots=True)
class InlineSlot:
    key: str  # the field
    label: str  # as printed
    start: int  # the blank's span in the text (start == end: write after the colon)
    end: int
    date: bool  # the blank is a "年 月 日"
    pad: bool  # more text follows: keep a gap after the value


def inline_slots(text: str, keys: tuple[str, ...] = FORM_KEYS) -> list[InlineSlot]:
    """Each "label：blank" in one paragraph or cell whose label names a field.

    A blank counts only where nothing is written yet: what follows it is the end, another label, a
    bracketed note or a "年 月 日". A "年 月 日" after a label that is not a date (单位（盖章）：　年　月　日)
    is the signature date, a slot of its own.
    """
    slots: list[InlineSlot] = []
    for match in _LABEL_BEFORE_COLON.finditer(text):
        label = match.group(1)
        hit = match_label(label, keys)
        if hit is None and len(label.split()) > 1:
            label = label.split()[-1]  # "张三 联系电话：": the label is the last word
            hit = match_label(label, keys)
        if hit is None:
            continue
        start = match.end()
        end = start
        while end < len(text) and text[end] in _BLANK_CHARS:
            end += 1
        date = date_blank(text, start)
        dated = date is not None and is_blank(text[start:date[0]])
        rest = text[end:]
        if date is not None and dated:
            if FIELD_BY_KEY[hit.key].kind is Kind.DATE:
                slots.append(InlineSlot(hit.key, label, start, date[1], True, bool(text[date[1]:].strip())))
            else:
                slots.append(InlineSlot(hit.key, label, start, start, False, True))
                slots.append(InlineSlot("sign_date", "年 月 日", date[0], date[1], True,
                                        bool(text[date[1]:].strip())))
            continue
        if rest and not (rest[0] in "（(" or _LABEL_BEFORE_COLON.match(rest)):
            continue  # something is written after the colon already
        slots.append(InlineSlot(hit.key, label, start, end, False, bool(rest.strip(_BLANK_CHARS))))
    return slots


@dataclass(frozen=True, slots=True)
class GridSlot:
    key: str
    label: str
    label_cell: tuple[int, int]
    cell: tuple[int, int]  # where the value goes


def _is_label(text: str) -> bool:
    c = core(text)
    return 0 < len(c) <= MAX_LABEL_CORE and not any(ch in text for ch in "。；;")


def grid_slots(grid: list[list[str]], keys: tuple[str, ...] = FORM_KEYS,
               skip_rows: set[int] | None = None) -> list[GridSlot]:
    """Label cells and their value cells: the empty cell to the right, or the one below (labels above)."""
    skip_rows = skip_rows or set()
    slots: list[GridSlot] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        if r in skip_rows:
            continue
        for c, text in enumerate(row):
            if c > 0 and row[c - 1] == text:
                continue  # the same merged cell, seen already
            if not _is_label(text) or inline_slots(text, keys):
                continue
            hit = match_label(text, keys)
            if hit is None:
                continue
            target = _right(grid, r, c) or _below(grid, r, c)
            if target is None or target in taken:
                continue
            taken.add(target)
            slots.append(GridSlot(hit.key, text.strip(), (r, c), target))
    return slots


def _empty(text: str) -> bool:
    return is_blank(text) or is_date_blank(text)


def _right(grid: list[list[str]], r: int, c: int) -> tuple[int, int] | None:
    row = grid[r]
    label = row[c]
    n = c + 1
    while n < len(row) and row[n] == label:
        n += 1  # across the label's own merge
    if n < len(row) and _empty(row[n]):
        return r, n
    return None


def _below(grid: list[list[str]], r: int, c: int) -> tuple[int, int] | None:
    if r + 1 < len(grid) and c < len(grid[r + 1]) and _empty(grid[r + 1][c]) \
            and (r + 1 >= len(grid) or grid[r + 1][c] != grid[r][c]):
        return r + 1, c
    return None


def value_for(view: ReportView, key: str, label: str = "") -> str:
    """A field as a form prints it; money with its unit unless the label names one."""
    spec = FIELD_BY_KEY[key]
    if spec.kind is Kind.MONEY:
        value = view.report.money(key)
        return view.amount_text(value) if "元" in label else view.money_text(value)
    if key == "sign_unit":
        return view.sign_unit
    if key == "sign_preparer" and not view.text("sign_preparer"):
        return view.text("contact")  # a form's 填表人 is the 联系人 unless the clerk named another
    if key == "sign_date" and not view.report.date("sign_date"):
        return view.date("report_date")
    return view.value_text(key)


def fill_blank(text: str, start: int, end: int, value: str, pad: bool) -> str:
    """The text with the blank start…end replaced by ``value`` (a gap kept before what follows)."""
    return text[:start] + value + ("　" if pad else "") + text[end:]
