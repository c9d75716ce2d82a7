"""One declared field on a page: its label, its editor, the help, and the findings under it.

Most fields never have a finding, so the finding line and the explanation box are created the first
time they are needed (``message`` and ``explanation`` create them on first access). Findings are
shown only when they differ from what is on screen: typing recomputes every finding on each key, and
restyling or re-laying out a field whose finding did not change would cost a frame.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QSpacerItem, QStyle, QVBoxLayout, QWidget

from models.editing import MISSING_RULES, Change, EditSession
from models.field_input import InputError, read_value
from models.fields import FIELD_BY_KEY, FieldSpec
from models.findings import Finding, Severity
from models.report import CARRY_RULE

from ..icons import SEVERITY_COLORS, severity_icon
from ..plain import PlainLabel
from ..style import HELP_GREY, apply_role, set_problem, set_text_color
from .size_gate import SizeGate, wrapped_width_bound


def _previous_tab_stop(widget: QWidget) -> QWidget | None:
    """The widget Shift+Tab would reach from ``widget`` (what ``setTabOrder`` can put others after)."""
    seen = widget.previousInFocusChain()
    while seen is not None and seen is not widget:
        if seen.focusPolicy() & Qt.FocusPolicy.TabFocus and seen.focusProxy() is None:
            return seen
        seen = seen.previousInFocusChain()
    return None


class FindingLabel(SizeGate):
    """An icon and a wrapped message: a mark with words, never color alone.

    The message quotes the figures, so it changes as the clerk types; the page is laid out again
    only when the message needs another height. The icon and the text are placed as a QHBoxLayout
    with no margins would place them (icon at its size hint, the text stretching), by hand: such a
    layout would ask the selectable text for its size hint after every change, a costly measurement
    of the whole message that only matters when the message outgrows its width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        text = PlainLabel()
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        super().__init__(text, parent, QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred))
        self.text = text
        self.icon = PlainLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.severity: Severity | None = None  # what the icon and the colour show (None: a neutral note)
        self._styled = False
        self._spacing_px: int | None = None
        self.hide()

    def show_message(self, severity: Severity | None, message: str) -> None:
        """A finding's message with its mark; ``severity`` None shows *message* as a neutral note
        (grey, no mark: a required field not filled yet, before the clerk has left the step)."""
        if severity is not self.severity or not self._styled:
            self.severity, self._styled = severity, True
            if severity is None:
                self.icon.clear()
                set_text_color(self.text, HELP_GREY)
            else:
                size = self.fontMetrics().height()
                self.icon.setPixmap(severity_icon(severity).pixmap(size, size))
                set_text_color(self.text, SEVERITY_COLORS[severity])
        text = f"{severity.label}：{message}" if severity is not None else message
        if self.text.text() != text:
            self.text.setText(text)
        self.show()

    # ----- the layout of a QHBoxLayout(icon, text with stretch 1), margins 0

    def _spacing(self) -> int:
        if self._spacing_px is None:  # asked on every change of the message: measured once per style
            self._spacing_px = self._measure_spacing()
        return self._spacing_px

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            self._spacing_px = None
        super().changeEvent(event)

    def _measure_spacing(self) -> int:
        style = self.style()
        spacing = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, self)
        if spacing < 0:
            spacing = self.icon.style().combinedLayoutSpacing(
                QSizePolicy.ControlType.Label, QSizePolicy.ControlType.Label, Qt.Orientation.Horizontal, None, self)
        return max(spacing, 0)

    def _icon_width(self) -> int:
        return _item_size_hint(self.icon).width()

    def child_size_hint(self) -> QSize:
        icon, text = _item_size_hint(self.icon), _item_size_hint(self.text)
        return QSize(icon.width() + self._spacing() + text.width(), max(icon.height(), text.height()))

    def child_minimum_size_hint(self) -> QSize:
        icon, text = _item_minimum_size(self.icon), _item_minimum_size(self.text)
        return QSize(icon.width() + self._spacing() + text.width(), max(icon.height(), text.height()))

    def child_has_height_for_width(self) -> bool:
        return True

    def child_height_for_width(self, width: int) -> int:
        text_width = max(width - self._icon_width() - self._spacing(), 0)
        return max(_item_size_hint(self.icon).height(), self.text.heightForWidth(text_width))

    def place_children(self) -> None:
        icon_width = self._icon_width()
        left = icon_width + self._spacing()
        icon = QRect(0, 0, icon_width, self.height())
        text = QRect(left, 0, max(self.width() - left, 0), self.height())
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            icon, text = (QStyle.visualRect(Qt.LayoutDirection.RightToLeft, self.rect(), r) for r in (icon, text))
        self.icon.setGeometry(icon)
        self.text.setGeometry(text)

    def hint_width_bound(self) -> int | None:
        return self._icon_width() + self._spacing() + wrapped_width_bound(self.text, self.text.text())


