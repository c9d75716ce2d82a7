"""The scoring table by keyboard, as a clerk types it: Enter/Tab/arrows walk the scores, typing on a
read-only row never jumps, a score over its 分值 is refused at the cell, a pasted column fills scores."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .helpers import paste

D = Decimal


def scoring(window):
    editor = window.editor
    editor.go_to(editor.steps.index("scoring"))
    page = editor.page(editor.current)
    page.view.setFocus()
    return page


def at(page, path: str) -> None:
    page.view.setCurrentIndex(page.model.locate(path))


def current_path(page) -> str | None:
    index = page.view.currentIndex()
    return page.model.path_of(index.row(), index.column())


def type_score(qtbot, page, text: str, key=Qt.Key.Key_Return) -> None:
    qtbot.keyClicks(page.view, text[0])  # any key opens the editor with that key
    editor = QApplication.focusWidget()
    assert editor is not page.view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor, timeout=2000)  # committed (queued)


def test_enter_commits_and_moves_down_to_the_next_score_past_group_rows(sample, qtbot) -> None:
    page = scoring(sample)
    at(page, "scores.reasonableness")  # the last leaf of 目标任务; 预算编制 (a group) follows
    type_score(qtbot, page, "4")
    assert sample.session.report.scores["reasonableness"] == D("4.00")
    assert current_path(page) == "scores.basis"
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter without editing moves down as well
    assert current_path(page) == "scores.target_mgmt"


def test_arrows_and_tab_skip_group_rows(sample, qtbot) -> None:
    page = scoring(sample)
    at(page, "scores.reasonableness")
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert current_path(page) == "scores.basis"
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    assert current_path(page) == "scores.reasonableness"
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert current_path(page) == "scores.basis"
    qtbot.keyClick(page.view, Qt.Key.Key_Backtab)
    assert current_path(page) == "scores.reasonableness"
    type_score(qtbot, page, "3", Qt.Key.Key_Tab)  # Tab commits and opens the next score
    assert sample.session.report.scores["reasonableness"] == D("3.00")
    assert current_path(page) == "scores.basis" and page.view.state() == page.view.State.EditingState


def test_typing_on_a_group_row_never_jumps_or_overwrites(sample, qtbot) -> None:
    page = scoring(sample)
    before = dict(sample.session.report.scores)
    at(page, "scores.budgeting")  # 预算编制: a group, its 得分 is computed
    start = page.view.currentIndex()
    qtbot.keyClicks(page.view, "3")
    qtbot.keyClicks(page.view, "0")
    assert page.view.currentIndex() == start and page.view.state() != page.view.State.EditingState
    assert sample.session.report.scores == before
    assert "预算编制" in page.message.text() and "由程序计算" in page.message.text()


def test_typing_on_an_indicator_name_scores_that_indicator(sample, qtbot) -> None:
    page = scoring(sample)
    index = page.model.locate("scores.clarity")
    page.view.setCurrentIndex(page.model.index(index.row(), 0))  # the name cell of 明确性
    type_score(qtbot, page, "4")
    assert sample.session.report.scores["clarity"] == D("4.00")
    assert sample.session.report.scores["relevance"] == D("5.00")


def test_a_score_over_its_points_is_refused_at_the_cell(sample, qtbot) -> None:
    page = scoring(sample)
    at(page, "scores.relevance")  # 5 points
    row = page.view.currentIndex().row()
    name, points = page.model.index(row, 0).data(), page.model.index(row, 1).data()
    type_score(qtbot, page, "7")
    assert current_path(page) == "scores.relevance"  # the cursor stays on the refused cell
    assert page.model.index(row, 0).data() == name and page.model.index(row, 1).data() == points
    assert page.model.index(row, 2).data() == "7"  # the typed text stays visible (and in the draft)
    assert "relevance" not in sample.session.report.scores  # the old 5.00 is not used either
    assert "大于允许的最大值 5" in page.model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "「相关性」的得分" in page.message.text()
    assert "无法计算" in page.summary.text()
    group = page.model.locate("scores.targets")  # 目标任务, the sum over 相关性
    assert page.model.index(group.row(), 2).data() == "无法计算"
    type_score(qtbot, page, "4")
    assert sample.session.report.scores["relevance"] == D("4.00") and page.message.text() == ""


def test_pasting_a_column_fills_scores_downwards_as_one_step(sample, qtbot) -> None:
    page = scoring(sample)
    rows = len(sample.session.report.rows)
    at(page, "scores.clarity")
    paste(qtbot, page.view, "3\r\n4.5\r\n２\r\n5\r\n")  # Excel's column; 预算编制 lies between
    scores = sample.session.report.scores
    assert [scores[k] for k in ("clarity", "reasonableness", "basis", "target_mgmt")] == \
        [D("3.00"), D("4.50"), D("2.00"), D("5.00")]
    assert len(sample.session.report.rows) == rows and sample.session.undo_text == "粘贴 4 个「得分」"
    sample.session.undo()
    assert [scores[k] for k in ("clarity", "reasonableness", "basis", "target_mgmt")] == [D("4.50")] * 3 + [D("5")]


def test_a_pasted_column_with_a_bad_value_changes_nothing(sample, qtbot) -> None:
    page = scoring(sample)
    before = dict(sample.session.report.scores)
    at(page, "scores.clarity")
    paste(qtbot, page.view, "3\n9\n")  # 9 is over 合理性's 5 points
    assert sample.session.report.scores == before
    assert "第 2 行「9」没有粘贴" in page.message.text() and "合理性" in page.message.text()
    rows = len(sample.session.report.rows)
    at(page, "scores.performance")  # a group row: a column has nowhere to go
    paste(qtbot, page.view, "4\n5\n")
    assert len(sample.session.report.rows) == rows and sample.session.report.scores == before
