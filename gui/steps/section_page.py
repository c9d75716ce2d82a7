"""A step for one report section: its groups and fields, generated from the declarations."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from models.editing import Change, ChangeKind, EditSession
from models.fields import Kind, fields_of_group, groups_of_section
from models.headings import cn_number

from ..field_factory import create_field
from ..plain import PlainLabel
from ..style import apply_role
from ..widgets.field_box import FieldBox
from ..widgets.money_field import MoneyField
from ..widgets.section_box import SectionBox
from ..widgets.simple_fields import IntegerField

_SHORT = (Kind.MONEY, Kind.COUNT, Kind.YEAR, Kind.DATE, Kind.CHOICE, Kind.TEXT)


class StepPage(QScrollArea):
    """Base of every step: scrolls, shows the model, focuses a field by finding path."""

    def __init__(self, section: str, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.content = QWidget(self)
        self.layout_ = QVBoxLayout(self.content)
        self.layout_.setContentsMargins(16, 8, 16, 16)
        self.layout_.setSpacing(12)
        self.setWidget(self.content)

    def note_changes(self, changes: Sequence[Change]) -> None:
        """Every change as it happens, shown or hidden: what must never lag (values, cheap)."""

    def on_changes(self, changes: Sequence[Change]) -> None:
        """The model changed (findings are already recomputed): derived figures. A hidden page is
        given the changes it missed when it is shown, once per path, in the order they last happened."""

    def refresh_findings(self) -> None:
        """Show the current findings at the fields."""

    def focus_path(self, path: str) -> bool:
        """Focus the widget showing ``path``; False when this page has none."""
        return False

    def set_read_only(self, read_only: bool) -> None:
        """Refuse edits (a draft opened read-only)."""

    def reveal_missing(self) -> None:
        """Show required fields not filled as errors (the clerk left the step or asked to export);
        before that they show as a neutral 未填."""

    def first_focus(self) -> None:
        """Focus where the clerk starts typing on this step."""
        self.content.focusNextChild()


class SectionPage(StepPage):
    def __init__(self, section: str, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(section, session, parent)
        self.fields: dict[str, FieldBox] = {}
        self.verdict: QLabel | None = None
        number = 0
        for group in groups_of_section(section):
            specs = fields_of_group(group.key)
            if not specs:
                continue
            if group.numbered:
                number += 1
            title = f"（{cn_number(number)}）{group.title}" if group.numbered else group.title
            box = SectionBox(title, self.content)
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(24)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            row, col = 0, 0
            if group.key == "verdict":
                self.verdict = PlainLabel(box)
                apply_role(self.verdict, "computed")
                self.verdict.setWordWrap(True)
                grid.addWidget(self.verdict, row, 0, 1, 2)
                row += 1
            for spec in specs:
                field = create_field(spec, session, box)
                self.fields[spec.key] = field
                wide = spec.kind not in _SHORT or (spec.kind is Kind.MONEY and spec.key in _WIDE_MONEY)
                if wide:
                    if col:
                        row, col = row + 1, 0
                    grid.addWidget(field, row, 0, 1, 2)
                    row += 1
                else:
                    # Top-aligned: a message growing under one field never moves its neighbour.
                    grid.addWidget(field, row, col, alignment=Qt.AlignmentFlag.AlignTop)
                    row, col = (row, 1) if col == 0 else (row + 1, 0)
            self.layout_.addWidget(box)
        self.layout_.addStretch(1)
        self._by_path = {field.path: field for field in self.fields.values()}
        # Fields showing figures computed from others (sums, the execution rate, the staff total).
        self._computing = [f for f in self.fields.values() if isinstance(f, (MoneyField, IntegerField))]
        self._refresh_verdict()
        self.refresh_findings()

    def note_changes(self, changes: Sequence[Change]) -> None:
        """The fields whose values changed show them at once, on hidden pages too (a few per change)."""
        if any(c.path == "" or c.kind in (ChangeKind.UNIT, ChangeKind.RESET) for c in changes):
            touched = list(self.fields.values())
        else:
            touched = list(dict.fromkeys(self._by_path[c.path] for c in changes if c.path in self._by_path))
        for field in touched:
            field.on_changes(changes)

    def on_changes(self, changes: Sequence[Change]) -> None:
        # A key press changes one figure: only the sums and rates computed from it are shown again
        # (a page has up to forty such figures; the unit or a new report changes them all).
        paths = None if any(c.path == "" or c.kind not in _ONE_PATH for c in changes) else {c.path for c in changes}
        for field in self._computing:
            if paths is None or not field.computed_from().isdisjoint(paths):
                field.refresh_computed()
        self._refresh_verdict()

    def _refresh_verdict(self) -> None:
        if self.verdict is None:
            return
        totals = self.session.totals
        text = (f"得分表计算的自评总分：{totals.total:.2f} 分，评价等级：{totals.grade_shown}。报告的评价结论以这句开头"
                "（程序写入，不必再写）；下面只写您要补充的结论，写到的总分和等级须与此一致。")
        if totals.cap_applied is not None:
            text += f"（因预算执行率偏低，总分已按评价框架封顶为 {totals.cap_applied} 分。）"
        self.verdict.setText(text)

    def refresh_findings(self) -> None:
        for field in self.fields.values():
            field.show_findings()

    def reveal_missing(self) -> None:
        for field in self.fields.values():
            field.missing_revealed = True
        self.refresh_findings()

    def focus_path(self, path: str) -> bool:
        key = path.partition(".")[2] if path.startswith("values.") else ""
        field = self.fields.get(key)
        if field is None:
            return False
        self.ensureWidgetVisible(field, 0, 60)
        field.focus_editor()
        return True

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.set_read_only(read_only)

    def first_focus(self) -> None:
        if self.fields:
            next(iter(self.fields.values())).focus_editor()


# Changes that touch only the figure at their path (the unit and a new report touch every one).
_ONE_PATH = frozenset({ChangeKind.VALUE, ChangeKind.INPUT, ChangeKind.SCORE, ChangeKind.ROW, ChangeKind.ROWS,
                       ChangeKind.EXPLANATION, ChangeKind.MARKS})

# Totals and rate-bearing figures get a full row so the computed text beside them has room.
_WIDE_MONEY = frozenset({"inc_year_total", "inc_grand_total", "exp_basic", "exp_year_total",
                         "year_end_carryover", "exp_grand_total", "sangong_total", "fund_total_initial",
                         "fund_total_budget", "fund_total_spent"})
