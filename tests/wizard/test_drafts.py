"""Drafts in the GUI: autosave then reopen, conflicts, failed saves, locks, crash recovery, the start page."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from gui import autosave
from gui.session_marker import SessionMarker, read_marker, write_marker
from models.draft_format import DraftFormatError
from models.draft_store import DraftSaveError, DraftStore
from models.drafts import open_report, save_report

from .helpers import select_all


@pytest.fixture(autouse=True)
def fast_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "DEBOUNCE_MS", 50)
    monkeypatch.setattr(autosave, "RETRY_MS", 100)


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answer 'Yes' at once; their texts are recorded."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_autosave_after_typing_stops_then_reopen(sample, qtbot) -> None:
    draft_id = sample.draft_id
    field = sample.editor.page(0).fields["contact"]
    field.line.setFocus()
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "Zhang")
    assert sample.session.dirty and sample.autosaver.pending
    qtbot.waitUntil(lambda: sample.save_label.text().startswith("已保存"), timeout=3000)
    assert not sample.session.dirty
    assert open_report(sample.store, draft_id).report.text("contact") == "Zhang"
    assert sample.close_draft()
    assert sample.open_draft(draft_id)
    assert sample.editor.page(0).fields["contact"].line.text() == "Zhang"


def test_step_change_saves_at_once(sample, qtbot) -> None:
    sample.session.set_value("contact", "赵六")
    sample.editor.go_to(3)
    assert not sample.session.dirty
    assert open_report(sample.store, sample.draft_id).report.text("contact") == "赵六"


def test_conflict_never_overwrites_and_offers_a_copy(sample, qtbot) -> None:
    store: DraftStore = sample.store
    draft_id = sample.draft_id
    other = open_report(store, draft_id)
    other.report.values["contact"] = "另一窗口"
    save_report(store, draft_id, other.report, base_revision=other.revision)
    sample.session.set_value("contact", "本窗口")
    sample.save_now()
    assert sample.bar.isVisible() and sample.bar.kind == "conflict"
    assert "没有保存" in sample.bar.text.text()
    assert open_report(store, draft_id).report.text("contact") == "另一窗口"
    sample.save_as_copy()
    assert sample.draft_id != draft_id
    assert open_report(store, sample.draft_id).report.text("contact") == "本窗口"
    sample.session.set_value("contact", "继续编辑")
    sample.save_now()
    assert open_report(store, sample.draft_id).report.text("contact") == "继续编辑"


def test_failed_save_keeps_the_draft_warns_and_retries(sample, qtbot, monkeypatch) -> None:
    failures = [DraftSaveError.from_os_error(OSError(28, "No space left on device"))] * 2
    real = autosave.save_report

    def flaky(*args, **kwargs):
        if failures:
            raise failures.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(autosave, "save_report", flaky)
    sample.session.set_value("contact", "钱七")
    sample.save_now()
    assert sample.bar.isVisible() and "磁盘空间已满" in sample.bar.text.text()
    assert sample.session.report.text("contact") == "钱七" and sample.session.dirty
    qtbot.waitUntil(lambda: not sample.bar.isVisible(), timeout=3000)
    assert sample.save_label.text().startswith("已保存")
    assert open_report(sample.store, sample.draft_id).report.text("contact") == "钱七"


def test_a_locked_draft_opens_read_only_on_request(sample, monkeypatch) -> None:
    draft_id = sample.draft_id
    store = DraftStore()  # another instance of the program
    sample.close_draft()
    lock = store.lock(draft_id)
    try:
        monkeypatch.setattr(type(sample), "_ask_locked", lambda self, text: "read_only")
        assert sample.open_draft(draft_id)
        assert sample.read_only and sample.bar.kind == "read_only"
        assert not sample.autosaver.enabled
        assert sample.editor.page(0).fields["contact"].line.isReadOnly()
    finally:
        lock.release()


def test_after_a_crash_the_next_start_offers_the_draft(sample, no_dialogs, tmp_path: Path) -> None:
    draft_id = sample.draft_id
    marker = read_marker()
    assert marker == SessionMarker(draft_id, False, marker.pid if marker else 0)
    sample.session.mark_saved()
    sample.close_draft()
    crash_log = tmp_path / "crash.log"
    sample.offer_recovery(SessionMarker(draft_id, clean_exit=False), crash_log)
    assert sample.draft_id == draft_id, "the clerk said yes: the draft is open again"
    assert "没有正常退出" in no_dialogs[0] and str(crash_log) in no_dialogs[0]


def test_clean_exit_is_recorded(window) -> None:
    window.close()
    marker = read_marker()
    assert marker is not None and marker.clean_exit
    write_marker("x", clean_exit=False)
    assert read_marker() == SessionMarker("x", False, marker.pid)


def test_start_page_rename_delete_restore_and_portable_files(window, no_dialogs, monkeypatch, tmp_path) -> None:
    start = window.start
    start.open_sample()
    window.close_draft()
    info = start.selected()
    assert info is not None and start.table.item(0, 5).text() == "可以正式导出"
    monkeypatch.setattr("gui.start_page.ask_text", lambda *args: "新名称")
    start.rename_selected()
    assert start.table.item(0, 0).text() == "新名称"
    exported = tmp_path / "草稿.json"
    start.export_path(info.draft_id, exported)
    assert json.loads(exported.read_text("utf-8"))["values"]["unit_name"] == "蓉溪市农业农村局"
    start.delete_selected()
    assert start.table.rowCount() == 0
    assert [d.draft_id for d in window.store.list_bin()] == [info.draft_id]
    window.store.restore(info.draft_id)
    start.refresh()
    assert start.table.rowCount() == 1
    start.import_path(exported)
    assert window.session is not None and window.session.report.text("unit_name") == "蓉溪市农业农村局"
    window.close_draft()
    assert start.table.rowCount() == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    start.import_path(bad)
    assert "不是有效的 JSON" in no_dialogs[-1] and start.table.rowCount() == 2


def test_new_draft_dialog_creates_and_copies(window, monkeypatch) -> None:
    from gui.new_draft_dialog import NewDraftDialog

    def accept(dialog: NewDraftDialog) -> int:
        dialog.unit.setText("蓉溪市财政局")
        dialog.year.setValue(2024)
        dialog.framework.setCurrentIndex(dialog.framework.findData("national-2020"))
        return 1

    monkeypatch.setattr(NewDraftDialog, "exec", accept)
    window.start.new_draft()
    report = window.session.report
    assert (report.framework_id, report.text("unit_name"), report.integer("eval_year")) == (
        "national-2020", "蓉溪市财政局", 2024)
    window.close_draft()
    first = window.start.selected()
    window.start.copy_selected()
    assert window.draft_id != first.draft_id and window.session.report.framework_id == "national-2020"
    assert DraftFormatError  # imported for the message type used by the start page


def test_money_saved_exactly(sample) -> None:
    sample.session.set_value("inc_other", Decimal("0.10"))
    sample.save_now()
    assert open_report(sample.store, sample.draft_id).report.money("inc_other") == Decimal("0.10")


def test_unreadable_money_text_is_kept_in_the_draft_and_shown_again(sample, qtbot) -> None:
    draft_id = sample.draft_id
    sample.editor.go_to(2)
    field = sample.editor.page(2).fields["exp_public"]
    field.line.setFocus()
    select_all(qtbot, field.line)
    qtbot.keyClicks(field.line, "3218450.305")
    finding = next(f for f in sample.session.findings if f.rule == "field.unreadable")
    assert "不会自动四舍五入" in finding.message and finding.fields == ("values.exp_public",)
    qtbot.waitUntil(lambda: sample.save_label.text().startswith("已保存"), timeout=3000)
    stored = open_report(sample.store, draft_id).report
    assert stored.pending["values.exp_public"].text == "3218450.305"
    assert sample.close_draft()
    assert sample.open_draft(draft_id)
    sample.editor.go_to(2)
    assert sample.editor.page(2).fields["exp_public"].line.text() == "3218450.305"
    assert any(f.rule == "field.unreadable" for f in sample.session.findings)


def test_a_draft_file_named_on_the_command_line_is_imported_and_opened(window, no_dialogs, qtbot, tmp_path) -> None:
    """Double-clicking a .json draft (the installer's 打开方式) starts `pythonw -m gui.app FILE`."""
    from gui.app import draft_files, open_draft_files

    window.start.open_sample()
    exported = tmp_path / "同事发来的草稿.json"
    window.start.export_path(window.draft_id, exported)
    window.close_draft()
    no_dialogs.clear()  # the export's own "草稿已导出" note
    assert draft_files(["pythonw", "-m", str(exported)]) == [exported]
    assert draft_files(["gui_child.py", "startup"]) == []  # benchmarks/gui_child.py runs main() with a mode word
    open_draft_files(window, draft_files(["gui.app", str(exported)]))
    qtbot.waitUntil(lambda: window.session is not None or bool(no_dialogs))
    assert not no_dialogs
    assert window.session.report.text("unit_name") == "蓉溪市农业农村局"
    assert window.start.table.rowCount() == 2
