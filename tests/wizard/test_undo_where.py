"""Undo and redo go to the step and field they change, and the status bar says what was undone: a
second Ctrl+Z on one step once silently cleared a figure on another."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .helpers import select_all


def step(window, section: str):
    editor = window.editor
    editor.go_to(editor.steps.index(section))
    return editor.page(editor.current)


def ctrl(qtbot, window, key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)


def test_undo_reaching_back_to_another_step_goes_there_and_says_so(sample, qtbot) -> None:
    editor, session = sample.editor, sample.session
    finance = step(sample, "finance")
    money = finance.fields["inc_other"].line
    money.setFocus()
    select_all(qtbot, money)
    qtbot.keyClicks(money, "777")
    overview = step(sample, "overview")  # leaving the step ends the typing burst
    quota = overview.fields["staff_quota"].line
    quota.setFocus()
    select_all(qtbot, quota)
    qtbot.keyClicks(quota, "99")
    ctrl(qtbot, sample, Qt.Key.Key_Z)  # undoes 编制数, here on this step
    assert editor.current == editor.steps.index("overview")
    assert "已撤销：修改「编制数」" in sample.statusBar().currentMessage()
    ctrl(qtbot, sample, Qt.Key.Key_Z)  # undoes 其他收入 on the finance step: the wizard goes there
    assert session.report.money("inc_other") != Decimal("777.00")
    assert editor.current == editor.steps.index("finance")
    assert QApplication.focusWidget() is step(sample, "finance").fields["inc_other"].line
    message = sample.statusBar().currentMessage()
    assert message.startswith("已撤销：修改「其他收入」") and editor.titles[editor.current] in message
    step(sample, "cover")
    ctrl(qtbot, sample, Qt.Key.Key_Y)
    assert session.report.money("inc_other") == Decimal("777.00")
    assert editor.current == editor.steps.index("finance")
    assert sample.statusBar().currentMessage().startswith("已重做：修改「其他收入」")


def test_undo_of_a_score_selects_its_cell(sample, qtbot) -> None:
    editor = sample.editor
    page = step(sample, "scoring")
    assert page.model.setData(page.model.locate("scores.clarity"), "3")
    step(sample, "cover")
    ctrl(qtbot, sample, Qt.Key.Key_Z)
    assert editor.current == editor.steps.index("scoring")
    index = page.view.currentIndex()
    assert page.model.path_of(index.row(), index.column()) == "scores.clarity"
    assert "明确性" in sample.statusBar().currentMessage()
