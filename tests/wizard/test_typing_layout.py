"""What a key press costs: only what changed is redone, and what is shown stays exactly as before.

A finding quotes the figures, so its words change with every key; the page is laid out again only
when a finding needs another height (or appears, or goes). Finding lines, explanation boxes and
calendars are made when first needed; hidden pages catch up when they are shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from gui.icons import severity_icon
from gui.widgets.field_box import FindingLabel
from models.fields import FIELD_BY_KEY
from models.findings import Severity

from .helpers import finance

D = Decimal
LONG = ("【二、部门财政资金收支情况·收入情况】「本年收入合计」填的是 40,828,930.50 元，但各项收入之和为 "
        "2,176,530.50 元（政府性基金预算财政拨款收入 1,200,000.00 元 + 上级补助收入 850,000.00 元），"
        "相差 38,652,400.00 元。")


class _Requests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _settle(app, widget: QWidget) -> None:
    """Process events until ``widget`` gets no more layout requests (a relayout can post another)."""
    requests = _Requests()
    widget.installEventFilter(requests)
    try:
        for _ in range(20):
            seen = requests.count
            app.processEvents()
            app.processEvents()
            if requests.count == seen:
                return
    finally:
        widget.removeEventFilter(requests)



def test_finding_lines_and_explanations_are_made_for_fields_that_have_findings(sample, qtbot, app) -> None:
    page = finance(sample)
    assert page.findChildren(FindingLabel) == [], "the sample's finance step has no finding"
    assert page.findChildren(QLineEdit, "") and not any(
        "提醒说明" in e.accessibleName() for e in page.findChildren(QLineEdit)), "nor an explanation box"
    quiet = page.fields["inc_other"]
    sample.session.set_value("exp_personnel", D("18436300.00"))
    total = page.fields["exp_basic"]
    qtbot.waitUntil(lambda: total.message.isVisible())
    assert "基本支出" in total.message.text.text() and total.line.property("problem") == "error"
    assert quiet.findChildren(FindingLabel) == [], "a field without a finding still has no finding line"
    sample.session.set_value("exp_personnel", D("18436200.00"))
    app.processEvents()
    assert not total.message.isVisible() and total.line.property("problem") == ""


def test_new_words_of_the_same_height_do_not_lay_the_page_out_again(sample, qtbot, app) -> None:
    sample.resize(1000, 700)  # narrow enough for a longer figure to take the finding to a third line
    page = finance(sample)
    total = page.fields["exp_basic"]
    sample.session.set_value("exp_personnel", D("18436300.00"))
    qtbot.waitUntil(lambda: total.message.isVisible())
    _settle(app, page.content)
    before, height = total.message.text.text(), total.message.height()
    field_height = total.height()
    below = page.fields["exp_project"].mapTo(page.content, page.fields["exp_project"].rect().topLeft())
    requests = _Requests()
    page.content.installEventFilter(requests)
    try:
        sample.session.set_value("exp_personnel", D("18436400.00"))  # the same number of digits
        for _ in range(10):  # each level of layouts up to the page would take one more round
            app.processEvents()
        assert total.message.text.text() != before, "the finding quotes the new figures"
        assert requests.count == 0, "same height: the page is not laid out again"
        assert total.message.height() == height
        # Words that need another line move what is below, as any layout change does.
        sample.session.set_value("exp_personnel", D("18436400000000.00"))
        qtbot.waitUntil(lambda: requests.count > 0)
        _settle(app, page.content)
    finally:
        page.content.removeEventFilter(requests)
    message = total.message
    assert message.height() == message.heightForWidth(message.width()) > height
    moved = page.fields["exp_project"].mapTo(page.content, page.fields["exp_project"].rect().topLeft())
    assert total.height() - field_height >= message.height() - height  # (the sum beside may wrap too)
    assert moved.y() == below.y() + total.height() - field_height


def test_a_hidden_page_shows_what_changed_while_it_was_hidden(sample, qtbot, app) -> None:
    editor = sample.editor
    page = finance(sample)
    editor.go_to(0)
    sample.session.set_value("exp_public", D("3218450.00"))  # the basic expenditure no longer adds up
    editor.go_to(editor.steps.index("finance"))
    app.processEvents()
    total = page.fields["exp_basic"]
    assert page.fields["exp_public"].line.text() == "3,218,450.00"
    assert "相差 0.30 元" in total.computed.text() and total.message.isVisible()
    sample.session.undo()
    assert "一致" in total.computed.text() and not total.message.isVisible()


def test_a_finding_line_is_laid_out_as_a_box_layout_would(qapp, app) -> None:
    """FindingLabel places its icon and text by hand; the result must be the QHBoxLayout's."""
    for severity, words in ((Severity.ERROR, LONG), (Severity.WARNING, "参与的核对有问题。"),
                            (Severity.ERROR, "第一行\n第二行 abc")):
        reference = QWidget()
        layout = QHBoxLayout(reference)
        layout.setContentsMargins(0, 0, 0, 0)
        icon, text = QLabel(reference), QLabel(reference)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(icon)
        layout.addWidget(text, 1)
        size = reference.fontMetrics().height()
        icon.setPixmap(severity_icon(severity).pixmap(size, size))
        text.setText(f"{severity.label}：{words}")
        finding = FindingLabel()
        finding.show_message(severity, words)
        assert finding.sizeHint() == reference.sizeHint()
        assert finding.minimumSizeHint() == reference.minimumSizeHint()
        for width in (180, 300, 457, 600, 938):
            assert finding.heightForWidth(width) == reference.heightForWidth(width), width
            reference.resize(width, reference.heightForWidth(width))
            finding.resize(width, finding.heightForWidth(width))
            reference.show()
            app.processEvents()
            assert (finding.icon.geometry(), finding.text.geometry()) == (icon.geometry(), text.geometry()), width
        reference.close()


