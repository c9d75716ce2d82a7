"""One-line text, whole numbers (persons, year) and choices."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from models.compute import STAFF_PARTS, UNREADABLE_SUM, staff_parts_sum
from models.draft_format import MAX_TEXT_CHARS
from models.editing import EditSession
from models.fields import FieldSpec, Kind

from ..plain import PlainLabel
from ..style import apply_role
from ..wheel_guard import guard_wheel
from .field_box import FieldBox, LineFieldBox


class TextField(LineFieldBox):
    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self._make_line()
        # Qt cuts a line edit's text at 32,767 characters without a word; the draft keeps what was typed.
        self.line.setMaxLength(MAX_TEXT_CHARS)
        self.line.setPlaceholderText(spec.placeholder)
        self.row.addWidget(self.line)
        self.refresh()

    def _edited(self, text: str) -> None:
        self.session.set_value(self.spec.key, text, origin=self)

    def refresh(self, origin: object | None = None) -> None:
        text = self.session.report.text(self.spec.key)
        if origin is not self and self.line.text() != text:
            self.line.setText(text)


class IntegerField(LineFieldBox):
    """Counts (人) and the year: whole numbers, full-width digits accepted, bounds from the declaration."""

    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self._make_line()
        self.line.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 12)
        self.unit = PlainLabel("年" if spec.kind is Kind.YEAR else spec.unit, self)
        self.computed = PlainLabel(self)
        apply_role(self.computed, "computed")
        self.row.addWidget(self.line)
        self.row.addWidget(self.unit)
        self.row.addWidget(self.computed, 1)
        self.refresh()

    def _finished(self) -> None:
        self.session.seal()
        if self.session.input_error(self.path) is None:
            self.refresh()

    def refresh(self, origin: object | None = None) -> None:
        value = self.session.report.integer(self.spec.key)
        pending = self.session.pending_text(self.path)
        text = pending if pending is not None else ("" if value is None else str(value))
        if origin is not self and self.line.text() != text:
            self.line.setText(text)
        report = self.session.report
        parts = []
        if self.spec.key == "staff_total":
            total = staff_parts_sum(report)
            if report.unreadable(*STAFF_PARTS):
                parts.append(f"各类在职人数之和：{UNREADABLE_SUM}")
            elif total is not None:
                parts.append(f"各类在职人数之和：{total} 人")
            offer = total if total is not None and total != value and pending is None else None
            self.offer_computed(offer, f"{total} 人")
        before = report.prior.integer(self.spec.key) if report.prior is not None else None
        if before is not None:  # 上年数 beside this year's count
            change = ("" if value is None else "，持平" if value == before
                      else f"，{'增加' if value > before else '减少'} {abs(value - before)} 人")
            parts.append(f"上年：{before} 人{change}")
        text = "；".join(parts)
        if self.computed.text() != text:
            self.computed.setText(text)

    def computed_from(self) -> frozenset[str]:
        """The paths the count and the figures beside it are shown from."""
        keys = {self.spec.key, *(STAFF_PARTS if self.spec.key == "staff_total" else ())}
        return frozenset(f"values.{k}" for k in keys)

    def refresh_computed(self) -> None:
        self.refresh(self)


class ChoiceField(FieldBox):
    PLACEHOLDER = "（请选择）"

    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.PLACEHOLDER, "")
        for choice in spec.choices:
            self.combo.addItem(choice, choice)
        self._setup_editor(self.combo)
        guard_wheel(self.combo)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.combo.activated.connect(self._chosen)
        self.refresh()

    def editor(self) -> QWidget:
        return self.combo

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.combo.setEnabled(not read_only)

    def _chosen(self, index: int) -> None:
        choice = self.combo.itemData(index) or None
        self.session.set_value(self.spec.key, choice, origin=self, merge=False)

    def refresh(self, origin: object | None = None) -> None:
        text = self.session.report.text(self.spec.key)
        index = self.combo.findData(text) if text else 0
        if index < 0:  # a value from an imported draft that is not a choice: show it, the rule flags it
            self.combo.addItem(text, text)
            index = self.combo.count() - 1
        if self.combo.currentIndex() != index:
            self.combo.setCurrentIndex(index)
