"""The scoring table (得分表 / 自评表): rows matched to the framework by indicator names.

The level columns are read as the printed table shows them (merged cells repeated over their rows);
the deepest name of a row is the indicator, the others are its parents. A leaf gets its 得分; a row
under a "rows" node (部门特性指标, 数量指标 …) whose name is the department's own becomes an indicator
row; totals and the grade are computed by the program and only noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.fields import ROW_NATURES
from models.frameworks import Framework, Node
from models.matching import core, match_column, match_indicator, without_notes
from models.money import NumberParseError
from models.report import IndicatorRow

from .collect import Collected
from .docx_reader import Table
from .result import Kind
from .values import read_score

_LEVELS = ("level1", "level2", "level3")
_TOTAL_WORDS = ("合计", "总分", "总计", "评价等级", "等级", "自评总分", "得分合计", "综合得分")
_NATURES = ("≥", "≤", "=", ">", "<")


@dataclass(frozen=True, slots=True)
class Layout:
    header: int  # the header row's index
    columns: dict[str, int]  # column key -> index


def scoring_layout(table: Table) -> Layout | None:
    """The header of a scoring table: a row with a 得分 column and at least one indicator column."""
    for r, row in enumerate(table.rows[:3]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = match_column(cell)
            if key and key not in columns:
                columns[key] = c
        if "score" in columns and any(k in columns for k in _LEVELS):
            return Layout(r, columns)
    return None


def details_layout(table: Table) -> Layout | None:
    """The header of a table of the department's own indicators: 指标名称 with 年度指标值, 实际完成值,
    指标性质 or 度量单位 beside it, and no 得分 (the score table holds the scores)."""
    for r, row in enumerate(table.rows[:2]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = match_column(cell)
            if key and key not in columns:
                columns[key] = c
        if "level3" in columns and "score" not in columns and \
                any(k in columns for k in ("target", "actual", "nature", "measure_unit")):
            return Layout(r, columns)
    return None


def read_details(table: Table, layout: Layout, framework: Framework, found: Collected) -> int:
    """Fill the indicator rows read from the score table with their 指标性质, 度量单位, 年度指标值, 实际完成值
    and 偏差原因; a row the score table did not have is added under its category."""
    read = 0
    name_col = layout.columns["level3"]
    for r in range(layout.header + 1, len(table.rows)):
        row = table.rows[r]
        name = row[name_col].strip() if name_col < len(row) else ""
        line = "｜".join(dict.fromkeys(c.strip() for c in row if c.strip()))
        if not name:
            if line:
                found.unplaced(line, table.location(r), "scoring", "指标表中未能识别的行")
            continue
        category = _cell(row, layout, "category")
        existing = next((x for x in found.report.rows if core(x.name) == core(name)), None)
        if existing is None:
            container = _container(framework, name, [category] if category else [])
            if container is None:
                found.unplaced(line, table.location(r), "scoring", "指标表中未能对应到指标类别的行")
                continue
            existing = IndicatorRow(node=container.id, name=name)
            found.row(existing, container.name, table.location(r), line, 0.8)
        nature = _cell(row, layout, "nature")
        if nature in ROW_NATURES:
            existing.nature = nature
        for column in ("measure_unit", "target", "actual", "reason"):
            text = _cell(row, layout, column)
            if text:
                setattr(existing, column, text)
                found.row_cell(existing, column, text, table.location(r, layout.columns[column]), line)
        read += 1
    return read


def count_matches(table: Table, layout: Layout, framework: Framework) -> int:
    """How many indicators of ``framework`` the table names, at any level (to choose the framework):
    a national table's level-3 names are the department's own, its level 1 and 2 are the framework's."""
    nodes: set[str] = set()
    seen: set[str] = set()
    for row in table.rows[layout.header + 1:]:
        for name in _level_texts(row, layout):
            if name in seen:
                continue
            seen.add(name)
            match = match_indicator(name, framework)
            if match is not None and match.score >= 0.9:
                nodes.add(match.node.id)
    return len(nodes)


def _level_texts(row: list[str], layout: Layout) -> list[str]:
    texts: list[str] = []
    for key in _LEVELS:
        index = layout.columns.get(key)
        if index is None or index >= len(row):
            continue
        text = _name(row[index])
        if text and (not texts or core(texts[-1]) != core(text)):
            texts.append(text)
    return texts


def _name(cell: str) -> str:
    """"部门决策\\n（25分）" → "部门决策": the points printed in the cell are not part of the name."""
    text = " ".join(cell.split())
    bare = without_notes(text)
    return bare if bare and any(ch.isdigit() for ch in text.replace(bare, "")) else text


