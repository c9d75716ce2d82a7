"""The wheel never changes a choice the clerk is not in.

Scrolling a long page with the mouse wheel passes over combo boxes and spin boxes; Qt lets each of
them take the wheel and change its value (and the change is autosaved) although the clerk only meant
to scroll. A guarded widget takes the wheel only while it has keyboard focus the clerk gave it (clicked or
tabbed into, not the focus the wizard puts on a step's first field);
otherwise the wheel scrolls the page it is on, as if the widget were not there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


class WheelGuard(QObject):
    """Lets the wheel through only to a widget the clerk went into (a click, Tab, a shortcut): the
    wizard itself focuses a step's first field, and scrolling over it then must not change it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            watched.setProperty("wheelArmed", event.reason() in _CLERK_REASONS)
        elif kind == QEvent.Type.FocusOut:
            watched.setProperty("wheelArmed", False)
        elif kind == QEvent.Type.MouseButtonPress:
            watched.setProperty("wheelArmed", True)
        if kind != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus() and watched.property("wheelArmed"):
            return False
        area = _scroll_area_of(watched)
        if area is not None and area.verticalScrollBar().maximum() > 0:
            QApplication.sendEvent(area.verticalScrollBar(), event)  # scroll the page instead
        return True


_CLERK_REASONS = (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason,
                  Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason)
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
