"""Export and template checks off the UI thread: QRunnables that import exporters.api only when they run.

Importing python-docx/openpyxl/docxtpl takes a noticeable time, so nothing imports them at start-up.
A worker reports progress and its outcome through signals that arrive on the GUI thread; a failure
arrives as an :class:`ExportFailure` whose ``kind`` tells the review page what to offer.
"""

from __future__ import annotations

import importlib
import threading
import traceback
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from exporters.errors import BlockedError, ExportError, OutputError, TemplateError, TemplateIssue
from exporters.settings import ExportSettings
from models.report import Report


class FailureKind(str, Enum):
    BLOCKED = "blocked"  # the report has errors: only a draft export is possible
    OUTPUT = "output"  # the file cannot be written (open in Word/Excel, read-only, folder gone)
    TEMPLATE = "template"  # the bureau's template was refused
    EXPORT = "export"  # any other export error (its message is one Chinese line)
    UNEXPECTED = "unexpected"  # a bug: the message carries the exception
    CANCELLED = "cancelled"  # the clerk clicked 取消导出: nothing was written


@dataclass(frozen=True)
class ExportFailure:
    kind: FailureKind
    message: str
    issues: tuple[TemplateIssue, ...] = ()


def failure_of(exc: Exception) -> ExportFailure:
    from exporters.errors import ExportCancelled

    if isinstance(exc, ExportCancelled):
        return ExportFailure(FailureKind.CANCELLED, str(exc))
    if isinstance(exc, BlockedError):
        return ExportFailure(FailureKind.BLOCKED, str(exc))
    if isinstance(exc, OutputError):
        return ExportFailure(FailureKind.OUTPUT, str(exc))
    if isinstance(exc, TemplateError):
        return ExportFailure(FailureKind.TEMPLATE, str(exc), exc.issues)
    if isinstance(exc, ExportError) and str(exc):
        return ExportFailure(FailureKind.EXPORT, str(exc))
    return ExportFailure(FailureKind.UNEXPECTED, f"导出时发生意外错误：{unexpected(exc)}")


def unexpected(exc: Exception) -> str:
    """A bug's one-line description, with the traceback kept in the log for support."""
    from .crash import log_exception

    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    try:
        return f"{detail}（错误详情已记录在：{log_exception(type(exc), exc, exc.__traceback__)}）"
    except OSError:
        return detail


@dataclass(frozen=True)
class ExportJob:
    report: Report  # a snapshot: the clerk may keep typing while the export runs
    docx: Path
    xlsx: Path
    draft: bool
    settings: ExportSettings = field(default_factory=ExportSettings)
    docx_template: Path | None = None
    xlsx_template: Path | None = None


class ExportSignals(QObject):
    progress = Signal(int, str)  # percent, what is being done
    finished = Signal(object)  # exporters.api.ExportResult
    failed = Signal(object)  # ExportFailure


class ExportWorker(QRunnable):
    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.job = job
        self.signals = ExportSignals()
        self.cancel_event = threading.Event()  # set from the GUI thread; the export checks it as it goes

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        job = self.job
        try:
            # Lazy: the office libraries load here, in the worker thread, never at start-up.
            api = importlib.import_module("exporters.api")
            result = api.export_report(job.report, docx=job.docx, xlsx=job.xlsx, settings=job.settings,
                                       docx_template=job.docx_template, xlsx_template=job.xlsx_template,
                                       draft=job.draft, progress=self.signals.progress.emit,
                                       cancelled=self.cancel_event.is_set)
        except Exception as exc:
            self.signals.failed.emit(failure_of(exc))
            return
        self.signals.finished.emit(result)


class CheckSignals(QObject):
    checked = Signal(str, object, object)  # kind ("docx"/"xlsx"), path, tuple[TemplateIssue, ...]
    mapped = Signal(str, object, object)  # kind, path, FormMapping | None (sent just before ``checked``)
    refused = Signal(str, object, str)  # kind, path, the one-line Chinese reason


class TemplateCheckWorker(QRunnable):
    """exporters.api.check_and_map_template for a template the clerk picked (the first call loads python-docx)."""

    def __init__(self, kind: str, path: Path, report: Report) -> None:
        super().__init__()
        self.kind = kind
        self.path = path
        self.report = report  # a snapshot; only its framework is read
        self.signals = CheckSignals()

    def run(self) -> None:
        try:
            api = importlib.import_module("exporters.api")
            issues, mapping = api.check_and_map_template(self.path, self.report)
        except ExportError as exc:
            self.signals.refused.emit(self.kind, self.path, str(exc))
            return
        except Exception as exc:  # a bug in the check must not leave the page waiting forever
            self.signals.refused.emit(self.kind, self.path, f"检查模板时发生意外错误：{unexpected(exc)}")
            return
        self.signals.mapped.emit(self.kind, self.path, mapping)
        self.signals.checked.emit(self.kind, self.path, tuple(issues))
