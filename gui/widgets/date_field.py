"""Dates: a line that reads 2025-12-31 / 2025年12月31日 / 2025.12.31, with a calendar; empty allowed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from models.editing import EditSession
from models.fields import FieldSpec

from .field_box import LineFieldBox


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class DateField(LineFieldBox):
    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self._make_line()
        self.line.setPlaceholderText("例如 2025年12月31日")
        self.line.setMinimumWidth(self.fontMetrics().horizontalAdvance("2025年12月31日") * 3 // 2)
        self.button = QToolButton(self)
        self.button.setText("日历…")
        self.button.setAccessibleName(f"{spec.label}：从日历选择")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar: QCalendarWidget | None = None  # made the first time the menu opens (it is rarely used)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.menu = menu
        self.button.setMenu(menu)
        self.row.addWidget(self.line)
        self.row.addWidget(self.button)
        self.row.addStretch(1)
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setEnabled(not read_only)

    def _prepare_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self.menu)
            self.calendar.setGridVisible(True)
            action = QWidgetAction(self.menu)
            action.setDefaultWidget(self.calendar)
            self.menu.addAction(action)
            self.calendar.clicked.connect(self._picked)
        day = self.session.report.date(self.spec.key)
        if day is None:
            year = self.session.report.integer("eval_year")
            day = dt.date(year, 12, 31) if year else dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, day: QDate) -> None:
        self.menu.close()
        self.session.set_value(self.spec.key, dt.date(day.year(), day.month(), day.day()), merge=False)

    def _finished(self) -> None:
        self.session.seal()
        if self.session.input_error(self.path) is None:
            self.refresh()

    def refresh(self, origin: object | None = None) -> None:
        day = self.session.report.date(self.spec.key)
        pending = self.session.pending_text(self.path)
        text = pending if pending is not None else ("" if day is None else cn_date(day))
        # A change from this field's own typing leaves its text as typed, whether or not its window is
        # the active one (keys can reach a field of an inactive window: a tool window, remote input).
        typing = origin is self
        if not typing and self.line.text() != text:
            self.line.setText(text)
