"""Export off the UI thread: a QRunnable that imports exporters.api only when it runs.

Importing python-docx/openpyxl/docxtpl takes a noticeable time, so nothing imports them at start-up.
The worker reports progress, success (the ExportResult) or failure (the exporter's Chinese message)
through signals that arrive on the GUI thread.
"""

from __future__ import annotations

import importlib
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from models.report import Report


@dataclass(frozen=True)
class ExportJob:
    report: Report
    docx: Path | None
    xlsx: Path | None
    draft: bool


class ExportSignals(QObject):
    progress = Signal(int, str)  # percent, what is being done
    finished = Signal(object)  # ExportResult
    failed = Signal(str)  # Chinese message


class ExportWorker(QRunnable):
    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.job = job
        self.signals = ExportSignals()

    def _progress(self, *args: object) -> None:
        """Accepts the exporter's progress callback in either form: (fraction[, text]) or (text)."""
        fraction = next((a for a in args if isinstance(a, (int, float))), None)
        text = next((a for a in args if isinstance(a, str)), "")
        percent = -1 if fraction is None else int(float(fraction) * 100 if float(fraction) <= 1 else fraction)
        self.signals.progress.emit(percent, text)

    def run(self) -> None:
        try:
            # Lazy: the office libraries load here, in the worker thread, never at start-up.
            api = importlib.import_module("exporters.api")

            result = api.export_report(self.job.report, docx=self.job.docx, xlsx=self.job.xlsx,
                                       draft=self.job.draft, progress=self._progress)
        except Exception as exc:
            known = type(exc).__module__.startswith("exporters")
            message = str(exc) if known and str(exc) else f"导出时发生意外错误：{exc!r}"
            if not known:
                message += "\n" + "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.signals.failed.emit(message)
            return
        self.signals.finished.emit(result)
