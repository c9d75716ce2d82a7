"""The sidebar: every step with its state (icon and words, not color alone) and a finding-count badge."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from models.editing import StepState

from .icons import ORANGE, RED, state_icon

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
ERRORS_ROLE = Qt.ItemDataRole.UserRole + 2


class BadgeDelegate(QStyledItemDelegate):
    """Draws the item as usual, then a rounded badge with the number of open findings at the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + option.fontMetrics.height() * 2, size.height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE) or 0
        if not count:
            return
        metrics = option.fontMetrics
        text = str(count) if count < 100 else "99+"
        height = metrics.height() + 2
        width = max(height, metrics.horizontalAdvance(text) + height // 2)
        rect = option.rect
        badge = QRect(rect.right() - width - 6, rect.top() + (rect.height() - height) // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(RED if index.data(ERRORS_ROLE) else ORANGE))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor("white"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class StepList(QListWidget):
    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("填报步骤")
        self.setItemDelegate(BadgeDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(self.fontMetrics().height() + 4, self.fontMetrics().height() + 4))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.titles = titles
        self._shown: dict[int, tuple[StepState, int, int, str, int, bool]] = {}  # row -> what set_status last showed
        # One numbering only: the report's own headings (一、二、…) as the clerk knows them; steps
        # without one (封面信息, the scoring annex, 落款, 审核与导出) are not numbered by us either.
        for title in titles:
            self.addItem(QListWidgetItem(state_icon(StepState.EMPTY), title))
        widest = max(self.fontMetrics().horizontalAdvance(t) for t in titles)
        self.setMinimumWidth(widest + self.fontMetrics().height() * 4)
        self.setMaximumWidth(widest + self.fontMetrics().height() * 6)

    def set_status(self, row: int, state: StepState, errors: int, warnings: int, detail: str = "", *,
                   missing: int = 0, revealed: bool = True) -> None:
        """*errors* include the *missing* required entries; those count as errors in the badge only
        once the step is *revealed* (the clerk left it or asked to export), and are always said in
        words: how much is left."""
        shown = (state, errors, warnings, detail, missing, revealed)
        if self._shown.get(row) == shown:
            return  # every change asks; each item change would relayout and repaint the list
        self._shown[row] = shown
        item = self.item(row)
        title = self.titles[row]
        parts = [state.label]
        if missing:
            parts.append(f"{missing} 项必填" if state is StepState.EMPTY else f"还有 {missing} 项未填")
        if errors - missing:
            parts.append(f"{errors - missing} 个错误")
        if warnings:
            parts.append(f"{warnings} 个提醒")
        status = detail or "，".join(parts)
        counted = errors if revealed else errors - missing
        item.setIcon(state_icon(state))
        item.setText(f"{title}\n{status}")
        item.setData(COUNT_ROLE, counted + warnings)
        item.setData(ERRORS_ROLE, counted)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}：{status}")
        item.setToolTip(f"{title}：{status}")
