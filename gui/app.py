"""Entry point (the ``budget-report`` gui-script): Chinese Qt, crash handling, the main window.

Start-up imports only Qt widgets; the draft store, office libraries and the editor load later (the
draft list is read just after the window's first paint, an export imports the office libraries, the
editor's pages are built when first shown). Nothing before the first paint touches PySide6's ``Qt``
namespace: creating its hundred-odd Python enums costs 20-40 ms, more than the rest of our start-up.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from .import_memory import lean_feature_check

if TYPE_CHECKING:
    from .main_window import MainWindow

# No application style sheet: it would put every widget under Qt's style-sheet style (about 10 MiB
# of per-widget rules and palettes for a report). gui.style and gui.widgets.section_box give the
# few widgets that need a look of their own the one the style sheet gave them.

lean_feature_check()  # before the program's own modules are imported: see gui.import_memory


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
    return app


def draft_files(arguments: list[str]) -> list[Path]:
    """The draft files named on the command line (after Qt took its own options): what 打开方式 passes."""
    # Only .json (the type the installer registers): a script driving main() passes words of its own.
    return [Path(a) for a in arguments[1:] if a.lower().endswith(".json") and not a.startswith("-")]


def open_draft_files(window: MainWindow, paths: list[Path]) -> None:
    """Once the window is painted and the list read, import each file as a draft; the last one opens."""
    for path in paths:
        window.after_first_paint(functools.partial(window.start.import_path, path))


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
    open_draft_files(window, draft_files(app.arguments()))
    code = app.exec()
    handler.uninstall()
    faults.disable()
    if os.environ.get("BUDGET_REPORT_HARD_EXIT"):  # pragma: no cover - diagnostics only
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
