"""Scoring frameworks (得分表 trees) as data files, loaded and checked for integrity.

A framework carries the indicator tree with its points, the section order of the report, the grade
bands and optional caps of the total by 执行率. Nothing about 25/30/45 or 50/30/10/10 is in code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .fields import SECTION_TITLES

FRAMEWORK_FORMAT_VERSION = 1
NODE_KINDS = ("score", "rows", "execution_rate")
TABLE_COLUMNS = ("level1", "level2", "level3", "target", "actual", "points", "score", "reason")
COLUMN_TITLES = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值",
    "actual": "实际完成值", "points": "分值", "score": "得分", "reason": "偏差原因分析及改进措施",
}


class FrameworkError(ValueError):
    """A framework file that is malformed or whose points do not add up (Chinese message)."""


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    points: Decimal | None  # None: a rows container whose rows share an ancestor's points
    kind: str  # "score" (a leaf the clerk scores), "rows", "execution_rate", or "group"
    depth: int  # 1 = 一级指标
    children: tuple[Node, ...] = ()
    help: str = ""
    row_label: str = ""

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Grade:
    name: str
    minimum: Decimal


@dataclass(frozen=True, slots=True)
class Cap:
    """When 执行率 is below ``below_rate`` the total may not exceed ``max_total``."""

    below_rate: Decimal
    max_total: Decimal


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    short_name: str
    total_points: Decimal
    sections: tuple[str, ...]
    section_titles: dict[str, str]
    table_columns: tuple[str, ...]
    grades: tuple[Grade, ...]
    caps: tuple[Cap, ...]
    tree: tuple[Node, ...]
    nodes: dict[str, Node] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)

    def walk(self) -> Iterator[Node]:
        for top in self.tree:
            yield from top.walk()

    def scored_leaves(self) -> tuple[Node, ...]:
        """Leaves whose 得分 the clerk types."""
        return tuple(n for n in self.walk() if n.kind == "score")

    def row_containers(self) -> tuple[Node, ...]:
        return tuple(n for n in self.walk() if n.kind == "rows")

    def section_title(self, section: str) -> str:
        return self.section_titles.get(section, SECTION_TITLES[section])

    def path(self, node_id: str) -> tuple[Node, ...]:
        """The node and its ancestors, top level first."""
        chain: list[Node] = []
        current: str | None = node_id
        while current is not None:
            chain.append(self.nodes[current])
            current = self.parents[current]
        return tuple(reversed(chain))

    def budget_node(self, node_id: str) -> Node:
        """The nearest node (itself or an ancestor) whose points are fixed: rows below it share them."""
        for node in reversed(self.path(node_id)):
            if node.points is not None:
                return node
        raise FrameworkError(f"指标「{self.nodes[node_id].name}」及其上级都没有分值。")  # pragma: no cover

    def grade_for(self, total: Decimal) -> str:
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.name
        return self.grades[-1].name


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, str, float)):
        raise FrameworkError(f"{where} 的分值不是数字。")
    try:
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise FrameworkError(f"{where} 的分值「{value}」不是数字。") from exc
    if not result.is_finite() or result < 0:
        raise FrameworkError(f"{where} 的分值「{value}」无效。")
    return result


def _node(raw: Any, depth: int, seen: set[str]) -> Node:
    if not isinstance(raw, dict):
        raise FrameworkError("指标树中有一项不是对象。")
    node_id, name = raw.get("id"), raw.get("name")
    if not isinstance(node_id, str) or not node_id or not isinstance(name, str) or not name:
        raise FrameworkError("指标树中有一项缺少 id 或名称。")
    if node_id in seen:
        raise FrameworkError(f"指标 id「{node_id}」重复。")
    seen.add(node_id)
    if depth > 3:
        raise FrameworkError(f"指标「{name}」超过三级。")
    raw_children = raw.get("children", [])
    if not isinstance(raw_children, list):
        raise FrameworkError(f"指标「{name}」的 children 不是列表。")
    children = tuple(_node(c, depth + 1, seen) for c in raw_children)
    kind = raw.get("kind", "group" if children else "score")
    if kind not in (*NODE_KINDS, "group") or (kind == "group") != bool(children):
        raise FrameworkError(f"指标「{name}」的类型「{kind}」无效。")
    points = None if raw.get("points") is None else _decimal(raw["points"], f"指标「{name}」")
    if points is None and kind != "rows":
        raise FrameworkError(f"指标「{name}」缺少分值。")
    return Node(node_id, name, points, kind, depth, children, str(raw.get("help", "")),
                str(raw.get("row_label", "")))


def _check_sums(node: Node) -> None:
    if node.children and node.points is not None and all(c.points is not None for c in node.children):
        total = sum((c.points for c in node.children if c.points is not None), Decimal(0))
        if total != node.points:
            parts = " + ".join(f"{c.name} {c.points}" for c in node.children)
            raise FrameworkError(f"指标「{node.name}」的分值 {node.points} 与下级分值之和 {total}（{parts}）不符。")
    if node.children and node.points is None:
        raise FrameworkError(f"指标「{node.name}」有下级但没有分值。")
    for child in node.children:
        _check_sums(child)


def parse_framework(data: Any) -> Framework:
    """Build and check a framework from parsed JSON; raises FrameworkError in plain Chinese."""
    if not isinstance(data, dict):
        raise FrameworkError("评价框架文件的内容不是对象。")
    if data.get("format_version") != FRAMEWORK_FORMAT_VERSION:
        raise FrameworkError(f"评价框架文件的格式版本「{data.get('format_version')}」不受支持。")
    fid, name = data.get("id"), data.get("name")
    if not isinstance(fid, str) or not isinstance(name, str):
        raise FrameworkError("评价框架缺少 id 或名称。")
    seen: set[str] = set()
    raw_tree = data.get("tree")
    if not isinstance(raw_tree, list) or not raw_tree:
        raise FrameworkError(f"评价框架「{name}」没有指标。")
    tree = tuple(_node(raw, 1, seen) for raw in raw_tree)
    for top in tree:
        if top.points is None:
            raise FrameworkError(f"一级指标「{top.name}」缺少分值。")
        _check_sums(top)
    total = _decimal(data.get("total_points"), f"评价框架「{name}」")
    top_sum = sum((t.points for t in tree if t.points is not None), Decimal(0))
    if top_sum != total:
        raise FrameworkError(f"评价框架「{name}」的一级指标分值之和 {top_sum} 不等于总分 {total}。")
    sections = tuple(data.get("sections", ()))
    unknown = [s for s in sections if s not in SECTION_TITLES]
    if unknown or len(set(sections)) != len(sections) or set(sections) != set(SECTION_TITLES):
        raise FrameworkError(f"评价框架「{name}」的章节顺序必须恰好包含 {'、'.join(SECTION_TITLES)} 各一次。")
    columns = tuple(data.get("table_columns", ("level1", "level2", "level3", "points", "score")))
    if any(c not in TABLE_COLUMNS for c in columns):
        raise FrameworkError(f"评价框架「{name}」的得分表列名无效。")
    grades = tuple(
        Grade(str(g["name"]), _decimal(g["min"], f"等级「{g.get('name')}」"))
        for g in data.get("grades", ())
    )
    if not grades or list(grades) != sorted(grades, key=lambda g: g.minimum, reverse=True):
        raise FrameworkError(f"评价框架「{name}」的等级必须按分数线从高到低排列。")
    caps = tuple(
        Cap(_decimal(c["below_rate"], "封顶规则"), _decimal(c["max_total"], "封顶规则"))
        for c in data.get("caps", ())
    )
    framework = Framework(
        id=fid, name=name, short_name=str(data.get("short_name", name)), total_points=total,
        sections=sections, section_titles=dict(data.get("section_titles", {})), table_columns=columns,
        grades=grades, caps=caps, tree=tree,
    )
    for top in tree:
        framework.parents[top.id] = None
        for node in top.walk():
            framework.nodes[node.id] = node
            for child in node.children:
                framework.parents[child.id] = node.id
    return framework


BUILTIN_IDS = ("sichuan-2017", "national-2020")
DEFAULT_FRAMEWORK = "sichuan-2017"


def load_framework(framework_id: str) -> Framework:
    """A framework by id: a built-in one, or one the clerk imported (see models.user_frameworks)."""
    if framework_id in BUILTIN_IDS:
        return _builtin(framework_id)
    found = find_user_framework(framework_id)
    if found is None:
        raise FrameworkError(f"未知的评价框架「{framework_id[:40]}」。可用：{'、'.join(BUILTIN_IDS)}。")
    return found


# Imported frameworks of this process: id -> (framework, its JSON). Filled by register_user_framework
# (models.user_frameworks, a draft's copy) and, on first use, from the data folder.
USER_PREFIX = "user-"
USER_ID = re.compile(r"^user-[0-9a-f]{8,40}$")
USER_FOLDER = "frameworks"
MAX_USER_FILE_BYTES = 2 * 1024 * 1024
_USER: dict[str, tuple[Framework, dict[str, Any]]] = {}


def is_user_id(framework_id: object) -> bool:
    return isinstance(framework_id, str) and bool(USER_ID.match(framework_id))


def register_user_framework(data: Any) -> Framework:
    """Check an imported framework's JSON and make it loadable by id for this process."""
    framework = parse_framework(data)
    if not is_user_id(framework.id):
        raise FrameworkError(f"评价框架的 id「{framework.id[:40]}」无效：导入的框架 id 以 user- 开头。")
    _USER[framework.id] = (framework, data)
    return framework


def user_folder() -> Path:
    from .paths import data_dir

    path = data_dir() / USER_FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def find_user_framework(framework_id: str) -> Framework | None:
    """An imported framework: registered in this process, or kept in the data folder."""
    found = _USER.get(framework_id)
    if found is not None:
        return found[0]
    if not is_user_id(framework_id):
        return None
    path = user_folder() / f"{framework_id}.json"
    try:
        if path.stat().st_size > MAX_USER_FILE_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("id") != framework_id:
        return None
    try:
        return register_user_framework(data)
    except FrameworkError:
        return None


def user_framework_data(framework_id: str) -> dict[str, Any] | None:
    """The JSON of an imported framework, for a draft's copy."""
    if find_user_framework(framework_id) is None:
        return None
    return _USER[framework_id][1]


@cache
def _builtin(framework_id: str) -> Framework:
    """Cached: a built-in framework file never changes while the program runs."""
    text = resources.files("resources.frameworks").joinpath(f"{framework_id}.json").read_text("utf-8")
    return parse_framework(json.loads(text))


def builtin_frameworks() -> tuple[Framework, ...]:
    return tuple(load_framework(fid) for fid in BUILTIN_IDS)
