"""Start-up: the window is painted before the draft list is read; no office library loads; Qt speaks Chinese."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, os, sys, time
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
from gui.app import create_app
from gui.main_window import MainWindow
from models.draft_store import DraftStore
from models.drafts import create_report
from models.sample import build_sample

create_report(DraftStore(), build_sample(), 'sample')
for name in [m for m in sys.modules if m.startswith('models')]:
    del sys.modules[name]  # as in a fresh process: nothing of the store loaded yet
app = create_app([])
window = MainWindow()
window.show()
before = {'qt_namespace': 'Qt' in QtCore.__dict__, 'draft_store': 'models.draft_store' in sys.modules,
          'icons': 'gui.icons' in sys.modules, 'loaded': window.start.loaded,
          'hint': window.start.hint.text()}
deadline = time.monotonic() + 5
while not window.start.loaded and time.monotonic() < deadline:
    app.processEvents()
print(json.dumps({'before': before, 'rows': window.start.table.rowCount(),
                  'hint': window.start.hint.text()}, ensure_ascii=False))
"""


def test_window_is_painted_before_the_draft_list_is_read(tmp_path: Path) -> None:
    env = {"BUDGET_REPORT_DATA_DIR": str(tmp_path / "data"), "PATH": "", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["before"] == {"qt_namespace": False, "draft_store": False, "icons": False, "loaded": False,
                                "hint": "正在读取草稿列表……"}, "nothing slow before the first paint"
    assert result["rows"] == 1 and "双击" in result["hint"], "the list fills once the window is painted"


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
