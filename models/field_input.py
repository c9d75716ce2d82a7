"""Reading what the clerk typed into one field, score or row cell, and saying why it cannot be read.

The wizard's fields, the scoring table and the draft's unreadable entries (Report.pending) all use
these, so the sentence a field shows while the clerk types is the sentence a reopened draft shows.
A draft file stores the message beside the text, but the program never shows a stored message as
its own (a file can say anything): the message shown is always composed here from the text.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from .fields import FIELD_BY_KEY, ROW_FIELD_BY_KEY, Kind
from .money import CENT, NumberParseError, parse_decimal, parse_money
from .paste_parsing import parse_date

if TYPE_CHECKING:
    from .frameworks import Framework
    from .report import IndicatorRow, PendingInput, Report, Value

NUMBER_SUFFIXES = ("人", "年", "个")
SCORE_SUFFIXES = ("分",)


class InputError(ValueError):
    """Typed text that cannot be taken; ``str()`` is one Chinese sentence naming the field."""


def read_value(report: Report, key: str, text: str) -> Value | None:
    """The value *text* means in the field *key* (money in the report's display unit)."""
    spec = FIELD_BY_KEY[key]
    try:
        if spec.kind is Kind.MONEY:
            return parse_money(text, report.display_unit)
        if spec.kind in (Kind.COUNT, Kind.YEAR):
            value = parse_decimal(text, decimals=0, minimum=spec.minimum, maximum=spec.maximum,
                                  suffixes=NUMBER_SUFFIXES)
            return None if value is None else int(value)
        if spec.kind is Kind.DATE:
            return parse_date(text)
    except ValueError as exc:  # NumberParseError, and parse_date's own sentences
        raise InputError(f"「{spec.label}」：{exc}") from exc
    return text


def read_score(node_name: str, points: Decimal | None, text: str) -> Decimal | None:
    """An indicator's 得分: 0 to its 分值, two decimals."""
    try:
        score = parse_decimal(text, decimals=2, minimum=Decimal(0), maximum=points, suffixes=SCORE_SUFFIXES)
    except NumberParseError as exc:
        raise InputError(f"「{node_name}」的得分：{exc}") from exc
    return None if score is None else score.quantize(CENT)


def row_name(row: IndicatorRow) -> str:
    return f"「{row.name}」" if row.name.strip() else "部门自定指标"


def read_row_figure(row: IndicatorRow, key: str, text: str) -> Decimal | None:
    """A custom indicator row's 分值 or 得分 (the score no more than the row's own 分值)."""
    spec = ROW_FIELD_BY_KEY[key]
    maximum = row.points if key == "score" and row.points is not None else None
    try:
        number = parse_decimal(text, decimals=2, minimum=Decimal(0), maximum=maximum, suffixes=SCORE_SUFFIXES)
    except NumberParseError as exc:
        raise InputError(f"{row_name(row)}的「{spec.label}」：{exc}") from exc
    return None if number is None else number.quantize(CENT)


def _input_at(report: Report, framework: Framework | None,
              path: str) -> tuple[str, Callable[[str], object] | None]:
    """The name of the input at *path* as messages write it, and how its text is read (None: kept as text)."""
    head, _, rest = path.partition(".")
    if head == "values" and rest in FIELD_BY_KEY:
        return f"「{FIELD_BY_KEY[rest].label}」", lambda text: read_value(report, rest, text)
    if head == "scores" and framework is not None and rest in framework.nodes:
        node = framework.nodes[rest]
        return f"「{node.name}」的得分", lambda text: read_score(node.name, node.points, text)
    if head == "rows":
        row_id, _, column = rest.partition(".")
        row = next((r for r in report.rows if r.row_id == row_id), None)
        spec = ROW_FIELD_BY_KEY.get(column)
        if row is not None and spec is not None:
            read = (lambda text: read_row_figure(row, column, text)) if spec.kind is Kind.MONEY else None
            return f"{row_name(row)}的「{spec.label}」", read
    return f"「{path}」", None


def unreadable_message(report: Report, framework: Framework | None, path: str, pending: PendingInput) -> str:
    """Why the text kept for *path* cannot be read, in the program's own words (never the stored message).

    The text is read again as the field reads it now. Text that now reads (the file's reason was about
    something else: the unit of a Word table, another display unit) still counts as not filled until
    the clerk types it again, and the sentence says so, quoting it."""
    label, read = _input_at(report, framework, path)
    try:
        if read is not None:
            read(pending.text)
    except InputError as exc:
        return str(exc)
    quoted = pending.text.strip()[:30]
    return f"{label}：「{quoted}」记为无法识别（来自草稿文件或导入），请核对后重新填写。"
