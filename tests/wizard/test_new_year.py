"""从上年报告开始 through the window: the dialog, 上年数 beside the fields, 上年内容 with 已核对, step states
and the review step's list of what is still last year's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from exporters.api import export_report
from models.editing import StepState
from models.sample import build_sample


def _open_next_year(window, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The sample on this PC, then 新建草稿 → 从上年报告开始 with it; returns what the dialog showed."""
    from gui import new_draft_dialog

    window.start.open_sample()
    window.close_draft()
    seen: list[object] = []

    def exec_(dialog: new_draft_dialog.NewDraftDialog) -> int:
        dialog.from_prior.setChecked(True)
        seen.append((dialog.unit.text(), dialog.year.value(), dialog.framework.isEnabled(), dialog.note.text(),
                     dialog.ok.isEnabled()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", exec_)
    window.start.new_draft()
    return seen


def test_the_dialog_fills_unit_and_year_plus_one_and_says_what_it_does(window, monkeypatch) -> None:
    seen = _open_next_year(window, monkeypatch)
    unit, year, framework_free, note, ok = seen[0]
    assert (unit, year, framework_free, ok) == ("蓉溪市农业农村局", 2026, False, True)
    assert note.startswith("从上年报告开始（新的年度）") and "上年内容" in note and "已核对" in note
    report = window.session.report
    assert report.integer("eval_year") == 2026 and report.prior is not None and report.prior.year == 2025
    assert report.money("inc_fiscal") is None and "problems_text" in report.unreviewed()
    assert window.windowTitle().find("2026") >= 0 or "2026" in window.start.drafts[0].title


def test_copy_stays_a_copy_of_the_same_year(window, monkeypatch) -> None:
    from gui import new_draft_dialog

    window.start.open_sample()
    window.close_draft()
    notes: list[str] = []

    def exec_(dialog: new_draft_dialog.NewDraftDialog) -> int:
        assert [dialog.blank.text(), dialog.from_prior.text(), dialog.copy.text()] == [
            "空白报告", "从上年报告开始（新的年度）", "复制草稿（同一年度再做一份）"]
        dialog.copy.setChecked(True)
        notes.append(dialog.note.text())
        dialog.unit.setText("蓉溪市农业农村局")
        dialog.year.setValue(2025)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", exec_)
    window.start.new_draft()
    assert notes[0].startswith("复制草稿（同一年度再做一份）") and "年度不顺延" in notes[0]
    report = window.session.report
    assert report.integer("eval_year") == 2025 and report.money("inc_fiscal") is not None
    assert report.prior == build_sample().prior and report.carried == {}, "a copy, not a new year"


def test_from_last_years_word_report(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    from gui import new_draft_dialog, word_import_dialog

    docx = tmp_path / "2025年自评报告.docx"
    export_report(build_sample(), docx=docx, xlsx=None)

    def exec_dialog(dialog: new_draft_dialog.NewDraftDialog) -> int:
        dialog.from_prior.setChecked(True)
        assert not dialog.ok.isEnabled(), "no draft on this PC: only the Word file"
        dialog.prior_word.click()
        return dialog.result()

    def exec_import(dialog: word_import_dialog.WordImportDialog) -> int:
        qtbot.waitUntil(lambda: dialog.create_button.isEnabled() or bool(dialog.error), timeout=30000)
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", exec_dialog)
    monkeypatch.setattr(word_import_dialog.WordImportDialog, "exec", exec_import)
    monkeypatch.setattr("gui.file_dialogs.open_file", lambda *a, **k: docx)
    window.start.new_draft()
    report = window.session.report
    assert report.integer("eval_year") == 2026 and report.text("unit_name") == "蓉溪市农业农村局"
    assert report.prior is not None and report.prior.money("inc_fiscal") == build_sample().money("inc_fiscal")
    assert report.is_unreviewed("problems_text") and not report.imported, "last year's figures are 上年数, not marks"


def _step(window, section: str) -> int:
    return window.editor.steps.index(section)


def test_prior_figure_beside_a_money_field_and_the_change(window, qtbot, monkeypatch) -> None:
    _open_next_year(window, monkeypatch)
    editor = window.editor
    editor.go_to(_step(window, "finance"))
    field = editor.page(_step(window, "finance")).fields["inc_year_total"]
    assert "上年：40,828,930.50 元" in field.computed.text()
    field.line.setFocus()
    qtbot.keyClicks(field.line, "42718930.50")
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    assert "上年：40,828,930.50 元，增长 4.6%" in field.computed.text()
    staff = editor.page(_step(window, "overview")).fields["staff_total"]
    assert "上年：88 人" in staff.computed.text()


def test_a_carried_narrative_is_marked_and_confirmed_with_its_button(window, qtbot, monkeypatch) -> None:
    _open_next_year(window, monkeypatch)
    editor = window.editor
    index = _step(window, "conclusion")
    editor.go_to(index)
    field = editor.page(index).fields["problems_text"]
    assert field.carried_note.isVisible() and field.carried_note.text().startswith("上年内容（2025年报告）：尚未核对")
    assert field.reviewed.isVisible()
    assert field._explanation is None or not field._explanation.isVisible(), "confirmed by 已核对, not in words"
    qtbot.mouseClick(field.reviewed, Qt.MouseButton.LeftButton)
    session = window.session
    assert not session.report.is_unreviewed("problems_text")
    assert field.carried_note.text() == "上年内容：已核对。" and not field.reviewed.isVisible()
    session.undo()
    assert session.report.is_unreviewed("problems_text") and field.reviewed.isVisible(), "undoable"
    field.text.setFocus()
    field.text.moveCursor(field.text.textCursor().MoveOperation.End)
    field.text.insertPlainText("四是本年新增问题。")  # as an IME commits it (keyClicks types ASCII only)
    assert not session.report.is_unreviewed("problems_text") and not field.carried_note.isVisible(), "edited"


def test_a_step_with_unreviewed_text_is_not_complete(window, monkeypatch) -> None:
    _open_next_year(window, monkeypatch)
    session = window.session
    assert session.step_status("management").state is StepState.PROBLEMS
    index = _step(window, "management")
    window.editor.go_to(index)
    page = window.editor.page(index)
    for key in ("decision_targets", "decision_budget", "admin_text", "results_duty", "results_sustain",
                "results_satisfaction"):
        page.fields[key].reviewed.click()
    assert session.step_status("management").state is StepState.COMPLETE
    item = window.editor.step_list.item(index).text()
    assert "已完成" in item


def test_the_review_step_lists_what_is_still_last_years(window, monkeypatch) -> None:
    _open_next_year(window, monkeypatch)
    editor = window.editor
    review = len(editor.steps) - 1
    editor.go_to(review)
    page = editor.page(review)
    report = window.session.report
    assert list(page.carried_buttons) == list(report.unreviewed()) and page.carried_box.isVisible()
    assert not any(k.startswith("carry.unreviewed") for k in page.explain_edits), "no explanation rows for them"
    page.carried_buttons["advice_text"].click()
    assert "advice_text" not in report.unreviewed() and "advice_text" not in page.carried_buttons
    assert "上年内容" not in page.summary.text() or not window.session.readiness.ready


@pytest.mark.parametrize(("now", "before", "text"), [
    ("42718930.50", "40828930.50", "增长 4.6%"), ("40828930.50", "40828930.50", "持平"),
    ("126500.00", "126530.50", "减少 0.02%"), ("100000000.00", "100000001.00", "减少不到 0.01%"),
    ("0.00", "100.00", "减少 100.0%"),
])
def test_the_change_against_last_year_is_said_as_clerks_write_it(now: str, before: str, text: str) -> None:
    from decimal import Decimal

    from gui.widgets.money_field import change_text

    assert change_text(Decimal(now), Decimal(before)) == text


def test_the_start_page_starts_next_year_from_the_selected_draft(window, monkeypatch) -> None:
    from gui import new_draft_dialog

    window.start.open_sample()
    window.close_draft()
    chosen: list[tuple[bool, str, int]] = []

    def exec_(dialog: new_draft_dialog.NewDraftDialog) -> int:
        chosen.append((dialog.from_prior.isChecked(), dialog.unit.text(), dialog.year.value()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", exec_)
    window.start.table.selectRow(0)
    assert window.start.next_year_button.isEnabled()
    window.start.next_year_button.click()
    assert chosen == [(True, "蓉溪市农业农村局", 2026)]
    assert window.session.report.integer("eval_year") == 2026 and window.session.report.prior is not None
