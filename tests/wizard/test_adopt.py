"""A total computed beside a field is taken with one click (采用), as one undo step."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from models.rules.money_rules import parts_sum

from .helpers import select_all


def test_adopting_the_computed_total(sample, qtbot) -> None:
    editor, session = sample.editor, sample.session
    editor.go_to(editor.steps.index("finance"))
    page = editor.page(editor.current)
    total = page.fields["inc_year_total"]
    expected = parts_sum(session.report, "inc_year_total")
    assert total._adopt is None or not total._adopt.isVisible()  # the sample adds up: nothing to offer
    total.line.setFocus()
    select_all(qtbot, total.line)
    qtbot.keyClicks(total.line, "1000")
    assert total._adopt is not None and total._adopt.isVisible()
    qtbot.mouseClick(total._adopt, Qt.MouseButton.LeftButton)
    assert session.report.money("inc_year_total") == expected
    assert not total._adopt.isVisible() and "，一致" in total.computed.text()
    assert session.undo_text == "修改「本年收入合计」"
    session.undo()
    assert session.report.money("inc_year_total") == Decimal("1000.00")


def test_adopting_the_staff_sum(sample, qtbot) -> None:
    editor, session = sample.editor, sample.session
    editor.go_to(editor.steps.index("overview"))
    field = editor.page(editor.current).fields["staff_total"]
    field.line.setFocus()
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "80")
    qtbot.mouseClick(field._adopt, Qt.MouseButton.LeftButton)
    assert session.report.integer("staff_total") == 88 and field.line.text() == "88"