_ONE_LINE: dict[str, int] = {}


def _one_line_height(widget: QWidget) -> int:
    """The height of a one-line finding message in *widget*'s font (measured once per font)."""
    key = widget.font().key()
    if key not in _ONE_LINE:
        probe = FindingLabel(widget)
        probe.show_message(Severity.ERROR, "未填")
        for part in (probe, probe.icon, probe.text):
            part.ensurePolished()  # measured as it will be shown
        _ONE_LINE[key] = probe.child_height_for_width(10_000)
        probe.deleteLater()
    return _ONE_LINE[key]


def _item_size_hint(widget: QWidget) -> QSize:
    """What a layout item takes as the widget's size hint (QWidgetItem::sizeHint)."""
    hint = widget.sizeHint().expandedTo(widget.minimumSizeHint())
    return hint.boundedTo(widget.maximumSize()).expandedTo(widget.minimumSize())


def _item_minimum_size(widget: QWidget) -> QSize:
    """What a layout item takes as the widget's minimum size (qSmartMinSize)."""
    policy, hint, minimum = widget.sizePolicy(), widget.sizeHint(), widget.minimumSizeHint()
    shrink = QSizePolicy.PolicyFlag.ShrinkFlag.value
    width = minimum.width() if policy.horizontalPolicy().value & shrink else max(hint.width(), minimum.width())
    height = minimum.height() if policy.verticalPolicy().value & shrink else max(hint.height(), minimum.height())
    size = QSize(width, height).boundedTo(widget.maximumSize())
    if widget.minimumWidth() > 0:
        size.setWidth(widget.minimumWidth())
    if widget.minimumHeight() > 0:
        size.setHeight(widget.minimumHeight())
    return size.expandedTo(QSize(0, 0))


