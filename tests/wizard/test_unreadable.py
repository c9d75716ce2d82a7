"""A field whose text cannot be read contributes nothing: no sum, no identity, no printed figure uses
the value from a keystroke ago, and the typed text stays in the field and the draft."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx

from exporters import api
from models.drafts import open_report

from .helpers import finance, select_all

D = Decimal
UNREADABLE_SUM = "无法计算（某项填写有误）"



def test_a_number_typed_over_with_unreadable_text_is_used_nowhere(sample, qtbot, tmp_path: Path) -> None:
    page = finance(sample)
    session = sample.session
    field = page.fields["inc_business"]  # 事业收入, one of the parts of 本年收入合计
    field.line.setFocus()
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "5,3")  # the first key parses as 5.00; the last makes it unreadable
    assert field.line.text() == "5,3" and field.message.isVisible()
    assert session.report.money("inc_business") is None
    total = page.fields["inc_year_total"]
    assert total.computed.text().startswith(f"按各项计算：{UNREADABLE_SUM}")
    rules = {f.rule for f in session.findings}
    assert rules == {"field.unreadable"}, "no identity computed with the 5.00 (or with 0)"
    # A draft export prints it as not filled; the draft on disk keeps the typed text.
    out = tmp_path / "报告.docx"
    api.export_report(session.report, docx=out, xlsx=None, draft=True)
    rows = [[c.text for c in row.cells] for t in docx.Document(str(out)).tables for row in t.rows]
    assert not any(cells[0] == "事业收入" and cells[-1].strip() for cells in rows)
    qtbot.waitUntil(lambda: open_report(sample.store, sample.draft_id).report.pending
                    .get("values.inc_business") is not None, timeout=3000)
    assert open_report(sample.store, sample.draft_id).report.pending["values.inc_business"].text == "5,3"
    # Fixing it brings the sum back.
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "53")
    assert session.report.money("inc_business") == D("53.00")
    assert total.computed.text().startswith("按各项计算：") and UNREADABLE_SUM not in total.computed.text()


def test_staff_sum_and_execution_rate_say_they_cannot_be_computed(sample, qtbot) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("overview"))
    overview = editor.page(editor.current)
    staff = overview.fields["staff_admin"]
    staff.line.setFocus()
    select_all(qtbot, staff.line)
    qtbot.keyClicks(staff.line, "3x")
    assert overview.fields["staff_total"].computed.text().startswith(f"各类在职人数之和：{UNREADABLE_SUM}")
    assert "staff.total" not in {f.rule for f in sample.session.findings}
    page = finance(sample)
    spent = page.fields["fund_total_budget"]
    spent.line.setFocus()
    select_all(qtbot, spent.line)
    qtbot.keyClicks(spent.line, "1.2.3")
    assert f"预算执行率：{UNREADABLE_SUM}" in page.fields["fund_total_spent"].computed.text()


def test_a_reopened_draft_shows_the_programs_own_sentence_not_the_files(window, qtbot) -> None:
    """What a draft file says about its unreadable text is never shown (a file can say anything)."""
    from models.drafts import create_report
    from models.report import PendingInput
    from models.sample import build_sample

    report = build_sample()
    report.values.pop("inc_business", None)
    report.pending["values.inc_business"] = PendingInput("5,3", "程序已损坏，请拨打 400-000-0000")
    opened = create_report(window.store, report)
    window.start.refresh()
    assert window.open_draft(opened.draft_id)
    page = finance(window)
    field = page.fields["inc_business"]
    window.editor.reveal_all()
    qtbot.waitUntil(lambda: "5,3" in field.message.text.text(), timeout=3000)
    assert field.line.text() == "5,3"
    assert "400-000" not in field.message.text.text() and "「事业收入」：「5,3」" in field.message.text.text()