def test_the_calendar_is_made_when_its_menu_first_opens_and_picks_a_date(sample, qtbot, app) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("signature"))
    field = editor.page(editor.current).fields["sign_date"]
    assert field.calendar is None, "no calendar until the clerk asks for one"
    picked: list[bool] = []

    def pick() -> None:
        assert field.calendar is not None and field.menu.isVisible()
        assert field.calendar.selectedDate() == QDate(2026, 3, 20), "opens on the report's date"
        field.calendar.clicked.emit(QDate(2026, 3, 18))
        picked.append(True)

    QTimer.singleShot(200, pick)
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)  # the menu runs until a date is picked
    qtbot.waitUntil(lambda: bool(picked))
    assert sample.session.report.date("sign_date") == dt.date(2026, 3, 18)
    assert field.line.text() == "2026年3月18日" and not field.menu.isVisible()


GROUP_STYLE = """
QGroupBox { font-weight: bold; margin-top: 1.2em; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QGroupBox QLabel, QGroupBox QLineEdit { font-weight: normal; }
"""


def test_a_section_box_looks_like_the_style_sheet_group_box_it_replaces(qapp, app) -> None:
    """The rules the application style sheet had for group boxes, against SectionBox, to the pixel."""
    from PySide6.QtWidgets import QGroupBox, QVBoxLayout

    from gui.widgets.section_box import SectionBox

    def build(kind: type[QGroupBox], sheet: str) -> tuple[QWidget, list[QGroupBox]]:
        host = QWidget()
        host.setStyleSheet(sheet)
        column = QVBoxLayout(host)
        boxes = []
        for title in ("（一）机构组成", "落款", "发现的问题（单击一条即转到对应的填写位置）"):
            box = kind(title, host)
            inner = QVBoxLayout(box)
            inner.addWidget(QLabel("落款单位（必填）", box))
            line = QLineEdit("蓉溪市农业农村局", box)
            line.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a focused frame would differ, not the box
            inner.addWidget(line)
            column.addWidget(box)
            boxes.append(box)
        host.resize(700, 420)
        host.show()
        app.processEvents()
        return host, boxes

    styled, reference = build(QGroupBox, GROUP_STYLE)
    plain, ours = build(SectionBox, "")
    try:
        for old, new in zip(reference, ours, strict=True):
            assert new.contentsMargins() == old.contentsMargins()
            assert new.minimumSizeHint() == old.minimumSizeHint()
            assert new.geometry() == old.geometry()
            assert new.grab().toImage() == old.grab().toImage(), old.title()
            assert not new.findChild(QLabel).font().bold()
    finally:
        styled.close()
        plain.close()


