"""Entry point (the ``budget-report`` gui-script): Chinese Qt, crash handling, the main window.

Start-up imports only Qt widgets; the draft store, office libraries and the editor load later (the
draft list is read just after the window's first paint, an export imports the office libraries, the
editor's pages are built when first shown). Nothing before the first paint touches PySide6's ``Qt``
namespace: creating its hundred-odd Python enums costs 20-40 ms, more than the rest of our start-up.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication

STYLE = """
QLabel#pageTitle { font-size: 16pt; font-weight: bold; }
QLabel#stepHeading { font-size: 14pt; font-weight: bold; }
QLabel#help { color: #5f6368; }
QLabel#computed { color: #1565c0; }
QLabel#bigComputed { font-size: 12pt; font-weight: bold; color: #1565c0; }
QFrame#warningBar { background: #fff4e0; border-bottom: 1px solid #e0b060; }
QLineEdit[problem="error"], QPlainTextEdit[problem="error"], QComboBox[problem="error"] {
    border: 2px solid #c62828; }
QLineEdit[problem="warning"], QPlainTextEdit[problem="warning"], QComboBox[problem="warning"] {
    border: 2px solid #b26a00; }
QGroupBox { font-weight: bold; margin-top: 1.2em; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QGroupBox QLabel, QGroupBox QLineEdit, QGroupBox QPlainTextEdit, QGroupBox QComboBox,
QGroupBox QPushButton, QGroupBox QListWidget { font-weight: normal; }
"""


def create_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Fractional scaling (125 %, 150 %) is Qt 6's default rounding policy (PassThrough).
        app = QApplication(argv if argv is not None else sys.argv)
    from .i18n import install_translations

    app.setApplicationName("budget-report-wizard")
    app.setApplicationDisplayName("绩效自评填报助手")
    app._translators = install_translations(app)  # type: ignore[attr-defined]  # kept alive with the app
    app.setStyleSheet(STYLE)
    return app


def main() -> int:
    app = create_app()
    from .crash import CrashHandler, FaultLog
    from .main_window import MainWindow, show_later
    from .session_marker import read_marker

    faults = FaultLog()
    faults.enable()
    previous = read_marker()  # this session's marker is written once the window is painted
    window = MainWindow()
    handler = CrashHandler(window)
    handler.report_source = window.current_report
    handler.install()
    available = app.primaryScreen().availableGeometry()
    window.resize(min(1280, available.width()), min(800, available.height()))
    if available.width() < 1440 or available.height() < 860:  # 1366x768, or 125-150 % scaling
        window.setGeometry(available)
        window.showMaximized()
    else:
        window.show()
    show_later(window, previous, faults.leftover)
    code = app.exec()
    handler.uninstall()
    faults.disable()
    if os.environ.get("BUDGET_REPORT_HARD_EXIT"):  # pragma: no cover - diagnostics only
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
