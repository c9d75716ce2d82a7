"""The money tables (收入, 支出, 预算执行, “三公”经费) as Grids, built from the field declarations.

Which lines a table has comes from ``models.fields``: a money field added there appears here. Optional
lines with no figure are left out; required ones stay (blank) so a draft shows what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from models.fields import FieldSpec, Kind, fields_of_group

from .grid import MONEY_FORMAT, PERCENT_FORMAT, Align, Cell, Column, Grid
from .report_view import ReportView, rate_of, rate_text, rate_value

EXECUTION_PARTS = ("initial", "budget", "spent")  # key suffixes, in column order
EXECUTION_TITLES = ("年初预算数", "全年预算数", "全年执行数", "执行率")


def money_fields(group: str) -> tuple[FieldSpec, ...]:
    return tuple(f for f in fields_of_group(group) if f.kind is Kind.MONEY)


@dataclass(frozen=True, slots=True)
class ExecutionRow:
    """One line of the 预算执行 block as declared: 年度资金总额, 其中：本年财政拨款, …"""

    prefix: str  # "fund_total"
    label: str
    keys: tuple[str, str, str]  # the initial / budget / spent field keys
    required: bool


@cache
def execution_rows() -> tuple[ExecutionRow, ...]:
    """Grouped from keys like fund_fiscal_budget, labelled "其中本年财政拨款：全年预算数"."""
    groups: dict[str, dict[str, FieldSpec]] = {}
    for spec in money_fields("execution"):
        prefix, _, part = spec.key.rpartition("_")
        if part in EXECUTION_PARTS:
            groups.setdefault(prefix, {})[part] = spec
    rows = []
    for prefix, by_part in groups.items():
        label = by_part["budget"].label.split("：", 1)[0]
        if label.startswith("其中"):
            label = "其中：" + label[2:]
        keys = (by_part["initial"].key, by_part["budget"].key, by_part["spent"].key)
        rows.append(ExecutionRow(prefix, label, keys, any(s.required for s in by_part.values())))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class ExecutionLine:
    row: ExecutionRow
    values: tuple[Decimal | None, Decimal | None, Decimal | None]

    @property
    def prefix(self) -> str:
        return self.row.prefix

    @property
    def label(self) -> str:
        return self.row.label

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.values[2], self.values[1])


def execution_lines(view: ReportView, *, keep_empty: bool = False) -> list[ExecutionLine]:
    """The execution block's lines with their figures; optional lines without figures are left out."""
    lines = []
    for row in execution_rows():
        money = view.report.money
        values = (money(row.keys[0]), money(row.keys[1]), money(row.keys[2]))
        if keep_empty or row.required or any(v is not None for v in values):
            lines.append(ExecutionLine(row, values))
    return lines


def _money_cell(view: ReportView, value: Decimal | None) -> Cell:
    return Cell(view.amount_text(value), view.amount_cell(value), MONEY_FORMAT, align=Align.RIGHT)


def money_grid(view: ReportView, group: str) -> Grid | None:
    """A two-column 项目 | 金额 table of a group's money fields; None when there is nothing to show."""
    grid = Grid([Column("label", "项目", 3.0), Column("amount", "金额", 1.6)], caption=view.unit_caption)
    grid.add_row([Cell("项目", bold=True), Cell(grid.columns[1].title, bold=True)])
    shown = 0
    for spec in money_fields(group):
        value = view.report.money(spec.key)
        if value is None and not spec.required:
            continue
        shown += value is not None
        grid.add_row([Cell(spec.label, align=Align.LEFT), _money_cell(view, value)])
    return grid if shown or any(f.required for f in money_fields(group)) else None


def execution_grid(view: ReportView) -> Grid:
    # Amounts in 元 ("39,700,000.00") need the width; 执行率 ("100.00%") does with less.
    grid = Grid([Column("label", "项目", 2.2)] + [Column(f"c{i}", t, 1.2 if t == "执行率" else 1.6)
                                                for i, t in enumerate(EXECUTION_TITLES)],
                caption=view.unit_caption)
    grid.add_row([Cell("项目", bold=True)] + [Cell(t, bold=True) for t in EXECUTION_TITLES])
    for line in execution_lines(view):
        rate = line.rate
        grid.add_row([Cell(line.label, align=Align.LEFT)]
                     + [_money_cell(view, v) for v in line.values]
                     + [Cell(rate_text(rate), rate_value(rate), PERCENT_FORMAT, align=Align.RIGHT)])
    return grid
