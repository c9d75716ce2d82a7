"""The undoable commands of the edit session (models.edit_session) and the changes they report (no Qt).

Each command changes one thing in a Report and can take it back; ``merge_key`` lets consecutive
keystrokes in one field form one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from .fields import FIELD_BY_KEY, ROW_FIELD_BY_KEY
from .money import Unit
from .report import IndicatorRow, Report, Value


class ChangeKind(str, Enum):
    VALUE = "value"
    SCORE = "score"
    ROW = "row"  # one cell of an indicator row
    ROWS = "rows"  # rows added, removed or moved
    EXPLANATION = "explanation"
    UNIT = "unit"
    INPUT = "input"  # a transient input error appeared or went away
    RESET = "reset"  # the whole report was replaced


@dataclass(frozen=True, slots=True)
class Change:
    """What changed; ``path`` uses the finding paths (``values.<key>``, ``scores.<node>``, ...)."""

    kind: ChangeKind
    path: str = ""
    origin: object | None = None  # the widget that made the change (so it does not echo it back)


Listener = Callable[[Sequence[Change]], None]


class Command:
    """One undoable change. ``merge_key`` lets consecutive keystrokes in one field form one step."""

    text = "修改"
    merge_key: str | None = None

    def apply(self, report: Report) -> list[Change]:
        raise NotImplementedError

    def revert(self, report: Report) -> list[Change]:
        raise NotImplementedError

    def merge(self, other: Command) -> bool:
        """Absorb a later command on the same target; True when merged."""
        return False


@dataclass
class SetValue(Command):
    key: str
    old: Value | None
    new: Value | None

    def __post_init__(self) -> None:
        self.text = f"修改「{FIELD_BY_KEY[self.key].label}」"
        self.merge_key = f"values.{self.key}"

    def apply(self, report: Report) -> list[Change]:
        report.set(self.key, self.new)
        return [Change(ChangeKind.VALUE, f"values.{self.key}")]

    def revert(self, report: Report) -> list[Change]:
        report.set(self.key, self.old)
        return [Change(ChangeKind.VALUE, f"values.{self.key}")]

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetValue) and other.key == self.key:
            self.new = other.new
            return True
        return False


def _set_or_pop(mapping: dict[str, object], key: str, value: object | None) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


@dataclass
class SetScore(Command):
    node_id: str
    old: Decimal | None
    new: Decimal | None
    node_name: str = ""

    def __post_init__(self) -> None:
        self.text = f"修改「{self.node_name or self.node_id}」的得分"
        self.merge_key = f"scores.{self.node_id}"

    def apply(self, report: Report) -> list[Change]:
        _set_or_pop(report.scores, self.node_id, self.new)  # type: ignore[arg-type]
        return [Change(ChangeKind.SCORE, f"scores.{self.node_id}")]

    def revert(self, report: Report) -> list[Change]:
        _set_or_pop(report.scores, self.node_id, self.old)  # type: ignore[arg-type]
        return [Change(ChangeKind.SCORE, f"scores.{self.node_id}")]

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetScore) and other.node_id == self.node_id:
            self.new = other.new
            return True
        return False


@dataclass
class SetExplanation(Command):
    key: str
    old: str
    new: str

    def __post_init__(self) -> None:
        self.text = "修改提醒的说明"
        self.merge_key = f"explanations.{self.key}"

    def _put(self, report: Report, text: str) -> list[Change]:
        if text:
            report.explanations[self.key] = text
        else:
            report.explanations.pop(self.key, None)
        return [Change(ChangeKind.EXPLANATION, f"explanations.{self.key}")]

    def apply(self, report: Report) -> list[Change]:
        return self._put(report, self.new)

    def revert(self, report: Report) -> list[Change]:
        return self._put(report, self.old)

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetExplanation) and other.key == self.key:
            self.new = other.new
            return True
        return False


def find_row(report: Report, row_id: str) -> IndicatorRow:
    for row in report.rows:
        if row.row_id == row_id:
            return row
    raise KeyError(row_id)


@dataclass
class SetRowField(Command):
    row_id: str
    column: str
    old: object
    new: object

    def __post_init__(self) -> None:
        self.text = f"修改指标的「{ROW_FIELD_BY_KEY[self.column].label}」"
        self.merge_key = f"rows.{self.row_id}.{self.column}"

    def apply(self, report: Report) -> list[Change]:
        setattr(find_row(report, self.row_id), self.column, self.new)
        return [Change(ChangeKind.ROW, f"rows.{self.row_id}.{self.column}")]

    def revert(self, report: Report) -> list[Change]:
        setattr(find_row(report, self.row_id), self.column, self.old)
        return [Change(ChangeKind.ROW, f"rows.{self.row_id}.{self.column}")]

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetRowField) and (other.row_id, other.column) == (self.row_id, self.column):
            self.new = other.new
            return True
        return False


@dataclass
class InsertRows(Command):
    """Insert rows at an index of ``report.rows`` (one undo step however many rows)."""

    index: int
    rows: list[IndicatorRow]
    text: str = "添加指标"

    def apply(self, report: Report) -> list[Change]:
        report.rows[self.index:self.index] = [replace(r) for r in self.rows]
        return [Change(ChangeKind.ROWS, "rows")]

    def revert(self, report: Report) -> list[Change]:
        ids = {r.row_id for r in self.rows}
        report.rows[:] = [r for r in report.rows if r.row_id not in ids]
        return [Change(ChangeKind.ROWS, "rows")]


@dataclass
class RemoveRows(Command):
    removed: list[tuple[int, IndicatorRow]]  # (index in report.rows, row), ascending
    text: str = "删除指标"

    def apply(self, report: Report) -> list[Change]:
        for index, _row in reversed(self.removed):
            del report.rows[index]
        return [Change(ChangeKind.ROWS, "rows")]

    def revert(self, report: Report) -> list[Change]:
        for index, row in self.removed:
            report.rows.insert(index, replace(row))
        return [Change(ChangeKind.ROWS, "rows")]


@dataclass
class SwapRows(Command):
    first: int
    second: int
    text: str = "移动指标"

    def _swap(self, report: Report) -> list[Change]:
        rows = report.rows
        rows[self.first], rows[self.second] = rows[self.second], rows[self.first]
        return [Change(ChangeKind.ROWS, "rows")]

    def apply(self, report: Report) -> list[Change]:
        return self._swap(report)

    def revert(self, report: Report) -> list[Change]:
        return self._swap(report)


@dataclass
class SetDisplayUnit(Command):
    old: Unit
    new: Unit
    text: str = "切换金额单位"

    def apply(self, report: Report) -> list[Change]:
        report.display_unit = self.new
        return [Change(ChangeKind.UNIT, "display_unit")]

    def revert(self, report: Report) -> list[Change]:
        report.display_unit = self.old
        return [Change(ChangeKind.UNIT, "display_unit")]
