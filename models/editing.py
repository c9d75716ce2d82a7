"""The edit session: every change to an open report, as small undoable commands (no Qt).

The GUI keeps no state of its own. Widgets call an ``EditSession`` method for each edit; the session
applies a command to the report, recomputes findings and totals (validation takes well under a
millisecond), bumps a change counter for dirty tracking and tells its listeners what changed. Undo
and redo work across the whole draft. Consecutive edits of the same field merge into one undo step
until :meth:`EditSession.seal` is called (the GUI seals on focus-out and Enter).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum

from .compute import Totals, compute_totals
from .draft_format import MAX_ROWS
from .draft_store import Summary
from .drafts import summary_of
from .fields import FIELD_BY_KEY, FIELDS, ROW_FIELD_BY_KEY, ROW_FIELDS, ROW_NATURES, Kind
from .findings import Finding, Severity
from .frameworks import Framework, load_framework
from .money import NumberParseError, Unit, parse_decimal
from .report import IndicatorRow, PendingInput, Report, Value, new_row_id
from .rules import Readiness, readiness, validate

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
INPUT_RULE = "field.unreadable"  # a field whose typed text could not be read (kept in Report.pending)
MISSING_RULES = frozenset({"field.required", "score.missing"})
MAX_HISTORY = 500


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


class RowPasteError(ValueError):
    """Pasted rows that cannot be read; ``str()`` is one Chinese sentence naming the line and column."""


# ------------------------------------------------------------------ commands


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


def _find_row(report: Report, row_id: str) -> IndicatorRow:
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
        setattr(_find_row(report, self.row_id), self.column, self.new)
        return [Change(ChangeKind.ROW, f"rows.{self.row_id}.{self.column}")]

    def revert(self, report: Report) -> list[Change]:
        setattr(_find_row(report, self.row_id), self.column, self.old)
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


# ------------------------------------------------------------------ derived figures

def staff_parts_sum(report: Report) -> int | None:
    parts = [report.integer(k) for k in ("staff_admin", "staff_inst", "staff_other")]
    return None if all(p is None for p in parts) else sum(p or 0 for p in parts)


# ------------------------------------------------------------------ step states


class StepState(str, Enum):
    EMPTY = "empty"
    IN_PROGRESS = "in_progress"
    PROBLEMS = "problems"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        labels = {"empty": "未填写", "in_progress": "填写中", "problems": "有问题", "complete": "已完成"}
        return labels[self.value]


@dataclass(frozen=True, slots=True)
class StepStatus:
    state: StepState
    errors: int
    warnings: int  # open (unexplained) warnings

    @property
    def count(self) -> int:
        return self.errors + self.warnings


def _filled_in_section(report: Report, section: str) -> tuple[int, int, int]:
    """(filled, required, required filled) for the declared fields of a section."""
    specs = [f for f in FIELDS if f.section == section]
    # Defaults (评价方式, 评价机构) are filled by the program, not by the clerk.
    filled = sum(1 for f in specs if report.is_filled(f.key) and report.values.get(f.key) != f.default)
    required = [f for f in specs if f.required]
    return filled, len(required), sum(1 for f in required if report.is_filled(f.key))


def step_status(report: Report, framework: Framework, findings: Iterable[Finding],
                section: str) -> StepStatus:
    """The state of one section's step: empty, in progress, has problems, or complete."""
    own = [f for f in findings if f.section == section]
    errors = [f for f in own if f.severity is Severity.ERROR]
    warnings = [f for f in own if f.severity is Severity.WARNING
                and not report.explanations.get(f.key, "").strip()]
    if section == "scoring":
        leaves = framework.scored_leaves()
        filled = sum(1 for n in leaves if n.id in report.scores) + len(report.rows)
        complete = all(n.id in report.scores for n in leaves)
    else:
        filled, required, required_filled = _filled_in_section(report, section)
        complete = required_filled == required
    if filled == 0 and not any(f.rule == INPUT_RULE for f in own):
        state = StepState.EMPTY
    elif any(f.rule not in MISSING_RULES for f in errors) or warnings:
        state = StepState.PROBLEMS
    elif complete and not errors:
        state = StepState.COMPLETE
    else:
        state = StepState.IN_PROGRESS
    return StepStatus(state, len(errors), len(warnings))