class FieldBox(QWidget):
    """Base of every field widget. Subclasses put an editor in ``self.row`` and implement ``refresh``."""

    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.session = session
        self.path = f"values.{spec.key}"
        self.read_only = False
        self.box = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(3)
        self.label = PlainLabel(f"{spec.label}{'（必填）' if spec.required else ''}", self)
        self.label.setWordWrap(True)
        if spec.help:
            self.label.setToolTip(spec.help)
        layout.addWidget(self.label)
        self.row = QHBoxLayout()
        self.row.setSpacing(6)
        layout.addLayout(self.row)
        self.help = PlainLabel(spec.help, self)
        self.help.setWordWrap(True)
        apply_role(self.help, "help")
        self.help.setVisible(bool(spec.help))
        layout.addWidget(self.help)
        # The line of the field's message is kept free while there is none, so a message that comes
        # and goes as the clerk types does not move the form under the pointer.
        self._reserve_height = _one_line_height(self)
        # A spacer gets no layout spacing before it; the message does.
        self._reserve = QSpacerItem(0, self._reserve_height + layout.spacing(), QSizePolicy.Policy.Minimum,
                                    QSizePolicy.Policy.Fixed)
        layout.addSpacerItem(self._reserve)
        self.missing_revealed = False  # 未填 shows as an error once the clerk has left the step
        self._message: FindingLabel | None = None  # created with the first finding
        self._explanation: QLineEdit | None = None  # created with the first warning of this field
        self._warning: Finding | None = None
        self._adopt: QWidget | None = None  # 采用, created when a computed figure is first offered
        self._offer: object | None = None
        self._shown: tuple[Severity | None, str] = (None, "")  # the finding line as on screen
        self._findings_state: object = None  # what show_findings last showed, from what

    # ----- the parts created on first use

    @property
    def message(self) -> FindingLabel:
        """The finding line under the editor (hidden while the field has no finding)."""
        if self._message is None:
            self._message = FindingLabel(self)
            # At least the reserved line: a one-line message then takes exactly the space kept for it.
            self._message.setMinimumHeight(self._reserve_height)
            self.box.insertWidget(self.box.indexOf(self._reserve), self._message)
        return self._message

    def _keep_line(self) -> None:
        """Reserve the message's line while no message is shown; give it back when one is."""
        shown = self._message is not None and not self._message.isHidden()
        height = 0 if shown else self._reserve_height + self.box.spacing()
        if self._reserve.sizeHint().height() != height:
            self._reserve.changeSize(0, height, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            self.box.invalidate()

    @property
    def explanation(self) -> QLineEdit:
        """Where the clerk explains or acknowledges this field's warning (hidden without one)."""
        if self._explanation is None:
            edit = QLineEdit(self)
            edit.setPlaceholderText("在此说明或确认这条提醒（例如：已核实，原因是……）")
            edit.setAccessibleName(f"{self.spec.label}的提醒说明")
            edit.textEdited.connect(self._explain)
            edit.editingFinished.connect(self.session.seal)
            edit.setReadOnly(self.read_only)
            edit.hide()
            self.box.addWidget(edit)
            # Same place in the Tab order as when every field had one from the start: before its editor.
            before = _previous_tab_stop(self.editor())
            if before is not None and before is not edit:
                QWidget.setTabOrder(before, edit)
            self._explanation = edit
        return self._explanation

    # ----- for subclasses

    def editor(self) -> QWidget:
        raise NotImplementedError

    def refresh(self, origin: object | None = None) -> None:
        """Show the model's value (skipped while this widget is the one typing it)."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        if self._explanation is not None:
            self._explanation.setReadOnly(read_only)

    def _setup_editor(self, editor: QWidget) -> None:
        editor.setAccessibleName(self.spec.label)
        if self.spec.help:
            editor.setAccessibleDescription(self.spec.help)
        self.label.setBuddy(editor)

    # ----- model -> widget

    def on_changes(self, changes: Sequence[Change]) -> None:
        for change in changes:
            if change.path in (self.path, "") or change.kind.value in ("unit", "reset"):
                self.refresh(change.origin)
                return

    def show_findings(self) -> None:
        findings = self.session.findings_at(self.path)
        # Every key press recomputes every finding; a field whose findings (and what it shows with
        # them) are as before keeps its line, frame and explanation box as they are.
        report = self.session.report
        state = (findings, self.missing_revealed, self.read_only,
                 tuple(report.explanations.get(f.key) for f in findings if f.severity is Severity.WARNING)
                 if findings else ())
        if state == self._findings_state:
            return
        # While the clerk types an explanation the box is not overwritten: show it again afterwards.
        focused = self._explanation is not None and self._explanation.hasFocus()
        self._findings_state = None if focused else state
        own = [f for f in findings if f.fields[0] == self.path and f.severity is not Severity.INFO]
        missing = [f for f in own if f.rule in MISSING_RULES]
        if missing and not self.missing_revealed:
            own = [f for f in own if f.rule not in MISSING_RULES]
        other = [f for f in findings if f.fields[0] != self.path and f.severity is not Severity.INFO]
        worst: Finding | None = None
        for finding in own or other:
            if worst is None or (finding.severity is Severity.ERROR and worst.severity is not Severity.ERROR):
                worst = finding
        if worst is None:
            shown: tuple[Severity | None, str] = (None, "未填" if missing else "")
        elif own:
            shown = (worst.severity, "\n".join(f.message for f in own if f.severity is worst.severity))
        else:
            first = FIELD_BY_KEY.get(worst.fields[0].partition(".")[2])
            where = f"「{first.label}」" if first else "相关项目"
            shown = (worst.severity, f"参与的核对有问题，详见{where}下的说明。")
        if shown != self._shown:
            self._shown = shown
            if shown[1]:
                self.message.show_message(*shown)
            elif self._message is not None:
                self._message.hide()
            self._keep_line()
        # The explanation box goes with its warning's message: once the field also has an error, only
        # the error is shown (it must be fixed, not explained), and a box under it would explain nothing.
        # 上年内容 is confirmed with the field's own 已核对 button, not explained in words.
        self._warning = None if worst is None or worst.severity is Severity.ERROR else next(
            (f for f in own if f.severity is Severity.WARNING and f.rule != CARRY_RULE), None)
        if self._warning is not None:
            explanation = self.explanation
            explanation.setVisible(True)
            text = report.explanations.get(self._warning.key, "")
            if not explanation.hasFocus() and explanation.text() != text:
                explanation.setText(text)
        elif self._explanation is not None:
            self._explanation.setVisible(False)
        set_problem(self.editor(), worst.severity.value if worst else "")

    def offer_computed(self, value: object | None, shown: str = "") -> None:
        """Offer 采用 beside the field: one click puts *value* (the figure computed beside it, shown
        as *shown*) into the field, as one undo step. None hides the offer."""
        if value is None or self.read_only:
            if self._adopt is not None:
                self._adopt.hide()
            return
        if self._adopt is None:
            from PySide6.QtWidgets import QPushButton

            self._adopt = QPushButton("采用", self)
            self._adopt.setAccessibleName(f"采用按各项计算的{self.spec.label}")
            self._adopt.clicked.connect(self._take_offer)
            self.row.insertWidget(2, self._adopt)
        self._offer = value
        self._adopt.setToolTip(f"把「{self.spec.label}」填为按各项计算的 {shown}")
        self._adopt.show()

    def _take_offer(self) -> None:
        if self._offer is None or self.read_only:
            return
        self.session.seal()
        self.session.set_value(self.spec.key, self._offer, merge=False)  # type: ignore[arg-type]
        self.session.seal()

    def _explain(self, text: str) -> None:
        if self._warning is not None:
            self.session.set_explanation(self._warning.key, text, origin=self)

    def focus_editor(self) -> None:
        self.editor().setFocus(Qt.FocusReason.OtherFocusReason)


class LineFieldBox(FieldBox):
    """A field edited in one QLineEdit: typed text goes to ``_edited``, leaving the field (or Enter,
    which moves on to the next field) to ``_finished``."""

    def _make_line(self) -> QLineEdit:
        self.line = QLineEdit(self)
        self._setup_editor(self.line)
        self.line.textEdited.connect(self._edited)
        self.line.editingFinished.connect(self._finished)
        self.line.returnPressed.connect(self.line.focusNextChild)
        return self.line

    def _edited(self, text: str) -> None:
        """Typed text read as the field's declaration says (models.field_input): the value, or the
        text kept as unreadable with the sentence that says why."""
        try:
            value = read_value(self.session.report, self.spec.key, text)
        except InputError as exc:
            self.session.set_input_error(self.path, str(exc), text=text, origin=self)
            return
        self.session.set_value(self.spec.key, value, origin=self)

    def _finished(self) -> None:
        self.session.seal()

    def editor(self) -> QWidget:
        return self.line

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.line.setReadOnly(read_only)
