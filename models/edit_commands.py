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
from .report import IndicatorRow, LiveParagraph, PendingInput, Report, Value


class ChangeKind(str, Enum):
    VALUE = "value"
    SCORE = "score"
    ROW = "row"  # one cell of an indicator row
    ROWS = "rows"  # rows added, removed or moved
    EXPLANATION = "explanation"
    UNIT = "unit"
    INPUT = "input"  # a transient input error appeared or went away
    RESET = "reset"  # the whole report was replaced
    MARKS = "marks"  # a 来自导入，请核对 mark was confirmed (models.import_marks)


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


class FieldCommand(Command):
    """A command on one field, score or row cell (its finding path is ``merge_key``), which also
    carries the field's unreadable text (Report.pending) before and after: text that cannot be read
    replaces the value (the field then counts as not filled) and undo brings both back."""

    old: object
    new: object
    old_pending: PendingInput | None
    new_pending: PendingInput | None

    def _put(self, report: Report, value: object) -> None:
        raise NotImplementedError

    def _change(self) -> Change:
        raise NotImplementedError

    def _set(self, report: Report, value: object, pending: PendingInput | None) -> list[Change]:
        self._put(report, value)
        assert self.merge_key is not None
        if pending is None:
            report.pending.pop(self.merge_key, None)
        else:
            report.pending[self.merge_key] = pending
        return [self._change()]

    def apply(self, report: Report) -> list[Change]:
        return self._set(report, self.new, self.new_pending)

    def revert(self, report: Report) -> list[Change]:
        return self._set(report, self.old, self.old_pending)

    def merge(self, other: Command) -> bool:
        if type(other) is type(self) and isinstance(other, FieldCommand) and other.merge_key == self.merge_key:
            self.new = other.new
            self.new_pending = other.new_pending
            return True
        return False


@dataclass
class SetValue(FieldCommand):
    key: str
    old: Value | None
    new: Value | None
    old_pending: PendingInput | None = None
    new_pending: PendingInput | None = None
    live: LiveChange | None = None  # the edit also starts or ends a generated paragraph's following

    def __post_init__(self) -> None:
        self.text = f"修改「{FIELD_BY_KEY[self.key].label}」"
        self.merge_key = f"values.{self.key}"

    def _put(self, report: Report, value: object) -> None:
        report.set(self.key, value)  # type: ignore[arg-type]

    def _change(self) -> Change:
        return Change(ChangeKind.VALUE, f"values.{self.key}")

    def apply(self, report: Report) -> list[Change]:
        if self.live is not None:
            _set_live(report, self.key, self.live[1])
        return super().apply(report)

    def revert(self, report: Report) -> list[Change]:
        if self.live is not None:
            _set_live(report, self.key, self.live[0])
        return super().revert(report)

    def merge(self, other: Command) -> bool:
        live = other.live if isinstance(other, SetValue) else None
        if not super().merge(other):
            return False
        if live is not None:
            self.live = (self.live[0] if self.live else live[0], live[1])
        return True


@dataclass
class InsertParagraph(SetValue):
    """根据填报数生成: the generated paragraph put at the start of a narrative, one undo step of its own."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.text = f"根据填报数生成「{FIELD_BY_KEY[self.key].label}」的段落"

    def merge(self, other: Command) -> bool:
        return False


# A narrative's generated-paragraph mark before and after a command (models.figure_text); None: untouched.
LiveChange = tuple[LiveParagraph | None, LiveParagraph | None]


def _set_live(report: Report, key: str, live: LiveParagraph | None) -> None:
    if live is None:
        report.generated.pop(key, None)
    else:
        report.generated[key] = live


def _set_or_pop(mapping: dict[str, object], key: str, value: object | None) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


@dataclass
class SetScore(FieldCommand):
    node_id: str
    old: Decimal | None
    new: Decimal | None
    node_name: str = ""
    old_pending: PendingInput | None = None
    new_pending: PendingInput | None = None

    def __post_init__(self) -> None:
        self.text = f"修改「{self.node_name or self.node_id}」的得分"
        self.merge_key = f"scores.{self.node_id}"

    def _put(self, report: Report, value: object) -> None:
        _set_or_pop(report.scores, self.node_id, value)  # type: ignore[arg-type]

    def _change(self) -> Change:
        return Change(ChangeKind.SCORE, f"scores.{self.node_id}")


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
class SetRowField(FieldCommand):
    row_id: str
    column: str
    old: object
    new: object
    old_pending: PendingInput | None = None
    new_pending: PendingInput | None = None

    def __post_init__(self) -> None:
        self.text = f"修改指标的「{ROW_FIELD_BY_KEY[self.column].label}」"
        self.merge_key = f"rows.{self.row_id}.{self.column}"

    def _put(self, report: Report, value: object) -> None:
        setattr(find_row(report, self.row_id), self.column, value)

    def _change(self) -> Change:
        return Change(ChangeKind.ROW, f"rows.{self.row_id}.{self.column}")


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


@dataclass
class Batch(Command):
    """Several commands as one undo step (a column pasted from Excel)."""

    commands: list[Command]
    text: str = "粘贴"

    def apply(self, report: Report) -> list[Change]:
        return [change for command in self.commands for change in command.apply(report)]

    def revert(self, report: Report) -> list[Change]:
        return [change for command in reversed(self.commands) for change in command.revert(report)]
