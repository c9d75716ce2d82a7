"""Step titles carry one numbering only: the report's own 一、二、… headings, never ours in front ("2. 一、…")."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from models.frameworks import load_framework
from models.headings import section_heading
from models.matching import heading_number


def numberings(title: str) -> list[str]:
    """The heading numbers at the start of a title, outermost first: "2. 一、概况" → ["2.", "一、"]."""
    found = []
    number = heading_number(title)
    while number is not None:
        found.append(number.prefix)
        number = heading_number(number.title)
    return found


def test_numberings_sees_a_doubled_number() -> None:
    assert numberings("2. 一、部门（单位）概况") == ["2.", "一、"]
    assert numberings("一、部门（单位）概况") == ["一、"]
    assert numberings("封面信息") == []


@pytest.mark.parametrize("framework_id", ["sichuan-2017", "national-2020"])
def test_step_list_and_page_titles_have_one_number_at_most(window, framework_id: str) -> None:
    from models.drafts import create_report
    from models.report import Report

    opened = create_report(window.store, Report.new(framework_id))
    assert window.open_draft(opened.draft_id)
    editor = window.editor
    fw = editor.session.framework
    for row, step in enumerate(editor.steps):
        editor.go_to(row, focus=False)
        item = editor.step_list.item(row)
        title = item.text().split("\n")[0]
        shown = {"step list": title, "page title": editor.heading.text(), "tooltip": item.toolTip(),
                 "accessible": item.data(Qt.ItemDataRole.AccessibleTextRole)}
        for where, text in shown.items():
            assert len(numberings(text)) <= 1, f"{where}: {text}"
        if step in fw.sections:
            # The report's own heading, exactly as the exported document prints it.
            assert title == editor.heading.text() == section_heading(fw, step)
            assert bool(numberings(title)) == (step not in ("cover", "scoring", "signature"))
        else:
            assert title == editor.heading.text() == "审核与导出"


def test_a_framework_title_that_has_its_own_number_is_not_numbered_twice() -> None:
    fw = load_framework("sichuan-2017")
    typed = replace(fw, section_titles={"overview": "一、部门基本情况", "finance": "（二）收支情况",
                                        "management": "管理情况"})
    assert section_heading(typed, "overview") == "一、部门基本情况"
    assert section_heading(typed, "finance") == "二、收支情况"  # the place in this framework decides
    assert section_heading(typed, "management") == "三、管理情况"
