"""A reopened draft shows its last export again: when, which files, draft or final, whether it
completed; whether the report changed since (修改于导出之后); a file moved or deleted is said so and
never offered to open. Kept per draft in the per-user data folder, never in the draft itself."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from exporters import api
from exporters.api import ExportResult
from exporters.errors import OutputError
from gui import export_panel
from models import last_export

WAIT = 15000


def review(window):
    editor = window.editor
    editor.go_to(len(editor.steps) - 1, focus=False)
    return editor.page(editor.current)


def reopen(window):
    draft_id = window.draft_id
    assert window.close_draft()
    assert window.open_draft(draft_id)
    return review(window)


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The exporter replaced by one that writes two small files where it is told (fast, no office libraries)."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(export_panel, "ask_export_path", lambda parent, suggested: out / "报告.docx")
    files: list[Path] = []

    def export_report(report, *, docx, xlsx, draft, progress, cancelled, **_options):
        for path in (docx, xlsx):
            path.write_bytes(b"PK")
            files.append(path)
        return ExportResult((docx, xlsx), (), draft)

    monkeypatch.setattr(api, "export_report", export_report)
    return files


def export_final(qtbot, page) -> None:
    page.export.final_button.click()
    qtbot.waitUntil(lambda: page.export.worker is None and "导出完成" in page.export.result.text(), timeout=WAIT)
    QThreadPool.globalInstance().waitForDone()


def test_after_reopening_the_last_export_is_shown_with_its_files(sample, qtbot, written, monkeypatch) -> None:
    export_final(qtbot, review(sample))
    docx, xlsx = written
    page = reopen(sample)
    text = page.export.result.text()
    assert page.export.result.isVisible()
    assert re.search(r"上次导出：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（正式版），报告\.docx、报告-得分表\.xlsx", text), text
    assert f"保存在：{docx.parent}" in text and "导出之后报告没有修改" in text
    assert last_export.CHANGED not in text + page.export.notes.text()
    panel = page.export
    assert panel.open_file_button.isVisible() and panel.open_xlsx_button.isVisible()
    assert panel.open_folder_button.isVisible()
    opened: list[Path] = []
    monkeypatch.setattr(export_panel, "open_path", opened.append)
    panel.open_file_button.click()
    panel.open_xlsx_button.click()
    panel.open_folder_button.click()
    assert opened == [docx, xlsx, docx.parent]


def test_a_file_deleted_since_is_said_and_never_offered(sample, qtbot, written, monkeypatch) -> None:
    export_final(qtbot, review(sample))
    docx, xlsx = written
    xlsx.unlink()
    page = reopen(sample)
    panel = page.export
    assert "「报告-得分表.xlsx」已不在原处" in panel.notes.text() and panel.notes.isVisible()
    assert not panel.open_xlsx_button.isVisible()
    assert panel.open_file_button.isVisible() and panel.open_folder_button.isVisible()
    docx.unlink()  # gone while the page shows it: the click says so instead of opening nothing
    opened: list[Path] = []
    monkeypatch.setattr(export_panel, "open_path", opened.append)
    panel.open_file_button.click()
    assert opened == [] and "「报告.docx」已不在原处" in panel.notes.text()
    assert not panel.open_file_button.isVisible()


def test_a_change_after_the_export_is_marked(sample, qtbot, written) -> None:
    export_final(qtbot, review(sample))
    sample.session.set_value("phone", "028-12345678")
    page = reopen(sample)
    assert f"{last_export.CHANGED}：磁盘上的文件不是最新内容" in page.export.notes.text()
    assert "上次导出：" in page.export.result.text()
    sample.session.set_value("phone", "028-87654321")  # still marked, once
    assert page.export.notes.text().count(last_export.CHANGED) == 1


def test_editing_after_reopening_marks_the_shown_export(sample, qtbot, written) -> None:
    export_final(qtbot, review(sample))
    page = reopen(sample)
    assert last_export.CHANGED not in page.export.notes.text()
    sample.session.set_value("inc_other", Decimal("1.00"))
    assert last_export.CHANGED in page.export.notes.text() and page.export.notes.isVisible()


def test_a_failed_export_is_said_and_the_files_written_before_it_are_still_offered(sample, qtbot, written,
                                                                                    monkeypatch) -> None:
    export_final(qtbot, review(sample))

    def refuse(report, **_options):
        raise OutputError("「报告.docx」正被其他程序打开，无法写入。")

    monkeypatch.setattr(api, "export_report", refuse)
    page = review(sample)
    page.export.final_button.click()
    qtbot.waitUntil(lambda: page.export.worker is None and "没有完成" in page.export.result.text(), timeout=WAIT)
    QThreadPool.globalInstance().waitForDone()
    page = reopen(sample)
    text = page.export.result.text()
    assert re.search(r"上次导出（[-\d :]+，正式版）没有完成：「报告\.docx」正被其他程序打开，无法写入。", text), text
    assert "此前导出：" in text and "报告.docx、报告-得分表.xlsx" in text
    assert page.export.open_file_button.isVisible()


def test_the_record_is_this_pcs_not_the_drafts(sample, qtbot, written, data_dir: Path) -> None:
    from models.draft_format import dumps, report_to_dict

    export_final(qtbot, review(sample))
    docx, _xlsx = written
    record = data_dir / last_export.FOLDER / f"{sample.draft_id}.json"
    assert str(docx) in record.read_text(encoding="utf-8")
    assert str(docx).encode("utf-8") not in dumps(report_to_dict(sample.session.report))
    copy_id = sample.draft_id
    sample.save_as_copy()  # a copy was never exported
    assert sample.draft_id != copy_id and last_export.load(sample.draft_id) is None


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"version": 1, "last": {"at": "x"}}',
                                     json.dumps({"version": 1, "last": {"at": "2026-12-02T01:10:00+08:00",
                                                 "kind": "final", "ok": True, "files": [3]}}).encode(),
                                     b" " * (last_export.MAX_RECORD_BYTES + 1)])
def test_a_damaged_record_is_ignored(sample, qtbot, data_dir: Path, content: bytes) -> None:
    folder = data_dir / last_export.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{sample.draft_id}.json").write_bytes(content)
    page = reopen(sample)
    assert not page.export.result.isVisible()
    assert not page.export.open_file_button.isVisible()


def test_switching_the_screens_unit_changes_no_file(sample, qtbot, written) -> None:
    from models.money import Unit

    page = review(sample)
    export_final(qtbot, page)
    sample.session.set_display_unit(Unit.WAN)  # what the screen shows; the export's unit is its own setting
    assert last_export.CHANGED not in page.export.result.text()
    page = reopen(sample)
    assert "导出之后报告没有修改" in page.export.result.text()
    sample.session.set_display_unit(Unit.YUAN)
    assert last_export.CHANGED not in page.export.notes.text()
    sample.session.set_value("contact", "王五")
    assert last_export.CHANGED in page.export.notes.text()
