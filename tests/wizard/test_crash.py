"""An exception in a slot: a plain dialog, a recovery copy from the model, the traceback in logs/."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from gui import crash


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_caught_logged_and_recovered(sample, qtbot, monkeypatch, data_dir: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(crash, "show_error_dialog", lambda parent, text: shown.append(text))
    handler = crash.CrashHandler(sample)
    handler.report_source = sample.current_report
    handler.install()
    try:
        sample.session.set_value("contact", "未保存的修改")
        button = QPushButton("坏按钮", sample)

        def broken() -> None:
            raise RuntimeError("boom in a slot")

        button.clicked.connect(broken)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    finally:
        handler.uninstall()
    assert "意外错误" in shown[0] and "窗口仍可继续使用" in shown[0]
    (recovered,) = (data_dir / "recovery").glob("*.json")
    assert json.loads(recovered.read_text("utf-8"))["values"]["contact"] == "未保存的修改"
    log = (data_dir / "logs" / "errors.log").read_text("utf-8")
    assert "RuntimeError: boom in a slot" in log and "broken" in log
    assert str(recovered) in shown[0]
    sample.session.set_value("contact", "窗口仍可用")  # the window goes on working
    assert sample.editor.page(0).fields["contact"].line.text() == "窗口仍可用"


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_thread_shows_the_dialog_on_the_gui_thread(window, qtbot, monkeypatch) -> None:
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(crash, "show_error_dialog", lambda parent, text: shown.append(
        (text, threading.current_thread() is threading.main_thread())))
    handler = crash.CrashHandler(window)
    handler.install()
    try:
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    finally:
        handler.uninstall()
    assert shown[0][1], "shown on the GUI thread"
    assert sys.excepthook is not handler.handle


def test_fault_log_left_by_a_hard_crash_is_reported_next_start(data_dir: Path) -> None:
    first = crash.FaultLog()
    first.enable()
    first.disable()
    assert not first.path.exists(), "a clean exit leaves no crash log"
    first.path.write_text("Fatal Python error: Segmentation fault\n", "utf-8")
    second = crash.FaultLog()
    second.enable()
    try:
        assert second.leftover is not None and "Segmentation" in second.leftover.read_text("utf-8")
    finally:
        second.disable()
