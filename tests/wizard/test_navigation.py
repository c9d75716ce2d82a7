"""Steps, back and forth, undo/redo across the draft, findings and the jump from the review list."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .helpers import ime_commit, select_all


def test_steps_follow_the_framework_and_keep_input_back_and_forth(window, qtbot) -> None:
    from models.drafts import create_report
    from models.report import Report

    opened = create_report(window.store, Report.new("national-2020"))
    assert window.open_draft(opened.draft_id)
    editor = window.editor
    assert editor.steps[:-1] == list(editor.session.framework.sections)
    assert editor.titles[3] == "绩效自评表"  # the national framework renames and reorders sections
    page = editor.page(0)
    field = page.fields["unit_name"]
    field.line.setFocus()
    ime_commit(field.line, "蓉溪市财政局")
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    assert editor.current == 2
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert editor.current == 0 and field.line.text() == "蓉溪市财政局"
    editor.step_list.setCurrentRow(len(editor.steps) - 1)  # jump by clicking the step list
    assert editor.current == len(editor.steps) - 1
    assert "还不能正式导出" in editor.page(editor.current).summary.text()


def test_undo_and_redo_with_ctrl_z_and_ctrl_y_across_steps(sample, qtbot) -> None:
    editor = sample.editor
    cover = editor.page(0).fields["contact"]
    cover.line.setFocus()
    select_all(qtbot, cover.line)
    ime_commit(cover.line, "王五")
    qtbot.keyClick(cover.line, Qt.Key.Key_Tab)
    editor.go_to(editor.steps.index("finance"))
    money = editor.page(editor.current).fields["inc_other"]
    money.line.setFocus()
    select_all(qtbot, money.line)
    qtbot.keyClicks(money.line, "1")
    qtbot.keyClick(money.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sample.session.report.money("inc_other") == Decimal("126530.50")
    assert money.line.text() == "126,530.50"
    qtbot.keyClick(money.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sample.session.report.text("contact") == "李晓梅" and cover.line.text() == "李晓梅"
    qtbot.keyClick(money.line, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert sample.session.report.text("contact") == "王五"
    assert sample.undo_action.text().startswith("撤销")


def test_review_list_jumps_to_the_field_and_focuses_it(sample, qtbot) -> None:
    editor = sample.editor
    sample.session.set_value("contact", "")
    last = len(editor.steps) - 1
    editor.go_to(last)
    review = editor.page(last)
    assert "1 项必填内容未填" in review.summary.text()
    item = review.list.item(0)
    assert "联系人" in item.text()
    rect = review.list.visualItemRect(item)
    qtbot.mouseClick(review.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current == 0
    assert QApplication.focusWidget() is editor.page(0).fields["contact"].line


def test_review_jump_selects_the_scoring_cell(sample, qtbot) -> None:
    editor = sample.editor
    sample.session.set_score("talent", None)
    last = len(editor.steps) - 1
    editor.go_to(last)
    review = editor.page(last)
    review.jump.emit(review.list.item(0).data(0x0100 + 10))
    scoring = editor.page(editor.steps.index("scoring"))
    assert editor.current == editor.steps.index("scoring")
    index = scoring.view.currentIndex()
    assert scoring.model.entries[index.row()].node.id == "talent" and index.column() == 2
    assert QApplication.focusWidget() is scoring.view


def test_warning_explained_in_place_makes_the_report_ready(sample, qtbot) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("conclusion"))
    field = editor.page(editor.current).fields["problems_text"]
    field.text.setFocus()
    field.text.selectAll()
    field.text.insertPlainText("无")
    assert field.explanation.isVisible()
    assert not sample.session.readiness.ready
    field.explanation.setFocus()
    qtbot.keyClicks(field.explanation, "ok")
    assert sample.session.readiness.ready
    key = next(iter(sample.session.report.explanations))
    assert sample.session.report.explanations[key] == "ok"
    editor.go_to(len(editor.steps) - 1)
    review = editor.page(editor.current)
    assert review.summary.text().startswith("可以正式导出")
    assert review.explain_edits[key].text() == "ok"
