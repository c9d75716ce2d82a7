"""Tables that are not the scoring table: money tables (项目 | 金额), the execution block (a row per
fund, a column per figure), cover tables (单位名称 | … | 联系人 | …).

A value cell is matched by its row's label and its column's title together ("年度资金总额" + "全年预算数"
→ 年度资金总额：全年预算数), or by the label just left of it, or by its column's title (a form with the
labels in the header row). Money is read in the unit the caption, the column or the label names.
"""

from __future__ import annotations

import re
import unicodedata

from models.fields import FIELD_BY_KEY, Kind
from models.matching import LabelMatch, core, match_label
from models.money import NumberParseError, Unit

from .collect import Collected, Source
from .docx_reader import Table
from .result import Kind as EntryKind
from .values import read_value, unit_in

_NUMBERISH = re.compile(r"[\s¥(]*-?[0-9,.]+\s*(万元|亿元|元|万|%|人|名)?\)?\s*")  # after NFKC
_PERCENT = re.compile(r"-?\d+(\.\d+)?\s*[%％]")
COMPOSITE_THRESHOLD = 0.95


def _is_number(text: str) -> bool:
    return bool(text.strip()) and bool(_NUMBERISH.fullmatch(unicodedata.normalize("NFKC", text)))


def read_value_table(table: Table, found: Collected, section: str) -> int:
    """Read every labelled value of the table; unlabelled figures are kept as unplaced. Returns how many."""
    caption_unit = unit_in(table.before)
    rows = table.rows
    if not rows:
        return 0
    header = rows[0]
    column_units = [unit_in(cell) for cell in header]
    read = 0
    for r, row in enumerate(rows):
        leftovers: list[str] = []
        seen: set[tuple[int, int]] = set()
        for c, cell in enumerate(row):
            origin = table.origins[r][c] if r < len(table.origins) and c < len(table.origins[r]) else (r, c)
            if origin in seen or origin[0] != r or not cell.strip():
                continue  # a merged cell is read once, where it starts
            seen.add(origin)
            matched = _match_cell(rows, r, c)
            if matched is None:
                if _is_number(cell) and not _PERCENT.fullmatch(cell.strip()) and r > 0 and c > 0:
                    leftovers.append(cell.strip())
                continue
            label, match = matched
            spec = FIELD_BY_KEY[match.key]
            unit = unit_in(label) or (column_units[c] if c < len(column_units) else None) or caption_unit or Unit.YUAN
            where = table.location(r, c)
            text = f"{label}｜{cell.strip()}"
            try:
                value = read_value(spec, cell, unit)
            except (NumberParseError, ValueError) as exc:
                found.set_unreadable(match.key, cell, f"在表格中写作「{cell.strip()[:30]}」，无法准确识别：{exc}",
                                     Source.TABLE, where)
                continue
            if value is None:
                continue
            confidence = match.score if spec.kind is not Kind.MONEY or caption_unit or unit_in(label) \
                or (c < len(column_units) and column_units[c]) else match.score * 0.8
            if found.set_value(match.key, value, Source.TABLE, where, text, confidence, section):
                read += 1
        if leftovers:
            label = next((c.strip() for c in row if c.strip() and not _is_number(c)), "")
            found.unplaced("｜".join([label, *leftovers]) if label else "｜".join(leftovers), table.location(r),
                           section, "表格中未能对应到栏目的数字")
    if read:
        found.note(EntryKind.LAYOUT, "表格", table.before, table.location(0), section)
    return read


def _match_cell(rows: list[list[str]], r: int, c: int) -> tuple[str, LabelMatch] | None:
    """The label of a value cell, if the cell is a value (not a label itself)."""
    row, cell = rows[r], rows[r][c]
    if c > 0 and match_label(cell) is not None and not _is_number(cell):
        return None  # the cell is itself a label
    row_label = row[0].strip() if row and not _is_number(row[0]) else ""
    column_title = rows[0][c].strip() if r > 0 and c < len(rows[0]) and not _is_number(rows[0][c]) else ""
    if c > 0 and row_label and column_title and _is_number(cell):
        composite = match_label(f"{row_label}：{column_title}", threshold=COMPOSITE_THRESHOLD)
        if composite is not None:
            return f"{row_label}：{column_title}", composite
    if c > 0:
        left = row[c - 1].strip()
        if left and left != cell and not _is_number(left):
            match = match_label(left)
            if match is not None and _fits(match.key, cell):
                return left, match
    if r > 0 and column_title and (c == 0 or not row_label or _is_number(cell)):
        match = match_label(column_title)
        if match is not None and _fits(match.key, cell) and core(rows[r - 1][c]) == core(column_title):
            return column_title, match
    return None


def _fits(key: str, cell: str) -> bool:
    """A number for a number field, text for a text field: a label next to another label is no value."""
    spec = FIELD_BY_KEY[key]
    if spec.is_number:
        return _is_number(cell)
    if spec.kind is Kind.DATE:
        return any(ch.isdigit() for ch in cell) or "年" in cell
    return match_label(cell) is None
