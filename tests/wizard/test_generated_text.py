"""根据填报数生成: the paragraph written from the figures, following them until the clerk edits it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from .helpers import finance, select_all

D = Decimal


def test_the_button_inserts_the_paragraph_before_the_clerks_text_and_it_follows_the_figures(sample, qtbot) -> None:
    session = sample.session
    session.report.generated.clear()
    page = finance(sample)
    field = page.fields["income_text"]
    field.text.setFocus()
    select_all(qtbot, field.text)
    qtbot.keyClicks(field.text, "abc")
    assert field.live_note.text() == "" and field.generate.text() == "根据填报数生成"
    qtbot.mouseClick(field.generate, Qt.MouseButton.LeftButton)
    text = field.text.toPlainText()
    assert text.startswith("2025年本年收入合计") and text.endswith("\nabc")
    assert field.live_note.text() == "自动生成，随数字更新"
    assert session.undo_text == "根据填报数生成「收入情况说明」的段落"

    # A figure typed in another field rewrites the paragraph on screen; the clerk's text stays.
    other = page.fields["inc_other"]
    other.line.setFocus()
    select_all(qtbot, other.line)
    qtbot.keyClicks(other.line, "0")
    total = page.fields["inc_year_total"]
    total.line.setFocus()
    select_all(qtbot, total.line)
    qtbot.keyClicks(total.line, "40702400")
    # Written in the export's unit: the sample exports in 元.
    assert field.text.toPlainText().startswith("2025年本年收入合计40,702,400.00元，较上年增加")
    assert "其他收入" not in field.text.toPlainText() and field.text.toPlainText().endswith("\nabc")

    # Once the clerk edits the paragraph it is the clerk's text: figures no longer change it.
    cursor = field.text.textCursor()
    cursor.setPosition(2)
    field.text.setTextCursor(cursor)
    field.text.setFocus()
    qtbot.keyClicks(field.text, "X")
    assert field.live_note.text() == "" and session.live_paragraph("income_text") is None
    edited = field.text.toPlainText()
    select_all(qtbot, total.line)
    total.line.setFocus()
    select_all(qtbot, total.line)
    qtbot.keyClicks(total.line, "40702401")
    assert field.text.toPlainText() == edited


def test_the_button_says_what_to_fill_first(sample, qtbot) -> None:
    page = finance(sample)
    field = page.fields["execution_text"]
    budget = page.fields["fund_total_budget"]
    budget.line.setFocus()
    select_all(qtbot, budget.line)
    qtbot.keyClick(budget.line, Qt.Key.Key_Delete)
    assert not field.generate.isEnabled()
    assert "「年度资金总额：全年预算数」" in field.generate.toolTip()
    # The live paragraph of the sample went with its figure and comes back with it.
    assert not field.text.toPlainText().startswith("2025年全年预算数")
    assert field.live_note.text() == "自动生成的段落待数字填写后出现"
    qtbot.keyClicks(budget.line, "43144530.50")
    assert field.generate.isEnabled() and field.text.toPlainText().startswith("2025年全年预算数4,314.45万元")
