"""Narratives: paragraphs, a character count where the bureau sets a limit, clean pastes from Word/WPS."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from models.editing import Change, ChangeKind, EditSession, clean_pasted_text
from models.fields import FieldSpec
from models.figure_text import GENERATED_KEYS, SOURCE_KEYS, NotYetWritable, missing
from models.report import CONFIRMED_TEXT, carry_confirmation_key
from models.rules.field_rules import char_count

from ..icons import ORANGE, RED
from ..plain import PlainLabel
from ..style import apply_role
from .field_box import FieldBox

_SOURCE_PATHS = frozenset(f"values.{key}" for key in SOURCE_KEYS)
LIVE_TEXT = "第一段为自动生成，随数字更新；改动这一段后即作为您自己的文字保留。"
GENERATE_HELP = "按已填写的金额和人数写出这一段的数字表述，放在说明的开头；您自己写的文字保留在后面。"


class CleanPlainTextEdit(QPlainTextEdit):
    """Pastes keep paragraphs and lose control characters (\\v line breaks become new lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.focus_lost: Callable[[], None] | None = None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.focus_lost is not None:
            self.focus_lost()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(clean_pasted_text(source.text()))
        else:
            super().insertFromMimeData(source)


# Characters a text cursor would turn into other block or line breaks than setPlainText does.
_BREAKS = frozenset("\r\u2028\u2029\x0b\x0c")


def _utf16(text: str) -> int:
    """Qt's length of ``text``: UTF-16 code units (a character beyond the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _longest(same: Callable[[int], bool], limit: int) -> int:
    """The largest n <= limit with same(n) (same holds up to some n, then never): a binary search
    over slice comparisons, which run at C speed (a loop over a long narrative's characters does not)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def replace_changed(edit: QPlainTextEdit, shown: str, text: str) -> None:
    """Make ``edit`` (showing ``shown``) show ``text`` by replacing only the span that differs.

    A live paragraph follows the figures: each key press in a money field rewrites a sentence at
    the start of a long narrative. ``setPlainText`` would lay the whole document out again and send
    the view back to the top; only the changed blocks are laid out again here, and the clerk's
    place in the text is kept.
    """
    if not shown or _BREAKS.intersection(text) or _BREAKS.intersection(shown):
        edit.setPlainText(text)
        return
    limit = min(len(shown), len(text))
    start = _longest(lambda n: shown[:n] == text[:n], limit)
    end = _longest(lambda n: shown[len(shown) - n:] == text[len(text) - n:], limit - start)
    cursor = QTextCursor(edit.document())
    begin = _utf16(shown[:start])
    cursor.setPosition(begin)
    cursor.setPosition(begin + _utf16(shown[start:len(shown) - end]), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text[start:len(text) - end])


class NarrativeField(FieldBox):
    def __init__(self, spec: FieldSpec, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(spec, session, parent)
        self.text = CleanPlainTextEdit(self)
        self.text.setTabChangesFocus(True)  # Tab follows the form; paragraphs need no tabs
        self.text.setUndoRedoEnabled(False)  # undo is the draft's, not the widget's
        lines = 3 if spec.max_chars and spec.max_chars <= 200 else 6
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self._setup_editor(self.text)
        self.row.addWidget(self.text)
        self.counter = PlainLabel(self)
        self.counter.setObjectName("counter")
        self.text.focus_lost = session.seal
        self.box.insertWidget(3, self.counter)
        self.counter.setVisible(spec.max_chars is not None)
        self._loading = False
        self.text.textChanged.connect(self._edited)
        self.generate: QPushButton | None = None
        self.live_note: QLabel | None = None
        self._generator_state: tuple[object, ...] | None = None  # what the button and the note show
        if spec.key in GENERATED_KEYS:
            self._add_generator()
        self.carried_note: QLabel | None = None
        self.reviewed: QPushButton | None = None
        if spec.key in session.report.carried:
            self._add_carried()
        self.refresh()

    def _add_carried(self) -> None:
        """上年内容: the text came from last year's report; 已核对 confirms it (edit it, or confirm it)."""
        line = QHBoxLayout()
        self.carried_note = PlainLabel(self)
        self.carried_note.setObjectName("carriedNote")
        self.carried_note.setWordWrap(True)
        self.reviewed = QPushButton("已核对", self)
        self.reviewed.setAccessibleName(f"{self.spec.label}已核对")
        self.reviewed.setToolTip("确认这段上年的文字本年仍然适用（可撤销）；修改文字也算核对")
        self.reviewed.clicked.connect(self._confirm)
        line.addWidget(self.carried_note, 1)
        line.addWidget(self.reviewed)
        self.box.insertLayout(self.box.indexOf(self.label) + 1, line)

    def _confirm(self) -> None:
        self.session.set_explanation(carry_confirmation_key(self.spec.key), CONFIRMED_TEXT)
        self.session.seal()

    def _show_carried(self) -> None:
        if self.carried_note is None or self.reviewed is None:
            return
        report = self.session.report
        key = self.spec.key
        unreviewed = report.is_unreviewed(key)
        confirmed = bool(report.explanations.get(carry_confirmation_key(key), "").strip())
        year = f"{report.prior.year}年" if report.prior is not None else "上年"
        if unreviewed:
            note = f"上年内容（{year}报告）：尚未核对，请按本年情况修改，或确认仍然适用后点“已核对”。"
        elif confirmed and report.carried[key] in (report.own_text(key), report.text(key)):
            note = "上年内容：已核对。"
        else:
            note = ""  # edited: the clerk's own text now
        self.carried_note.setText(note)
        self.carried_note.setStyleSheet(f"color: {ORANGE}; font-weight: bold;" if unreviewed else "")
        self.carried_note.setVisible(bool(note))
        self.reviewed.setVisible(unreviewed)
        self.reviewed.setEnabled(not self.read_only)

    def _add_generator(self) -> None:
        """根据填报数生成 and the note that the first paragraph follows the figures."""
        line = QHBoxLayout()
        self.generate = QPushButton("根据填报数生成", self)
        self.generate.setAccessibleName(f"根据填报数生成{self.spec.label}")
        self.generate.clicked.connect(self._generate)
        self.live_note = PlainLabel(self)
        self.live_note.setTextFormat(Qt.TextFormat.PlainText)
        self.live_note.setWordWrap(True)
        apply_role(self.live_note, "help")
        line.addWidget(self.generate)
        line.addWidget(self.live_note, 1)
        line.addStretch(0)
        self.box.insertLayout(self.box.indexOf(self.label) + 1, line)  # above the text: seen before typing

    def _generate(self) -> None:
        try:
            self.session.insert_generated(self.spec.key)
        except NotYetWritable as exc:  # the button is disabled then; a race with typing lands here
            if self.live_note is not None:
                self.live_note.setText(str(exc))
                self._generator_state = None
            return
        self.session.seal()

    def _show_generator(self) -> None:
        """Button and note as the figures allow; widgets are touched only when what they show changes
        (this runs on every keystroke in a money field the paragraph is written from)."""
        if self.generate is None or self.live_note is None:
            return
        needed = tuple(missing(self.session.report, self.spec.key))
        live = self.session.live_paragraph(self.spec.key)
        state = (needed, self.read_only, None if live is None else bool(live.paragraph))
        if state == self._generator_state:
            return
        self._generator_state = state
        self.generate.setEnabled(not needed and not self.read_only)
        self.generate.setToolTip(GENERATE_HELP if not needed else
                                 f"请先填写{'、'.join(f'「{label}」' for label in needed)}，再生成这一段。")
        self.generate.setText("重新生成" if live is not None else "根据填报数生成")
        note = ""
        if live is not None:
            note = "自动生成，随数字更新" if live.paragraph else "自动生成的段落待数字填写后出现"
        self.live_note.setText(note)
        self.live_note.setToolTip(LIVE_TEXT if live is not None else "")

    def on_changes(self, changes: Sequence[Change]) -> None:
        super().on_changes(changes)
        if self.generate is not None and any(
                c.path == self.path or c.path in _SOURCE_PATHS or c.kind is ChangeKind.RESET for c in changes):
            self._show_generator()

    def show_findings(self) -> None:
        super().show_findings()
        self._show_carried()  # 已核对 is an explanation: it changes no value of this field

    def editor(self) -> QWidget:
        return self.text

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.text.setReadOnly(read_only)
        self._show_generator()
        self._show_carried()

    def _edited(self) -> None:
        if self._loading:
            return
        self.session.set_value(self.spec.key, self.text.toPlainText(), origin=self)
        self._count()

    def _count(self) -> None:
        limit = self.spec.max_chars
        if limit is None:
            return
        count = char_count(self.text.toPlainText())
        over = count > limit
        self.counter.setText(f"{count} / {limit} 字（不含空白）" + ("，超出限制" if over else ""))
        self.counter.setStyleSheet(f"color: {RED}; font-weight: bold;" if over else "")

    def refresh(self, origin: object | None = None) -> None:
        text = self.session.report.text(self.spec.key)
        shown = self.text.toPlainText()
        if origin is not self and shown != text:
            self._loading = True
            try:
                replace_changed(self.text, shown, text)
            finally:
                self._loading = False
        self._count()
        self._show_generator()
        self._show_carried()
