"""The wheel never changes a choice the clerk is not in.

Scrolling a long page with the mouse wheel passes over combo boxes and spin boxes; Qt lets each of
them take the wheel and change its value (and the change is autosaved) although the clerk only meant
to scroll. A guarded widget takes the wheel only while it has keyboard focus (clicked or tabbed into);
otherwise the wheel scrolls the page it is on, as if the widget were not there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = _scroll_area_of(watched)
        if area is not None and area.verticalScrollBar().maximum() > 0:
            QApplication.sendEvent(area.verticalScrollBar(), event)  # scroll the page instead
        return True


_guard: WheelGuard | None = None


def guard_wheel(*widgets: QWidget) -> None:
    """Let *widgets* (combo boxes, spin boxes, date edits) take the wheel only while focused."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(QApplication.instance())
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel gives no focus
        widget.installEventFilter(_guard)
        widget.setProperty("wheelGuarded", True)


def is_guarded(widget: QWidget) -> bool:
    return bool(widget.property("wheelGuarded"))


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None
