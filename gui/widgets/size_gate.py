"""Frames for text that changes as the clerk types, without re-laying out the whole page.

When a label's text changes, Qt invalidates every layout above it: the field, its group, the page
and the scroll area are laid out again, and each layout on the way asks the label its size hint,
minimum size and height for a width again (a Chinese text layout each, with font fallback), even
when the label keeps its size. A finding under a total or a narrative quotes the figures, and the
sum beside a total shows them: both change with every key, almost always without changing size.

A :class:`SizeGate` holds such a label and lays it out itself (no QLayout inside). It answers its
parent layout's questions from the label, remembers what it told, and when the label's text changes
it passes a layout request on only if an answer the parent layout relies on has changed:

* a height for the width the gate has, or for a width the page's scroll area may try instead (the
  page's width with or without its scroll bar): always compared. Layouts also ask for the height
  at other widths (a layout with height for width computes its size hint's height at its hint's
  width): those heights only feed size hints up to the window, which place nothing once it is shown;
* the width of the size hint or of the minimum size: only if the old or the new one reaches the width
  the gate already has. A layout gives a widget at least its hint when it can; a hint that stays
  below the width the widget has cannot move it, its column or anything beside it. A cheap upper
  bound of the new widths (:meth:`SizeGate.hint_width_bound`) often spares computing them;
* for a child with a height for width, the heights of its size hints are not compared: the layouts
  above place it by :meth:`heightForWidth` (QBoxLayout and QGridLayout use it as both its hint and
  its minimum height), and the page's scroll area sizes the page by height for width too.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QWidget

_HINT = "hint"
_MINIMUM = "minimum"
# Runs that a line break cannot split, roughly: anything but spaces and CJK (ideographs, CJK and
# full-width punctuation, which break between characters). Over-estimating is safe.
_UNBREAKABLE = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")


# Per font: the width of 80 characters as Qt's wrapped hint counts them, and of one CJK character
# (each measurement shapes text with font fallback: asked on every change of a message, kept).
_FONT_WIDTHS: dict[str, tuple[int, int]] = {}


def wrapped_width_bound(label: QLabel, text: str) -> int:
    """An upper bound of the size hint and minimum size widths of a word-wrapped ``label`` showing
    ``text``: Qt wraps its hint at 80 characters, and no line is narrower than its widest word."""
    font = label.font()
    metrics = QFontMetrics(font)
    widths = _FONT_WIDTHS.get(font.key())
    if widths is None:
        widths = _FONT_WIDTHS[font.key()] = (80 * max(metrics.horizontalAdvance("x"), metrics.averageCharWidth()),
                                              metrics.horizontalAdvance("中"))
    eighty, wide_char = widths
    words = _UNBREAKABLE.findall(text)
    widest = max((metrics.horizontalAdvance(w) for w in words), default=0)
    margins = label.contentsMargins()
    extra = margins.left() + margins.right() + 2 * max(label.indent(), 0) + label.margin() * 2 + 8
    return max(eighty, widest + 3 * wide_char) + extra


class SizeGate(QWidget):
    """Holds ``child`` at its own size; tells the parent layout only about changes that matter."""

    def __init__(self, child: QWidget, parent: QWidget | None = None,
                 policy: QSizePolicy | None = None) -> None:
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        self.setSizePolicy(policy if policy is not None else child.sizePolicy())
        self._told: dict[object, QSize | int] = {}  # what the parent layout was told, by question
        self._kept_quiet = False  # a change was not passed on: the parent may hold answers for other widths

    # ----- what subclasses with other children replace

    def child_size_hint(self) -> QSize:
        return self.child.sizeHint()

    def child_minimum_size_hint(self) -> QSize:
        return self.child.minimumSizeHint()

    def child_has_height_for_width(self) -> bool:
        return self.child.hasHeightForWidth()

    def child_height_for_width(self, width: int) -> int:
        return self.child.heightForWidth(width)

    def place_children(self) -> None:
        self.child.setGeometry(0, 0, self.width(), self.height())

    def hint_width_bound(self) -> int | None:
        """A cheap upper bound of the hint and minimum widths as they are now; None: not known."""
        return None

    # ----- the parent layout's questions (the answers are remembered)

    def sizeHint(self) -> QSize:
        hint = self.child_size_hint()
        self._told[_HINT] = hint
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = self.child_minimum_size_hint()
        self._told[_MINIMUM] = hint
        return hint

    def hasHeightForWidth(self) -> bool:
        return self.child_has_height_for_width()

    def heightForWidth(self, width: int) -> int:
        height = self.child_height_for_width(width)
        self._told[width] = height
        return height

    # ----- the child's requests

    def _changed(self) -> bool:
        width = self.width()
        near = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self) + 4
        hfw = self.child_has_height_for_width()
        bound: int | None = None
        bounded = False
        for question, told in list(self._told.items()):
            if isinstance(told, QSize):
                if hfw and told.width() < width:
                    if not bounded:
                        bound, bounded = self.hint_width_bound(), True
                    if bound is not None and bound < width:
                        continue  # its width stays below the width given; its height places nothing
                now = self.child_size_hint() if question == _HINT else self.child_minimum_size_hint()
                if hfw:
                    if now.width() != told.width() and max(now.width(), told.width()) >= width:
                        return True
                elif now != told and (now.height() != told.height() or max(now.width(), told.width()) >= width):
                    return True
            else:
                assert isinstance(question, int)
                if abs(question - width) <= near and self.child_height_for_width(question) != told:
                    return True
        return False

    def _pass_on_if_changed(self) -> None:
        if self._changed():
            self._pass_on()
        elif self._told:
            self._kept_quiet = True

    def _pass_on(self) -> None:
        self._told.clear()  # the parent layout asks again
        self._kept_quiet = False
        self.updateGeometry()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a child's text or size changed
            self._pass_on_if_changed()
            self.place_children()
            return True
        return super().event(event)

    def showEvent(self, event: QShowEvent) -> None:
        # A child changed while this (or an ancestor) was hidden told nobody: check on the way back.
        super().showEvent(event)
        self._pass_on_if_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.place_children()
        if self._kept_quiet and event.size().width() != event.oldSize().width():
            # The parent layout may have cached answers for this width that a quiet change altered.
            self._pass_on()
