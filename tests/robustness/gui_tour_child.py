"""Child of the offline and crash tests: the real app (gui.app.main) on a tour, driven by timers.

Usage: python gui_tour_child.py <out folder> [tour|segfault|abort|dialogs]

* tour:     start the app as the clerk does, open the sample, visit every step, export both files into
            <out folder>, quit; prints ``TOUR <files written>``.
* segfault: start the app, open the sample, type and save, then crash hard in a Qt slot
            (faulthandler._sigsegv): the parent looks for the traceback in the data folder's log.
* abort:    the same with abort() from the C library.
* dialogs:  start the app and print the text of every message box shown at start-up, then quit.

The data folder comes from BUDGET_REPORT_DATA_DIR (set by the parent).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gui import app as gui_app
    from gui.main_window import MainWindow

    out, mode = Path(argv[1]), argv[2] if len(argv) > 2 else "tour"
    app = QApplication([])  # gui.app.main() reuses it, so the timers below run inside main()'s event loop

    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def window() -> Any:
        return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    def wait_for(condition: Any, ms: int = 30000) -> bool:
        timer = QElapsedTimer()
        timer.start()
        while not condition() and timer.elapsed() < ms:
            QCoreApplication.processEvents()
        return bool(condition())

    def tour() -> None:
        win = window()
        wait_for(lambda: win.start.loaded)
        win.start.open_sample()
        editor = win.editor
        for step in range(len(editor.steps)):
            editor.go_to(step)
            QCoreApplication.processEvents()
        page = editor.page(editor.current)
        wait_for(lambda: not page.settings_box.busy)
        page.export.run(out / "报告.docx", draft=False)
        wait_for(lambda: page.export.worker is None and bool(page.export.written or page.export.job is None))
        QThreadPool.globalInstance().waitForDone()
        say("TOUR " + " ".join(sorted(p.name for p in out.iterdir())))
        say("RESULT " + page.export.result.text().replace("\n", " "))
        win.close()
        app.quit()

    def crash() -> None:
        win = window()
        wait_for(lambda: win.start.loaded)
        win.start.open_sample()
        win.session.set_value("contact", "崩溃前输入")
        win.save_now()  # what the autosave does a second after typing stops
        say(f"CRASHING {win.draft_id}")
        if mode == "segfault":
            import faulthandler

            faulthandler._sigsegv()
        else:
            import ctypes

            ctypes.CDLL(None).abort()

    shown: list[str] = []

    def record_dialogs() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                shown.append(widget.text())
                widget.done(0)

    def finish_dialogs() -> None:
        record_dialogs()
        for text in shown:
            say("DIALOG " + text.replace("\n", " "))
        window().close()
        app.quit()

    if mode == "tour":
        QTimer.singleShot(300, tour)
    elif mode in ("segfault", "abort"):
        QTimer.singleShot(800, crash)
    else:
        poll = QTimer()
        poll.timeout.connect(record_dialogs)
        poll.start(50)
        QTimer.singleShot(2500, finish_dialogs)
    return gui_app.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
