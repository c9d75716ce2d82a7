"""A group of fields with a bold title above its frame: the group box the app's style sheet drew.

The application style sheet said ``QGroupBox { font-weight: bold; margin-top: 1.2em; }`` and
``QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }`` (and made the
group's children normal weight again). Without an application style sheet (see :mod:`gui.style`),
:class:`SectionBox` reproduces what Qt's style-sheet style made of those rules, with the same
arithmetic (qstylesheetstyle.cpp, ``CC_GroupBox``):

* the frame starts 1.2 em (of the bold font) below the top and is drawn by the platform style;
* the contents are inside the frame's native border (the style's default frame width);
* the title is in the bold font, in a box 8 px from the left with 4 px of padding either side,
  at the top; its text is centred in a rectangle as wide as the title and a space;
* the minimum size leaves room for the title, the margin and the border.

Only the title is bold: the children keep the window's font, as the style sheet made them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QGroupBox, QStyle, QStyleOptionFrame, QStyleOptionGroupBox, QWidget

_TITLE_LEFT = 8
_TITLE_PADDING = 4
_MARGIN_TOP_EM = 1.2


class SectionBox(QGroupBox):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._set_frame_margins()

    # ----- geometry

    def title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _border(self) -> int:
        return max(self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self), 0)

    def _margin_top(self) -> int:
        return round(QFontMetrics(self.title_font()).height() * _MARGIN_TOP_EM)

    def _set_frame_margins(self) -> None:
        border = self._border()
        self.setContentsMargins(border, self._margin_top() + border, border, border)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # QGroupBox sets the platform style's margins on these
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._set_frame_margins()

    def _title_rects(self) -> tuple[QRect, QRect]:
        """The title's box (with its padding) and the rectangle its text is centred in."""
        metrics = QFontMetrics(self.title_font())
        width, height = metrics.horizontalAdvance(self.title()), metrics.height()
        box = QRect(_TITLE_LEFT, 0, width + 2 * _TITLE_PADDING, height)
        text = QRect(_TITLE_LEFT + _TITLE_PADDING, 0, width, height)
        # As Qt's common style sizes a group box label: the title and a space.
        spaced = metrics.size(Qt.TextFlag.TextShowMnemonic.value, self.title() + " ").width()
        text.setWidth(max(text.width(), spaced))
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            box, text = (QStyle.visualRect(Qt.LayoutDirection.RightToLeft, self.rect(), r) for r in (box, text))
        return box, text

    def minimumSizeHint(self) -> QSize:
        metrics = QFontMetrics(self.title_font())
        border = self._border()
        title = QSize(metrics.horizontalAdvance(self.title()) + metrics.horizontalAdvance(" ") + 2 * border,
                      metrics.height() + self._margin_top() + 2 * border)
        layout = self.layout()
        return title.expandedTo(layout.totalMinimumSize()) if layout is not None else title

    # ----- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionGroupBox()
        self.initStyleOption(option)
        option.fontMetrics = QFontMetrics(self.title_font())  # the box's font was the bold one
        style = self.style()
        painter = QPainter(self)
        # Qt's style-sheet style paints with smooth pixmap scaling on: the platform frame (Fusion
        # stretches a picture) is then the same to the pixel.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box, text = self._title_rects() if self.title() else (QRect(), QRect())

        frame = QStyleOptionFrame()
        frame.state, frame.direction, frame.palette = option.state, option.direction, option.palette
        frame.fontMetrics, frame.styleObject = option.fontMetrics, option.styleObject
        frame.features, frame.lineWidth, frame.midLineWidth = option.features, option.lineWidth, option.midLineWidth
        top = self._margin_top()
        frame.rect = QRect(0, top, self.width(), self.height() - top)
        if self.title():
            painter.save()
            painter.setClipRegion(QRegion(self.rect()) - QRegion(box))
        style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameGroupBox, frame, painter, self)
        if self.title():
            painter.restore()
            alignment = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextShowMnemonic.value
            if not style.styleHint(QStyle.StyleHint.SH_UnderlineShortcut, option, self):
                alignment |= Qt.TextFlag.TextHideMnemonic.value
            palette = option.palette
            if option.textColor.isValid():
                palette.setColor(palette.ColorRole.WindowText, option.textColor)
            painter.setFont(self.title_font())
            style.drawItemText(painter, text, alignment, palette, self.isEnabled(), self.title(),
                               palette.ColorRole.WindowText)
        painter.end()
