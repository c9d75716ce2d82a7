"""The placeholder vocabulary of bureau templates, generated from the field declarations.

Each placeholder is declared once with how to compute its value for Word (a docxtpl context) and for
Excel (a typed cell value). The template checker, both template fillers and docs/templates.md all read
this one list, so a field added to ``models.fields`` becomes a placeholder everywhere at once.

``python -m exporters.placeholders`` rewrites docs/templates.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from models.fields import FIELDS, GROUPS, Kind
from models.frameworks import BUILTIN_IDS, Framework, load_framework

from .finance_grid import execution_lines
from .grid import MONEY_FORMAT, PERCENT_FORMAT, POINTS_FORMAT, SCORE_FORMAT
from .report_view import DRAFT_SUFFIX, ReportView, points_text, rate_text, rate_value, score_text
from .sanitize import one_line, paragraphs
from .scoring_grid import scoring_lines

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "templates.md"
# docxtpl turns "\a" inside a value into a new paragraph with the same formatting: a narrative placed in
# one template paragraph comes out as the clerk's several paragraphs, each indented like the template's.
DOCX_PARAGRAPH_BREAK = "\a"


class PKind(str, Enum):
    TEXT = "文字"
    PARAGRAPHS = "多段文字"
    INTEGER = "整数"
    MONEY_TEXT = "金额文字（带单位）"
    AMOUNT = "金额数字（不带单位）"
    SCORE = "分数"
    RATE = "百分比"
    FLAG = "是/否"
    LIST = "列表（用于循环）"
    TABLE = "整张表格"


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str  # "unit_name", "money.inc_fiscal", "scoring_rows"
    label: str
    kind: PKind
    docx: Callable[[ReportView], Any]  # the value in a Word template's context
    xlsx: Callable[[ReportView], Any] | None = None  # the typed cell value; None: not usable in Excel
    number_format: str | None = None  # Excel format of a number value
    item_keys: tuple[tuple[str, str], ...] = ()  # for lists: the keys of one item, with their meaning

    @property
    def namespace(self) -> str:
        return self.name.split(".", 1)[0] if "." in self.name else ""

    @property
    def key(self) -> str:
        return self.name.rsplit(".", 1)[-1]


SCORING_ROW_KEYS = (
    ("level1", "一级指标名称"), ("level1_points", "一级指标分值"), ("level2", "二级指标名称"),
    ("level2_points", "二级指标分值"), ("level3", "三级指标或部门自定指标名称"), ("target", "年度指标值"),
    ("actual", "实际完成值"), ("points", "分值"), ("score", "得分"), ("reason", "偏差原因分析及改进措施"),
    ("nature", "指标性质（≥ ≤ = 定性）"), ("measure_unit", "度量单位"),
)
EXPLANATION_KEYS = (("issue", "提醒的内容"), ("explanation", "填报人的说明"))
TABLE_ANCHOR = "scoring_table"


# ---------------------------------------------------------------- values


def _field_text(key: str) -> Callable[[ReportView], Any]:
    return lambda v: v.value_text(key)


def _field_int(key: str) -> Callable[[ReportView], Any]:
    return lambda v: v.report.integer(key)


def _narrative_docx(key: str) -> Callable[[ReportView], Any]:
    return lambda v: DOCX_PARAGRAPH_BREAK.join(paragraphs(v.clerk_text(key)))


def _narrative_xlsx(key: str) -> Callable[[ReportView], Any]:
    return lambda v: "\n".join(paragraphs(v.clerk_text(key)))


def _money(key: str) -> Callable[[ReportView], Any]:
    return lambda v: v.money_text(v.report.money(key))


def _amount_text(key: str) -> Callable[[ReportView], Any]:
    return lambda v: v.amount_text(v.report.money(key))


def _amount(key: str) -> Callable[[ReportView], Any]:
    return lambda v: v.amount_cell(v.report.money(key))


def _line_rate(prefix: str, as_text: bool) -> Callable[[ReportView], Any]:
    def get(view: ReportView) -> Any:
        line = next(line for line in execution_lines(view, keep_empty=True) if line.prefix == prefix)
        return rate_text(line.rate) if as_text else rate_value(line.rate)
    return get


def scoring_rows(view: ReportView) -> list[dict[str, str]]:
    rows = []
    for line in scoring_lines(view):
        level1, level2 = line.level(1), line.level(2)
        own = (line.name, line.points) if line.depth < 3 else None
        row = {
            "level1": level1[1] if level1 else (own[0] if own and line.depth == 1 else ""),
            "level1_points": points_text(level1[2]) if level1 else "",
            "level2": level2[1] if level2 else (own[0] if own and line.depth == 2 else ""),
            "level2_points": points_text(level2[2]) if level2 else "",
            "level3": line.name if line.depth == 3 else "",
            "target": line.target, "actual": line.actual, "points": points_text(line.points),
            "score": score_text(line.score), "reason": line.reason, "nature": line.nature,
            "measure_unit": line.measure_unit,
        }
        rows.append(row)
    return rows


def _scoring_table_docx(view: ReportView) -> Any:
    # Markup: the table is XML this program built, so autoescape must leave it as it is.
    from .docx_table import scoring_table_xml

    return Markup(scoring_table_xml(view))


# ---------------------------------------------------------------- the vocabulary


def _field_placeholders() -> list[Placeholder]:
    out: list[Placeholder] = []
    for spec in FIELDS:
        where = GROUPS[spec.group].title
        label = f"{spec.label}（{where}）" if where not in spec.label and spec.group != "cover" else spec.label
        if spec.key == "sign_unit":
            out.append(Placeholder("sign_unit", "落款单位（未填时为单位名称）", PKind.TEXT,
                                   lambda v: v.sign_unit, lambda v: v.sign_unit))
        elif spec.kind is Kind.MONEY:
            continue  # listed under money./amount.
        elif spec.kind is Kind.NARRATIVE:
            out.append(Placeholder(spec.key, label, PKind.PARAGRAPHS, _narrative_docx(spec.key),
                                   _narrative_xlsx(spec.key)))
        elif spec.kind in (Kind.COUNT, Kind.YEAR):
            out.append(Placeholder(spec.key, label, PKind.INTEGER, _field_int(spec.key), _field_int(spec.key),
                                   "0"))
        else:
            out.append(Placeholder(spec.key, label, PKind.TEXT, _field_text(spec.key), _field_text(spec.key)))
    return out


def _money_placeholders() -> list[Placeholder]:
    out: list[Placeholder] = []
    money = [f for f in FIELDS if f.kind is Kind.MONEY]
    for spec in money:
        out.append(Placeholder(f"money.{spec.key}", spec.label, PKind.MONEY_TEXT, _money(spec.key),
                               _money(spec.key)))
    for spec in money:
        out.append(Placeholder(f"amount.{spec.key}", spec.label, PKind.AMOUNT, _amount_text(spec.key),
                               _amount(spec.key), MONEY_FORMAT))
    return out


def _paragraph_lists() -> list[Placeholder]:
    return [Placeholder(f"paragraphs.{f.key}", f"{f.label}：逐段列表", PKind.LIST,
                        (lambda key: lambda v: paragraphs(v.clerk_text(key)))(f.key))
            for f in FIELDS if f.kind is Kind.NARRATIVE]


_RATE_LINES = (("fund_total", "年度资金总额"), ("fund_fiscal", "其中本年财政拨款"),
               ("fund_carry", "其中上年结转资金"), ("fund_other", "其中其他资金"))


def _computed() -> list[Placeholder]:
    out = [
        Placeholder("title", "报告标题（草稿时带“（草稿）”）", PKind.TEXT, lambda v: v.title(), lambda v: v.title()),
        Placeholder("annex_title", "得分表的标题（Word 附件与 Excel 得分表相同）：“部门整体支出绩效评价得分表”", PKind.TEXT,
                    lambda v: v.annex_title, lambda v: v.annex_title),
        Placeholder("draft_mark", "草稿时为“（草稿）”，正式导出时为空", PKind.TEXT,
                    lambda v: DRAFT_SUFFIX if v.draft else "", lambda v: DRAFT_SUFFIX if v.draft else ""),
        Placeholder("is_draft", "是否草稿（用于 {% if is_draft %}）", PKind.FLAG, lambda v: v.draft),
        Placeholder("money_unit", "金额单位：“元”或“万元”", PKind.TEXT, lambda v: v.unit.value,
                    lambda v: v.unit.value),
        Placeholder("framework_name", "评价框架（指标体系）名称", PKind.TEXT, lambda v: v.framework.name,
                    lambda v: v.framework.name),
        Placeholder("total_score", "自评总分（程序计算，两位小数）", PKind.SCORE, lambda v: v.total_text,
                    lambda v: v.totals.total, SCORE_FORMAT),
        Placeholder("total_points", "满分", PKind.SCORE, lambda v: points_text(v.framework.total_points),
                    lambda v: v.framework.total_points, POINTS_FORMAT),
        Placeholder("grade", "评价等级（优、良、中、差）", PKind.TEXT, lambda v: v.grade, lambda v: v.grade),
        Placeholder("cap_note", "总分因执行率封顶时的说明，否则为空", PKind.TEXT, lambda v: v.cap_note(),
                    lambda v: v.cap_note()),
        Placeholder("verdict_summary", "程序生成的结论句：“经自评，……得分为……分，评价等级为……”", PKind.TEXT,
                    lambda v: v.verdict_sentence(), lambda v: v.verdict_sentence()),
        Placeholder("staff_summary", "程序生成的人员情况句：“截至……，编制数……人……”", PKind.TEXT,
                    lambda v: v.staff_sentence(), lambda v: v.staff_sentence()),
        Placeholder("execution_rate", "预算执行率（全年执行数 ÷ 全年预算数）", PKind.RATE,
                    lambda v: rate_text(v.rate), lambda v: rate_value(v.rate), PERCENT_FORMAT),
    ]
    for prefix, label in _RATE_LINES:
        out.append(Placeholder(f"rate.{prefix}", f"{label}的执行率", PKind.RATE, _line_rate(prefix, True),
                               _line_rate(prefix, False), PERCENT_FORMAT))
    out += [
        Placeholder("scoring_rows", "得分表的各行（每个三级指标、每个部门自定指标一行）", PKind.LIST,
                    scoring_rows, item_keys=SCORING_ROW_KEYS),
        Placeholder("explanations", "已说明的提醒（情况说明）", PKind.LIST,
                    lambda v: [{"issue": e.issue, "explanation": "\n".join(paragraphs(e.explanation))}
                               for e in v.explained], item_keys=EXPLANATION_KEYS),
        Placeholder(TABLE_ANCHOR, "完整的得分表（合并单元格、表头跨页重复）", PKind.TABLE, _scoring_table_docx),
    ]
    return out


def _node_placeholders(framework: Framework) -> list[Placeholder]:
    out: list[Placeholder] = []
    for node in framework.walk():
        out.append(Placeholder(f"score.{node.id}", f"{node.name}：得分", PKind.SCORE,
                               (lambda nid: lambda v: score_text(v.totals.node_scores.get(nid)))(node.id),
                               (lambda nid: lambda v: v.totals.node_scores.get(nid))(node.id), SCORE_FORMAT))
    for node in framework.walk():
        if node.points is not None:
            out.append(Placeholder(f"points.{node.id}", f"{node.name}：分值", PKind.SCORE,
                                   (lambda p: lambda v: points_text(p))(node.points),
                                   (lambda p: lambda v: p)(node.points), POINTS_FORMAT))
    return out


@cache
def common_placeholders() -> tuple[Placeholder, ...]:
    return (*_field_placeholders(), *_money_placeholders(), *_computed(), *_paragraph_lists())


@cache
def placeholders(framework_id: str) -> tuple[Placeholder, ...]:
    """Every placeholder usable with reports of this framework."""
    return (*common_placeholders(), *_node_placeholders(load_framework(framework_id)))


@cache
def by_name(framework_id: str) -> dict[str, Placeholder]:
    return {p.name: p for p in placeholders(framework_id)}


NAMESPACES = ("money", "amount", "paragraphs", "rate", "score", "points")
FIELD_KEYS = frozenset(f.key for f in FIELDS)


# ---------------------------------------------------------------- contexts


def docx_context(view: ReportView, used: frozenset[str] | None = None) -> dict[str, Any]:
    """The docxtpl context: top-level names and the money./amount./… namespaces as dicts.

    ``used`` limits the work to the placeholders a template mentions (its top-level names).
    """
    context: dict[str, Any] = {ns: {} for ns in NAMESPACES}
    for p in placeholders(view.framework.id):
        top = p.namespace or p.name
        if used is not None and top not in used:
            continue
        value = p.docx(view)
        if p.namespace:
            context[p.namespace][p.key] = value
        else:
            context[p.name] = value
    return context


def xlsx_values(view: ReportView) -> dict[str, tuple[Any, str | None]]:
    """Every Excel placeholder's typed value and number format, by dotted name."""
    return {p.name: (p.xlsx(view), p.number_format) for p in placeholders(view.framework.id)
            if p.xlsx is not None}


