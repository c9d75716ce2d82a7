"""F1 help for a field or a scoring indicator, built from the declarations (no second table of texts).

A field's help says what a clerk needs at the field: what to fill (the declaration's help text), in
which unit and form, the limits the rules hold it to, which sums it is part of (the identities the
money rules check), and last year's figure when the draft was started from last year's report. An
indicator's help is its 评分标准 and 分值 from the framework. Plain text, for the GUI to show as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .compute import STAFF_PARTS
from .fields import FIELD_BY_KEY, ROW_FIELD_BY_KEY, FieldSpec, Kind
from .frameworks import Framework, Node, load_framework
from .headings import group_place
from .money import Unit, format_money
from .report import IndicatorRow, Report
from .rules.money_rules import IDENTITIES, Parts


@dataclass(frozen=True, slots=True)
class Help:
    title: str  # 「事业收入」的填写说明
    lines: tuple[str, ...]  # paragraphs, each one plain sentence or list

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines)


def _points(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def formula(total: str, parts: Parts) -> str:
    """"本年收入合计 = 财政拨款收入 + …" from an identity's parts (− for a subtracted part)."""
    text = ""
    for index, (key, sign) in enumerate(parts):
        op = ("−" if sign < 0 else "") if index == 0 else (" − " if sign < 0 else " + ")
        text += op + FIELD_BY_KEY[key].label
    return f"{FIELD_BY_KEY[total].label} = {text}"


def _sums() -> dict[str, Parts]:
    """Every sum the rules check: the money identities, and 年末在职人数 over the staff by kind."""
    return {**IDENTITIES, "staff_total": tuple((k, 1) for k in STAFF_PARTS)}


def identities_of(key: str) -> list[str]:
    """The sums a field takes part in: its own (as a total), then those it is a part of."""
    sums = _sums()
    found = []
    if key in sums:
        found.append(formula(key, sums[key]))
    found += [formula(total, parts) for total, parts in sums.items()
              if total != key and any(k == key for k, _ in parts)]
    return found


def _form(spec: FieldSpec, unit: Unit) -> str:
    """What kind of entry the field takes, in which unit, within which limits."""
    if spec.kind is Kind.MONEY:
        return (f"填写金额，单位：{unit.value}（页面上方“金额单位”可切换元/万元；保存的数始终精确到分）。"
                + ("不能为负数。" if spec.minimum == 0 else ""))
    if spec.kind is Kind.COUNT:
        return f"填写整数，单位：{spec.unit}。"
    if spec.kind is Kind.YEAR:
        low, high = (_number(v) for v in (spec.minimum or Decimal(0), spec.maximum or Decimal(9999)))
        return f"填写四位年份（{low}—{high}）。"
    if spec.kind is Kind.DATE:
        return "填写日期，可写 2025-12-31、2025.12.31 或 2025年12月31日，也可点“日历…”选择。"
    if spec.kind is Kind.CHOICE:
        return "从下列选项中选择：" + "、".join(spec.choices) + "。"
    if spec.kind is Kind.NARRATIVE:
        limit = f"不超过 {spec.max_chars} 字；" if spec.max_chars else ""
        return f"填写一段或几段文字（{limit}按回车分段），导出时按公文格式排版。"
    parts = ["填写一行文字"]
    if spec.pattern_hint:
        parts.append(spec.pattern_hint)
    if spec.max_chars:
        parts.append(f"不超过 {spec.max_chars} 字")
    return "，".join(parts) + "。"


def _last_year(report: Report, spec: FieldSpec, unit: Unit) -> str:
    prior = report.prior
    year = f"{prior.year}年" if prior is not None and prior.year else "上年"
    if prior is not None and spec.kind is Kind.MONEY:
        value = prior.money(spec.key)
        if value is not None:
            return f"上年数（{year}）：{format_money(value, unit, exact=False)}。"
    if prior is not None and spec.kind is Kind.COUNT:
        count = prior.integer(spec.key)
        if count is not None:
            return f"上年数（{year}）：{count} {spec.unit}。"
    if spec.key in report.carried:
        return f"本栏文字取自{year}报告（上年内容）：请按本年情况修改；仍然适用时点“已核对”。"
    return ""


