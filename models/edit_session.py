"""The edit session: every change to an open report, as small undoable commands (no Qt).

The GUI keeps no state of its own. Widgets call an ``EditSession`` method for each edit; the session
applies a command (models.edit_commands) to the report, recomputes findings and totals (validation
takes well under a millisecond), bumps a change counter for dirty tracking and tells its listeners
what changed. Undo and redo work across the whole draft. Consecutive edits of the same field merge
into one undo step until :meth:`EditSession.seal` is called (the GUI seals on focus-out and Enter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .compute import Totals, compute_totals
from .draft_format import MAX_ROWS
from .draft_store import Summary
from .drafts import summary_of
from .edit_commands import (
    Batch,
    Change,
    ChangeKind,
    Command,
    FieldCommand,
    InsertParagraph,
    InsertRows,
    Listener,
    RemoveRows,
    SetDisplayUnit,
    SetExplanation,
    SetRowField,
    SetScore,
    SetValue,
    SwapRows,
    find_row,
)
from .field_input import unreadable_message
from .fields import FIELD_BY_KEY, ROW_FIELD_BY_KEY, ROW_FIELDS, ROW_NATURES, Kind
from .figure_text import SOURCE_KEYS, follow, inserted, still_live
from .findings import Finding
from .frameworks import Framework, load_framework
from .money import Unit
from .paste_parsing import RowPasteError, parse_pasted_rows
from .report import IndicatorRow, LiveParagraph, PendingInput, Report, Value, new_row_id
from .rules import Readiness, readiness, validate
from .step_states import StepStatus, step_status

MAX_HISTORY = 500


def _drop_values_under_pending(report: Report) -> None:
    """A field with unreadable text has no value (drafts saved by older versions kept the last one)."""
    for path in report.pending:
        head, _, rest = path.partition(".")
        if head == "values" and rest in FIELD_BY_KEY:
            report.values.pop(rest, None)
        elif head == "scores":
            report.scores.pop(rest, None)
        elif head == "rows":
            row_id, _, column = rest.partition(".")
            row = next((r for r in report.rows if r.row_id == row_id), None)
            if row is not None and column in ROW_FIELD_BY_KEY and ROW_FIELD_BY_KEY[column].kind is Kind.MONEY:
                setattr(row, column, None)


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
        self.last_changes: list[Change] = []  # what the last undo or redo changed (the GUI goes there)
        self.saved_version = 0
        self._findings: list[Finding] = []
        self._by_path: dict[str, tuple[Finding, ...]] | None = None  # findings_for's index, built on demand
        self._totals: Totals | None = None
        self.paragraph_unit = Unit.WAN  # what 根据填报数生成 writes money in: the export's unit (follow_unit)
        _drop_values_under_pending(report)
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
        if self._totals is None:  # computed when first asked after a change: most key presses never ask
            self._totals = compute_totals(self._report, self._framework)
        return self._totals

    @property
    def readiness(self) -> Readiness:
        return readiness(self._report, self._findings)

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version

    def findings_for(self, path: str) -> list[Finding]:
        """The findings that name *path* among their fields, in the order of ``findings``."""
        return list(self.findings_at(path))

    def findings_at(self, path: str) -> tuple[Finding, ...]:
        """:meth:`findings_for` as a tuple, not copied.

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
        return index.get(path, ())

    def input_error(self, path: str) -> str | None:
        """Why the text kept for *path* cannot be read (models.field_input's words), or None."""
        pending = self._report.pending.get(path)
        return unreadable_message(self._report, self._framework, path, pending) if pending else None

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
        self._totals = None

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
        changes = [*changes, *self._follow_figures(changes)]
        self._recompute()
        self._notify(changes)

    # ----- paragraphs written from the figures (models.figure_text)

    def _follow_figures(self, changes: Sequence[Change]) -> list[Change]:
        """Generated paragraphs the clerk left as written follow the figures they were written from.

        Derived from the figures, not a command of its own: undoing a figure rewrites the paragraph back.
        """
        if not self._report.generated:
            return []
        fields = {c.path.removeprefix("values.") for c in changes}
        if any(c.kind is ChangeKind.RESET for c in changes):
            return [Change(ChangeKind.VALUE, f"values.{key}") for key in follow(self._report)]
        if SOURCE_KEYS.isdisjoint(fields):
            return []
        # Only the paragraphs written from the figures that changed (one key press: one paragraph).
        return [Change(ChangeKind.VALUE, f"values.{key}") for key in follow(self._report, fields)]

    def live_paragraph(self, key: str) -> LiveParagraph | None:
        """The generated paragraph that starts narrative ``key`` and still follows the figures, if any."""
        return still_live(self._report.generated.get(key), self._report.text(key))

    def insert_generated(self, key: str, *, origin: object | None = None) -> None:
        """根据填报数生成: the paragraph first, the clerk's own text after it (NotYetWritable says what is missing).

        Money is written in ``paragraph_unit``, the unit the export prints.
        """
        text, live = inserted(self._report, key, unit=self.paragraph_unit)
        path = f"values.{key}"
        command = InsertParagraph(key, self._report.values.get(key), text, self._report.pending.get(path), None,
                                  (self._report.generated.get(key), live))
        self._push(command, origin, merge=False)

    def follow_unit(self, unit: Unit) -> None:
        """The export prints money in ``unit``: new paragraphs are written in it, live ones rewritten in it."""
        self.paragraph_unit = unit
        stale = [k for k, live in self._report.generated.items() if live.unit is not unit]
        if not stale:
            return
        for key in stale:
            self._report.generated[key] = replace(self._report.generated[key], unit=unit)
        changed = follow(self._report)
        self.version += 1  # a setting, not an edit to undo; the rewritten text is saved with the draft
        self._recompute()
        self._notify([Change(ChangeKind.VALUE, f"values.{key}") for key in changed])

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
        self.last_changes = command.revert(self._report)
        self._changed(self.last_changes)
        return True

    def redo(self) -> bool:
        if not self._history.undone:
            return False
        command = self._history.undone.pop()
        self._history.done.append(command)
        self._history.sealed = True
        self.last_changes = command.apply(self._report)
        self._changed(self.last_changes)
        return True

    def mark_saved(self, version: int | None = None) -> None:
        """Record that the report as of *version* (default: now) is on disk."""
        self.saved_version = self.version if version is None else version

    def replace_report(self, report: Report) -> None:
        """Swap in another report (reopen, recovery); history and input errors are cleared."""
        self._report = report
        self._framework = load_framework(report.framework_id)
        self._history = _History()
        _drop_values_under_pending(report)
        self.version += 1
        self.saved_version = self.version
        self._recompute()
        self._notify([Change(ChangeKind.RESET)])

    # ----- edits

    def _field_command(self, path: str, value: object,
                       pending: PendingInput | None) -> FieldCommand | None:
        """The command that puts *value* and *pending* (unreadable text or None) at a field, score or
        row cell path; None when both are already there."""
        head, _, rest = path.partition(".")
        old_pending = self._report.pending.get(path)
        if head == "values":
            old: object = self._report.values.get(rest)
            if old == value and type(old) is type(value) and old_pending == pending:
                return None
            live = self._report.generated.get(rest)
            # Typing inside a generated paragraph makes it the clerk's text: it stops following the figures.
            ends = live is not None and isinstance(value, str) and still_live(live, value) is None
            return SetValue(rest, old, value, old_pending, pending,  # type: ignore[arg-type]
                            (live, None) if ends else None)
        if head == "scores":
            node = self._framework.nodes[rest]
            if node.kind != "score":
                raise ValueError(f"{rest} is not scored by the clerk")
            old = self._report.scores.get(rest)
            if old == value and old_pending == pending:
                return None
            return SetScore(rest, old, value, node.name, old_pending, pending)  # type: ignore[arg-type]
        if head == "rows":
            row_id, _, column = rest.partition(".")
            old = getattr(find_row(self._report, row_id), column)
            if old == value and old_pending == pending:
                return None
            return SetRowField(row_id, column, old, value, old_pending, pending)
        raise ValueError(f"{path} is not a field, a score or a row cell")

    def _edit(self, path: str, value: object, origin: object | None, merge: bool) -> bool:
        command = self._field_command(path, value, None)
        if command is None:
            return False
        self._push(command, origin, merge=merge)
        return True

    def set_value(self, key: str, value: Value | None, *, origin: object | None = None,
                  merge: bool = True) -> bool:
        """Set or clear a declared field (and drop its unreadable text); False when nothing changes."""
        spec = FIELD_BY_KEY[key]
        if isinstance(value, str) and spec.kind not in (Kind.TEXT, Kind.NARRATIVE, Kind.CHOICE):
            raise TypeError(f"{key} expects a typed value, not text")
        if isinstance(value, str) and value == "" and spec.kind is Kind.CHOICE:
            value = None
        return self._edit(f"values.{key}", value, origin, merge)

    def set_score(self, node_id: str, value: Decimal | None, *, origin: object | None = None,
                  merge: bool = True) -> bool:
        return self._edit(f"scores.{node_id}", value, origin, merge)

    def set_explanation(self, finding_key: str, text: str, *, origin: object | None = None) -> bool:
        old = self._report.explanations.get(finding_key, "")
        if old == text:
            return False
        self._push(SetExplanation(finding_key, old, text), origin)
        return True

    def confirm_imported(self, section: str, *, origin: object | None = None) -> bool:
        """The clerk checked the values imported into ``section``: their marks go (one undo step)."""
        from .import_marks import ConfirmImported, has_marks

        if not has_marks(self._report, section):
            return False
        self._push(ConfirmImported(section), origin, merge=False)
        return True

    def set_row_field(self, row_id: str, column: str, value: object, *, origin: object | None = None,
                      merge: bool = True) -> bool:
        self._check_row_value(column, value)
        return self._edit(f"rows.{row_id}.{column}", value, origin, merge)

    @staticmethod
    def _check_row_value(column: str, value: object) -> None:
        spec = ROW_FIELD_BY_KEY[column]
        if spec.kind is Kind.MONEY and value is not None and not isinstance(value, Decimal):
            raise TypeError(f"{column} expects Decimal")
        if spec.kind is not Kind.MONEY and not isinstance(value, str):
            raise TypeError(f"{column} expects text")
        if column == "nature" and value not in ROW_NATURES:
            raise ValueError(f"unknown nature {value!r}")

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

    def set_cells(self, edits: Sequence[tuple[str, Decimal | str | None]], text: str, *,
                  origin: object | None = None) -> int:
        """Set several scores (``scores.<node>``) and row cells (``rows.<id>.<column>``) as ONE undo step
        named *text*; returns how many changed. Values are checked like set_score / set_row_field."""
        commands: list[Command] = []
        for path, value in edits:
            head, _, rest = path.partition(".")
            if head == "scores":
                if value is not None and not isinstance(value, Decimal):
                    raise TypeError(f"{path} expects Decimal")
            elif head == "rows":
                self._check_row_value(rest.partition(".")[2], value)
            else:
                raise ValueError(f"{path} is not a score or a row cell")
            command = self._field_command(path, value, None)
            if command is not None:
                commands.append(command)
        if not commands:
            return 0
        self._push(Batch(commands, text), origin, merge=False)
        return len(commands)

    def set_display_unit(self, unit: Unit, *, origin: object | None = None) -> bool:
        if unit is self._report.display_unit:
            return False
        self._push(SetDisplayUnit(self._report.display_unit, unit), origin, merge=False)
        return True

    # ----- typed text that could not be read

    def set_input_error(self, path: str, message: str | None, *, text: str = "",
                        origin: object | None = None) -> None:
        """Record that the field at *path* holds *text* that could not be read (or, with None, that it
        no longer does).

        The text and the message go to ``Report.pending`` (saved with the draft: no keystroke lost, and
        a field.unreadable error until fixed) and the field's value goes: nothing is computed, checked
        or exported from a value the clerk has typed over. It is part of the field's typing burst, so
        one undo brings back what was there before.
        """
        if message is None:
            head, _, rest = path.partition(".")
            if path not in self._report.pending:
                return
            current: object
            if head == "values":
                current = self._report.values.get(rest)
            elif head == "scores":
                current = self._report.scores.get(rest)
            else:
                row_id, _, column = rest.partition(".")
                current = getattr(find_row(self._report, row_id), column)
            command = self._field_command(path, current, None)
        else:
            head, _, rest = path.partition(".")
            if head == "rows" and ROW_FIELD_BY_KEY[rest.partition(".")[2]].kind is not Kind.MONEY:
                raise ValueError(f"{path}: only a row's figures can hold unreadable text")
            command = self._field_command(path, None, PendingInput(text, message))
        if command is not None:
            self._push(command, origin)
