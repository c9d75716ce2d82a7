"""Crashes (reliability.md, Crashes; Drafts 1): never a half-dead window, never a lost draft.

* An exception in a real editor slot reaches the crash handler: a dialog in plain words, a recovery
  copy of exactly the report in memory in the data folder's recovery/, the traceback in logs/, and the
  window goes on working.
* A hard crash (SIGSEGV, abort()) of the real app (gui.app.main in a child process) leaves its
  traceback in logs/fault.log; the next start keeps it as a crash log, says so, and offers the draft
  that was open, which holds what was saved before the crash.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gui import crash
from models.draft_format import loads, report_to_dict
from models.draft_store import DraftStore
from models.drafts import open_report

from .helpers import PYTHON, ROOT, child_env, type_over

CHILD = ROOT / "tests" / "robustness" / "gui_tour_child.py"


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_field_slot_is_reported_recovered_and_logged(
        sample: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(crash, "show_error_dialog", lambda parent, text: shown.append(text))
    handler = crash.CrashHandler(sample)
    handler.report_source = sample.current_report
    handler.install()
    editor = sample.editor
    editor.go_to(editor.steps.index("finance"))
    money = editor.page(editor.current).fields["inc_other"]
    session = sample.session
    session.set_value("contact", "崩溃前的修改")  # in memory, not yet saved
    real_set_value = session.set_value

    def broken(key: str, *args: Any, **kwargs: Any) -> Any:
        if key == "inc_other":
            raise ZeroDivisionError("a bug in the money field's slot")
        return real_set_value(key, *args, **kwargs)

    monkeypatch.setattr(session, "set_value", broken)
    try:
        type_over(money.line, "1234.50")  # textEdited -> MoneyField._edited -> the bug
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        handler.uninstall()
    assert "意外错误" in shown[0] and "窗口仍可继续使用" in shown[0]
    (copy,) = (data_dir / "recovery").glob("*.json")
    assert str(copy) in shown[0]
    assert report_to_dict(loads(copy.read_bytes())) == report_to_dict(session.report), "exactly the report"
    log = (data_dir / "logs" / "errors.log").read_text("utf-8")
    assert "ZeroDivisionError: a bug in the money field's slot" in log and "_edited" in log
    assert str(data_dir / "logs" / "errors.log") in shown[0]
    monkeypatch.setattr(session, "set_value", real_set_value)
    type_over(money.line, "1234.50")  # the window goes on working
    assert session.report.money("inc_other") is not None and str(session.report.money("inc_other")) == "1234.50"


def test_an_exception_while_even_the_recovery_copy_fails_still_logs_and_tells(
        sample: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(crash, "show_error_dialog", lambda parent, text: shown.append(text))
    monkeypatch.setattr(crash, "write_recovery_copy", lambda report: (_ for _ in ()).throw(OSError(28, "disk full")))
    handler = crash.CrashHandler(sample)
    handler.report_source = sample.current_report
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        handler.handle(type(exc), exc, exc.__traceback__)
    from PySide6.QtCore import QCoreApplication

    for _ in range(5):
        QCoreApplication.processEvents()
    assert shown and "恢复文件未能写入" in shown[0] and "RuntimeError: boom" in (
        data_dir / "logs" / "errors.log").read_text("utf-8")


def _run(data: Path, mode: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    out = tmp_path / f"out-{mode}"
    out.mkdir(exist_ok=True)
    return subprocess.run([PYTHON, str(CHILD), str(out), mode], cwd=ROOT, env=child_env(data),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "signum", "words"), [
    ("segfault", signal.SIGSEGV, "Segmentation fault"),
    ("abort", signal.SIGABRT, "Aborted"),
])
def test_a_hard_crash_leaves_its_traceback_and_the_next_start_reports_it(
        mode: str, signum: int, words: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run = _run(data, mode, tmp_path)
    assert run.returncode == -signum, run.stderr[-2000:]
    draft_id = next(line.split()[1] for line in run.stdout.splitlines() if line.startswith("CRASHING"))
    fault_log = data / "logs" / "fault.log"
    text = fault_log.read_text("utf-8")
    assert f"Fatal Python error: {words}" in text
    assert "gui_tour_child.py" in text and "in crash" in text, "the Python traceback of the crashing slot"
    # What was saved before the crash is in the draft, undamaged.
    opened = open_report(DraftStore(data / "drafts"), draft_id)
    assert opened.notes == () and opened.report.text("contact") == "崩溃前输入"

    again = _run(data, "dialogs", tmp_path)  # the next start
    assert again.returncode == 0, again.stderr[-2000:]
    (kept,) = (data / "logs").glob("crash-*.log")
    assert kept.read_text("utf-8") == text, "kept as a crash log, not overwritten"
    dialogs = [line for line in again.stdout.splitlines() if line.startswith("DIALOG ")]
    assert dialogs, again.stdout
    assert "意外退出" in dialogs[0] and str(kept) in dialogs[0]
    assert "没有正常退出" in dialogs[0] and "重新打开" in dialogs[0], "the draft that was open is offered"
    marker = json.loads((data / "session.json").read_text("utf-8"))
    assert marker["clean_exit"] is True, "the second run ended cleanly"
    assert not fault_log.exists() or fault_log.stat().st_size == 0
