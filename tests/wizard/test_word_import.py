"""导入 Word 报告… through the window: progress, the mapping to confirm, then the draft with its marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from exporters.api import export_report
from models.sample import build_sample


@pytest.fixture
def word_report(tmp_path: Path) -> Path:
    out = tmp_path / "去年的报告.docx"
    export_report(build_sample(), docx=out, xlsx=None)
    return out


def _run_dialog(qtbot, monkeypatch: pytest.MonkeyPatch, accept: bool) -> list[object]:
    """Replace exec() by: wait for the reading to finish, look, then click 创建草稿 or 取消."""
    from gui import word_import_dialog

    seen: list[object] = []

    def exec_(self: word_import_dialog.WordImportDialog) -> int:
        qtbot.waitUntil(lambda: self.create_button.isEnabled() or bool(self.error), timeout=30000)
        seen.append(self)
        if accept and self.create_button.isEnabled():
            self.accept()
            return QDialog.DialogCode.Accepted
        self.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(word_import_dialog.WordImportDialog, "exec", exec_)
    return seen


def test_the_mapping_is_shown_section_by_section_then_the_draft_is_created(
        window, qtbot, monkeypatch: pytest.MonkeyPatch, word_report: Path) -> None:
    seen = _run_dialog(qtbot, monkeypatch, accept=True)
    window.start.import_word_path(word_report)
    dialog = seen[0]
    tops = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert tops[0].startswith("封面信息") and any(t.startswith("部门财政资金收支情况") for t in tops)
    finance = next(dialog.tree.topLevelItem(i) for i in range(len(tops)) if tops[i].startswith("部门财政资金收支情况"))
    rows = [(finance.child(j).text(0), finance.child(j).text(1), finance.child(j).text(2))
            for j in range(finance.childCount())]
    assert ("财政拨款收入", "38,652,400.00 元", "表 1 第 2 行第 2 列「财政拨款收入｜38,652,400.00」") in rows
    assert window.editor is not None  # the draft was created and opened
    report = window.session.report
    assert report.values["inc_fiscal"] == build_sample().values["inc_fiscal"]
    assert report.imported and window.editor.marks_bar.isVisible()
    assert "来自导入，请核对" in window.editor.marks_bar.text.text()
    confirm = next(b for b in window.editor.marks_bar._buttons if b.text() == "已核对")
    confirm.click()
    assert not window.editor.marks_bar.isVisible()
    assert not any(p.startswith("values.unit_name") for p in report.imported)
    window.editor.go_to(2)
    assert window.editor.marks_bar.isVisible()  # the next step still waits for its check


def test_nothing_is_created_when_the_clerk_cancels_or_the_file_is_bad(
        window, qtbot, monkeypatch: pytest.MonkeyPatch, word_report: Path, tmp_path: Path) -> None:
    from models.draft_store import DraftStore

    seen = _run_dialog(qtbot, monkeypatch, accept=False)
    window.start.import_word_path(word_report)
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    window.start.import_word_path(bad)
    assert "坏.docx" in seen[1].error and "没有创建草稿" in seen[1].status.text()
    assert not seen[1].buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert window.editor is None and DraftStore().list() == []


def test_the_new_draft_dialog_offers_the_word_import(window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from gui import new_draft_dialog, start_page

    asked: list[str] = []

    def exec_(self: new_draft_dialog.NewDraftDialog) -> int:
        words = [b for b in self.findChildren(QPushButton) if b.text() == "导入 Word 报告…"]
        words[0].click()
        return self.result()

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", exec_)
    monkeypatch.setattr(start_page.StartPage, "import_word", lambda self: asked.append("word"))
    window.start.new_draft()
    assert asked == ["word"]
