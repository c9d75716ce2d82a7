"""Reading what the clerk types or pastes: dates, text from Word/WPS, indicator rows from Excel (no Qt)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

from .fields import ROW_FIELDS, ROW_NATURES, Kind
from .money import NumberParseError, parse_decimal
from .report import IndicatorRow

CENT = Decimal("0.01")


class RowPasteError(ValueError):
    """Pasted rows that cannot be read; ``str()`` is one Chinese sentence naming the line and column."""


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", re.ASCII),
    re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII),
)


def parse_date(text: str) -> dt.date | None:
    """Read 2025-12-31, 2025/12/31, 2025.12.31, 2025年12月31日 or 20251231 (full-width too); None if empty."""
    shown = text.strip()
    s = unicodedata.normalize("NFKC", text).replace("。", ".").replace("－", "-")
    s = re.sub(r"\s+", "", s)
    if not s:
        return None
    for form in _DATE_FORMS:
        match = form.fullmatch(s)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"「{shown[:20]}」不是存在的日期（{year}年没有{month}月{day}日）。") from None
    raise ValueError(f"「{shown[:20]}」不是可识别的日期；请写成 2025-12-31 或 2025年12月31日。")


_PASTE_BREAKS = str.maketrans({"\x0b": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_PASTE_DROP = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_pasted_text(text: str) -> str:
    """Text pasted from Word/WPS: keep paragraphs, turn manual line breaks (\\v) into new lines,
    drop control characters (page breaks \\f, \\a cell marks, NUL ...). Tabs are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PASTE_BREAKS)
    return _PASTE_DROP.sub("", text)



_NATURE_ALIASES = {">=": "≥", "≥": "≥", "<=": "≤", "≤": "≤", "=": "=", "==": "=", "定性": "定性", "": "≥"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def parse_pasted_rows(text: str, node_id: str) -> list[IndicatorRow]:
    """Rows copied from Excel/WPS: tab-separated columns in ROW_FIELDS order, one row a line.

    Cells Excel quotes (because they hold a line break) are read as one cell. All or nothing: a
    cell that cannot be read raises RowPasteError naming the line and the column.
    """
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter="\t")
    rows: list[IndicatorRow] = []
    for line_no, cells in enumerate(reader, 1):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(ROW_FIELDS):
            extra = [c for c in cells[len(ROW_FIELDS):] if c.strip()]
            if extra:
                raise RowPasteError(
                    f"第 {line_no} 行有 {len(cells)} 列，多于指标表的 {len(ROW_FIELDS)} 列"
                    f"（{'、'.join(f.label for f in ROW_FIELDS)}）；请只复制这些列。")
        row = IndicatorRow(node=node_id)
        for spec, raw in zip(ROW_FIELDS, cells, strict=False):
            cell = _CONTROL.sub("", raw).strip() if spec.kind is not Kind.NARRATIVE else _CONTROL.sub("", raw)
            if spec.kind is Kind.MONEY:
                try:
                    value = parse_decimal(cell, decimals=spec.decimals, minimum=Decimal(0), suffixes=("分",))
                except NumberParseError as exc:
                    raise RowPasteError(f"第 {line_no} 行「{spec.label}」：{exc}") from exc
                setattr(row, spec.key, value.quantize(CENT) if value is not None else None)
            elif spec.key == "nature":
                nature = _NATURE_ALIASES.get(unicodedata.normalize("NFKC", cell).replace(" ", ""))
                if nature is None:
                    natures = "、".join(ROW_NATURES)
                    raise RowPasteError(
                        f"第 {line_no} 行「{spec.label}」填的是「{cell[:10]}」，"
                        f"应为 {natures} 之一。")
                row.nature = nature
            else:
                setattr(row, spec.key, cell.strip() if spec.kind is not Kind.NARRATIVE else cell.strip("\n"))
        rows.append(row)
    if not rows:
        raise RowPasteError("剪贴板中没有可粘贴的指标行。")
    return rows
