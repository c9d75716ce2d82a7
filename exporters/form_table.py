"""A bureau's scoring table (得分表 / 自评表) read from its cell texts: columns by header, rows by kind.

Word and Excel tables are both turned into a plain grid of texts first (a merged cell's text repeated
in every cell it covers), so one reader serves filling a form and importing the bureau's table as a
framework. Headers are recognised by name (三级指标, 分值, 评分标准, 得分, 扣分原因 …) by the one matcher
(models.matching.match_column), never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from models.matching import COLUMN_ALIASES, core, match_column

LEVEL_ROLES = ("level1", "level2", "level3")
HEADER_SEARCH_ROWS = 8

_TOTAL = re.compile(r"^(合计|总计|总分|得分合计|合计得分|总得分)$")
_GRADE = re.compile(r"^(评价等级|自评等级|等级|评定等级|综合评价等级)$")
# The department's own rows as bureaus leave them: "部门特性指标1", "个性指标", "……", "...".
_PLACEHOLDER = re.compile(r"^((部门)?(特性|个性|自定|自设|自定义|其他)?指标(名称)?\d*|\.{2,}|…+|⋯+|-+|—+)$")
_POINTS_IN_NAME = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*$")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One body row of a scoring table, as the bureau wrote it."""

    index: int  # row index in the grid
    kind: str  # "indicator", "placeholder", "total", "grade", "other"
    levels: tuple[str, ...]  # level-1, level-2, level-3 names as printed (points note removed)
    points: Decimal | None
    criteria: str
    level_points: tuple[Decimal | None, ...]  # "部门决策（25分）" → 25, per level

    @property
    def name(self) -> str:
        """The row's own indicator name: the deepest level that says something of its own."""
        names = [n for n in self.levels if n]
        return names[-1] if names else ""

    @property
    def parents(self) -> tuple[str, ...]:
        names = [n for n in self.levels if n]
        return tuple(names[:-1])


@dataclass(frozen=True, slots=True)
class ScoreTable:
    header_row: int  # last header row
    columns: dict[str, int]  # role -> column index
    rows: tuple[TableRow, ...]

    def column(self, role: str) -> int | None:
        return self.columns.get(role)


def header_role(text: str) -> str | None:
    """The column a header cell names: "得分（分）" → score, "评 分 标 准" → criteria (the one matcher's
    column names, models.matching.COLUMN_ALIASES)."""
    return match_column(text) if core(text) else None


def find_header(grid: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row (the last one, when the header is two rows high) and the columns it names.

    A scoring table has a 得分 column and at least one indicator-name column.
    """
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for c, text in enumerate(row):
            role = header_role(text)
            if role is not None and role not in columns:
                columns[role] = c
        if "score" in columns and any(role in columns for role in LEVEL_ROLES):
            # A second header row under a merged "指标" cell ("一级指标 二级指标 …" below "绩效指标").
            if r + 1 < len(grid):
                below = {header_role(t): c for c, t in enumerate(grid[r + 1]) if header_role(t)}
                if sum(1 for role in below if role in LEVEL_ROLES) >= 2:
                    columns.update({role: c for role, c in below.items() if role is not None})
                    return r + 1, _unique(columns)
            return r, _unique(columns)
    return None


def _unique(columns: dict[str, int]) -> dict[str, int]:
    """A merged header spanning two level columns names both: keep only the first role per column."""
    seen: set[int] = set()
    out: dict[str, int] = {}
    for role, c in sorted(columns.items(), key=lambda item: (item[1], list(COLUMN_ALIASES).index(item[0]))):
        if c not in seen:
            out[role] = c
            seen.add(c)
    return out


def parse_points(text: str) -> Decimal | None:
    """"5", "5分", "4.5" → the number; anything else (empty, "按比例") → None."""
    match = _NUMBER.match(text.translate(_DIGITS))
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern guarantees a number
        return None


_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def split_points(name: str) -> tuple[str, Decimal | None]:
    """"部门决策（25分）" → ("部门决策", 25); a name without a points note → (name, None)."""
    flat = " ".join(name.split())
    match = _POINTS_IN_NAME.search(flat.translate(_DIGITS))
    if not match:
        return flat, None
    return (flat[:match.start()] + flat[match.end():]).strip(), Decimal(match.group(1))


def is_placeholder(name: str) -> bool:
    return bool(_PLACEHOLDER.match(core(name) or name.strip()))


def read_table(grid: list[list[str]]) -> ScoreTable | None:
    """The scoring table in ``grid``, or None when the grid is not one."""
    header = find_header(grid)
    if header is None:
        return None
    header_row, columns = header
    level_cols = [columns[r] for r in LEVEL_ROLES if r in columns]
    rows: list[TableRow] = []
    above = [""] * len(level_cols)  # level names of the row above, for tables that do not merge them
    for index in range(header_row + 1, len(grid)):
        row = grid[index]

        def cell(role: str, row: list[str] = row) -> str:
            c = columns.get(role)
            return row[c].strip() if c is not None and c < len(row) else ""

        raw_levels = [row[c] if c < len(row) else "" for c in level_cols]
        # A bureau that writes a level name only in its first row means it for the rows below it too.
        for i in range(len(raw_levels) - 1):
            if not raw_levels[i].strip() and any(t.strip() for t in raw_levels[i + 1:]):
                raw_levels[i] = above[i]
        above = raw_levels
        split = [split_points(text) for text in raw_levels]
        levels = [name for name, _ in split]
        # A cell merged across the level columns repeats its text: keep it once, at its first column.
        for i in range(len(levels) - 1, 0, -1):
            if levels[i] and levels[i] == levels[i - 1] and raw_levels[i] == raw_levels[i - 1]:
                levels[i] = ""
        first = next((t for t in (*levels, *row) if t.strip()), "")
        if (rows and rows[-1].kind in ("total", "grade")) or (rows and rows[-1].kind == "other" and _ended(rows)):
            # Under the 合计 and 评价等级 the table is over: 填表人 lines and notes, not indicators.
            if core(first) and _GRADE.match(core(first)) and rows[-1].kind == "total":
                rows.append(TableRow(index, "grade", tuple(levels), None, "", ()))
                continue
            rows.append(TableRow(index, "other", tuple(levels), None, "", ()))
            continue
        kind = _kind(first, levels, row, "level3" in columns and not raw_levels[-1].strip())
        rows.append(TableRow(index, kind, tuple(levels), parse_points(cell("points")), cell("criteria"),
                             tuple(points for _, points in split)))
    return ScoreTable(header_row, columns, tuple(rows))


def _is_note(text: str) -> bool:
    """A line of the bureau's own across the table, not a level-1 indicator with nothing beside it."""
    return len(core(text)) > 12 or any(mark in text for mark in ("：", ":", "注", "说明"))


def _ended(rows: list[TableRow]) -> bool:
    return any(r.kind == "total" for r in rows)


def _kind(first: str, levels: list[str], row: list[str], empty_level3: bool) -> str:
    key = core(first)
    if _TOTAL.match(key):
        return "total"
    if _GRADE.match(key):
        return "grade"
    texts = {t.strip() for t in row if t.strip()}
    if len(texts) == 1 and len(row) > 2 and not any(levels[1:]) and _is_note(next(iter(texts))):
        return "other"  # a note merged across the whole width ("说明：……", "填表人：")
    name = next((n for n in reversed(levels) if n), "")
    if not name:
        return "other"
    if empty_level3 and sum(1 for level in levels if level) >= 2:
        return "placeholder"  # a row left empty under its level-2 block, for the department to fill
    if is_placeholder(name):
        return "placeholder"
    return "indicator"
