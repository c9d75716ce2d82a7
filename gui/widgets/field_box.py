"""One declared field on a page: its label, its editor, the help, and the findings under it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from models.editing import Change, EditSession
from models.fields import FIELD_BY_KEY, FieldSpec
from models.findings import Finding, Severity

from ..icons import SEVERITY_COLORS, severity_icon


def set_problem(widget: QWidget, severity: Severity | None) -> None:
    """Mark an editor's frame by severity (the style sheet in app.py draws it)."""
    value = severity.value if severity else ""
    if widget.property("problem") != value:
        widget.setProperty("problem", value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class FindingLabel(QWidget):
    """An icon and a wrapped message: a mark with words, never color alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_message(self, severity: Severity | None, message: str) -> None:
        if severity is None:
            self.hide()
            return
        size = self.fontMetrics().height()
        self.icon.setPixmap(severity_icon(severity).pixmap(size, size))
        self.text.setText(f"{severity.label}：{message}")
        self.text.setStyleSheet(f"color: {SEVERITY_COLORS[severity]};")
        self.show()


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
        self.label = QLabel(f"{spec.label}{'（必填）' if spec.required else ''}", self)
        self.label.setWordWrap(True)
        if spec.help:
            self.label.setToolTip(spec.help)
        layout.addWidget(self.label)
        self.row = QHBoxLayout()
        self.row.setSpacing(6)
        layout.addLayout(self.row)
        self.help = QLabel(spec.help, self)
        self.help.setWordWrap(True)
        self.help.setObjectName("help")
        self.help.setVisible(bool(spec.help))
        layout.addWidget(self.help)
        self.message = FindingLabel(self)
        layout.addWidget(self.message)
        self.explanation = QLineEdit(self)
        self.explanation.setPlaceholderText("在此说明或确认这条提醒（例如：已核实，原因是……）")
        self.explanation.setAccessibleName(f"{spec.label}的提醒说明")
        self.explanation.textEdited.connect(self._explain)
        self.explanation.editingFinished.connect(session.seal)
        self.explanation.hide()
        layout.addWidget(self.explanation)
        self._warning: Finding | None = None

    # ----- for subclasses

    def editor(self) -> QWidget:
        raise NotImplementedError

    def refresh(self, origin: object | None = None) -> None:
        """Show the model's value (skipped while this widget is the one typing it)."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.explanation.setReadOnly(read_only)

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
        findings = self.session.findings_for(self.path)
        own = [f for f in findings if f.fields[0] == self.path and f.severity is not Severity.INFO]
        other = [f for f in findings if f.fields[0] != self.path and f.severity is not Severity.INFO]
        worst: Finding | None = None
        for finding in own or other:
            if worst is None or (finding.severity is Severity.ERROR and worst.severity is not Severity.ERROR):
                worst = finding
        if worst is None:
            self.message.show_message(None, "")
        elif own:
            text = "\n".join(f.message for f in own if f.severity is worst.severity)
            self.message.show_message(worst.severity, text)
        else:
            first = FIELD_BY_KEY.get(worst.fields[0].partition(".")[2])
            where = f"「{first.label}」" if first else "相关项目"
            self.message.show_message(worst.severity, f"参与的核对有问题，详见{where}下的说明。")
        self._warning = next((f for f in own if f.severity is Severity.WARNING), None)
        self.explanation.setVisible(self._warning is not None)
        if self._warning is not None and not self.explanation.hasFocus():
            self.explanation.setText(self.session.report.explanations.get(self._warning.key, ""))
        set_problem(self.editor(), worst.severity if worst else None)

    def _explain(self, text: str) -> None:
        if self._warning is not None:
            self.session.set_explanation(self._warning.key, text, origin=self)

    def focus_editor(self) -> None:
        self.editor().setFocus(Qt.FocusReason.OtherFocusReason)
