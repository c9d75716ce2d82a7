"""The scoring table: scores within bounds, live totals and grade, the department's own rows."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

D = Decimal


def scoring(window):
    editor = window.editor
    editor.go_to(editor.steps.index("scoring"))
    return editor.page(editor.current)


def cell(page, path: str):
    return page.model.locate(path)


def test_typing_a_score_updates_totals_and_grade_live(sample, qtbot) -> None:
    page = scoring(sample)
    assert "评价等级：优" in page.summary.text()
    index = cell(page, "scores.relevance")
    page.view.setCurrentIndex(index)
    page.view.setFocus()
    qtbot.keyClicks(page.view, "1")  # any key starts editing
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, ".5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: sample.session.report.scores["relevance"] == D("1.50"), timeout=2000)
    assert "自评总分：89.50 分" in page.summary.text() and "评价等级：良" in page.summary.text()
    total_row = page.model.rowCount() - 1
    assert page.model.index(total_row, 2).data() == "89.50"


def test_a_score_above_its_points_is_refused_in_words(sample) -> None:
    page = scoring(sample)
    index = cell(page, "scores.relevance")
    assert not page.model.setData(index, "6")
    assert "relevance" not in sample.session.report.scores  # refused: neither 6 nor the old 5.00 counts
    assert "大于允许的最大值 5" in page.message.text()
    assert page.model.setData(index, "４.５分")
    assert sample.session.report.scores["relevance"] == D("4.50") and page.message.text() == ""


def test_rows_add_move_remove_and_paste_from_excel(sample, qtbot) -> None:
    page = scoring(sample)
    session = sample.session
    first = session.report.rows[0].row_id
    page.view.setCurrentIndex(cell(page, f"rows.{first}.name"))
    page.add_row()
    new_id = session.report.rows[1].row_id
    assert page.model.setData(cell(page, f"rows.{new_id}.name"), "新增指标")
    page.move_row(1)
    assert session.report.rows[2].row_id == new_id
    page.move_row(-1)
    page.view.setCurrentIndex(cell(page, f"rows.{new_id}.name"))
    page.remove_rows()
    assert [r.row_id for r in session.report.rows].count(new_id) == 0
    QApplication.clipboard().setText("指标甲\t≥\t个\t10\t9\t2\t1.5\t\n指标乙\t定性\t\t好\t较好\t2\t2\t\n")
    page.view.setCurrentIndex(cell(page, f"rows.{first}.name"))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    names = [r.name for r in session.report.rows]
    assert names[1:3] == ["指标甲", "指标乙"] and len(names) == 7
    assert "分值合计" in "".join(f.message for f in session.findings)
    session.undo()
    assert len(session.report.rows) == 5
    QApplication.clipboard().setText("指标丙\t大约\t个\t1\t1\t1\t1\n")
    page.paste_rows()
    assert "第 1 行「指标性质」" in page.message.text() and len(session.report.rows) == 5


def test_nature_column_uses_a_combo(sample, qtbot) -> None:
    page = scoring(sample)
    row_id = sample.session.report.rows[0].row_id
    index = cell(page, f"rows.{row_id}.nature")
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    combo = page.view.indexWidget(index) or QApplication.focusWidget()
    combo.setCurrentText("≤")
    page.view.commitData(combo)
    assert sample.session.report.rows[0].nature == "≤"