def text_of(view: ReportView, name: str) -> str:
    """A placeholder's value as text inside a longer cell text ("单位：{{ unit_name }}")."""
    p = by_name(view.framework.id)[name]
    value = p.docx(view)
    return one_line(str(value).replace(DOCX_PARAGRAPH_BREAK, "\n")) if p.kind is PKind.PARAGRAPHS \
        else ("" if value is None else str(value))


# ---------------------------------------------------------------- docs/templates.md


def _row(p: Placeholder) -> str:
    docx = "`{{p " + p.name + " }}`" if p.kind is PKind.TABLE else "✓"
    xlsx = "—"
    if p.xlsx is not None:
        xlsx = "数字" if p.number_format else "文字"
    if p.name == TABLE_ANCHOR:
        xlsx = "表格位置"
    return f"| `{p.name}` | {p.label} | {p.kind.value} | {docx} | {xlsx} |"


_HEADER = "| 占位符 | 含义 | 类型 | Word | Excel |\n|---|---|---|---|---|"


def render_docs() -> str:
    common = common_placeholders()
    sections: list[tuple[str, list[Placeholder]]] = [
        ("填报内容", [p for p in common if p.name in FIELD_KEYS]),
        ("金额（money. 带单位的文字，amount. 数字）", [p for p in common if p.namespace in ("money", "amount")]),
        ("程序计算的结果", [p for p in common if not p.namespace and p.name not in FIELD_KEYS
                           and p.kind not in (PKind.LIST, PKind.TABLE)] + [p for p in common if p.namespace == "rate"]),
        ("列表与表格（仅 Word）", [p for p in common if p.kind in (PKind.LIST, PKind.TABLE)]),
    ]
    out = [_INTRO]
    for title, items in sections:
        out.append(f"## {title}\n\n{_HEADER}")
        out.extend(_row(p) for p in items)
        out.append("")
    out.append("### 列表中每一项的内容\n")
    for p in common:
        if p.item_keys:
            keys = "，".join(f"`{k}`（{label}）" for k, label in p.item_keys)
            out.append(f"- `{p.name}`：{keys}")
    out.append("")
    out.append(_NODES_INTRO)
    for fid in BUILTIN_IDS:
        fw = load_framework(fid)
        out.append(f"### {fw.name}（`{fid}`）\n\n| 指标 | 得分 | 分值 |\n|---|---|---|")
        for node in fw.walk():
            points = f"`points.{node.id}`" if node.points is not None else "—"
            out.append(f"| {'　' * (node.depth - 1)}{node.name} | `score.{node.id}` | {points} |")
        out.append("")
    out.append(_RULES)
    return "\n".join(out).rstrip() + "\n"