# ------------------------------------------------------------------ typed dates and pasted text

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


# ------------------------------------------------------------------ pasted rows

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


# ------------------------------------------------------------------ the session


@dataclass
class _History:
    done: list[Command] = field(default_factory=list)
    undone: list[Command] = field(default_factory=list)
    sealed: bool = True


class EditSession:
    """Owns the report being edited; the only way the GUI changes it."""

    def __init__(self, report: Report, framework: Framework | None = None) -> None:
        self._report = report
        self._framework = framework or load_framework(report.framework_id)
        self._history = _History()
        self._listeners: list[Listener] = []
        self.version = 0  # bumped by every change, undo and redo
        self.saved_version = 0
        self._findings: list[Finding] = []
        self._by_path: dict[str, tuple[Finding, ...]] | None = None  # findings_for's index, built on demand
        self._totals: Totals | None = None
        self._recompute()

    # ----- reading

    @property
    def report(self) -> Report:
        return self._report

    @property
    def framework(self) -> Framework:
        return self._framework

    @property
    def findings(self) -> list[Finding]:
        """Validation findings plus one error per field whose typed text could not be read."""
        return self._findings

    @property
    def totals(self) -> Totals:
        assert self._totals is not None
        return self._totals

    @property
    def readiness(self) -> Readiness:
        return readiness(self._report, self._findings)

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version

    def findings_for(self, path: str) -> list[Finding]:
        """The findings that name *path* among their fields, in the order of ``findings``.

        Every widget asks this after every change, so the findings are indexed by path once per
        recomputation instead of being scanned once per widget.
        """
        index = self._by_path
        if index is None:
            grouped: dict[str, list[Finding]] = {}
            for finding in self._findings:
                for path_ in dict.fromkeys(finding.fields):  # a path named twice lists the finding once
                    grouped.setdefault(path_, []).append(finding)
            index = self._by_path = {p: tuple(fs) for p, fs in grouped.items()}
        return list(index.get(path, ()))

    def input_error(self, path: str) -> str | None:
        pending = self._report.pending.get(path)
        return pending.message if pending else None

    def pending_text(self, path: str) -> str | None:
        """The unreadable text last typed into the field at *path* (kept in the draft), if any."""
        pending = self._report.pending.get(path)
        return pending.text if pending else None

    def step_status(self, section: str) -> StepStatus:
        return step_status(self._report, self._framework, self._findings, section)

    def summary(self) -> Summary:
        """The start page's summary of this draft (models.drafts.summary_of)."""
        return summary_of(self._report)

    def is_explained(self, finding: Finding) -> bool:
        return bool(self._report.explanations.get(finding.key, "").strip())

    # ----- listeners

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call *listener* with the changes after every edit, undo and redo; returns an unsubscriber."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, changes: Sequence[Change]) -> None:
        for listener in list(self._listeners):
            listener(changes)

    def _recompute(self) -> None:
        # Unreadable input is part of the report (Report.pending) and reported by the field.unreadable rule.
        self._findings = validate(self._report, self._framework)
        self._by_path = None
        self._totals = compute_totals(self._report, self._framework)

    # ----- history

    def _push(self, command: Command, origin: object | None, *, merge: bool = True) -> None:
        changes = command.apply(self._report)
        history = self._history
        history.undone.clear()
        last = history.done[-1] if history.done else None
        if (merge and not history.sealed and last is not None and command.merge_key is not None
                and last.merge_key == command.merge_key and last.merge(command)):
            pass
        else:
            history.done.append(command)
            del history.done[:-MAX_HISTORY]
        history.sealed = not merge or command.merge_key is None
        self._changed([replace(c, origin=origin) for c in changes])

    def _changed(self, changes: Sequence[Change]) -> None:
        self.version += 1
        self._recompute()
        self._notify(changes)

    def seal(self) -> None:
        """End the current typing burst: the next edit starts a new undo step."""
        self._history.sealed = True

    @property
    def can_undo(self) -> bool:
        return bool(self._history.done)

    @property
    def can_redo(self) -> bool:
        return bool(self._history.undone)

    @property
    def undo_text(self) -> str:
        return self._history.done[-1].text if self._history.done else ""

    @property
    def redo_text(self) -> str:
        return self._history.undone[-1].text if self._history.undone else ""

    def undo(self) -> bool:
        if not self._history.done:
            return False
        command = self._history.done.pop()
        self._history.undone.append(command)
        self._history.sealed = True
        self._changed(self._forget_input(command.revert(self._report)))
        return True

    def redo(self) -> bool:
        if not self._history.undone:
            return False
        command = self._history.undone.pop()
        self._history.done.append(command)
        self._history.sealed = True
        self._changed(self._forget_input(command.apply(self._report)))
        return True

    def _forget_input(self, changes: list[Change]) -> list[Change]:
        """Undo and redo put a known value in the field, so its unread text is gone."""
        for change in changes:
            self._report.pending.pop(change.path, None)
        return changes

    def mark_saved(self, version: int | None = None) -> None:
        """Record that the report as of *version* (default: now) is on disk."""
        self.saved_version = self.version if version is None else version

    def replace_report(self, report: Report) -> None:
        """Swap in another report (reopen, recovery); history and input errors are cleared."""
        self._report = report
        self._framework = load_framework(report.framework_id)
        self._history = _History()
        self.version += 1
        self.saved_version = self.version
        self._recompute()
        self._notify([Change(ChangeKind.RESET)])

    # ----- edits

    def set_value(self, key: str, value: Value | None, *, origin: object | None = None,
                  merge: bool = True) -> bool:
        """Set or clear a declared field; False (and nothing recorded) when the value is unchanged."""
        spec = FIELD_BY_KEY[key]
        if isinstance(value, str) and spec.kind not in (Kind.TEXT, Kind.NARRATIVE, Kind.CHOICE):
            raise TypeError(f"{key} expects a typed value, not text")
        if isinstance(value, str) and value == "" and spec.kind is Kind.CHOICE:
            value = None
        old = self._report.values.get(key)
        if old == value and type(old) is type(value):
            self._clear_input_error(f"values.{key}", origin)
            return False
        self._report.pending.pop(f"values.{key}", None)
        self._push(SetValue(key, old, value), origin, merge=merge)
        return True

    def set_score(self, node_id: str, value: Decimal | None, *, origin: object | None = None,
                  merge: bool = True) -> bool:
        node = self._framework.nodes[node_id]
        if node.kind != "score":
            raise ValueError(f"{node_id} is not scored by the clerk")
        old = self._report.scores.get(node_id)
        if old == value:
            self._clear_input_error(f"scores.{node_id}", origin)
            return False
        self._report.pending.pop(f"scores.{node_id}", None)
        self._push(SetScore(node_id, old, value, node.name), origin, merge=merge)
        return True

    def set_explanation(self, finding_key: str, text: str, *, origin: object | None = None) -> bool:
        old = self._report.explanations.get(finding_key, "")
        if old == text:
            return False
        self._push(SetExplanation(finding_key, old, text), origin)
        return True

    def set_row_field(self, row_id: str, column: str, value: object, *, origin: object | None = None,
                      merge: bool = True) -> bool:
        spec = ROW_FIELD_BY_KEY[column]
        if spec.kind is Kind.MONEY and value is not None and not isinstance(value, Decimal):
            raise TypeError(f"{column} expects Decimal")
        if spec.kind is not Kind.MONEY and not isinstance(value, str):
            raise TypeError(f"{column} expects text")
        if column == "nature" and value not in ROW_NATURES:
            raise ValueError(f"unknown nature {value!r}")
        row = _find_row(self._report, row_id)
        old = getattr(row, column)
        path = f"rows.{row_id}.{column}"
        if old == value:
            self._clear_input_error(path, origin)
            return False
        self._report.pending.pop(path, None)
        self._push(SetRowField(row_id, column, old, value), origin, merge=merge)
        return True

    def _insert_index(self, node_id: str, after_row: str | None) -> int:
        rows = self._report.rows
        if after_row is not None:
            return next(i for i, r in enumerate(rows) if r.row_id == after_row) + 1
        positions = [i for i, r in enumerate(rows) if r.node == node_id]
        if positions:
            return positions[-1] + 1
        # Keep rows grouped in framework order: before the rows of any later container.
        order = [n.id for n in self._framework.row_containers()]
        later = set(order[order.index(node_id) + 1:]) if node_id in order else set()
        return next((i for i, r in enumerate(rows) if r.node in later), len(rows))

    def add_row(self, node_id: str, *, after_row: str | None = None,
                origin: object | None = None) -> str:
        """Add an empty indicator row under a rows node; returns its id."""
        if self._framework.nodes[node_id].kind != "rows":
            raise ValueError(f"{node_id} takes no rows")
        self._check_room(1)
        row = IndicatorRow(node=node_id, row_id=new_row_id())
        self._push(InsertRows(self._insert_index(node_id, after_row), [row]), origin, merge=False)
        return row.row_id

    def paste_rows(self, node_id: str, text: str, *, after_row: str | None = None,
                   origin: object | None = None) -> list[str]:
        """Add rows copied from a spreadsheet (see parse_pasted_rows) as one undo step."""
        if self._framework.nodes[node_id].kind != "rows":
            raise ValueError(f"{node_id} takes no rows")
        rows = parse_pasted_rows(text, node_id)
        self._check_room(len(rows))
        self._push(InsertRows(self._insert_index(node_id, after_row), rows, f"粘贴 {len(rows)} 行指标"),
                   origin, merge=False)
        return [r.row_id for r in rows]

    def _check_room(self, adding: int) -> None:
        """A draft holds at most MAX_ROWS indicator rows: more could be saved but never read back."""
        if len(self._report.rows) + adding > MAX_ROWS:
            raise RowPasteError(f"部门自定指标最多 {MAX_ROWS} 行，现有 {len(self._report.rows)} 行，"
                                f"不能再添加 {adding} 行；请检查复制的内容是否多选了行。")

    def remove_rows(self, row_ids: Iterable[str], *, origin: object | None = None) -> int:
        wanted = set(row_ids)
        removed = [(i, r) for i, r in enumerate(self._report.rows) if r.row_id in wanted]
        if not removed:
            return 0
        for _i, row in removed:
            for column in ROW_FIELDS:
                self._report.pending.pop(f"rows.{row.row_id}.{column.key}", None)
        self._push(RemoveRows(removed, f"删除 {len(removed)} 行指标"), origin, merge=False)
        return len(removed)

    def move_row(self, row_id: str, delta: int, *, origin: object | None = None) -> bool:
        """Move a row one place up (-1) or down (+1) among the rows of its node."""
        rows = self._report.rows
        index = next(i for i, r in enumerate(rows) if r.row_id == row_id)
        siblings = [i for i, r in enumerate(rows) if r.node == rows[index].node]
        place = siblings.index(index) + delta
        if delta not in (-1, 1) or not 0 <= place < len(siblings):
            return False
        self._push(SwapRows(index, siblings[place]), origin, merge=False)
        return True

    def set_display_unit(self, unit: Unit, *, origin: object | None = None) -> bool:
        if unit is self._report.display_unit:
            return False
        self._push(SetDisplayUnit(self._report.display_unit, unit), origin, merge=False)
        return True

    # ----- typed text that could not be read

    def set_input_error(self, path: str, message: str | None, *, text: str = "",
                        origin: object | None = None) -> None:
        """Record (or clear, with None) that a field holds *text* that could not be read.

        The report keeps its last good value and the typed text in ``Report.pending``, so the text is
        saved with the draft (no keystroke lost) and shows as a field.unreadable error until fixed.
        Not undoable: it mirrors the widget's text; the next good value replaces it.
        """
        if message is None:
            self._clear_input_error(path, origin)
            return
        pending = PendingInput(text, message)
        if self._report.pending.get(path) == pending:
            return
        self._report.pending[path] = pending
        self.version += 1  # the draft changed: autosave keeps the typed text
        self._recompute()
        self._notify([Change(ChangeKind.INPUT, path, origin)])

    def _clear_input_error(self, path: str, origin: object | None) -> None:
        if self._report.pending.pop(path, None) is not None:
            self.version += 1
            self._recompute()
            self._notify([Change(ChangeKind.INPUT, path, origin)])

    def clear_input_errors(self) -> None:
        if self._report.pending:
            paths = list(self._report.pending)
            self._report.pending.clear()
            self.version += 1
            self._recompute()
            self._notify([Change(ChangeKind.INPUT, p) for p in paths])
