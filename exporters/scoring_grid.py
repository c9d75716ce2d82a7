"""The scoring table (得分表): the framework tree flattened into printed lines, then into a Grid.

One line per scored leaf and per department-defined indicator row; level-1 and level-2 cells are
merged down over their lines, and a leaf higher than level 3 spans the level columns to its right.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from models.frameworks import COLUMN_TITLES, Node

from .grid import EMPTY, SCORE_FORMAT, Align, Cell, Column, Grid
from .indicator_grid import actual_text, target_text
from .report_view import ReportView, points_text, rate_text, score_text
from .sanitize import clean_text, one_line

LEVELS = ("level1", "level2", "level3")
EMPTY_ROWS_TEXT = "（无）"

# Relative widths; the narrow figure columns keep their width, text columns share the rest.
_WEIGHTS = {"level1": 11.0, "level2": 15.0, "level3": 22.0, "target": 11.0, "actual": 11.0,
            "points": 7.5, "score": 7.5, "reason": 18.0}


@dataclass(frozen=True, slots=True)
class ScoringLine:
    """One printed line of the table. ``levels`` holds (node id, name, points) per level above it."""

    levels: tuple[tuple[str, str, Decimal | None], ...]  # level-1 node, level-2 node, … (ancestors)
    name: str  # the level-3 text: a leaf, an indicator row, or （无）
    depth: int  # depth of the line's own cell: 1–3
    kind: str  # "score", "execution_rate", "row", "empty"
    target: str = ""
    actual: str = ""
    points: Decimal | None = None
    score: Decimal | None = None
    reason: str = ""
    nature: str = ""
    measure_unit: str = ""
    scored: bool = True  # False: nobody scored it yet (printed blank, or 未评分 in a draft)

    def level(self, depth: int) -> tuple[str, str, Decimal | None] | None:
        return self.levels[depth - 1] if depth <= len(self.levels) else None


LABEL_LINE_CHARS = 6  # characters a level column holds on one line


def _label(name: str, points: Decimal | None, tall: bool) -> str:
    """"部门决策（25分）"; in a cell merged over several lines, or where the label does not fit one line,
    the points go on a line of their own, or a narrow column would break it as "综合管理（30" / "分）"."""
    if points is None:
        return name
    text = f"（{points_text(points)}分）"
    tall = tall or len(name) + len(text) > LABEL_LINE_CHARS + 1
    return f"{name}{chr(10) if tall else ''}{text}"


def scoring_lines(view: ReportView) -> list[ScoringLine]:
    """The table's body lines in framework order."""
    return list(_lines(view, view.framework.tree, ()))


def _lines(view: ReportView, nodes: tuple[Node, ...],
           above: tuple[tuple[str, str, Decimal | None], ...]) -> Iterator[ScoringLine]:
    totals = view.totals
    for node in nodes:
        if node.kind == "group":
            yield from _lines(view, node.children, (*above, (node.id, node.name, node.points)))
        elif node.kind == "rows":
            rows = view.report.rows_of(node.id)
            # A rows container is a level cell of its own, merged down over its rows, unless it is
            # already at level 3: then each row is written as "container：row".
            own = (*above, (node.id, node.name, node.points)) if node.depth < 3 else above
            prefix = f"{node.name}：" if node.depth >= 3 else ""
            if not rows:
                yield ScoringLine(own, prefix + EMPTY_ROWS_TEXT, 3, "empty")
            for row in rows:
                yield ScoringLine(own, prefix + one_line(row.name), 3, "row", target=one_line(row.target),
                                  actual=one_line(row.actual), points=row.points, score=row.score,
                                  reason=clean_text(row.reason).strip(), nature=row.nature,
                                  measure_unit=one_line(row.measure_unit), scored=row.score is not None)
        else:
            actual = rate_text(view.rate) if node.kind == "execution_rate" else ""
            yield ScoringLine(above, node.name, node.depth, node.kind, actual=actual,
                              points=node.points, score=totals.node_scores.get(node.id),
                              scored=node.id not in totals.unscored)


def scoring_grid(view: ReportView) -> Grid:
    """The table as Word and Excel print it: header, lines, 合计 and 评价等级."""
    keys = list(view.framework.table_columns)
    grid = Grid([Column(k, COLUMN_TITLES[k], _WEIGHTS[k]) for k in keys])
    grid.add_row([Cell(COLUMN_TITLES[k], bold=True) for k in keys])
    level_cols = [keys.index(k) for k in LEVELS if k in keys]
    lines = scoring_lines(view)
    spans = _spans(lines)
    first_body = len(grid.rows)
    for line in lines:
        grid.add_row([_cell(line, key, spans, view.unscored_text()) for key in keys])
    blocks = [(0, len(lines))]
    if not _fits_one_page(grid, landscape=len(keys) > LANDSCAPE_ABOVE_COLUMNS):
        # A table over several pages: level cells are merged only within page-safe groups, each kept on
        # one page, so every page shows the level names of its rows (both files print the same grid).
        blocks = _page_safe_blocks(lines)
        grid.groups = [(first_body + a, first_body + b - 1) for a, b in blocks if b - a > 1]
        for a, b in blocks:  # a label merged over fewer lines may need its points on the same line
            for index in range(a, b):
                grid.rows[first_body + index] = [
                    _cell(lines[index], key, _spans(lines[a:b]), view.unscored_text()) for key in keys]
    for a, b in blocks:
        _merge_levels(grid, lines[a:b], keys, first_body + a)

    # 合计 and 评价等级: the level columns merged into one label cell.
    label_span = len(level_cols) or 1
    total = [EMPTY] * len(keys)
    total[0] = Cell("合计", bold=True)
    if "points" in keys:
        total[keys.index("points")] = Cell(score_text(view.framework.total_points),
                                           view.framework.total_points, SCORE_FORMAT, bold=True)
    if "score" in keys:
        total[keys.index("score")] = Cell(view.total_text, view.total, SCORE_FORMAT, bold=True)
    row = grid.add_row(total)
    grid.merge(row, 0, cols=label_span)
    grade_text = view.grade + (f"（{view.cap_note()}）" if view.cap_note() and view.grade else "")
    grade = [EMPTY] * len(keys)
    grade[0] = Cell("评价等级", bold=True)
    if label_span < len(keys):
        grade[label_span] = Cell(grade_text, bold=True)
    row = grid.add_row(grade)
    grid.merge(row, 0, cols=label_span)
    grid.merge(row, label_span, cols=len(keys) - label_span)
    return grid


