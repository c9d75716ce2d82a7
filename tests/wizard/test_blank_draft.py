"""A blank new draft opens calm: required entries not filled show as a neutral 未填 until the clerk
leaves the step or asks to export, and the step list and the review say how much is left. Messages
keep their line, so a message that comes and goes does not move the form under the pointer."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.start_page import COLUMNS
from models.drafts import create_report
from models.report import Report
from models.step_states import MISSING_RULES

from .helpers import ime_commit, select_all


def open_blank(window):
    opened = create_report(window.store, Report.new())
    assert window.open_draft(opened.draft_id)
    return window.editor


def red(page) -> list[str]:
    """The fields of a page marked as errors (frame or message)."""
    return [key for key, f in page.fields.items()
            if f.editor().property("problem") == "error" or (f._message is not None and f.message.isVisible()
                                                             and f.message.text.text().startswith("错误"))]


def test_a_blank_draft_shows_no_red_until_the_clerk_leaves_the_step(window, qtbot) -> None:
    editor = open_blank(window)
    session = editor.session
    assert sum(1 for f in session.findings if f.rule in MISSING_RULES) > 40  # what used to be red
    cover = editor.page(0)
    assert red(cover) == []
    unit = cover.fields["unit_name"]
    assert unit.message.isVisible() and unit.message.text.text() == "未填"
    assert unit.message.icon.pixmap().isNull(), "a neutral note: no error mark"
    first = editor.step_list.item(0).text()
    assert "项必填" in first and "错误" not in first
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)  # the clerk leaves the cover
    assert "unit_name" in red(cover) and "还没有填写" in unit.message.text.text()
    assert red(editor.page(1)) == [], "the step the clerk just came to is still calm"
    assert "项必填" in editor.step_list.item(1).text()
    assert "项必填" in editor.step_list.item(0).text() or "错误" in editor.step_list.item(0).text()


def test_asking_to_export_reveals_every_step(window, qtbot, monkeypatch) -> None:
    from gui import export_panel

    editor = open_blank(window)
    monkeypatch.setattr(export_panel, "ask_export_path", lambda parent, suggested: None)
    review = editor.page(len(editor.steps) - 1)
    editor.go_to(len(editor.steps) - 1)
    left = review.left.text()
    assert left.startswith("还有 ") and "项必填内容未填" in left and "封面" in left
    missing = sum(1 for f in editor.session.readiness.errors if f.rule in MISSING_RULES)
    others = len(editor.session.readiness.errors) - missing
    summary = review.summary.text()
    assert f"{missing} 项必填内容未填" in summary and (f"{others} 个错误" in summary if others else "错误" not in summary)
    review.export.start_export(draft=True)
    page = editor.page(editor.steps.index("finance"))
    assert "inc_fiscal" in red(page)


def test_the_step_list_says_how_much_is_left(window, qtbot) -> None:
    editor = open_blank(window)
    cover = editor.page(0)
    field = cover.fields["unit_name"]
    field.line.setFocus()
    ime_commit(field.line, "某局")
    text = editor.step_list.item(0).text()
    missing = editor.session.step_status("cover").missing
    assert f"还有 {missing} 项未填" in text and missing > 0


def test_a_message_does_not_move_the_form(sample, qtbot) -> None:
    editor = sample.editor
    editor.go_to(editor.steps.index("overview"))
    page = editor.page(editor.current)
    quota, neighbour = page.fields["staff_quota"], page.fields["staff_admin"]
    qtbot.wait(50)
    heights = quota.height(), neighbour.y(), page.fields["staff_total"].y()
    quota.line.setFocus()
    select_all(qtbot, quota.line)
    qtbot.keyClicks(quota.line, "-1")  # a one-line error appears under 编制数
    qtbot.wait(50)
    assert quota.message.isVisible()
    assert (quota.height(), neighbour.y(), page.fields["staff_total"].y()) == heights
    select_all(qtbot, quota.line)
    qtbot.keyClicks(quota.line, "45")
    qtbot.wait(50)
    assert (quota.height(), neighbour.y(), page.fields["staff_total"].y()) == heights


def test_a_blank_draft_has_no_red_badge_anywhere_until_revealed(window, qtbot) -> None:
    """Not on the scoring step (no department's own indicator yet is something not filled, not an
    error) and not on 审核与导出, which says how much is left instead of counting it as errors."""
    from gui.step_list import COUNT_ROLE, ERRORS_ROLE

    editor = open_blank(window)
    items = [editor.step_list.item(row) for row in range(editor.step_list.count())]
    assert [item.data(ERRORS_ROLE) or 0 for item in items] == [0] * len(items)
    scoring = items[editor.steps.index("scoring")].text()
    assert "错误" not in scoring and "项必填" in scoring
    review = items[-1]
    missing = sum(1 for f in editor.session.readiness.errors if f.rule in MISSING_RULES)
    assert f"还有 {missing} 项未填" in review.text() and not review.data(COUNT_ROLE)
    editor.reveal_all()
    assert review.data(ERRORS_ROLE) == len(editor.session.readiness.errors) > 40
    assert "还不能正式导出" in review.text()


def test_the_start_page_says_a_blank_draft_has_entries_left_not_errors(window, qtbot) -> None:
    from models.sample import build_sample

    create_report(window.store, Report.new(), "空白")
    slip = build_sample()
    slip.values.pop("contact", None)
    slip.values["exp_basic"] = slip.values["exp_basic"] + 1
    create_report(window.store, slip, "有错")
    window.start.refresh()
    qtbot.waitUntil(lambda: window.start.table.rowCount() == 2)
    table = window.start.table
    status = {table.item(r, 0).text(): table.item(r, len(COLUMNS) - 1).text() for r in range(table.rowCount())}
    assert status["空白"].startswith("待完善：") and "项未填" in status["空白"] and "错误" not in status["空白"]
    assert "1 项未填" in status["有错"] and "个错误" in status["有错"], status


def test_the_scoring_table_of_a_blank_draft_is_calm_until_revealed(window, qtbot) -> None:
    """No red cell or error mark for scores nobody has given yet, and no grade (差) for an empty
    table; leaving the step marks them, as on the other steps."""
    from PySide6.QtCore import Qt

    editor = open_blank(window)
    step = editor.steps.index("scoring")
    editor.go_to(step)
    page = editor.page(step)
    model = page.model
    leaf = editor.session.framework.scored_leaves()[0]
    cell = model.locate(f"scores.{leaf.id}")
    name = model.index(cell.row(), 0)

    def marked() -> bool:
        return model.data(name, Qt.ItemDataRole.DecorationRole) is not None

    assert not marked() and model.data(cell, Qt.ItemDataRole.BackgroundRole) is None
    assert "评价等级：未评定（尚有" in page.summary.text() and "差" not in page.summary.text()
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)  # the clerk leaves the table
    assert marked()
    editor.go_to(step)
    model.setData(cell, "4", Qt.ItemDataRole.EditRole)
    leaves = len(editor.session.framework.scored_leaves())
    assert f"评价等级：未评定（尚有{leaves - 1}项未评分）" in page.summary.text()


def test_the_review_of_a_blank_draft_lists_entries_left_as_not_filled_until_revealed(window, qtbot) -> None:
    from gui.icons import STATE_COLORS

    editor = open_blank(window)
    last = len(editor.steps) - 1
    editor.go_to(last)  # straight from the cover: only the cover counts as left
    review = editor.page(last)
    texts = [review.list.item(i).text() for i in range(review.list.count())]
    cover = [t for t in texts if "｜封面信息" in t]
    others = [t for t in texts if "｜封面信息" not in t]
    assert cover and all(t.startswith("错误") for t in cover)
    assert others and all(t.startswith("未填") for t in others), others[:3]
    assert review.summary.palette().color(review.summary.foregroundRole()).name() == STATE_COLORS["problems"]
    editor.reveal_all()
    texts = [review.list.item(i).text() for i in range(review.list.count())]
    assert not any(t.startswith("未填") for t in texts)
