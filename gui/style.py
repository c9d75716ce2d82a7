"""How labels, editors with a finding and the warning bar look, without an application style sheet.

An application style sheet puts every widget of the app under Qt's style-sheet style, which keeps
style rules, render rules and palettes per widget: about 10 MiB for a report's thousand widgets,
whatever the sheet says. The few looks the app needs are set on the widgets that need them instead,
and they look exactly as the style sheet made them look:

* label roles (the object names the sheet selected on): a font and a text colour;
* an editor whose field has an error or a warning: a 2 px frame, by a style sheet on that editor only;
* the warning bar: its background and bottom line, by a style sheet on the bar only;
* group titles: see :mod:`gui.widgets.section_box`.

Nothing here touches PySide6's ``Qt`` namespace: the start page uses it before the first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

HELP_GREY = "#5f6368"
COMPUTED_BLUE = "#1565c0"

# role (object name) -> (point size or None, bold, text colour or None)
ROLES: dict[str, tuple[float | None, bool, str | None]] = {
    "pageTitle": (16, True, None),
    "stepHeading": (14, True, None),
    "help": (None, False, HELP_GREY),
    "computed": (None, False, COMPUTED_BLUE),
    "bigComputed": (12, True, COMPUTED_BLUE),
}

PROBLEM_COLORS = {"error": "#c62828", "warning": "#b26a00"}
_PROBLEM_EDITORS = (QLineEdit, QPlainTextEdit, QComboBox)

WARNING_BAR_STYLE = "QFrame#warningBar { background: #fff4e0; border-bottom: 1px solid #e0b060; }"


def set_text_color(label: QLabel, color: str | None) -> None:
    """Colour a label's text as ``color: …`` in a style sheet would (None: the inherited colour again).

    A palette change repaints the label and nothing else; a per-widget style sheet re-polishes it and
    sends it font and palette change events.
    """
    palette = QPalette()  # no role set: everything not set here is inherited
    if color is not None:
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, QColor(color))
    label.setPalette(palette)


def apply_role(label: QLabel, role: str) -> None:
    """Give ``label`` the look of one of :data:`ROLES` (and that object name)."""
    size, bold, color = ROLES[role]
    label.setObjectName(role)
    if size is not None or bold:
        font = QFont(label.font())
        if size is not None:
            font.setPointSizeF(size)
        if bold:
            font.setBold(True)
        label.setFont(font)
    if color is not None:
        set_text_color(label, color)


def set_problem(widget: QWidget, severity: str) -> None:
    """Frame an editor in red (``"error"``) or orange (``"warning"``); ``""`` removes the frame.

    The ``problem`` property says which (tests and accessibility tools read it). The frame is a
    style sheet on this editor alone, set only when the severity changes.
    """
    if widget.property("problem") == severity:
        return
    widget.setProperty("problem", severity)
    kind = next((k for k in _PROBLEM_EDITORS if isinstance(widget, k)), None)
    if severity and kind is not None:
        if kind is not QPlainTextEdit and widget.minimumHeight() == 0:
            # The style-sheet style draws a one-line editor 2 px lower: keep its height, so a frame
            # that comes and goes never moves the fields below.
            widget.setMinimumHeight(widget.sizeHint().height())
        widget.setStyleSheet(f"{kind.__name__} {{ border: 2px solid {PROBLEM_COLORS[severity]}; }}")
    else:
        widget.setStyleSheet("")