LANDSCAPE_ABOVE_COLUMNS = 5  # as the exporters turn the page
BLOCK_LINES = 12  # lines of one page-safe group at most (a level-2 group is split beyond this)
# A rough page for the estimate, in lines of 五号 table text: the annex's type area (portrait 225 mm,
# landscape 156 mm) at 14.2 pt a line, less the 附件 label, title and caption on the first page.
_PAGE_LINES = {False: 44, True: 30}
_FIRST_PAGE_LINES = 9  # 附件, a blank line, the title and the caption
_CHAR_MM = 3.9  # one 五号 character with the cell's margins' share
_TABLE_MM = {False: 156.0, True: 225.0}


def _fits_one_page(grid: Grid, *, landscape: bool) -> bool:
    total = sum(c.weight for c in grid.columns)
    chars = [max(1, int(_TABLE_MM[landscape] * c.weight / total / _CHAR_MM)) for c in grid.columns]
    lines = 0
    for row in grid.rows:
        lines += max(max(1, -(-_width(part) // n))
                     for cell, n in zip(row, chars, strict=True) for part in cell.text.split("\n"))
    return lines + 2 <= _PAGE_LINES[landscape] - _FIRST_PAGE_LINES  # + 合计 and 评价等级


def _width(text: str) -> int:
    """Width in CJK characters (a digit or Latin letter is half of one)."""
    return (sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) + 1) // 2


def _page_safe_blocks(lines: list[ScoringLine]) -> list[tuple[int, int]]:
    """Page-safe groups: the level-2 runs of one level-1 node packed into blocks of at most BLOCK_LINES
    lines (a longer run is split), so a level-1 name repeats once a block, not once a row."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or _group_key(lines[index]) != _group_key(lines[start]) \
                or index - start >= BLOCK_LINES:
            runs.append((start, index))
            start = index
    blocks: list[tuple[int, int]] = []
    for a, b in runs:
        if blocks:
            first = blocks[-1][0]
            if _top(lines[first]) == _top(lines[a]) and b - first <= BLOCK_LINES:
                blocks[-1] = (first, b)
                continue
        blocks.append((a, b))
    return blocks


def _group_key(line: ScoringLine) -> str:
    level = line.level(2) or line.level(1)
    return level[0] if level else ""


def _top(line: ScoringLine) -> str:
    level = line.level(1)
    return level[0] if level else ""


def _spans(lines: list[ScoringLine]) -> dict[str, int]:
    spans: dict[str, int] = {}
    for line in lines:
        for level in line.levels:
            spans[level[0]] = spans.get(level[0], 0) + 1
    return spans


def _cell(line: ScoringLine, key: str, spans: dict[str, int], unscored: str) -> Cell:
    if key in LEVELS:
        depth = LEVELS.index(key) + 1
        if depth == line.depth:
            return Cell(line.name, align=Align.CENTER if line.depth < 3 else Align.LEFT)
        level = line.level(depth)
        return Cell(_label(level[1], level[2], spans[level[0]] > 1)) if level else EMPTY
    if key == "points":  # 分值 and 得分 in one format: "0.20" beside "0.20", never "0.2"
        return Cell(score_text(line.points), line.points, SCORE_FORMAT)
    if key == "score":
        if not line.scored:
            return Cell(unscored)
        return Cell(score_text(line.score), line.score, SCORE_FORMAT)
    if key == "reason":
        return Cell(line.reason, align=Align.LEFT)
    if line.kind == "row" and key in ("target", "actual"):  # the nature and unit the clerk typed, too
        fold = target_text if key == "target" else actual_text
        return Cell(fold(line.nature, getattr(line, key), line.measure_unit))
    return Cell(getattr(line, key))


def _merge_levels(grid: Grid, lines: list[ScoringLine], keys: list[str], first: int) -> None:
    """Merge each level cell down over the lines of its node, and a high leaf right over the levels."""
    level_cols = {d: keys.index(k) for d, k in enumerate(LEVELS, 1) if k in keys}
    last_level_col = max(level_cols.values(), default=0)
    for depth, col in level_cols.items():
        start = 0
        while start < len(lines):
            level = lines[start].level(depth)
            end = start + 1
            if level is not None:
                while end < len(lines) and lines[end].level(depth) == level:
                    end += 1
                grid.merge(first + start, col, rows=end - start)
            start = end
    for index, line in enumerate(lines):
        if line.depth < 3 and line.depth in level_cols:
            col = level_cols[line.depth]
            grid.merge(first + index, col, cols=last_level_col - col + 1)
