"""In a GUI child: notice the first time a top-level window is exposed and painted, then report.

Used identically by the app harness and the bare-QWizard floor, so both are timed the same way: the
stop time is taken in a zero-delay timer queued at the first Expose of a window, i.e. right after Qt
has painted and flushed that window (QWidgetWindow paints synchronously while handling Expose).
Times are ``time.perf_counter()`` minus the parent's ``perf_counter()`` just before it spawned us;
that clock is system-wide (CLOCK_MONOTONIC on Linux), so the difference includes interpreter start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

from benchmarks.childlib import heavy_loaded, peak_rss_kib, process_t0
from benchmarks.refcount_guard import pad_singletons

# Both the app and the floor wizard are padded alike (see refcount_guard): neither may abort mid-run.
pad_singletons()

Report = Callable[[dict[str, Any]], None]


class ShownProbe(QObject):
    def __init__(self, app: QApplication, on_shown: Report) -> None:
        super().__init__(app)
        self._on_shown = on_shown
        self._fired = False
        self.expose_at = 0.0
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self._fired and event.type() == QEvent.Type.Expose and isinstance(watched, QWindow)
                and watched.isExposed()):
            self._fired = True
            self.expose_at = time.perf_counter()
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        now = time.perf_counter()
        t0 = process_t0()
        self._on_shown({
            "shown_s": now - t0,
            "expose_s": self.expose_at - t0,
            "heavy_modules": heavy_loaded(),
            "rss_at_shown_kib": peak_rss_kib(),
        })