_INTRO = """# 模板占位符（自动生成，请勿手工修改）

本文件由 `python -m exporters.placeholders` 根据字段声明（models/fields.py）和评价框架生成；
测试会检查它与代码一致。财政局或单位可以用自己的 Word（.docx）或 Excel（.xlsx）模板导出报告，
模板中用下面的占位符标出要填入的内容。

## Word 模板（.docx）

- 占位符写成 `{{ unit_name }}`、`{{ money.inc_fiscal }}`、`{{ total_score }}`、`{{ grade }}`。
- 多段文字（如 `{{ org_text }}`）放在单独一段中，导出时按填报人分的段落拆成多段，每段沿用该段的格式（缩进、字体）。
  也可以逐段循环：`{%p for para in paragraphs.org_text %}` / `{{ para }}` / `{%p endfor %}`（三段各占一行）。
- 得分表可以整张插入：单独一段写 `{{p scoring_table }}`（含合并单元格、跨页重复表头）；
  也可以在模板表格中逐行循环：在一行中写 `{%tr for row in scoring_rows %}`，下一行写 `{{ row.level1 }}`、
  `{{ row.level3 }}`、`{{ row.score }}` 等，再下一行写 `{%tr endfor %}`。
- 条件：`{% if is_draft %}草稿{% endif %}`、`{% if cap_note %}……{% endif %}`。
- 只能使用本文件列出的名称、`if` 和 `for`，以及过滤器 `default`、`trim`、`upper`、`lower`、`replace`、`length`、
  `first`、`last`、`join`、`truncate`、`round`、`int`、`string`。不支持调用函数、计算、`set`、`include`、
  `autoescape` 等写法；以下划线开头的属性一律拒绝。
- 模板在沙盒中渲染，并对所有内容转义：填报内容中的 `&`、`<`、`{{ }}`、`{% %}` 都按原样打印，不会被执行。
- 文档属性（标题、作者等）中的占位符不替换；页眉、页脚中的占位符会替换。页码请在模板页脚中用 Word 的“页码”域。

## Excel 模板（.xlsx）

- 单元格内容恰好是一个占位符（如 `{{ amount.inc_fiscal }}`、`{{ total_score }}`）时，填入带类型的值：
  金额、分数为数字（金额格式 `#,##0.00`，分数 `0.00`），执行率为百分比（`0.00%`），其余为文字。
- 单元格中占位符与其他文字混写（如 `单位：{{ unit_name }}`）时，整格按文字填入。
- 也可以用 Excel 的“名称”（公式 → 名称管理器）指定单元格：名称就是占位符，如 `amount.inc_fiscal`、`total_score`。
- `scoring_table`（单元格内容 `{{ scoring_table }}` 或同名名称）标出得分表左上角的位置，程序从这里向下写出整张得分表。
- Excel 模板中只能写 `{{ 名称 }}`，不支持 `{% %}`。文字一律按文字写入，不会成为公式。
- 模板中的图片、图表、文本框和控件在导出后会丢失（程序会提示）。

## 检查与拒绝

使用前程序会检查模板，问题按“第几段（开头几个字）”“第几个表格第几行第几列”“工作表某单元格”指出：未知的占位符、
被 Word 拆开的标签、写法错误。以下文件直接拒绝：超过 20 MB、不是 .docx/.xlsx（压缩包）、解压后过大或压缩比异常
（压缩炸弹）、含 DTD 或实体声明、含外部链接（TargetMode="External"）、含宏（.docm/.xlsm、vbaProject.bin）。
"""

_NODES_INTRO = """## 各项指标的得分和分值（score. / points.）

指标编号取决于评价框架；下面列出内置框架的编号。`score.编号` 为得分（父级指标为下级之和），`points.编号` 为分值。
"""

_RULES = """## 金额与日期的写法

- 金额单位由导出设置决定（元或万元）；万元按四舍五入保留两位小数。`money.` 带单位，如“3,865.24万元”；
  `amount.` 不带单位，如“3,865.24”，适合放在注明“金额单位”的表格中。
- 日期按导出设置写成“2026年3月20日”或“二〇二六年三月二十日”。
- 未填写的项为空文字。
"""


def main(argv: list[str] | None = None) -> int:
    """Write docs/templates.md (or print it with --stdout)."""
    args = sys.argv[1:] if argv is None else argv
    text = render_docs()
    if "--stdout" in args:
        sys.stdout.write(text)
        return 0
    DOCS_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOCS_PATH.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写入 {DOCS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