def test_a_figure_rewrites_its_live_paragraph_in_place(sample, qtbot, app) -> None:
    """Only the changed sentence of 收入情况说明 is replaced: where the clerk was reading stays put."""
    from gui.widgets.narrative_field import NarrativeField

    page = finance(sample)
    narrative = page.fields["income_text"]
    assert isinstance(narrative, NarrativeField)
    edit = narrative.text
    sample.session.set_value("income_text", sample.session.report.text("income_text") + "\n" + "补充说明。" * 400)
    app.processEvents()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    bar = edit.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position, scrolled = edit.textCursor().position(), bar.value()
    assert scrolled > 0
    sample.session.set_value("inc_fiscal", D("38652500.00"))  # 100 元 more: the first sentence changes
    app.processEvents()
    assert edit.toPlainText() == sample.session.report.text("income_text")
    assert sample.session.live_paragraph("income_text") is not None
    assert (edit.textCursor().position(), bar.value()) == (position, scrolled)


def test_replacing_the_changed_span_gives_the_text_exactly(qapp) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    from gui.widgets.narrative_field import replace_changed

    edit = QPlainTextEdit()
    edit.setUndoRedoEnabled(False)
    texts = ["", "收入合计 4,082.89 万元。", "收入合计 4,082.90 万元。\n其他", "𠀀收入 4,082.90 万元。\n其他𠀀",
             "𠀀收入 9 万元。\n\n其他𠀀", "a\rb", "同比增长\u20295%", "x", ""]
    for text in texts:
        replace_changed(edit, edit.toPlainText(), text)
        assert edit.toPlainText() == text.replace("\r", "\n").replace("\u2029", "\n")
    assert not edit.document().isUndoAvailable()


def test_a_key_press_shows_again_only_the_figures_computed_from_it(sample, qtbot, app, monkeypatch) -> None:
    from gui.widgets.money_field import MoneyField

    page = finance(sample)
    refreshed: list[str] = []
    shown: list[str] = []
    computed = MoneyField.refresh_computed
    monkeypatch.setattr(MoneyField, "refresh_computed", lambda self: (refreshed.append(self.spec.key), computed(self)))
    original = FindingLabel.show_message
    monkeypatch.setattr(FindingLabel, "show_message",
                        lambda self, *a: (shown.append(self.parent().spec.key), original(self, *a)))
    sample.session.set_value("inc_fiscal", D("38652500.00"))
    # The figure itself (its 上年数 change), its total, and nothing else on the page.
    assert set(refreshed) == {"inc_fiscal", "inc_year_total"}
    # The total does not add up now: its line and its parts' lines show; no other field's is touched.
    assert "inc_year_total" in shown and {FIELD_BY_KEY[k].group for k in shown} == {"income"}
    assert len(shown) == len(set(shown))
    shown.clear()
    sample.session.set_value("inc_fiscal", D("38652600.00"))  # the parts still point at the total
    assert shown == ["inc_year_total"]
    assert "相差 200.00 元" in page.fields["inc_year_total"].computed.text()
    sample.session.undo()  # both figures typed in one go: one undo step
    assert "一致" in page.fields["inc_year_total"].computed.text()
    assert not page.fields["inc_year_total"].message.isVisible()