def field_help(report: Report, key: str, framework: Framework | None = None) -> Help:
    """Everything the clerk should know at field ``key`` (see the module docstring)."""
    spec = FIELD_BY_KEY[key]
    unit = report.display_unit
    place = group_place(framework or load_framework(report.framework_id), spec.group)
    lines = [f"位置：{place}。" + ("必填。" if spec.required else "可不填。")]
    if spec.help:
        lines.append(f"填写什么：{spec.help}")
    lines.append(_form(spec, unit))
    if spec.default:
        lines.append(f"通常填写：{spec.default}")
    sums = identities_of(key)
    if sums:
        lines.append("参与的核对（不符时程序会提示）：\n" + "\n".join(f"· {s}" for s in sums))
    last = _last_year(report, spec, unit)
    if last:
        lines.append(last)
    return Help(f"「{spec.label}」的填写说明", tuple(lines))


def indicator_help(framework: Framework, node: Node, row: IndicatorRow | None = None) -> Help:
    """An indicator's 评分标准 and 分值, in full; for a department's own row, the row's 分值 and how
    its kind of row is scored."""
    name = (row.name.strip() or "（未命名指标）") if row is not None else node.name
    lines = []
    path = _path_to(framework, node)
    if row is not None:
        lines.append(f"所属：{'·'.join(n.name for n in path)}（部门自定指标）")
        lines.append(f"分值：{_points(row.points)} 分" if row.points is not None else "分值：未填（在“分值”列填写）")
        unit = row.measure_unit.strip()
        figures = [f"{ROW_FIELD_BY_KEY[key].label} {value.strip()}{unit}" for key, value in
                   (("target", row.target), ("actual", row.actual)) if value.strip()]
        if figures:
            lines.append("，".join(figures) + "。")
        if row.nature:
            lines.append(f"{ROW_FIELD_BY_KEY['nature'].label}：{row.nature}（{ROW_FIELD_BY_KEY['nature'].help}）")
    else:
        if len(path) > 1:
            lines.append(f"所属：{'·'.join(n.name for n in path[:-1])}")
        if node.points is not None:
            lines.append(f"分值：{_points(node.points)} 分")
    lines.append(f"评分标准：{node.help}" if node.help else "评分标准：评价框架没有给出此项的评分标准。")
    if row is not None and row.points is not None:
        lines.append(f"得分填 0 到 {_points(row.points)} 之间的数，最多两位小数。")
    elif row is None and node.kind == "score":
        lines.append(f"得分填 0 到 {_points(node.points)} 之间的数，最多两位小数。")
    elif row is None and node.kind == "execution_rate":
        lines.append("得分由程序按预算执行率自动计算，不能直接填写。")
    elif row is None and node.kind in ("group", "rows"):
        lines.append("得分是其下各项得分的合计，由程序计算。")
    return Help(f"「{name}」的评分标准", tuple(lines))


def total_help(framework: Framework) -> Help:
    """The total row: the grades, the caps."""
    grades = sorted(framework.grades, key=lambda g: g.minimum, reverse=True)
    bands = [f"{g.name}：低于 {_points(grades[i - 1].minimum)} 分" if i and g.minimum == 0
             else f"{g.name}：{_points(g.minimum)} 分及以上" for i, g in enumerate(grades)]
    lines = [f"满分 {_points(framework.total_points)} 分。自评总分是各项得分之和，由程序计算。",
             "评价等级：" + "；".join(bands) + "。"]
    lines += [f"预算执行率低于 {_number(cap.below_rate * 100)}% 时，总分最高 {_points(cap.max_total)} 分。"
              for cap in framework.caps]
    return Help("自评总分与评价等级", tuple(lines))


def _path_to(framework: Framework, target: Node) -> list[Node]:
    """The nodes from the top level down to ``target``."""

    def search(nodes: tuple[Node, ...], trail: list[Node]) -> list[Node] | None:
        for node in nodes:
            if node is target or node.id == target.id:
                return [*trail, node]
            found = search(node.children, [*trail, node])
            if found:
                return found
        return None

    return search(framework.tree, []) or [target]
