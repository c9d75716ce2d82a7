"""The review step's list of findings uses the room it has: as tall as its rows when they are few (no
empty box, nothing pushed off screen), at least half of the visible page when they are many, every
message wrapped whole at any width, at 100 % and at 150 % scaling."""

from __future__ import annotations

from decimal import Decimal

import pytest

# 1366x768 and a smaller window; 910x512 is what a 1366x768 screen offers at 150 % (QT_SCALE_FACTOR=1.5:
# Qt lays the page out in logical pixels, with the same fonts, in 1366/1.5 x 768/1.5 of them).
SIZES = [(1366, 768), (1024, 700), (910, 512)]


def review_page(window, qtbot, size: tuple[int, int]):
    editor = window.editor
    window.resize(*size)
    editor.go_to(len(editor.steps) - 1, focus=False)
    qtbot.wait(50)  # the layout requests and the list's own item layout are posted events
    return editor.page(editor.current)


def rows_bottom(page) -> int:
    """Where the last row ends, in the list's viewport (beyond its height: the list must scroll)."""
    view = page.list
    return view.visualItemRect(view.item(view.count() - 1)).bottom() + 1


def assert_rows_whole(page) -> None:
    view = page.list
    assert view.verticalScrollBar().maximum() == 0, "a short list must not scroll"
    assert rows_bottom(page) <= view.viewport().height(), "the last message is cut off"
    empty = view.viewport().height() - rows_bottom(page)
    assert empty < view.fontMetrics().lineSpacing(), f"{empty} px of empty list below the last finding"


@pytest.mark.parametrize("size", SIZES)
def test_many_findings_get_at_least_half_of_the_visible_page(window, qtbot, size) -> None:
    from models.drafts import create_report
    from models.report import Report

    opened = create_report(window.store, Report.new("sichuan-2017"))
    assert window.open_draft(opened.draft_id)
    window.editor.reveal_all()  # the clerk asked to export: every missing entry is an error (dozens)
    page = review_page(window, qtbot, size)
    assert page.list.count() > 40
    assert page.list.height() >= page.viewport().height() // 2 - 1, \
        f"the list of {page.list.count()} findings is {page.list.height()} px of a {page.viewport().height()} px page"


def test_a_long_list_grows_into_a_taller_window_without_making_the_page_scroll(window, qtbot) -> None:
    from models.drafts import create_report
    from models.report import Report

    opened = create_report(window.store, Report.new("sichuan-2017"))
    assert window.open_draft(opened.draft_id)
    window.editor.reveal_all()
    page = review_page(window, qtbot, (1366, 768))
    before = page.list.height()
    page = review_page(window, qtbot, (1366, 1400))
    assert page.verticalScrollBar().maximum() == 0  # everything else fits now
    assert page.list.height() > before
    below = page.content.height() - page.export.geometry().bottom() - page.layout_.contentsMargins().bottom()
    assert below <= 2, f"{below} px left empty below 导出 while the list scrolls"


@pytest.mark.parametrize("size", SIZES)
def test_a_few_findings_show_whole_in_a_list_no_taller_than_they_are(sample, qtbot, size) -> None:
    session = sample.session
    session.set_value("exp_public", Decimal("3218450.00"))  # parts no longer add up: a long message
    session.set_value("problems_text", "无")
    session.set_value("staff_total", 3)  # the staff no longer add up
    session.set_value("sangong_total", Decimal("1.00"))  # nor do the 三公 parts
    page = review_page(sample, qtbot, size)
    assert 3 <= page.list.count() <= 8
    assert_rows_whole(page)


def test_no_findings_is_one_line_not_an_empty_box(sample, qtbot) -> None:
    page = review_page(sample, qtbot, (1366, 768))
    assert page.list.count() == 1 and page.list.item(0).text() == "没有发现问题。"
    assert_rows_whole(page)
    assert page.verticalScrollBar().maximum() == 0  # 导出设置 and 导出 on screen


def test_a_long_message_rewraps_when_the_window_narrows(sample, qtbot) -> None:
    sample.session.set_value("exp_public", Decimal("3218450.00"))
    page = review_page(sample, qtbot, (1366, 768))
    view = page.list
    row = next(i for i in range(view.count()) if "人员经费与日常公用经费之和" in view.item(i).text())
    wide = view.visualItemRect(view.item(row)).height()
    page = review_page(sample, qtbot, (910, 512))
    narrow = view.visualItemRect(view.item(row)).height()
    assert narrow > wide  # more lines, none cut off
    assert_rows_whole(page)
