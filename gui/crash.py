"""Unexpected exceptions and hard crashes: a plain Chinese dialog, a recovery copy, a log file.

``sys.excepthook`` and ``threading.excepthook`` route any uncaught exception (PySide6 hands
exceptions raised in slots to ``sys.excepthook``) to :class:`CrashHandler`, which logs the traceback
in the data folder's ``logs/``, writes the open report as a portable draft file into ``recovery/``
and shows a dialog on the GUI thread; the window stays usable. ``faulthandler`` writes hard crashes
(segfaults) to ``logs/fault.log``; one left non-empty by a previous run is reported at the next start.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from models.paths import data_dir, log_dir

from .i18n import set_button_texts
from .plain import plain_box

if TYPE_CHECKING:
    from models.report import Report

ERROR_LOG = "errors.log"
FAULT_LOG = "fault.log"
FAULT_LOCK = "fault.lock"

ReportSource = Callable[[], "Report | None"]


def recovery_dir() -> Path:
    path = data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def write_recovery_copy(report: Report) -> Path:
    """Write the report as a portable draft file in ``recovery/``; returns its path."""
    from models.atomic import sanitize_filename
    from models.drafts import export_file

    name = sanitize_filename(f"{_stamp()}-{report.title()}") + ".json"
    path = recovery_dir() / name
    export_file(report, path, title=report.title())
    return path


def log_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path:
    path = log_dir() / ERROR_LOG
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"==== {dt.datetime.now().isoformat(timespec='seconds')} ====\n{text}\n")
    return path


def show_error_dialog(parent: QWidget | None, text: str) -> None:
    """The dialog a clerk sees (tests patch this)."""
    box = plain_box(QMessageBox.Icon.Critical, "程序出错了", text, QMessageBox.StandardButton.Ok, parent)
    set_button_texts(box)
    box.exec()


class CrashHandler(QObject):
    """Installed once at start; ``report_source`` returns the open report (or None)."""

    reported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report_source: ReportSource = lambda: None
        self.dialog_parent: QWidget | None = parent
        self._busy = False
        self._previous: tuple[object, object] | None = None
        # An exception in a worker thread reaches _show on the GUI thread (a cross-thread signal is
        # queued); _show defers the dialog once more, so it never opens inside the excepthook.
        self.reported.connect(self._show)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if self._busy:  # an error while handling an error: never loop
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._busy = True
        try:
            lines = ["程序遇到了一个意外错误，刚才的操作可能没有完成。窗口仍可继续使用。"]
            try:
                report = self.report_source()
                if report is not None:
                    lines.append(f"为防万一，当前报告已另存为恢复文件：\n{write_recovery_copy(report)}")
            except Exception as inner:
                lines.append(f"（恢复文件未能写入：{inner}）")
            try:
                lines.append(f"错误详情已记录在：\n{log_exception(exc_type, exc, tb)}")
            except OSError:
                sys.__excepthook__(exc_type, exc, tb)
            lines.append("如果问题反复出现，请把这个记录文件发给技术支持。")
            self.reported.emit("\n\n".join(lines))
        finally:
            self._busy = False

    def _show(self, text: str) -> None:
        QTimer.singleShot(0, lambda: show_error_dialog(self.dialog_parent, text))


class FaultLog:
    """``faulthandler`` writing to ``logs/fault.log``; a previous non-empty one is kept as a crash log.

    The first instance holds ``logs/fault.lock`` while it runs; a second instance started meanwhile
    writes ``fault-<pid>.log`` instead, so it never truncates the log of the one already running
    (and a crash of either leaves its own traceback). Logs of instances that are gone are reported
    by the next first instance.
    """

    def __init__(self) -> None:
        self.leftover: Path | None = None
        self._handle: IO[str] | None = None
        self._lock: int | None = None
        folder = log_dir()
        self.path = folder / FAULT_LOG

    def enable(self) -> None:
        from models.draft_lock import _try_lock

        try:
            self._lock = _try_lock(self.path.with_name(FAULT_LOCK))
            if self._lock is None:  # another instance runs and writes fault.log: leave it alone
                self.path = self.path.with_name(f"fault-{os.getpid()}.log")
            else:
                self.leftover = self._keep_leftovers()
            self._handle = self.path.open("w", encoding="utf-8")
            faulthandler.enable(file=self._handle, all_threads=True)
        except OSError:
            self._handle = None

    def _keep_leftovers(self) -> Path | None:
        """Non-empty logs of instances that have ended become crash logs; the newest is reported."""
        kept: Path | None = None
        for old in sorted(self.path.parent.glob("fault*.log"), key=lambda p: p.name != FAULT_LOG):
            if old.stat().st_size > 0:
                target = old.with_name(f"crash-{_stamp()}{'' if kept is None else '-' + old.stem}.log")
                old.replace(target)
                kept = kept or target  # an empty one is a live instance's (or removed at its exit)
        return kept

    def disable(self) -> None:
        """At a clean exit: stop, and remove the (empty) log so the next start reports nothing."""
        if self._handle is None:
            return
        faulthandler.disable()
        self._handle.close()
        self._handle = None
        if self._lock is not None:
            from models.draft_lock import _unlock

            _unlock(self._lock)
            self._lock = None
        try:
            if self.path.stat().st_size == 0:
                self.path.unlink()
        except OSError:
            pass
