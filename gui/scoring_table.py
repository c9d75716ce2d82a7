"""The scoring table: the framework's indicators with 分值 and 得分, and the department's own rows.

A table model over the EditSession: leaf 得分 and every cell of an indicator row are editable; group
scores, totals and the grade are computed by models.compute and shown read-only, live.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from models.editing import Change, ChangeKind, EditSession
from models.fields import ROW_FIELD_BY_KEY, ROW_NATURES, Kind
from models.findings import Severity
from models.frameworks import Node
from models.money import NumberParseError, parse_decimal
from models.report import IndicatorRow

from .icons import severity_icon

COLUMNS: tuple[tuple[str, str], ...] = (
    # 分值 and 得分 next to the name: they are what every row has and what the clerk types most.
    ("name", "指标"), ("points", "分值"), ("score", "得分"), ("nature", "指标性质"), ("measure_unit", "度量单位"),
    ("target", "年度指标值"), ("actual", "实际完成值"), ("reason", "偏差原因分析及改进措施"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
INDENT = "　"
Index = QModelIndex | QPersistentModelIndex
_READ_ONLY_BG = QColor("#f1f3f5")
_PROBLEM_BG = {Severity.ERROR: QColor("#fde7e9"), Severity.WARNING: QColor("#fff4e0")}


def points_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # "node", "row" or "total"
    node: Node | None = None
    row_id: str = ""


class ScoringModel(QAbstractTableModel):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
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

    # ----- cells

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _editable(self, index: Index) -> bool:
        entry = self.entries[index.row()]
        key = COLUMN_KEYS[index.column()]
        if entry.kind == "row":
            return True
        return entry.kind == "node" and entry.node is not None and entry.node.kind == "score" and key == "score"

    def _text(self, entry: Entry, key: str, *, editing: bool) -> str:
        session = self.session
        totals = session.totals
        if entry.kind == "total":
            return {"name": "合计（自评总分）", "points": points_text(session.framework.total_points),
                    "score": points_text(totals.total), "reason": f"评价等级：{totals.grade}"}.get(key, "")
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
            return points_text(totals.node_scores.get(node.id))
        if key == "reason" and node.kind == "execution_rate":
            return "按预算执行率自动计算"
        return ""

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
            path = self.path_of(index.row(), index.column())
            pending = self.session.pending_text(path) if path is not None else None
            if pending is not None:  # unreadable text the clerk typed, kept in the draft until fixed
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
            return "\n".join(t for t in (text, found[1] if found else "") if t) or None
        if role == Qt.ItemDataRole.DecorationRole and key == "name" and found is not None:
            return severity_icon(found[0])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[index.column()][1]}：{self._text(entry, key, editing=True)}"
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._editable(index):
            return False
        entry = self.entries[index.row()]
        key = COLUMN_KEYS[index.column()]
        text = "" if value is None else str(value)
        session = self.session
        if entry.kind == "node" and entry.node is not None:
            node = entry.node
            try:
                score = parse_decimal(text, decimals=2, minimum=Decimal(0), maximum=node.points, suffixes=("分",))
            except NumberParseError as exc:
                session.set_input_error(f"scores.{node.id}", f"「{node.name}」的得分：{exc}", text=text)
                return False
            session.set_score(node.id, None if score is None else score.quantize(Decimal("0.01")), merge=False)
            return True
        spec = ROW_FIELD_BY_KEY[key]
        path = f"rows.{entry.row_id}.{key}"
        if spec.kind is Kind.MONEY:
            try:
                number = parse_decimal(text, decimals=2, minimum=Decimal(0), suffixes=("分",))
            except NumberParseError as exc:
                session.set_input_error(path, f"部门自定指标的「{spec.label}」：{exc}", text=text)
                return False
            session.set_row_field(entry.row_id, key, None if number is None else number.quantize(Decimal("0.01")),
                                  merge=False)
            return True
        if key == "nature" and text not in ROW_NATURES:
            return False
        session.set_row_field(entry.row_id, key, text if spec.kind is Kind.NARRATIVE else text.strip(),
                              merge=False)
        return True


class NatureDelegate(QStyledItemDelegate):
    """指标性质 is one of ≥ ≤ = 定性: a combo instead of free text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(ROW_NATURES))
        combo.setAccessibleName("指标性质")
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class ScoringView(QTableView):
    """The table widget; Ctrl+V pastes rows copied from Excel when a row area is selected."""

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
                  "score": 5, "reason": 12}
        for column, key in enumerate(COLUMN_KEYS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, widths[key] * char + char)
        header.setStretchLastSection(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and callable(self.paste_handler):
            self.paste_handler()
            return
        super().keyPressEvent(event)
