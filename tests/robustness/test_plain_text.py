"""Plain text in every label that shows draft data or messages (reliability.md, round 2).

Qt guesses rich text: an ``<img src=…>`` in a unit name or a pending message makes Qt open that path
(on Windows a UNC path would be a network connection). Proved three ways: gui/ makes its labels and
message boxes only through gui/plain.py; every label showing the hostile text on screen is plain
text; and under strace the real app, touring a hostile draft, never touches the image's path.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from models.draft_store import DraftStore
from models.drafts import create_report
from models.report import PendingInput
from models.sample import build_sample

from .helpers import PYTHON, ROOT, child_env

GUI = ROOT / "gui"
RICH_MAKERS = {"QLabel", "QMessageBox", "QInputDialog", "QProgressDialog"}
RICH_STATICS = {"warning", "question", "information", "critical", "about", "getText", "getItem",
                "getInt", "getDouble", "getMultiLineText"}


def test_gui_makes_labels_and_message_boxes_only_through_the_plain_helpers() -> None:
    offenders = []
    for path in sorted(GUI.rglob("*.py")):
        if path.name == "plain.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in RICH_MAKERS:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {func.id}(…)")
            if (isinstance(func, ast.Attribute) and func.attr in RICH_STATICS and isinstance(func.value, ast.Name)
                    and func.value.id in ("QMessageBox", "QInputDialog")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} QMessageBox.{func.attr}(…)")
    assert offenders == [], "use gui.plain.PlainLabel / plain_box / plain_input: " + "; ".join(offenders)


def test_a_question_shows_its_label_as_written(qtbot: Any, tmp_path: Path) -> None:
    """The rename question (and any one-line question) never renders its label as HTML."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QLineEdit

    from gui.plain import plain_input

    label = f'<img src="{tmp_path / "probe.png"}">新的草稿名称：'
    dialog = plain_input("重命名草稿", label, "<b>蓉溪</b>")
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [w for w in dialog.findChildren(QLabel) if w.text()]
    assert [w.text() for w in labels] == [label]
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)
    assert dialog.findChild(QLineEdit).text() == "<b>蓉溪</b>"
    assert dialog.textValue() == "<b>蓉溪</b>"


def hostile_report(probe: Path) -> Any:
    image = f'<img src="{probe}">'
    report = build_sample()
    report.values["unit_name"] = f"{image}蓉溪市农业农村局"
    report.values["sign_unit"] = f"{image}蓉溪市农业农村局"
    # What a file could say (item 8 of round 2 marks it as the file's): shown first, on the first line.
    report.pending["values.staff_quota"] = PendingInput(f"{image}12", f"{image}无法读成人数")
    report.pending["values.inc_fiscal"] = PendingInput(f"{image}12", f"{image}无法读成金额")
    report.explanations["money.identity"] = image
    return report


def test_every_label_showing_the_draft_is_plain_text(window: Any, qtbot: Any, tmp_path: Path,
                                                      dialogs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

    formats: list[Any] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: formats.append(box.textFormat()) or dialogs.answer)
    probe = tmp_path / "probe.png"
    opened = create_report(window.store, hostile_report(probe))
    window.start.refresh()
    assert window.open_draft(opened.draft_id)
    editor = window.editor
    seen = 0
    for step in range(len(editor.steps)):
        editor.go_to(step)
        qtbot.wait(10)
        for label in QApplication.allWidgets():
            if isinstance(label, QLabel) and "<img" in label.text():
                seen += 1
                assert label.textFormat() == Qt.TextFormat.PlainText, (step, label.text()[:60])
    assert seen >= 3, "the hostile text is on screen in several labels"
    from gui.dialogs import message

    message(window, "提示", f'<img src="{probe}">')
    assert formats == [Qt.TextFormat.PlainText]


CHILD = """
import os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMessageBox
from PySide6.QtCore import QCoreApplication
QMessageBox.exec = lambda box: QMessageBox.StandardButton.Yes
app = QApplication([])
from gui.main_window import MainWindow
from models.draft_store import DraftStore
win = MainWindow(DraftStore())
win.resize(1366, 768)
win.show()
win.start.refresh()
for _ in range(20):
    QCoreApplication.processEvents()
win.open_draft(sys.argv[1])
for step in range(len(win.editor.steps)):
    win.editor.go_to(step)
    for _ in range(5):
        QCoreApplication.processEvents()
    win.grab()
win.session.mark_saved()
win.close_draft()
print("TOURED")
"""


@pytest.mark.slow
def test_the_app_under_strace_never_opens_a_path_named_in_the_draft(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None or sys.platform == "win32":
        pytest.skip("strace is not installed")
    data = tmp_path / "data"
    probe = tmp_path / "probe-image.png"
    from PySide6.QtGui import QImage

    picture = QImage(4, 4, QImage.Format.Format_RGB32)
    picture.fill(0)
    assert picture.save(str(probe), "PNG")  # a real picture: Qt would read it, and lay out around it
    env = child_env(data)
    import os

    old = os.environ.get("BUDGET_REPORT_DATA_DIR")
    os.environ["BUDGET_REPORT_DATA_DIR"] = str(data)
    try:
        opened = create_report(DraftStore(), hostile_report(probe))
    finally:
        if old is not None:
            os.environ["BUDGET_REPORT_DATA_DIR"] = old
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
    trace = tmp_path / "trace.txt"
    run = subprocess.run([strace, "-f", "-e", "trace=file", "-o", str(trace), PYTHON, str(script),
                          opened.draft_id], env=env, capture_output=True, timeout=240, cwd=tmp_path)
    if run.returncode != 0 and not trace.exists():
        pytest.skip(f"strace cannot trace here: {run.stderr.decode(errors='replace')[:200]}")
    assert b"TOURED" in run.stdout, run.stderr.decode(errors="replace")[-2000:]
    touched = [line for line in trace.read_text("utf-8", "replace").splitlines() if probe.name in line]
    assert touched == [], f"{len(touched)} system calls on the path named in the draft: {touched[:3]}"