def _cell(row: list[str], layout: Layout, key: str) -> str:
    index = layout.columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def read_scoring(table: Table, layout: Layout, framework: Framework, found: Collected) -> int:
    """Put the table's scores and indicator rows into the report; returns how many were read."""
    read = 0
    score_col = layout.columns["score"]
    for r in range(layout.header + 1, len(table.rows)):
        row = table.rows[r]
        names = _level_texts(row, layout)
        line = "｜".join(dict.fromkeys(c.strip() for c in row if c.strip()))
        where = table.location(r)
        if not names:
            if line:
                found.unplaced(line, where, "scoring", "得分表中未能识别的行")
            continue
        name, parents = names[-1], names[:-1]
        if core(name) in {core(w) for w in _TOTAL_WORDS} or core(names[0]) in {core(w) for w in _TOTAL_WORDS}:
            found.note(Kind.COMPUTED, "合计与等级（由程序根据各项得分计算）", line, where, "scoring")
            continue
        if core(name) in ("无", ""):
            continue
        score_text = _cell(row, layout, "score")
        match = match_indicator(name, framework, parents)
        if match is not None and match.node.kind == "score":
            read += _score(found, match.node, score_text, table.location(r, score_col), line, match.score)
            continue
        if match is not None and match.node.kind == "execution_rate":
            found.note(Kind.COMPUTED, f"{match.node.name}（由执行数和预算数计算）", line, where, "scoring")
            continue
        if match is not None and match.node.kind in ("group", "rows") and not score_text:
            found.note(Kind.LAYOUT, "得分表中的指标类别", line, where, "scoring")
            continue
        container = _container(framework, name, parents)
        if container is not None:
            own_name = name.split("：", 1)[1] if "：" in name and container.name in name else name
            read += _row(found, container, own_name, row, layout, table, r, line)
            continue
        found.unplaced(line, where, "scoring", "得分表中未能对应到评价框架指标的行")
    return read


def _score(found: Collected, node: Node, text: str, where: str, line: str, confidence: float) -> int:
    if not text:
        return 0
    try:
        value = read_score(text)
    except NumberParseError:
        found.unplaced(line, where, "scoring", f"指标「{node.name}」的得分无法识别")
        return 0
    if value is None:
        return 0
    found.score(node.id, node.name, value, where, line, confidence)
    return 1


def _container(framework: Framework, name: str, parents: list[str]) -> Node | None:
    """The rows node a department-defined indicator belongs under: a parent named like it, or the
    prefix of "部门特性指标：xxx"."""
    candidates = list(reversed(parents))
    if "：" in name:
        candidates.insert(0, name.split("：", 1)[0])
    for text in candidates:
        match = match_indicator(text, framework)
        if match is not None and match.node.kind == "rows":
            return match.node
        labelled = [n for n in framework.row_containers() if n.row_label and core(n.row_label) == core(text)]
        if len(labelled) == 1:
            return labelled[0]  # "部门特性指标": the label the framework gives the rows of a node
    return None


_QUANTITY = re.compile(r"(-?\d+(?:[.,]\d+)*)\s*(\S{0,6})")


def split_target(target: str, actual: str) -> tuple[str, str, str, str]:
    """(nature, measure unit, target, actual) from cells printed as "≥126个" / "131个" or "定性：优良"."""
    text = target.strip()
    if text.startswith(("定性：", "定性:")):
        return "定性", "", text[3:].strip(), actual.strip()
    nature = "≥"
    for mark in _NATURES:
        if text.startswith(mark):
            nature = {">": "≥", "<": "≤"}.get(mark, mark)
            text = text[len(mark):].strip()
            break
    match = _QUANTITY.fullmatch(text)
    if match is None or not match.group(2):
        return nature, "", text, actual.strip()
    unit = match.group(2)
    value = actual.strip()
    if value.endswith(unit):
        value = value[: -len(unit)].strip()
    return nature, unit, match.group(1), value


def _row(found: Collected, container: Node, name: str, row: list[str], layout: Layout, table: Table, r: int,
         line: str) -> int:
    nature, unit, target, actual = split_target(_cell(row, layout, "target"), _cell(row, layout, "actual"))
    indicator = IndicatorRow(node=container.id, name=name, nature=nature, measure_unit=unit, target=target,
                             actual=actual, reason=_cell(row, layout, "reason"))
    for column in ("points", "score"):
        text = _cell(row, layout, column)
        try:
            setattr(indicator, column, read_score(text) if text else None)
        except NumberParseError:
            found.unplaced(text, table.location(r, layout.columns[column]), "scoring",
                           f"指标「{name}」的{'分值' if column == 'points' else '得分'}无法识别")
    found.row(indicator, container.name, table.location(r), line, 0.9)
    return 1
