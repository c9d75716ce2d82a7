"""A table as data: cells, merges and column widths, written the same way to Word and to Excel.

The scoring table and the money tables are built once as a ``Grid``; ``docx_table`` and ``xlsx_grid``
only translate it, so the two files can never disagree about a figure or a merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

MONEY_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"
POINTS_FORMAT = "General"  # 5 and 4.5 as typed; "0.##" would show "5."
PERCENT_FORMAT = "0.00%"


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # what Word prints (already formatted, e.g. "3,865.24")
    value: Decimal | int | str | None = None  # what Excel stores; None: the text
    number_format: str | None = None  # Excel number format when ``value`` is a number
    align: Align = Align.CENTER
    bold: bool = False


EMPTY = Cell("")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    weight: float  # share of the table width (Word) and width in characters (Excel)


@dataclass(frozen=True, slots=True)
class Merge:
    """A rectangle of cells shown as one; the top-left cell holds the content."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(slots=True)
class Grid:
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)  # every row has len(columns) cells
    merges: list[Merge] = field(default_factory=list)
    header_rows: int = 1  # repeated on every printed page
    # Row ranges (first, last) kept on one page: every merge lies inside one, so a page never starts in
    # the middle of a merged level cell and loses its label. Empty: the table needs none.
    groups: list[tuple[int, int]] = field(default_factory=list)
    caption: str = ""  # printed above the table, right-aligned (e.g. "金额单位：万元")

    def add_row(self, cells: list[Cell]) -> int:
        if len(cells) != len(self.columns):
            raise ValueError(f"row has {len(cells)} cells, table has {len(self.columns)} columns")
        self.rows.append(cells)
        return len(self.rows) - 1

    def merge(self, row: int, col: int, rows: int = 1, cols: int = 1) -> None:
        if rows > 1 or cols > 1:
            self.merges.append(Merge(row, col, rows, cols))

    def merge_at(self) -> dict[tuple[int, int], Merge]:
        """Every cell covered by a merge, mapped to that merge."""
        covered: dict[tuple[int, int], Merge] = {}
        for m in self.merges:
            for r in range(m.row, m.row + m.rows):
                for c in range(m.col, m.col + m.cols):
                    covered[(r, c)] = m
        return covered
