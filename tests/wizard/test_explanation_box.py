"""A field's explanation box belongs to its warning: when an error joins the warning (the message
then shows the error only), the box goes, and it comes back with the warning alone."""

from __future__ import annotations

from .helpers import select_all


def test_the_explanation_box_goes_when_the_field_has_an_error(sample, qtbot) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("overview"))
    page = editor.page(editor.current)
    quota, total = page.fields["staff_quota"], page.fields["staff_total"]
    quota.line.setFocus()
    select_all(qtbot, quota.line)
    qtbot.keyClicks(quota.line, "70")  # 编制内在职 79 人 > 编制数 70: a warning under 年末在职人数
    assert total.message.text.text().startswith("提醒") and total.explanation.isVisible()
    total.line.setFocus()
    select_all(qtbot, total.line)
    qtbot.keyClicks(total.line, "90")  # 52 + 27 + 9 = 88, not 90: an error too
    assert total.message.text.text().startswith("错误")
    assert not total.explanation.isVisible()
    select_all(qtbot, total.line)
    qtbot.keyClicks(total.line, "88")
    assert total.message.text.text().startswith("提醒") and total.explanation.isVisible()
