"""Small icons drawn at run time (no image files, crisp at any scale): step states and finding marks."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from models.findings import Severity

RED = "#c62828"
ORANGE = "#b26a00"
GREEN = "#2e7d32"
BLUE = "#1565c0"
GREY = "#757575"

# Keyed by models.editing.StepState values (a str enum), so the start page need not import the editor.
STATE_COLORS = {"empty": GREY, "in_progress": BLUE, "problems": RED, "complete": GREEN}
SEVERITY_COLORS = {Severity.ERROR: RED, Severity.WARNING: ORANGE, Severity.INFO: BLUE}


def _canvas(size: int = 64) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


@cache
def state_icon(state: str) -> QIcon:
    """○ empty, ◐ in progress, ! on red for problems, ✓ on green for complete."""
    pixmap, p = _canvas()
    color = QColor(STATE_COLORS[str(state.value if hasattr(state, 'value') else state)])
    rect = QRectF(6, 6, 52, 52)
    p.setPen(QPen(color, 6))
    if state == "empty":
        p.drawEllipse(rect)
    elif state == "in_progress":
        p.drawEllipse(rect)
        path = QPainterPath(QPointF(32, 32))
        path.arcTo(rect, 90, 180)
        p.fillPath(path, color)
    else:
        p.setBrush(color)
        p.drawEllipse(rect)
        p.setPen(QPen(QColor("white"), 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        if state == "complete":
            p.drawPolyline([QPointF(19, 33), QPointF(28, 42), QPointF(45, 23)])
        else:
            p.drawLine(QPointF(32, 17), QPointF(32, 36))
            p.drawPoint(QPointF(32, 46))
    p.end()
    return QIcon(pixmap)


@cache
def severity_icon(severity: Severity) -> QIcon:
    """A red disc with ×, an orange triangle with !, a blue disc with i."""
    pixmap, p = _canvas()
    color = QColor(SEVERITY_COLORS[severity])
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    white = QPen(QColor("white"), 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    if severity is Severity.WARNING:
        triangle = QPainterPath(QPointF(32, 4))
        triangle.lineTo(62, 58)
        triangle.lineTo(2, 58)
        triangle.closeSubpath()
        p.drawPath(triangle)
        p.setPen(white)
        p.drawLine(QPointF(32, 22), QPointF(32, 40))
        p.drawPoint(QPointF(32, 50))
    else:
        p.drawEllipse(QRectF(4, 4, 56, 56))
        p.setPen(white)
        if severity is Severity.ERROR:
            p.drawLine(QPointF(21, 21), QPointF(43, 43))
            p.drawLine(QPointF(43, 21), QPointF(21, 43))
        else:
            p.drawPoint(QPointF(32, 18))
            p.drawLine(QPointF(32, 29), QPointF(32, 46))
    p.end()
    return QIcon(pixmap)


@cache
def done_icon() -> QIcon:
    return state_icon("complete")
