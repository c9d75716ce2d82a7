"""The scoring table: the framework's indicators with 分值 and 得分, and the department's own rows.

A table model over the EditSession: leaf 得分 and every cell of an indicator row are editable; group
scores, totals and the grade are computed by models.compute and shown read-only, live.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from models.compute import UNREADABLE_SUM, scores_unreadable
from models.editing import MISSING_RULES, Change, ChangeKind, EditSession
from models.field_help import Help, indicator_help, total_help
from models.field_input import InputError, read_row_figure, read_score
from models.fields import ROW_FIELD_BY_KEY, ROW_NATURES, Kind
from models.findings import Severity
from models.frameworks import Framework, Node
from models.report import IndicatorRow

from .icons import severity_icon
from .plain import plain_tooltip
from .wheel_guard import guard_wheel

COLUMNS: tuple[tuple[str, str], ...] = (
    # 分值 and 得分 next to the name: they are what every row has and what the clerk types most.
    ("name", "指标"), ("points", "分值"), ("score", "得分"), ("nature", "指标性质"), ("measure_unit", "度量单位"),
    ("target", "年度指标值"), ("actual", "实际完成值"), ("reason", "偏差原因分析及改进措施"),
    # The framework's 评分标准 (a bureau's table brings its own): read-only, shown beside 得分 by the view
    # and hidden when the framework has none. Last in the model, so no other column moves.
    ("criteria", "评分标准"),
)
CRITERIA_AFTER = "score"
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
INDENT = "　"
Index = QModelIndex | QPersistentModelIndex
CENT = Decimal("0.01")
_READ_ONLY_BG = QColor("#f1f3f5")
_PROBLEM_BG = {Severity.ERROR: QColor("#fde7e9"), Severity.WARNING: QColor("#fff4e0")}


def points_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # "node", "row" or "total"
    node: Node | None = None
    row_id: str = ""


class CellError(ValueError):
    """A typed or pasted cell that cannot be taken; ``str()`` is one Chinese sentence."""


class ScoringModel(QAbstractTableModel):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.refusal: tuple[QPersistentModelIndex, str] | None = None  # the last cell setData refused
        # Scores not given yet are not marked (a neutral 未填, as on the other steps) until the clerk
        # leaves the step or asks to export.
        self.missing_revealed = False
        self.entries: list[Entry] = []
        self._rows: dict[str, IndicatorRow] = {}
        self._build()

    # ----- structure

    def _build(self) -> None:
        self._rows, self.entries = self._structure()

    def _structure(self) -> tuple[dict[str, IndicatorRow], list[Entry]]:
        report, fw = self.session.report, self.session.framework
        entries: list[Entry] = []
        for node in fw.walk():
            entries.append(Entry("node", node))
            if node.kind == "rows":
                entries.extend(Entry("row", node, r.row_id) for r in report.rows_of(node.id))
        entries.append(Entry("total"))
        return {r.row_id: r for r in report.rows}, entries

    def on_changes(self, changes: Sequence[Change]) -> None:
        if any(c.kind in (ChangeKind.ROWS, ChangeKind.RESET) for c in changes):
            rows, entries = self._structure()
            if entries != self.entries:  # a reset loses the view's selection and scroll position
                self.beginResetModel()
                self._rows, self.entries = rows, entries
                self.endResetModel()
                return
            self._rows = rows  # the same rows (undo puts back copies): the cells may differ
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Every cell may show other text and marks."""
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def path_of(self, row: int, column: int) -> str | None:
        entry = self.entries[row]
        key = COLUMN_KEYS[column]
        if key == "criteria":
            return None  # the framework's text: nothing of the report lives there
        if entry.kind == "row":
            return f"rows.{entry.row_id}.{key}"
        if entry.kind == "node" and entry.node is not None and key in ("score", "points", "name"):
            return f"scores.{entry.node.id}"
        if entry.kind == "total":
            return "values.fund_total_spent" if key == "score" else None
        return None

    def locate(self, path: str) -> QModelIndex:
        """The cell that shows a finding path (rows.<id>.<col> or scores.<node>)."""
        head, _, rest = path.partition(".")
        for number, entry in enumerate(self.entries):
            if head == "rows" and entry.kind == "row":
                row_id, _, column = rest.partition(".")
                if entry.row_id == row_id:
                    col = COLUMN_KEYS.index(column) if column in COLUMN_KEYS else 0
                    return self.index(number, col)
            if head == "scores" and entry.kind == "node" and entry.node is not None and entry.node.id == rest:
                return self.index(number, COLUMN_KEYS.index("score"))
        return QModelIndex()

    def row_entry(self, row: int) -> Entry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def help_at(self, index: Index) -> Help | None:
        """F1 on a row: the indicator's 评分标准 and 分值 in full (the total row: the grades)."""
        entry = self.row_entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        framework = self.session.framework
        if entry.kind == "total":
            return total_help(framework)
        assert entry.node is not None
        return indicator_help(framework, entry.node, self._rows.get(entry.row_id) if entry.kind == "row" else None)

    # ----- cells

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _editable(self, index: Index) -> bool:
        entry = self.entries[index.row()]
        key = COLUMN_KEYS[index.column()]
        if key == "criteria":
            return False
        if entry.kind == "row":
            return True
        return entry.kind == "node" and entry.node is not None and entry.node.kind == "score" and key == "score"

    def _text(self, entry: Entry, key: str, *, editing: bool) -> str:
        session = self.session
        totals = session.totals
        if key == "criteria":
            return entry.node.help if entry.kind == "node" and entry.node is not None else ""
        if entry.kind == "total":
            if scores_unreadable(session.report):
                return {"name": "合计（自评总分）", "points": points_text(session.framework.total_points),
                        "score": "无法计算", "reason": UNREADABLE_SUM}.get(key, "")
            return {"name": "合计（自评总分）", "points": points_text(session.framework.total_points),
                    "score": points_text(totals.total), "reason": f"评价等级：{totals.grade_shown}"}.get(key, "")
        node = entry.node
        assert node is not None
        if entry.kind == "row":
            row = self._rows[entry.row_id]
            value = getattr(row, key)
            if isinstance(value, Decimal) or value is None:
                return points_text(value)
            text = str(value)
            return text if editing or key != "name" else INDENT * node.depth + (text or "（未命名指标）")
        if key == "name":
            label = f"{node.name}（{node.row_label or '部门自定指标'}，见下方各行）" if node.kind == "rows" else node.name
            return INDENT * (node.depth - 1) + label
        if key == "points":
            if node.points is not None:
                return points_text(node.points)
            return f"{points_text(totals.node_points.get(node.id))}（各行合计）"
        if key == "score":
            if node.kind == "score":
                return points_text(session.report.scores.get(node.id))
            if self._unreadable_below(node):  # a sum over a score that cannot be read is no number
                return "无法计算"
            return points_text(totals.node_scores.get(node.id))
        if key == "reason" and node.kind == "execution_rate":
            return "按预算执行率自动计算"
        return ""

    def _unreadable_below(self, node: Node) -> bool:
        pending = self.session.report.pending
        if not pending:
            return False
        for child in node.walk():
            if f"scores.{child.id}" in pending:
                return True
            if child.kind == "rows" and any(f"rows.{r.row_id}.{c}" in pending for r in
                                             self.session.report.rows_of(child.id) for c in ("points", "score")):
                return True
        return False

    def _finding(self, index: Index) -> tuple[Severity, str] | None:
        path = self.path_of(index.row(), index.column())
        if path is None:
            return None
        findings = [f for f in self.session.findings_for(path) if f.severity is not Severity.INFO]
        if COLUMN_KEYS[index.column()] == "name":  # the name cell carries the row's mark
            entry = self.entries[index.row()]
            if entry.kind == "row":
                prefix = f"rows.{entry.row_id}."
                findings = [f for f in self.session.findings if any(p.startswith(prefix) for p in f.fields)
                            and f.severity is not Severity.INFO]
        if not self.missing_revealed:
            findings = [f for f in findings if f.rule not in MISSING_RULES]
        if not findings:
            return None
        worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in findings) else Severity.WARNING
        return worst, "\n".join(f"{f.severity.label}：{f.message}" for f in findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            # Unreadable text the clerk typed shows in the cell it was typed in (never in the name or
            # 分值 beside it), kept in the draft until fixed.
            path = self.input_path(index)
            pending = self.session.pending_text(path) if path is not None else None
            if pending is not None:
                return pending
            return self._text(entry, key, editing=role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("points", "score"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (entry.kind == "total" or (
                entry.kind == "node" and entry.node is not None and entry.node.depth == 1)):
            font = QFont()
            font.setBold(True)
            return font
        found = self._finding(index) if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole,
                                                 Qt.ItemDataRole.DecorationRole) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if found is not None:
                return QBrush(_PROBLEM_BG[found[0]])
            return None if self._editable(index) else QBrush(_READ_ONLY_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(entry, key, editing=True)
            tip = "\n".join(t for t in (text, found[1] if found else "") if t)
            return plain_tooltip(tip) if tip else None  # the cell's text is the clerk's, never HTML
        if role == Qt.ItemDataRole.DecorationRole and key == "name" and found is not None:
            return severity_icon(found[0])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[index.column()][1]}：{self._text(entry, key, editing=True)}"
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Commit a typed cell. Text that cannot be read (or a score over its 分值) is refused: the
        report keeps no value for it, the typed text stays in the draft, and ``refusal`` names the cell
        and the reason so the view can keep the cursor there and say why."""
        if role != Qt.ItemDataRole.EditRole or not self._editable(index):
            return False
        text = "" if value is None else str(value)
        path = self.input_path(index)
        assert path is not None
        if COLUMN_KEYS[index.column()] == "nature" and text.strip() not in ROW_NATURES:
            return False  # the combo offers only the four; nothing to keep
        try:
            parsed = self.parse_cell(index, text)
        except CellError as exc:
            self.refusal = (QPersistentModelIndex(index), str(exc))
            self.session.set_input_error(path, str(exc), text=text)
            return False
        self.refusal = None
        if path.startswith("scores."):
            assert parsed is None or isinstance(parsed, Decimal)
            self.session.set_score(path.removeprefix("scores."), parsed, merge=False)
        else:
            entry = self.entries[index.row()]
            self.session.set_row_field(entry.row_id, COLUMN_KEYS[index.column()], parsed, merge=False)
        return True

    def take_refusal(self) -> tuple[QPersistentModelIndex, str] | None:
        refusal, self.refusal = self.refusal, None
        return refusal

    def input_path(self, index: Index) -> str | None:
        """The path an editable cell writes (``scores.<node>`` or ``rows.<id>.<column>``)."""
        if not index.isValid() or not self._editable(index):
            return None
        return self.path_of(index.row(), index.column())

    def parse_cell(self, index: Index, text: str) -> Decimal | str | None:
        """The value typed text means in an editable cell; CellError (one Chinese sentence) if none."""
        entry = self.entries[index.row()]
        key = COLUMN_KEYS[index.column()]
        if entry.kind == "node" and entry.node is not None:
            node = entry.node
            try:
                return read_score(node.name, node.points, text)
            except InputError as exc:
                raise CellError(str(exc)) from exc
        spec = ROW_FIELD_BY_KEY[key]
        if spec.kind is Kind.MONEY:
            try:  # a row's score may not exceed the row's own 分值 once that is known
                return read_row_figure(self._rows[entry.row_id], key, text)
            except InputError as exc:
                raise CellError(str(exc)) from exc
        if key == "nature":
            nature = text.strip()
            if nature not in ROW_NATURES:
                raise CellError(f"「{spec.label}」应为 {'、'.join(ROW_NATURES)} 之一，不是「{nature[:10]}」。")
            return nature
        return text if spec.kind is Kind.NARRATIVE else text.strip()

    # ----- moving and pasting by keyboard

    def has_editable_cell(self, row: int) -> bool:
        """Group rows (and the total) have none: the cursor passes over them."""
        return any(self._editable(self.index(row, column)) for column in range(len(COLUMNS)))

    def input_cell(self, index: Index) -> QModelIndex:
        """Where typing at *index* goes: the cell itself if editable, else its row's 得分 if that is
        editable (typing on an indicator's name scores it), else nowhere."""
        if not index.isValid():
            return QModelIndex()
        if self._editable(index):
            return self.index(index.row(), index.column())
        score = self.index(index.row(), COLUMN_KEYS.index("score"))
        return score if self._editable(score) else QModelIndex()

    def editable_below(self, index: Index, step: int = 1) -> QModelIndex:
        """The next editable cell in the same column, down (step 1) or up (-1); invalid if none."""
        row = index.row() + step
        while 0 <= row < len(self.entries):
            candidate = self.index(row, index.column())
            if self._editable(candidate):
                return candidate
            row += step
        return QModelIndex()

    def paste_column(self, index: Index, text: str) -> int:
        """Fill a column copied from Excel/WPS (one value a line) into the editable cells from *index*
        downwards, skipping group rows; all or nothing, one undo step. Returns how many cells changed;
        CellError names the line that cannot be read or says there are too few cells below."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            raise CellError("剪贴板是空的。")
        targets = [self.index(index.row(), index.column())]
        while len(targets) < len(lines):
            below = self.editable_below(targets[-1])
            if not below.isValid():
                label = COLUMNS[index.column()][1]
                raise CellError(f"复制了 {len(lines)} 个数，从所选单元格往下只有 {len(targets)} 个可填写的"
                                f"「{label}」；没有粘贴。")
            targets.append(below)
        edits: list[tuple[str, Decimal | str | None]] = []
        for line_no, (target, line) in enumerate(zip(targets, lines, strict=True), 1):
            try:
                value = self.parse_cell(target, line)
            except CellError as exc:
                raise CellError(f"第 {line_no} 行「{line.strip()[:20]}」没有粘贴：{exc}") from exc
            path = self.input_path(target)
            assert path is not None
            edits.append((path, value))
        label = COLUMNS[index.column()][1]
        return self.session.set_cells(edits, f"粘贴 {len(edits)} 个「{label}」")


class NatureDelegate(QStyledItemDelegate):
    """指标性质 is one of ≥ ≤ = 定性: a combo instead of free text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(ROW_NATURES))
        combo.setAccessibleName("指标性质")
        guard_wheel(combo)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class ScoringView(QTableView):
    """The table widget. Ctrl+V calls ``paste_handler``; ``notice`` says why a key did nothing."""

    notice = Signal(str)

    def __init__(self, model: ScoringModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.paste_handler: object = None
        self.setAccessibleName("绩效评价得分表")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setItemDelegateForColumn(COLUMN_KEYS.index("nature"), NatureDelegate(self))
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        char = self.fontMetrics().horizontalAdvance("中")
        widths = {"name": 20, "nature": 5, "measure_unit": 5, "target": 6, "actual": 6, "points": 7,
                  "score": 5, "reason": 12, "criteria": 16}
        for column, key in enumerate(COLUMN_KEYS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, widths[key] * char + char)
        header.setStretchLastSection(True)
        criteria = COLUMN_KEYS.index("criteria")
        header.moveSection(header.visualIndex(criteria), header.visualIndex(COLUMN_KEYS.index(CRITERIA_AFTER)) + 1)
        self.show_criteria()

    def show_criteria(self, framework: Framework | None = None) -> None:
        """The 评分标准 column only when the framework (the session's) says how indicators are scored."""
        framework = framework or self.scoring_model().session.framework
        has_help = any(node.help for node in framework.walk())
        self.setColumnHidden(COLUMN_KEYS.index("criteria"), not has_help)

    # ----- the keyboard: the cursor walks editable cells, typing never jumps rows

    def scoring_model(self) -> ScoringModel:
        model = self.model()
        assert isinstance(model, ScoringModel)
        return model

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Up/Down pass over group rows (they hold nothing to type); Tab/Shift+Tab go to the next or
        previous editable cell, so a score is always one key away from the last."""
        model = self.scoring_model()
        current = self.currentIndex()
        Action = QAbstractItemView.CursorAction
        if current.isValid() and action in (Action.MoveUp, Action.MoveDown):
            step = 1 if action == Action.MoveDown else -1
            row = current.row() + step
            while 0 <= row < model.rowCount() and not model.has_editable_cell(row):
                row += step
            return model.index(row, current.column()) if 0 <= row < model.rowCount() else current
        if current.isValid() and action in (Action.MoveNext, Action.MovePrevious):
            step = 1 if action == Action.MoveNext else -1
            columns = model.columnCount()
            position = current.row() * columns + current.column() + step
            while 0 <= position < model.rowCount() * columns:
                candidate = model.index(position // columns, position % columns)
                if model.flags(candidate) & Qt.ItemFlag.ItemIsEditable:
                    return candidate
                position += step
            return current
        return super().moveCursor(action, modifiers)

    def keyboardSearch(self, search: str) -> None:
        """Qt would jump to a row whose text starts with the typed letters; a digit typed on a
        read-only row then selected another row and the next digit overwrote its score."""

    def _go_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.scoring_model()
        current = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Paste) and callable(self.paste_handler):
            self.paste_handler()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self._go_to(model.editable_below(current))  # Enter moves down, as in a spreadsheet
            return
        typed = event.text()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if (typed and typed.isprintable() and not typed.isspace() and plain and current.isValid()
                and not model.flags(current) & Qt.ItemFlag.ItemIsEditable
                and self.editTriggers() & QAbstractItemView.EditTrigger.AnyKeyPressed):
            target = model.input_cell(current)
            if target.isValid():  # typing on an indicator's name scores that indicator
                self._go_to(target)
                self.edit(target, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
            else:
                self.notice.emit(self._read_only_notice(current))
            return
        super().keyPressEvent(event)

    def _read_only_notice(self, index: QModelIndex) -> str:
        entry = self.scoring_model().row_entry(index.row())
        if entry is None or entry.kind == "total":
            return "合计和评价等级由程序计算，不能直接填写。"
        assert entry.node is not None
        if entry.node.kind == "execution_rate":
            return f"「{entry.node.name}」按预算执行率自动计算，不能直接填写。"
        if entry.node.kind == "rows":
            return f"「{entry.node.name}」的得分是其下各行的合计；请在下方各行中填写，或点“添加指标”。"
        return f"「{entry.node.name}」的得分是下级指标的合计，由程序计算；请在其下的指标中填写得分。"

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """A refused cell keeps the cursor and says why at the cell; Enter moves down to the next
        editable cell of the column, Tab to the next editable cell."""
        refusal = self.scoring_model().take_refusal()
        Hint = QAbstractItemDelegate.EndEditHint
        if refusal is not None:
            super().closeEditor(editor, Hint.NoHint)
            index = self.scoring_model().index(refusal[0].row(), refusal[0].column())
            self._go_to(index)  # the page lists the message with the other unreadable entries
            if self.hasFocus() or hint is not Hint.NoHint:
                QToolTip.showText(self.viewport().mapToGlobal(self.visualRect(index).bottomLeft()),
                                  plain_tooltip(refusal[1]), self.viewport(), self.visualRect(index))
            return
        if hint is Hint.SubmitModelCache:  # Enter
            super().closeEditor(editor, Hint.NoHint)
            self._go_to(self.scoring_model().editable_below(self.currentIndex()))
            return
        super().closeEditor(editor, hint)
