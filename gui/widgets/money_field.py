"""Money: accepts what clerks type (full-width, ¥1,234.50, 12.5万元, Excel pastes), never rounds.

The text is read with ``parse_money`` in the draft's display unit on every keystroke; the model is
updated whenever it parses, and the parser's message is shown under the field when it does not.
Outside typing the value is shown with thousands separators in 元 or 万元; totals show the sum of
their parts beside them and 全年执行数 shows the execution rate, all read-only and live.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from models.compute import UNREADABLE_SUM, execution_rate, format_rate
from models.editing import EditSession
from models.fields import FieldSpec
from models.money import Unit, format_money, format_money_shown, round_half_up
from models.rules.money_rules import IDENTITIES, parts_sum

from ..plain import PlainLabel
from ..style import apply_role
from .field_box import LineFieldBox
from .size_gate import SizeGate

RATE_KEY = "fund_total_spent"  # 全年执行数: the execution rate is shown beside it


class MoneyField(LineFieldBox):
    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self._make_line()
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line.setPlaceholderText("例如 1,234.50 或 12.5万元")
        self.line.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 22)
        self.unit = PlainLabel(self)
        self.row.addWidget(self.line)
        self.row.addWidget(self.unit)
        # Totals show the sum of their parts, 全年执行数 the execution rate; other amounts show nothing
        # beside them and get no label for it (they are most of the page's fields).
        self._computed: QLabel | None = None
        self._computed_box: SizeGate | None = None
        if spec.key in IDENTITIES or spec.key == RATE_KEY or prior_of(session, spec.key) is not None:
            self._make_computed()
        self.refresh()

    def _make_computed(self) -> QLabel:
        label = PlainLabel()
        apply_role(label, "computed")
        label.setWordWrap(True)
        # The sum beside a total changes with every key: only a change of its size re-lays out the page.
        self._computed_box = SizeGate(label, self)
        self.row.addWidget(self._computed_box, 1)
        self._computed = label
        return label

    @property
    def computed(self) -> QLabel:
        """The figure computed beside the amount (empty and hidden for an amount that has none)."""
        if self._computed is None:
            self._make_computed()
            assert self._computed_box is not None
            self._computed_box.hide()
        assert self._computed is not None
        return self._computed

    def _finished(self) -> None:
        self.session.seal()
        self._show_value()

    def _show_value(self) -> None:
        pending = self.session.pending_text(self.path)
        value = self.session.report.money(self.spec.key)
        unit = self.session.report.display_unit
        text = "" if value is None else format_money(value, unit, with_unit=False)
        if pending is not None:  # unreadable text stays as typed (it is in the draft) until fixed
            text = pending
        if self.line.text() != text:
            self.line.setText(text)

    def refresh(self, origin: object | None = None) -> None:
        unit = self.session.report.display_unit
        self.unit.setText(unit.value)
        # A change from this field's own typing leaves its text as typed, whether or not its window is
        # the active one (keys can reach a field of an inactive window: a tool window, remote input).
        typing = origin is self
        if not typing:
            self._show_value()
        self.refresh_computed()

    def computed_from(self) -> frozenset[str]:
        """The paths the figure beside the amount is computed from (a change elsewhere leaves it as it is)."""
        if self._computed is None:
            return frozenset()
        keys = {self.spec.key, *(k for k, _ in IDENTITIES.get(self.spec.key, ()))}
        if self.spec.key == RATE_KEY:
            keys |= {"fund_total_budget", "fund_total_spent"}
        return frozenset(f"values.{k}" for k in keys)

    def refresh_computed(self) -> None:
        if self._computed is None:
            return  # an amount with nothing computed beside it
        report = self.session.report
        unit = report.display_unit
        key = self.spec.key
        parts: list[str] = []
        offer: Decimal | None = None
        if key in IDENTITIES:
            expected = parts_sum(report, key)
            if report.unreadable(*(k for k, _ in IDENTITIES[key])):
                parts.append(f"按各项计算：{UNREADABLE_SUM}")
            elif expected is not None:
                value = report.money(key)
                text = f"按各项计算：{format_money_shown(expected, unit)}"
                if value is not None:
                    diff = value - expected
                    text += "，一致" if diff == 0 else f"，相差 {format_money_shown(abs(diff), unit)}"
                if value != expected and self.session.pending_text(self.path) is None:
                    offer = expected
                parts.append(text)
        if key == RATE_KEY:
            rate = execution_rate(report)
            if report.unreadable("fund_total_budget", "fund_total_spent"):
                parts.append(f"预算执行率：{UNREADABLE_SUM}")
            else:
                parts.append(f"预算执行率：{format_rate(rate) if rate is not None else '—'}")
        before = prior_of(self.session, key)
        if before is not None:
            parts.append(prior_text(before, report.money(key), unit))
        self.offer_computed(offer, "" if offer is None else format_money(offer, unit))  # exact: it goes in
        self._computed.setText("；".join(parts))
        assert self._computed_box is not None
        self._computed_box.setVisible(bool(parts))


def prior_of(session: EditSession, key: str) -> Decimal | None:
    """上年数 of a money field, when the draft was started from last year's report."""
    prior = session.report.prior
    return prior.money(key) if prior is not None else None


def change_text(now: Decimal | None, before: Decimal) -> str:
    """"增长 4.6%" / "减少 2.0%" / "持平": this year against last, to one decimal (half up), as clerks write it."""
    if now is None or not before:
        return ""
    if now == before:
        return "持平"
    exact = abs(now - before) / abs(before) * 100
    rate = round_half_up(exact, 1)
    if not rate:  # a tiny change is not "0.0%": show it to two decimals, or say it is below that
        rate = round_half_up(exact, 2)
    went = "增长" if now > before else "减少"
    return f"{went} {rate}%" if rate else f"{went}不到 0.01%"


def prior_text(before: Decimal, now: Decimal | None, unit: Unit) -> str:
    """"上年：4,082.89万元，增长 4.6%" beside this year's amount."""
    change = change_text(now, before)
    return f"上年：{format_money(before, unit, exact=False)}" + (f"，{change}" if change else "")


def money_text(value: Decimal | None, session: EditSession) -> str:
    return "" if value is None else format_money_shown(value, session.report.display_unit)
