"""使用财政局的得分表作为评价框架: a new draft on the bureau's table, its 评分标准 shown beside the scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from bureau_forms import excel_form

from gui import new_draft_dialog
from gui.new_draft_dialog import NewDraftDialog
from gui.scoring_table import COLUMN_KEYS
from models import frameworks
from models.draft_format import report_from_dict


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frameworks, "_USER", {})


def test_a_new_draft_on_the_bureaus_table(window, monkeypatch, tmp_path: Path, data_dir: Path) -> None:
    form = excel_form(tmp_path / "2025年得分表.xlsx", 8)
    monkeypatch.setattr(new_draft_dialog, "ask_bureau_table", lambda parent: form)
    seen: list[str] = []

    def accept(dialog: NewDraftDialog) -> int:
        dialog.unit.setText("蓉溪市农业农村局")
        dialog.bureau.click()
        seen.append(dialog.framework_note.text())
        return 1

    monkeypatch.setattr(NewDraftDialog, "exec", accept)
    window.start.new_draft()
    assert seen[0].startswith("已按「2025年得分表.xlsx」建立评价框架：一级指标 3 个，末级指标 27 个，总分 100 分")
    session = window.session
    assert session.report.framework_id.startswith("user-") and session.framework.nodes["duty"].kind == "rows"
    assert list((data_dir / "frameworks").glob("user-*.json"))
    # The scoring step shows the bureau's 评分标准 beside the score.
    editor = window.editor
    editor.go_to(editor.steps.index("scoring"))
    page = editor.page(editor.current)
    index = page.model.locate("scores.clarity").siblingAtColumn(COLUMN_KEYS.index("criteria"))
    assert index.data() == "绩效目标细化量化，得5分。" and not page.view.isColumnHidden(index.column())
    # The saved draft carries its framework; the next new draft offers it in the list.
    window.save_now()
    payload = window.store.load(window.draft_id).payload
    assert payload["framework_data"]["id"] == session.report.framework_id
    frameworks._USER.clear()
    assert report_from_dict(payload).framework_id == session.report.framework_id
    dialog = NewDraftDialog([], window)
    assert dialog.framework.findData(session.report.framework_id) >= 0


def test_a_broken_bureau_table_is_refused_in_the_dialog(window, monkeypatch, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    form = excel_form(tmp_path / "得分表.xlsx", 7)
    wb = load_workbook(form)
    wb["得分表"]["D6"] = None
    wb.save(form)
    monkeypatch.setattr(new_draft_dialog, "ask_bureau_table", lambda parent: form)
    dialog = NewDraftDialog([], window)
    before = dialog.framework.count()
    dialog.bureau.click()
    assert "没有作为评价框架" in dialog.framework_note.text() and "第 6 行「明确性」没有分值" in dialog.framework_note.text()
    assert dialog.framework.count() == before
