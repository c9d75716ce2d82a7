"""Field widgets driven like a clerk: IME input, pastes, refusals in words, computed figures, Word pastes."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from models.money import Unit

from .helpers import finance, ime_commit, paste, select_all

D = Decimal



def test_full_width_ime_input_updates_the_model_and_shows_formatted(sample, qtbot) -> None:
    page = finance(sample)
    field = page.fields["inc_other"]
    field.line.setFocus()
    select_all(qtbot, field.line)
    ime_commit(field.line, "１２３，４５６．７８")
    assert sample.session.report.money("inc_other") == D("123456.78")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)  # Enter moves on and shows the value formatted
    assert field.line.text() == "123,456.78"
    assert QApplication.focusWidget() is not field.line
    assert field.unit.text() == "元"


def test_pasted_amounts_with_yen_and_wan(sample, qtbot) -> None:
    page = finance(sample)
    field = page.fields["inc_other"]
    field.line.setFocus()
    select_all(qtbot, field.line)
    paste(qtbot, field.line, "¥1,234.50")
    assert sample.session.report.money("inc_other") == D("1234.50")
    select_all(qtbot, field.line)
    paste(qtbot, field.line, "12.5万元")
    assert sample.session.report.money("inc_other") == D("125000.00")
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "2,000")
    assert sample.session.report.money("inc_other") == D("2000.00")


def test_ambiguous_input_is_refused_in_words_and_never_rounded(sample, qtbot) -> None:
    page = finance(sample)
    field = page.fields["inc_other"]
    field.line.setFocus()
    select_all(qtbot, field.line)
    paste(qtbot, field.line, "1.234,56")
    assert sample.session.report.money("inc_other") is None  # refused: the old amount is not used either
    assert field.message.isVisible() and "逗号作小数点" in field.message.text.text()
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "12.345")
    # Typed key by key, 12.34 parsed on the way, but the field now holds 12.345: never a rounded
    # 12.35, nor the 12.34 of a key ago; the unread text stands as an error that blocks a final export.
    assert sample.session.report.money("inc_other") is None
    assert "不会自动四舍五入" in field.message.text.text()
    assert not sample.session.readiness.ready
    assert field.line.text() == "12.345", "the clerk's text stays for correction"
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "126530.50")
    assert not field.message.isVisible()
    assert sample.session.readiness.ready


def test_display_unit_wan_switches_every_money_field(sample, qtbot) -> None:
    page = finance(sample)
    combo = sample.editor.unit_combo
    combo.setCurrentIndex(combo.findData(Unit.WAN.value))
    combo.activated.emit(combo.currentIndex())
    assert sample.session.report.display_unit is Unit.WAN
    field = page.fields["inc_other"]
    assert field.unit.text() == "万元" and field.line.text() == "12.65305"  # exact: never rounded
    field.line.setFocus()
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "3.5")
    assert sample.session.report.money("inc_other") == D("35000.00")


def test_computed_sum_beside_totals_updates_as_the_clerk_types(sample, qtbot) -> None:
    page = finance(sample)
    total = page.fields["exp_basic"]
    assert "一致" in total.computed.text()
    part = page.fields["exp_public"]
    part.line.setFocus()
    select_all(qtbot, part.line)
    qtbot.keyClicks(part.line, "3218450")
    assert "相差 0.30 元" in total.computed.text()
    assert "预算执行率：94.31%" in page.fields["fund_total_spent"].computed.text()


def test_a_finding_appears_and_disappears_as_a_figure_changes(sample, qtbot) -> None:
    page = finance(sample)
    row = sample.editor.steps.index("finance")
    total = page.fields["exp_basic"]
    assert not total.message.isVisible()
    part = page.fields["exp_personnel"]
    part.line.setFocus()
    select_all(qtbot, part.line)
    qtbot.keyClicks(part.line, "18436300")
    assert total.message.isVisible() and "基本支出" in total.message.text.text()
    assert total.line.property("problem") == "error"
    assert "1 个错误" in sample.editor.step_list.item(row).text()
    select_all(qtbot, part.line)
    qtbot.keyClicks(part.line, "18436200")
    assert not total.message.isVisible()
    assert "已完成" in sample.editor.step_list.item(row).text()


def test_narrative_paste_from_word_keeps_paragraphs_and_counts(sample, qtbot) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("finance"))
    field = editor.page(editor.current).fields["execution_reason"]
    mime = QMimeData()
    mime.setText("第一段\x0b第二行\x0c\x07\r\n第三段")
    field.text.setFocus()
    field.text.insertFromMimeData(mime)
    assert sample.session.report.text("execution_reason") == "第一段\n第二行\n第三段"
    assert field.counter.text().startswith("9 / 100")
    field.text.insertPlainText("字" * 100)
    assert "超出限制" in field.counter.text()
    assert field.text.accessibleName() == "执行率偏离原因"


def test_dates_choices_and_counts(sample, qtbot) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("overview"))
    page = editor.page(editor.current)
    date = page.fields["staff_as_of"]
    date.line.setFocus()
    select_all(qtbot, date.line)
    ime_commit(date.line, "２０２５年１２月３０日")
    assert str(sample.session.report.date("staff_as_of")) == "2025-12-30"
    select_all(qtbot, date.line)
    qtbot.keyClick(date.line, Qt.Key.Key_Delete)
    assert sample.session.report.date("staff_as_of") is None, "an empty date is representable"
    qtbot.keyClicks(date.line, "2025.13.01")
    assert "不是可识别的日期" in date.message.text.text() or "不是存在的日期" in date.message.text.text()
    count = page.fields["staff_total"]
    count.line.setFocus()
    select_all(qtbot, count.line)
    ime_commit(count.line, "８９人")
    assert sample.session.report.integer("staff_total") == 89
    assert "88 人" in count.computed.text()
    choice = page.fields["unit_kind"]
    choice.combo.setCurrentIndex(2)
    choice.combo.activated.emit(2)
    assert sample.session.report.text("unit_kind") == choice.combo.itemText(2)


def test_every_field_has_its_label_as_accessible_name(sample) -> None:
    editor = sample.editor
    for index, step in enumerate(editor.steps):
        page = editor.page(index)
        for key, field in getattr(page, "fields", {}).items():
            assert field.editor().accessibleName() == field.spec.label, (step, key)


def test_keys_reaching_a_field_of_an_inactive_window_are_kept_as_typed(sample, qtbot) -> None:
    """Another window active (F1's help, a tool window, remote input) while the keys reach the field:
    the money and date fields keep the text as typed, never reformatted after the first key
    (which turned 3008652.98 into 3.00008652.98)."""
    from PySide6.QtWidgets import QWidget

    page = finance(sample)
    money = page.fields["inc_fiscal"]
    money.line.setFocus()
    select_all(qtbot, money.line)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    assert not money.line.hasFocus()
    qtbot.keyClicks(money.line, "3008652.98")
    assert money.line.text() == "3008652.98"
    assert sample.session.report.money("inc_fiscal") == Decimal("3008652.98")
    editor = sample.editor
    editor.go_to(editor.steps.index("cover"))
    date = editor.page(editor.current).fields["report_date"]
    date.line.clear()
    qtbot.keyClicks(date.line, "2026-03-21")
    assert date.line.text() == "2026-03-21"
