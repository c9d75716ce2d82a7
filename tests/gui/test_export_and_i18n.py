"""Export through exporters.api off the UI thread, Chinese for Qt's own texts, lazy heavy imports."""

from __future__ import annotations

import subprocess
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool

from gui import review_page

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class FakeResult:
    docx: Path
    xlsx: Path


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    calls: list[dict[str, object]] = []

    def export_report(report, *, docx, xlsx, draft, progress, **_):
        progress(0.5, "正在写入 Word 文档")
        calls.append({"draft": draft, "docx": docx, "unit": report.text("unit_name")})
        return FakeResult(docx, xlsx)

    module = types.ModuleType("exporters.api")
    module.export_report = export_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "exporters.api", module)
    return calls


def review(window):
    editor = window.editor
    editor.go_to(len(editor.steps) - 1)
    return editor.page(editor.current)


def test_final_export_runs_in_the_background_and_reports_the_files(sample, qtbot, fake_api, tmp_path,
                                                                     monkeypatch) -> None:
    target = tmp_path / "报告.docx"
    monkeypatch.setattr(review_page, "ask_export_path", lambda parent, suggested: target)
    page = review(sample)
    assert page.final_button.isVisible() and not page.draft_button.isVisible()
    page.final_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.result.text(), timeout=5000)
    QThreadPool.globalInstance().waitForDone()
    assert fake_api == [{"draft": False, "docx": target, "unit": "蓉溪市农业农村局"}]
    assert str(tmp_path / "报告-得分表.xlsx") in page.result.text()
    assert page.open_folder_button.isVisible()


def test_with_errors_only_a_draft_export_is_offered(sample, qtbot, fake_api, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(review_page, "ask_export_path", lambda parent, suggested: tmp_path / "x.docx")
    sample.session.set_value("contact", "")
    page = review(sample)
    assert not page.final_button.isVisible() and page.draft_button.isVisible()
    page.draft_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.result.text(), timeout=5000)
    QThreadPool.globalInstance().waitForDone()
    assert fake_api[0]["draft"] is True


def test_export_failure_is_shown_in_words(sample, qtbot, tmp_path, monkeypatch) -> None:
    class OutputError(Exception):
        pass

    OutputError.__module__ = "exporters.api"

    def export_report(report, **_):
        raise OutputError("文件正在 Word 中打开，请先关闭。")

    module = types.ModuleType("exporters.api")
    module.export_report = export_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "exporters.api", module)
    monkeypatch.setattr(review_page, "ask_export_path", lambda parent, suggested: tmp_path / "x.docx")
    page = review(sample)
    page.final_button.click()
    qtbot.waitUntil(lambda: "没有完成" in page.result.text(), timeout=5000)
    QThreadPool.globalInstance().waitForDone()
    assert "请先关闭" in page.result.text() and page.final_button.isEnabled()


def test_qt_own_texts_are_chinese(app) -> None:
    assert app._translators, "qtbase_zh_CN.qm ships in the PySide6 wheel"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "OK") in ("确定", "确认")


def test_start_up_imports_no_office_library() -> None:
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'; import gui.app, gui.main_window; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx','openpyxl','docxtpl','lxml')))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
